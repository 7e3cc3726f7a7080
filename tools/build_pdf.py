#!/usr/bin/env python3
"""Print the built book (_build/html) to one PDF, _build/pdf/ffnn-course.pdf, with chromium.

    bash tools/build_pdf.sh                     # builds the book first, then this
    .venv/bin/python tools/build_pdf.py         # from an existing _build/html

Jupyter Book's own ``pdfhtml`` builder downloads a browser at run time; this uses Debian's
chromium (driven by Playwright, as the browser tests do) on the HTML the build made:

1. serve ``_build/html`` on 127.0.0.1 and open every page of ``_toc.yml`` (two
   browsers at a time);
2. on each page wait until MathJax has typeset the maths, open every dropdown (the
   exercises' solutions: sphinx-togglebutton's collapsed admonitions and ``<details>``), apply the print style below (no sidebars or
   buttons; an explorer shows its figure at the default values, without its sliders, and a
   sentence saying where to move them), and print it with its headings as a PDF outline;
3. join the pages with pypdf: a contents page first (each page's title and its page
   number), one outline entry per chapter with its exercises and sections beneath, and
   page numbers in the footer of every page after the contents;
4. copy the PDF into the site too (``_build/html/ffnn-course.pdf``), where the book's
   introduction links to it (``--no-site-copy`` to skip).

Needs chromium (``FFNN_CHROMIUM`` or ``chromium`` on PATH), playwright and pypdf (both
pinned in requirements.txt). The PDF is deterministic in content, not byte for byte
(chromium stamps a creation date).
"""

from __future__ import annotations

import argparse
import functools
import html
import io
import os
import re
import shutil
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tools/, also when loaded by a test
from _common import ROOT, config  # noqa: E402  (tools/_common.py: root, _config.yml, run.env)
from toc_pages import toc_pages  # noqa: E402  (the one walk over _toc.yml)

HTML = ROOT / "_build" / "html"
PDF = ROOT / "_build" / "pdf" / "ffnn-course.pdf"
SITE_NAME = "ffnn-course.pdf"   # the copy in the site's root, linked from the introduction
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGE_FORMAT = "A4"
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
TIMEOUT_MS = 120_000

#: The print style added to every page: the article alone, full width; code and outputs
#: wrap instead of running off the paper; an explorer keeps its figure and numbers.
PRINT_CSS = """
@media print {
  .bd-header, .bd-header-article, .bd-sidebar-primary, .bd-sidebar-secondary,
  .bd-footer, .bd-footer-article, .bd-footer-content, .prev-next-area, .header-article,
  .article-header-buttons, .headerlink, #pst-back-to-top, .pst-scrollable-table-container
    .headerlink, .skip-link, .search-button, .theme-switch-button,
  .ffnn-explorer-controls, .ffnn-explorer-hint { display: none !important; }
  .bd-container, .bd-container__inner, .bd-main, .bd-content, .bd-article-container,
  .bd-page-width { max-width: none !important; width: 100% !important; margin: 0 !important;
    padding: 0 !important; }
  .bd-article { padding: 0 !important; }
  pre, .highlight pre, .output pre, .cell_output pre { white-space: pre-wrap !important;
    word-break: break-word; overflow: visible !important; }
  img, canvas, svg, figure, .cell_output, mjx-container[display="true"] { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
  details > summary::marker { content: ""; }
  .ffnn-explorer-ui::before { display: block; font-style: italic; margin-bottom: .4em;
    content: "Interactive explorer, printed at its starting values: move its sliders in the online book, or run this chapter's notebook in Jupyter, Binder or Colab."; }
}
"""

#: Run in each page before printing: every dropdown open, MathJax finished.
PREPARE_JS = """
async () => {
  // Solutions are sphinx-exercise dropdowns, collapsed by sphinx-togglebutton
  // (.toggle-hidden), and <details> elements: open both kinds.
  const main = document.querySelector('main') || document;
  const dropdowns = [...main.querySelectorAll('.admonition.dropdown, .toggle, details')];
  main.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
  main.querySelectorAll('.toggle-button-hidden').forEach(b => b.classList.remove('toggle-button-hidden'));
  main.querySelectorAll('details').forEach(d => { d.open = true; });
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
    if (MathJax.typesetPromise) { await MathJax.typesetPromise(); }
  }
  await document.fonts.ready;
  const closed = dropdowns.filter(d => d.classList.contains('toggle-hidden')
                                    || (d.tagName === 'DETAILS' && !d.open)
                                    || d.offsetHeight === 0);
  return {raw: document.querySelectorAll('.math:not(:has(mjx-container))').length,
          opened: dropdowns.length - closed.length, closed: closed.length};
}
"""

