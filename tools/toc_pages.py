"""The pages of the book, as listed in _toc.yml, and the pruning of stale built pages.

    python tools/toc_pages.py --prune _build/html     # what tools/build_book.sh runs

``toc_pages()`` is the one walk over ``_toc.yml`` (``root``, ``file`` and ``glob``
entries at any depth); tests/test_book_html.py uses it too.  ``--prune`` removes
pages under ``book/`` and ``exercises/`` of a built site that the toc does not list:
Sphinx never deletes the page of a notebook that was renamed, removed or excluded.
(With -W every page built there is in the toc: Sphinx warns about a document in no
toctree.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tools/, also when loaded by a test
from _common import ROOT  # noqa: E402  (tools/_common.py: root, _config.yml, run.env)


def _walk(entry, root: Path):
    if isinstance(entry, dict):
        for key, value in entry.items():
            if key in ("root", "file") and isinstance(value, str):
                yield Path(value).with_suffix("").as_posix()
            elif key == "glob":
                for suffix in (".md", ".ipynb"):
                    yield from (p.relative_to(root).with_suffix("").as_posix()
                                for p in sorted(root.glob(value + suffix)))
            else:
                yield from _walk(value, root)
    elif isinstance(entry, list):
        for item in entry:
            yield from _walk(item, root)


def toc_pages(root: Path = ROOT) -> list[str]:
    """The toc's pages in order, without suffix (``book/01_introduction``, ...); root first."""
    import yaml

    return list(_walk(yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8")), root))


def prune(html: Path, root: Path = ROOT, folders=("book", "exercises")) -> list[Path]:
    """Remove the pages under ``html/<folder>`` that are not in the toc; return them."""
    pages = set(toc_pages(root))
    stale = [page for folder in folders for page in sorted((html / folder).rglob("*.html"))
             if page.relative_to(html).with_suffix("").as_posix() not in pages]
    for page in stale:
        page.unlink()
    return stale


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--prune", metavar="HTML_DIR", required=True,
                    help="the built site, e.g. _build/html")
    args = ap.parse_args(argv)
    for page in prune(Path(args.prune)):
        print(f"build_book: removed the stale page {page} (not in _toc.yml)")


if __name__ == "__main__":
    main()
