#!/usr/bin/env bash
# Create (or reuse) the Python environment that builds the book and runs the tests.
#
#   bash tools/setup_env.sh
#
# - If a virtual environment is already active ($VIRTUAL_ENV), install into it.
# - Otherwise create .venv/ at the repository root with python3.11 (or python3).
# - Install the pinned stack (requirements.txt) and the package itself (pip install -e .).
#   The install is skipped when neither requirements.txt nor pyproject.toml changed since
#   the last successful run (a hash stamp kept inside the environment) and the package
#   imports from this checkout.
# Idempotent; safe to run before every build.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"   # ROOT (cwd), VENV, PY, tools/run.env, step

if [[ ! -x "$PY" ]]; then
    BASE_PY=""
    for cand in python3.11 python3; do
        if command -v "$cand" >/dev/null 2>&1; then BASE_PY="$cand"; break; fi
    done
    if [[ -z "$BASE_PY" ]]; then
        echo "setup_env: no python3.11 or python3 on PATH" >&2
        exit 1
    fi
    if ! "$BASE_PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then
        echo "setup_env: $BASE_PY is $("$BASE_PY" --version 2>&1); Python >= 3.10 is needed (3.11 is tested)" >&2
        exit 1
    fi
    echo "setup_env: creating $VENV with $("$BASE_PY" --version 2>&1)"
    "$BASE_PY" -m venv "$VENV"
fi

# What the installed environment depends on: the pins, the package metadata, the Python
# version, and whether the package directory had an __init__.py at install time (an
# editable install made before the package existed cannot import it later).
stamp_input() {
    cat requirements.txt pyproject.toml
    "$PY" -c 'import sys; print(sys.version)'
    [[ -f ffnn_course/__init__.py ]] && echo "package-present" || echo "package-absent"
}
STAMP_FILE="$VENV/.ffnn-course-setup.stamp"
WANT="$(stamp_input | sha256sum | cut -d' ' -f1)"
HAVE="$(cat "$STAMP_FILE" 2>/dev/null || true)"

package_importable() {
    # Run from / so that the checkout is not on sys.path by accident.
    [[ ! -f ffnn_course/__init__.py ]] && return 0
    local where
    where="$(cd / && "$PY" -c 'import os, ffnn_course; print(os.path.dirname(os.path.realpath(ffnn_course.__file__)))' 2>/dev/null || true)"
    [[ "$where" == "$(realpath "$ROOT/ffnn_course")" ]]
}

if [[ "$WANT" == "$HAVE" ]] && package_importable; then
    exit 0
fi

echo "setup_env: installing requirements.txt and the package into $VENV"
export PIP_DISABLE_PIP_VERSION_CHECK=1
# pip's chatter (build-backend warnings, notes about the machine's pip configuration) goes
# to a log that is shown only when a step fails.
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
pip_quiet() {
    if ! "$PY" -m pip "$@" >"$LOG" 2>&1; then
        cat "$LOG" >&2
        echo "setup_env: 'pip $*' failed" >&2
        exit 1
    fi
}
# uv (from PyPI, into the environment itself) installs the same pins about ten times faster
# than pip: measured on two cores, requirements.txt into a new venv in 7 s against pip's
# 110-140 s.  If uv cannot be installed or fails, pip does the same work.
if "$PY" -m pip install -q uv==0.13.8 >"$LOG" 2>&1 && "$VENV/bin/uv" --version >/dev/null 2>&1; then
    uv_quiet() {
        if ! "$VENV/bin/uv" pip "$@" --python "$PY" >"$LOG" 2>&1; then
            cat "$LOG" >&2
            return 1
        fi
    }
    # --compile-bytecode: pip writes the .pyc files at install time, uv only when asked; without
    # them every process compiles what it imports, every time, where PYTHONDONTWRITEBYTECODE
    # is set (it is on this project's machines): the book's notebooks ran 1.7x slower.
    if ! { uv_quiet install -q --compile-bytecode -r requirements.txt && uv_quiet install -q -e .; }; then
        echo "setup_env: uv failed (above); installing with pip instead" >&2
        pip_quiet install -q --upgrade pip
        pip_quiet install -q -r requirements.txt
        pip_quiet install -q -e .
    fi
else
    echo "setup_env: could not install uv; installing with pip" >&2
    pip_quiet install -q --upgrade pip
    pip_quiet install -q -r requirements.txt
    pip_quiet install -q -e .
fi
if ! package_importable; then
    echo "setup_env: ffnn_course does not import from $ROOT/ffnn_course after install" >&2
    exit 1
fi
echo "$WANT" > "$STAMP_FILE"
