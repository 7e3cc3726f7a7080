#!/usr/bin/env bash
# Everything CI checks, in order:
#
#   bash tools/run_tests.sh [extra pytest options]
#
# 1. the book, built offline with warnings as errors (tools/build_book.sh, which first sets
#    up the Python environment and the vendored browser assets, once), so that the HTML
#    and PDF tests have _build/html to check;
# 2. Debian's chromium for the browser and PDF tests: installed only when missing, running
#    as root, and CI is set or FFNN_INSTALL_BROWSER=1;
#    2b. with FFNN_WITH_TORCH=1 (as .ci/run does), PyTorch's CPU build for the optional
#        autograd cross-check;
# 3. one pytest run: the tests under tests/ (among them tests/test_pdf.py, which prints
#    the built book to _build/pdf/ffnn-course.pdf) and, if book/ has notebooks, nbval in
#    strict mode on every one of them (stored outputs must equal a fresh run, after
#    tests/nbval_sanitize.cfg).  The tests are spread over every core with pytest-xdist
#    (`-n <cores> --dist loadfile`: a test file, or a notebook, always runs whole in one
#    worker, so module fixtures and a notebook's kernel are shared as in a serial run);
#    tests/conftest.py puts the slowest files first, so that they start first.  FFNN_TEST_WORKERS=0
#    runs everything in one process.
# Exits non-zero on any failure, including "no tests collected" (pytest's exit code 5).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"   # ROOT (cwd), VENV, PY, tools/run.env, step

# --- 1. Environment, vendored assets and the book ---------------------------------------------
step "book (environment, vendored assets, build)"
bash tools/build_book.sh

# --- 2. Browser for the browser and PDF tests (separate, optional step) -----------------------
step "browser"
if command -v chromium >/dev/null 2>&1; then
    echo "chromium: $(command -v chromium)"
elif [[ "$(id -u)" == "0" && ( -n "${CI:-}" || "${FFNN_INSTALL_BROWSER:-}" == "1" ) ]]; then
    echo "installing Debian's chromium (apt-get)"
    log="$(mktemp)"
    if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "run_tests: installing chromium failed" >&2
        exit 1
    fi
    rm -f "$log"
    echo "chromium: $(command -v chromium)"
else
    echo "chromium not installed; browser tests will be skipped" \
         "(as root, set FFNN_INSTALL_BROWSER=1 or CI to install it)"
fi

# --- 2b. PyTorch for the optional autograd cross-check (tests/test_torch_crosscheck.py) --------
# Only with FFNN_WITH_TORCH=1 (.ci/run sets it): `torch==2.13.0` is the CPU wheel on this
# project's machines; elsewhere PyPI serves a multi-GB CUDA build, so it stays opt-in.
# If the install fails the cross-check skips and says so; nothing else depends on torch.
if [[ "${FFNN_WITH_TORCH:-}" == "1" ]]; then
    step "pytorch (optional cross-check)"
    if "$PY" -c "import torch" >/dev/null 2>&1; then
        echo "torch: $("$PY" -c 'import torch; print(torch.__version__)')"
    elif torch_wheel="$(ls "${PIP_FIND_LINKS:-/opt/wheels}"/torch-2.13.0+cpu-*.whl 2>/dev/null | head -n 1)" \
            && [[ -n "$torch_wheel" && -x "$VENV/bin/uv" ]] \
            && "$VENV/bin/uv" pip install -q --python "$PY" "$torch_wheel" >/dev/null 2>&1; then
        # the CPU wheel that lies on this project's machines, installed by uv (5 s, pip 40 s);
        # without .pyc files: only the cross-check imports torch, once
        echo "torch: installed $("$PY" -c 'import torch; print(torch.__version__)') from $torch_wheel"
    elif "$PY" -m pip install -q torch==2.13.0 >/dev/null 2>&1; then
        echo "torch: installed $("$PY" -c 'import torch; print(torch.__version__)')"
    else
        echo "run_tests: could not install torch==2.13.0; the PyTorch cross-check will skip" >&2
    fi
fi

# --- 3. Tests ----------------------------------------------------------------------------------
step "pytest"
notebooks="$(find book -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' -not -path '*/_build/*' | sort)"
nbval_args=()
if [[ -n "$notebooks" ]]; then
    echo "nbval (strict) on $(echo "$notebooks" | wc -l) notebook(s) under book/"
    nbval_args=(--nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg book)
else
    echo "no notebooks under book/ yet: running tests/ only"
fi

# One worker per core.  (Not `nproc`: it honours the single-thread setting of tools/run.env and
# would say 1.)  Measured from a fresh clone on two cores: pytest 435 s with 2 workers; a
# third worker saved little in an older suite (736 s against 778 s) and only adds load.
cores="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)"
xdist=(-n "${FFNN_TEST_WORKERS:-$cores}" --dist loadfile)
[[ "${FFNN_TEST_WORKERS:-}" == "0" ]] && xdist=(-p no:xdist)

set +e
"$PY" -m pytest -p no:cacheprovider "${xdist[@]}" tests "${nbval_args[@]}" "$@"
rc=$?
set -e
echo "run_tests: pytest exited with $rc after $SECONDS s in all"
if [[ $rc -eq 5 ]]; then
    echo "run_tests: pytest collected no tests; that is a failure" >&2
    exit 1
fi
exit $rc
