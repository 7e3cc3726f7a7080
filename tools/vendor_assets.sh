#!/usr/bin/env bash
# Copy the browser assets that the built book loads into book/_vendor/ (gitignored), so
# that no page needs a CDN:
#
#   book/_vendor/mathjax/          MathJax 3: tex-mml-chtml.js and what it loads at run
#                                  time (CHTML woff-v2 fonts, TeX extensions that
#                                  \require / autoload pull in, the menu's ui/ and a11y/
#                                  components with the speech rule engine's maps)
#
# (No page loads the ipywidgets embedder: the book shows each explorer's in-page version;
# see nb_ipywidgets_js in _config.yml.)
#
# Versions are pinned in tools/vendor/package.json + package-lock.json and installed with
# `npm ci` (skipped when tools/vendor/node_modules already matches the lock file).
# _config.yml's html_static_path publishes book/_vendor/ under _static/.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"   # ROOT (cwd), VENV, PY, tools/run.env, step
NPM_DIR="$ROOT/tools/vendor"
DEST="$ROOT/book/_vendor"
NM="$NPM_DIR/node_modules"

lock_hash="$(cat "$NPM_DIR/package.json" "$NPM_DIR/package-lock.json" | sha256sum | cut -d' ' -f1)"

# 1. npm ci, unless node_modules was installed from this very lock file.
if [[ "$(cat "$NM/.ffnn-vendor.stamp" 2>/dev/null || true)" != "$lock_hash" ]]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "vendor_assets: npm is needed (Node 20) to fetch the pinned MathJax assets" >&2
        exit 1
    fi
    echo "vendor_assets: npm ci in tools/vendor"
    log="$(mktemp)"
    if ! (cd "$NPM_DIR" && npm ci --ignore-scripts --no-audit --no-fund) >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "vendor_assets: npm ci failed" >&2
        exit 1
    fi
    rm -f "$log"
    echo "$lock_hash" > "$NM/.ffnn-vendor.stamp"
fi

# 2. Copy only what the pages load, unless book/_vendor/ is already a copy of this lock
#    file made by this script.
copy_hash="$( (echo "$lock_hash"; cat "${BASH_SOURCE[0]}") | sha256sum | cut -d' ' -f1)"
if [[ "$(cat "$DEST/.ffnn-vendor.stamp" 2>/dev/null || true)" == "$copy_hash" ]]; then
    exit 0
fi

rm -rf "$DEST"
mkdir -p "$DEST"

# MathJax 3
mj_src="$NM/mathjax/es5"
mj_dst="$DEST/mathjax"
mkdir -p "$mj_dst/output/chtml/fonts" "$mj_dst/input/tex"
cp "$mj_src/tex-mml-chtml.js" "$mj_dst/"
cp -r "$mj_src/output/chtml/fonts/woff-v2" "$mj_dst/output/chtml/fonts/"
cp -r "$mj_src/input/tex/extensions" "$mj_dst/input/tex/"
cp -r "$mj_src/ui" "$mj_src/a11y" "$mj_src/sre" "$mj_dst/"
cp "$NM/mathjax/LICENSE" "$mj_dst/LICENSE"

echo "$copy_hash" > "$DEST/.ffnn-vendor.stamp"
echo "vendor_assets: copied $(du -sh "$DEST" | cut -f1) into book/_vendor/"
