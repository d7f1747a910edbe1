#!/usr/bin/env bash
# Create .venv (if missing) and install coder into it. Safe to run again: it only
# reinstalls when pyproject.toml changed. torch goes first, so that nothing later pulls another build: from pip's
# configured index, or from CODER_TORCH_INDEX (e.g. https://download.pytorch.org/whl/cpu for the CPU wheel where
# PyPI would serve the multi-GB CUDA build).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
if [ -z "${PYTHON:-}" ]; then  # a PYTHON the user named is used or refused, never replaced
    command -v "$PY" >/dev/null 2>&1 || PY=python3
fi
is311() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; }
# coder needs Python 3.11 (pyproject.toml): said before anything is downloaded, not after a multi-GB torch
if [ -x .venv/bin/python ] && ! is311 .venv/bin/python; then
    echo "The .venv in $(pwd) was made with $(.venv/bin/python --version 2>&1 | head -n 1), and coder needs Python 3.11:" \
         "remove it (rm -r .venv) and run this again" >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    if ! command -v "$PY" >/dev/null 2>&1 || ! is311 "$PY"; then
        found=$("$PY" --version 2>/dev/null | head -n 1) || true
        echo "coder needs Python 3.11, and ${PY} is ${found:-not found}: install python3.11, or name one with" \
             "PYTHON=/path/to/python3.11" >&2
        exit 1
    fi
    "$PY" -m venv .venv
fi
stamp=.venv/.coder-install-stamp
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "Installing coder into .venv (first run after a change of pyproject.toml; a few minutes) ..." >&2
    log=.venv/install.log
    {
        .venv/bin/python -m pip install --quiet --upgrade pip &&
        .venv/bin/python -m pip install --quiet ${CODER_TORCH_INDEX:+--index-url "$CODER_TORCH_INDEX"} "torch==2.13.0" &&
        .venv/bin/python -m pip install --quiet -e .
    } > "$log" 2>&1 || { cat "$log" >&2; echo "Installation failed; the log is above and in $log" >&2; exit 1; }
    echo "$want" > "$stamp"
fi