FOOTER_NUMBER_HTML = (
    "<div style='height:297mm;position:relative;break-after:page'>"
    "<div style='position:absolute;bottom:8mm;width:100%;text-align:center;"
    "font:9pt sans-serif;color:#555'>{n}</div></div>")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(directory: Path):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def chromium_path() -> str | None:
    """Debian's chromium: ``FFNN_CHROMIUM``, else ``chromium`` on PATH, else None."""
    return os.environ.get("FFNN_CHROMIUM") or shutil.which("chromium")


def _clean_title(text: str) -> str:
    return " ".join(text.replace("#", "").split())


def page_title(html_dir: Path, name: str) -> str:
    """The title (first ``<h1>``) of the built page ``name`` (e.g. ``book/06_chain_rule``)."""
    text = (html_dir / f"{name}.html").read_text(encoding="utf-8")
    main = text[text.find("<main"):]
    m = re.search(r"<h1[^>]*>(.*?)</h1>", main, re.S)
    if not m:
        raise SystemExit(f"build_pdf: {name}.html has no <h1> title")
    inner = re.sub(r'<a class="headerlink".*?</a>', "", m.group(1), flags=re.S)
    return _clean_title(html.unescape(re.sub(r"<[^>]+>", "", inner)))


def _copy_outline(writer, reader, items, offset, parent):
    """Copy a page's own outline (its headings) under ``parent``, pages shifted by ``offset``."""
    last = None
    for item in items:
        if isinstance(item, list):
            if last is not None:
                _copy_outline(writer, reader, item, offset, last)
            continue
        page = reader.get_destination_page_number(item)
        last = writer.add_outline_item(title=_clean_title(item.title), page_number=offset + page,
                                     parent=parent)


def _header(title: str, page: str) -> str:
    return ("<div style='font:8pt sans-serif;color:#777;width:100%;padding:0 16mm;"
            f"display:flex;justify-content:space-between'><span>{html.escape(title)}"
            f"</span><span>{html.escape(page)}</span></div>")


def _print_share(names, html_dir, base, chromium, results, log):
    """Print ``names`` in one browser (one per worker thread: playwright's sync API is
    per thread) into ``results[name]``."""
    from playwright.sync_api import sync_playwright

    title = config().get("title", "")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.set_default_timeout(TIMEOUT_MS)
        for name in names:
            start = time.perf_counter()
            page.goto(f"{base}/{name}.html", wait_until="load")
            page.add_style_tag(content=PRINT_CSS)
            info = page.evaluate(PREPARE_JS)
            pdf = page.pdf(format=PAGE_FORMAT, margin=MARGIN, print_background=True,
                           outline=True, tagged=True, display_header_footer=True,
                           header_template=_header(title, page_title(html_dir, name)),
                           footer_template="<span></span>")
            results[name] = {"page": name, "title": page_title(html_dir, name), "pdf": pdf,
                             "raw_math": info["raw"], "opened": info["opened"],
                             "closed": info["closed"]}
            log(f"build_pdf: {name} ({time.perf_counter() - start:.1f} s)")
        browser.close()


