#!/usr/bin/env bash
# Build the HTML book into _build/html, offline, treating every warning as an error.
#
#   bash tools/build_book.sh [extra jupyter-book build options]
#
# 1. tools/setup_env.sh      the pinned Python environment (.venv or the active venv)
# 2. tools/vendor_assets.sh  MathJax / RequireJS / ipywidgets embedder into book/_vendor/
# 3. jupyter-book build . -W -n --keep-going
# Exits non-zero if any step fails or the build emits any warning.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash tools/setup_env.sh
bash tools/vendor_assets.sh

VENV="${VIRTUAL_ENV:-$ROOT/.venv}"
export FFNN_COURSE_NO_PROGRESS=1
export PYTHONHASHSEED=0

start=$SECONDS
"$VENV/bin/jupyter-book" build . -W -n --keep-going "$@"
echo "build_book: built _build/html in $((SECONDS - start)) s"
