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

# The notebook cache (execute_notebooks: cache) is keyed on the notebooks' code only, but
# outputs also depend on the package (e.g. an explorer's in-page script): when ffnn_course/
# changed since the last build, start the cache afresh.
pkg_hash="$(find ffnn_course -type f \( -name '*.py' -o -name '*.js' \) -not -path '*/__pycache__/*' -print0 \
            | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
pkg_stamp="_build/.ffnn-package.stamp"
if [[ -d _build/.jupyter_cache && "$(cat "$pkg_stamp" 2>/dev/null || true)" != "$pkg_hash" ]]; then
    echo "build_book: ffnn_course/ changed since the last build: clearing _build/.jupyter_cache"
    rm -rf _build/.jupyter_cache
fi

# sphinx-external-toc writes _build/html/index.html (a redirect to the toc's root page)
# only when it is missing, so a changed root would keep redirecting to the old page.
rm -f _build/html/index.html

# Sphinx never deletes the page of a notebook that was renamed or removed: drop such stale
# pages from an earlier build, so that _build/html holds the current book only.
if [[ -d _build/html ]]; then
    while IFS= read -r -d '' page; do
        src="${page#_build/html/}"
        src="${src%.html}"
        if [[ ! -e "$src.ipynb" && ! -e "$src.md" ]]; then
            echo "build_book: removing the stale page $page (its source $src.* is gone)"
            rm -f "$page"
        fi
    done < <(find _build/html/book _build/html/exercises -name '*.html' -print0 2>/dev/null)
fi

start=$SECONDS
"$VENV/bin/jupyter-book" build . -W -n --keep-going "$@"
mkdir -p _build && echo "$pkg_hash" > "$pkg_stamp"
echo "build_book: built _build/html in $((SECONDS - start)) s"