def print_pages(html_dir: Path = HTML, chromium: str | None = None, log=print,
                workers: int = 2) -> list[dict]:
    """Print every toc page to PDF bytes, ``workers`` browsers at a time, then the
    contents page and the page numbers: ``[{"page", "title", "pdf", ...}, ...]``."""
    from playwright.sync_api import sync_playwright

    chromium = chromium or chromium_path()
    if not chromium:
        raise SystemExit("build_pdf: chromium not found (apt-get install chromium, or set FFNN_CHROMIUM)")
    pages = toc_pages()
    missing = [p for p in pages if not (html_dir / f"{p}.html").is_file()]
    if missing:
        raise SystemExit(f"build_pdf: {html_dir} lacks {missing}: run bash tools/build_book.sh first")
    server = _serve(html_dir)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results, errors = {}, []

    def work(names):
        try:
            _print_share(names, html_dir, base, chromium, results, log)
        except BaseException as err:  # re-raised below, in the calling thread
            errors.append(err)

    try:
        # The longest pages first, shared round-robin, so the workers finish together.
        by_size = sorted(pages, key=lambda p: -(html_dir / f"{p}.html").stat().st_size)
        threads = [threading.Thread(target=work, args=(by_size[k::workers],))
                   for k in range(max(1, workers))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.shutdown()
    if errors:
        raise errors[0]
    printed = [results[name] for name in pages]
    total = sum(_count(entry["pdf"]) for entry in printed)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_content(_contents_html(config().get("title", ""), printed), wait_until="load")
        contents_pdf = page.pdf(format=PAGE_FORMAT, margin=MARGIN, print_background=True)
        page.set_content(
            "<html><head><style>@page{size:A4;margin:0}body{margin:0}</style></head><body>"
            + "".join(FOOTER_NUMBER_HTML.format(n=n) for n in range(1, total + 1))
            + "</body></html>")
        numbers_pdf = page.pdf(format=PAGE_FORMAT, margin={"top": "0", "bottom": "0",
                                                           "left": "0", "right": "0"})
        browser.close()
    printed.append({"page": "_contents", "pdf": contents_pdf})
    printed.append({"page": "_numbers", "pdf": numbers_pdf})
    return printed


def _count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _starts(printed) -> list[int]:
    """The page number (from 1, after the contents) on which each printed page begins."""
    starts, n = [], 1
    for entry in printed:
        starts.append(n)
        n += _count(entry["pdf"])
    return starts


def _contents_html(title: str, printed) -> str:
    rows = []
    for entry, start in zip(printed, _starts(printed)):
        indent = "1.5em" if entry["page"].startswith("exercises/") else "0"
        rows.append(
            f"<li style='margin-left:{indent}'><span>{html.escape(entry['title'])}</span>"
            f"<span class=dots></span><span>{start}</span></li>")
    return (
        "<html><head><meta charset=utf-8><style>"
        "body{font:11pt/1.5 sans-serif;color:#222} h1{font-size:20pt;margin:0 0 .2em}"
        "ul{list-style:none;padding:0} li{display:flex;gap:.4em}"
        ".dots{flex:1;border-bottom:1px dotted #999;margin-bottom:.35em}"
        "</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>The book as printed from its HTML edition. Solutions "
        "are shown after each exercise; the interactive explorers appear at their starting "
        "values (move their sliders in the online book or in Jupyter).</p>"
        f"<h2>Contents</h2><ul>{''.join(rows)}</ul></body></html>")


def join(printed, out: Path = PDF) -> dict:
    """Contents, then every page; one outline entry per page; page numbers; write ``out``."""
    from pypdf import PdfReader, PdfWriter

    pages = [entry for entry in printed if not entry["page"].startswith("_")]
    contents = PdfReader(io.BytesIO(next(e["pdf"] for e in printed if e["page"] == "_contents")))
    numbers = PdfReader(io.BytesIO(next(e["pdf"] for e in printed if e["page"] == "_numbers")))
    writer = PdfWriter()
    writer.append(contents, import_outline=False)
    offset = len(writer.pages)
    writer.add_outline_item(title="Contents", page_number=0)
    chapter_item = None
    for entry, start in zip(pages, _starts(pages)):
        reader = PdfReader(io.BytesIO(entry["pdf"]))
        first = offset + start - 1
        writer.append(reader, import_outline=False)
        for k in range(len(reader.pages)):
            writer.pages[first + k].merge_page(numbers.pages[start - 1 + k])
        parent = chapter_item if entry["page"].startswith("exercises/") else None
        item = writer.add_outline_item(title=entry["title"], page_number=first, parent=parent)
        if parent is None:
            chapter_item = item
        # The page's own outline is its h1 (the title, already the entry) and, beneath
        # it, its sections: copy the sections.
        outline = reader.outline
        sections = outline[1] if len(outline) > 1 and isinstance(outline[1], list) else []
        _copy_outline(writer, reader, sections, first, item)
    writer.add_metadata({"/Title": config().get("title", ""), "/Author": config().get("author", "")})
    writer.page_mode = "/UseOutlines"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as f:
        writer.write(f)
    return {"pages": len(writer.pages), "contents_pages": offset,
            "raw_math": {e["page"]: e["raw_math"] for e in pages if e["raw_math"]},
            "opened_details": {e["page"]: e["opened"] for e in pages},
            "closed_details": {e["page"]: e["closed"] for e in pages}}


def build(html_dir: Path = HTML, out: Path = PDF, chromium: str | None = None, log=print,
          site_copy: bool = True, workers: int = 2) -> dict:
    """Print the book in ``html_dir`` to ``out`` (and, with ``site_copy``, to
    ``html_dir/ffnn-course.pdf``, where the introduction page links to it).

    Returns ``{"pages", "contents_pages", "raw_math", "opened_details", "closed_details"}``.
    """
    start = time.perf_counter()
    summary = join(print_pages(html_dir, chromium, log, workers), out)
    if site_copy:
        shutil.copyfile(out, html_dir / SITE_NAME)
    log(f"build_pdf: wrote {out} ({summary['pages']} pages) in {time.perf_counter() - start:.0f} s")
    return summary


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--html", type=Path, default=HTML, help="the built book (default _build/html)")
    ap.add_argument("--out", type=Path, default=PDF, help="the PDF (default _build/pdf/ffnn-course.pdf)")
    ap.add_argument("--no-site-copy", action="store_true",
                    help=f"do not copy it to HTML/{SITE_NAME} (the introduction's link)")
    ap.add_argument("--workers", type=int, default=2,
                    help="browsers printing at the same time (default 2, one per core of CI)")
    args = ap.parse_args(argv)
    summary = build(args.html, args.out, site_copy=not args.no_site_copy, workers=args.workers)
    if summary["raw_math"]:
        print(f"build_pdf: maths left untypeset on {summary['raw_math']}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
