#!/usr/bin/env bash
# Build the book, then print it to one PDF: _build/pdf/ffnn-course.pdf.
#
#   bash tools/build_pdf.sh [extra tools/build_pdf.py options]
#
# 1. tools/build_book.sh   the HTML book (environment, vendored MathJax, jupyter-book -W)
# 2. tools/build_pdf.py    every page of _toc.yml printed by Debian's chromium (maths typeset,
#                          solutions open, explorers as their figure), joined with pypdf:
#                          a contents page, an outline entry per chapter, page numbers
# Needs Debian's chromium (apt-get install chromium). Exits non-zero if a step fails.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"   # ROOT (cwd), VENV, PY, tools/run.env, step

bash tools/build_book.sh
"$PY" tools/build_pdf.py "$@"
