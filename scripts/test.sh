#!/usr/bin/env bash
# Run the whole test suite (including the slow tests that build the real model).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/python -m pytest -q "$@"
