#!/usr/bin/env bash
# Code the sample survey against the klynger codebook and print the theme tables. The project is named by its full
# path, which is right wherever the script was started from.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/coder code data/klynger_2025.csv --codebook codebooks/klynger.yaml \
    --text-col forbedringer --text-col kommentar --id-col id --out "$(pwd)/out/sample" "$@"
