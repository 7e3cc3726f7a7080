#!/usr/bin/env bash
# Build the HTML book into _build/html, offline, treating every warning as an error.
#
#   bash tools/build_book.sh [extra jupyter-book build options]
#
# 1. tools/setup_env.sh      the pinned Python environment (.venv or the active venv)
# 2. tools/vendor_assets.sh  MathJax / RequireJS / ipywidgets embedder into book/_vendor/
# 3. tools/prefill_cache.py  the notebooks missing from the build's cache, executed on every
#                             core (myst-nb would execute them one after another)
# 4. jupyter-book build . -W -n --keep-going
# 5. node tools/typeset_maths.cjs: the maths typeset at build time (no MathJax in the browser)
# Exits non-zero if any step fails or the build emits any warning.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"   # ROOT (cwd), VENV, PY, tools/run.env, step

bash tools/setup_env.sh
bash tools/vendor_assets.sh

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

# After a change to the book's configuration (e.g. a script added to or dropped from every
# page), re-read every page (--all; notebook outputs still come from the cache) and let
# sphinx.ext.viewcode write its module pages afresh: it skips a module page that is newer
# than the module, so a configuration change would not reach them.  The book's own CSS and
# scripts (book/assets/) count as configuration: when no page is out of date, sphinx does
# not even copy the static files, so an edited style sheet would never reach _build/html.
all=()
cfg_hash="$(cat _config.yml _toc.yml book/_ext/*.py $(find book/assets -type f | sort) | sha256sum | cut -d' ' -f1)"
cfg_stamp="_build/.ffnn-config.stamp"
if [[ -d _build/html && "$(cat "$cfg_stamp" 2>/dev/null || true)" != "$cfg_hash" ]]; then
    echo "build_book: the configuration changed since the last build: rebuilding every page"
    rm -rf _build/html/_modules
    all=(--all)
fi

# Sphinx never deletes a page it no longer builds (a notebook renamed, removed, or moved
# out of the table of contents): drop such stale pages of an earlier build.
"$PY" tools/toc_pages.py --prune _build/html

start=$SECONDS
"$PY" tools/prefill_cache.py
"$VENV/bin/jupyter-book" build . -W -n --keep-going "${all[@]}" "$@"
# Typeset every page's maths now, in Node, so that no page loads MathJax (1.2 MB) in the
# browser; each formula keeps its MathML for screen readers (tools/typeset_maths.cjs).
node tools/typeset_maths.cjs _build/html
mkdir -p _build && echo "$pkg_hash" > "$pkg_stamp" && echo "$cfg_hash" > "$cfg_stamp"
echo "build_book: built _build/html in $((SECONDS - start)) s"
