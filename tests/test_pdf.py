"""The book as one PDF (tools/build_pdf.py): printed from the built HTML by Debian's chromium.

Builds ``_build/pdf/ffnn-course.pdf`` once for the module (about a minute) and checks that
it opens, has a contents page, one outline entry per chapter (with its exercises beneath),
page numbers, typeset maths, open solutions, and the worked example's numbers as text.

Skipped (with the reason) when chromium, playwright, pypdf or the built book is missing:
build the book first with ``bash tools/build_book.sh`` (``FFNN_BOOK_HTML`` may point at
another build, as for tests/test_browser.py).
"""

import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_pdf  # noqa: E402
from toc_pages import toc_pages  # noqa: E402

HTML = Path(os.environ.get("FFNN_BOOK_HTML", ROOT / "_build" / "html")).resolve()

if not build_pdf.chromium_path():
    pytest.skip("chromium not found: install Debian's chromium (apt-get install chromium) "
                "or set FFNN_CHROMIUM", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="PyPI playwright is needed (requirements.txt)")
pypdf = pytest.importorskip("pypdf", reason="PyPI pypdf is needed (requirements.txt)")
if not (HTML / "index.html").is_file():
    pytest.skip(f"no built book at {HTML}: run `bash tools/build_book.sh` first",
                allow_module_level=True)

from ffnn_course.slides import SLIDE_VALUES  # noqa: E402


class _Text:
    """The text of the PDF's pages, extracted when first read (pypdf takes about 0.1 s a
    page: the whole 360-page book would take half a minute)."""

    def __init__(self, reader):
        self.reader, self.cache = reader, {}

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        k = k % len(self)
        if k not in self.cache:
            self.cache[k] = self.reader.pages[k].extract_text() or ""
        return self.cache[k]

    def __len__(self):
        return len(self.reader.pages)


@pytest.fixture(scope="module")
def built():
    summary = build_pdf.build(HTML, build_pdf.PDF, log=lambda message: None, site_copy=False)
    reader = pypdf.PdfReader(build_pdf.PDF)
    return summary, reader, _Text(reader)


def chapters():
    """The toc's pages that are not exercise pages, in order (chapters, errata, API)."""
    return [page for page in toc_pages() if not page.startswith("exercises/")]


def test_the_pdf_opens_and_holds_every_page(built):
    summary, reader, _ = built
    assert summary["pages"] == len(reader.pages) > len(toc_pages())
    assert reader.metadata.title


def test_one_outline_entry_per_chapter_with_its_exercises(built):
    _, reader, _ = built
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in top] == ["Contents"] + [
        build_pdf.page_title(HTML, page) for page in chapters()]
    # Each chapter's children: its exercises page (if the toc has one) and its sections.
    exercises = {page for page in toc_pages() if page.startswith("exercises/")}
    children = {}
    for item, nxt in zip(reader.outline, reader.outline[1:] + [None]):
        if not isinstance(item, list) and isinstance(nxt, list):
            children[item.title] = [c.title for c in nxt if not isinstance(c, list)]
    for page in exercises:
        chapter = build_pdf.page_title(HTML, page.replace("exercises/", "book/"))
        assert build_pdf.page_title(HTML, page) in children[chapter]
    # Entries point at increasing pages.
    numbers = [reader.get_destination_page_number(item) for item in top]
    assert numbers == sorted(numbers) and numbers[0] == 0


def test_contents_page_lists_every_page_with_its_number(built):
    summary, reader, text = built
    contents = " ".join(text[:summary["contents_pages"]])
    for page in toc_pages():
        assert build_pdf.page_title(HTML, page)[:30] in contents
    # The first page after the contents carries the number 1 at its foot, the last N.
    first, last = text[summary["contents_pages"]], text[-1]
    assert re.search(r"(^|\n)\s*1\s*$", first), first[-200:]
    n = len(reader.pages) - summary["contents_pages"]
    assert re.search(rf"(^|\n)\s*{n}\s*$", last), last[-200:]


def test_maths_typeset_and_solutions_open(built):
    summary, _, _ = built
    assert summary["raw_math"] == {}, "pages with maths MathJax did not typeset"
    closed = {page: n for page, n in summary["closed_details"].items() if n}
    assert closed == {}, "dropdowns left closed (solutions would be missing)"
    assert sum(summary["opened_details"].values()) > 0


def test_slide_values_are_text(built):
    """The worked example's numbers, as text in its chapter's pages."""
    _, reader, text = built
    top = [item for item in reader.outline if not isinstance(item, list)]
    starts = [reader.get_destination_page_number(item) for item in top] + [len(reader.pages)]
    k = next(i for i, item in enumerate(top) if "step by step" in item.title.lower())
    whole = "\n".join(text[starts[k]:starts[k + 1]])
    for key in ("out_o1", "w5+", "E_total"):
        assert SLIDE_VALUES["worked_example"][key] in whole, key
