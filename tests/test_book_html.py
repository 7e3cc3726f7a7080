"""Checks on the built book in _build/html (build it first: ``bash tools/build_book.sh``).

The book must work offline, so no page may load anything from another host: every
script, stylesheet, preload, icon, image, frame or font a page requests must be a file of
the build itself. Links that a reader follows (``<a href>``: the Binder and Colab launch
buttons, the repository button, citations) may point anywhere.

The checks parse the HTML with the standard library's ``html.parser``; a ``<script>``'s
body is not parsed, so a URL inside inline JavaScript is not a load and is not flagged.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from toc_pages import toc_pages  # noqa: E402  (tools/toc_pages.py: the one walk over _toc.yml)

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"

if not (HTML / "index.html").is_file():
    pytest.skip(
        f"{HTML.relative_to(ROOT)} has no built book: run `bash tools/build_book.sh` first",
        allow_module_level=True,
    )

#: What the ipywidgets embedder needs; no page loads it (nb_ipywidgets_js: {} in _config.yml).
WIDGET_EMBEDDER = re.compile(r"require(\.min)?\.js|embed-amd\.js|html-manager|jupyter-widgets",
                             re.IGNORECASE)
#: <link rel=...> values that name a related page rather than make the browser fetch
#: anything; every other <link> (stylesheet, preload, icon, manifest, preconnect, ...)
#: must be local.
NAVIGATION_RELS = {"canonical", "alternate", "index", "search", "next", "prev", "author",
                   "license", "help", "top", "up", "home"}


class _Resources(HTMLParser):
    """Collect every URL in an HTML page that the browser fetches by itself."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        #: (tag, attribute, url) for each fetched resource
        self.loads: list[tuple[str, str, str]] = []
        #: src of every <script src>, in document order
        self.scripts: list[str] = []
        self.inline_styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "script" and "src" in a:
            self.scripts.append(a["src"])
            self.loads.append((tag, "src", a["src"]))
        elif tag == "link" and "href" in a:
            rels = set(a.get("rel", "").lower().split())
            if not rels or not rels <= NAVIGATION_RELS:
                self.loads.append((tag, "href", a["href"]))
        elif tag in {"img", "iframe", "frame", "embed", "source", "video", "audio",
                     "track", "input"} and a.get("src"):
            self.loads.append((tag, "src", a["src"]))
        elif tag == "object" and a.get("data"):
            self.loads.append((tag, "data", a["data"]))
        if tag in {"img", "source"} and a.get("srcset"):
            for candidate in a["srcset"].split(","):
                if candidate.strip():
                    self.loads.append((tag, "srcset", candidate.split()[0]))
        if tag == "video" and a.get("poster"):
            self.loads.append((tag, "poster", a["poster"]))
        if a.get("style"):
            self.inline_styles.append(a["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.inline_styles.append(data)


def is_local(url: str) -> bool:
    """True for a URL relative to the page (or the site), a same-page anchor or data:."""
    parts = urlsplit(url.strip())
    if parts.scheme == "data":
        return True
    return parts.scheme == "" and parts.netloc == ""  # rejects http:, https:, //host


CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.IGNORECASE)


def remote_css_urls(css: str) -> list[str]:
    return [u for u in CSS_URL.findall(css) if not is_local(u)]


def _pages() -> list[Path]:
    """The built pages (not the theme's Jinja macro files copied into _static/)."""
    return sorted(p for p in HTML.rglob("*.html") if "_static" not in p.relative_to(HTML).parts)


def _parse(page: Path) -> _Resources:
    parser = _Resources()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _target(page: Path, url: str) -> Path:
    """The file a local URL on ``page`` points at (query and fragment dropped)."""
    path = unquote(urlsplit(url).path)
    base = HTML if path.startswith("/") else page.parent
    return (base / path.lstrip("/")).resolve()


def _site_path(page: Path, url: str) -> str:
    """A local URL on ``page`` as a path relative to the site root, e.g. _static/x.js."""
    return _target(page, url).relative_to(HTML.resolve()).as_posix()


PAGES = _pages()


def test_pages_were_built():
    assert PAGES, f"no .html files under {HTML}"


# --- (a) nothing is fetched from another host ---------------------------------------------
def test_no_page_loads_anything_from_another_host():
    offending = []
    for page in PAGES:
        parsed = _parse(page)
        for tag, attr, url in parsed.loads:
            if not is_local(url):
                offending.append(f"{page.relative_to(HTML)}: <{tag} {attr}={url!r}>")
        for style in parsed.inline_styles:
            offending += [f"{page.relative_to(HTML)}: style url({u})" for u in remote_css_urls(style)]
    assert not offending, "pages load from other hosts:\n" + "\n".join(offending)


def test_no_stylesheet_imports_from_another_host():
    offending = []
    for css in sorted(HTML.rglob("*.css")):
        for url in remote_css_urls(css.read_text(encoding="utf-8", errors="replace")):
            offending.append(f"{css.relative_to(HTML)}: {url}")
    assert not offending, "stylesheets fetch from other hosts:\n" + "\n".join(offending)


def test_every_local_script_stylesheet_and_image_exists():
    missing = set()
    for page in PAGES:
        for tag, attr, url in _parse(page).loads:
            if is_local(url) and not url.startswith(("#", "data:")) and urlsplit(url).path:
                if not _target(page, url).is_file():
                    missing.add(f"{page.relative_to(HTML)}: <{tag} {attr}={url!r}>")
    assert not missing, "pages reference files missing from the build:\n" + "\n".join(sorted(missing))


# --- (b) Maths typeset at build time; no MathJax in the browser ---------------------------
#: A MathJax bundle, local or on a CDN: ".../mathjax/...", ".../mathjax@3/...",
#: "MathJax.js" (v2), "tex-mml-chtml.js" and the other v3 combined components.
MATHJAX_SCRIPT = re.compile(
    r"(^|/)mathjax(@[^/]*)?/|(^|/)(MathJax|tex-[\w-]+|mml-[\w-]+)\.js$", re.IGNORECASE
)
#: The CommonHTML fonts a typeset page refers to from its inline stylesheet.
FONT_URL = re.compile(r"url\(([^)]*?MathJax_[\w-]+\.woff)\)")


def _mathjax_scripts(page: Path) -> list[str]:
    return [src for src in _parse(page).scripts if MATHJAX_SCRIPT.search(urlsplit(src).path)]


def _math_pages() -> list[Path]:
    pages = [p for p in PAGES if 'class="math' in p.read_text(encoding="utf-8")]
    assert pages, "no page with math was built"
    return pages


def test_maths_is_typeset_at_build_time_and_no_page_loads_mathjax():
    """tools/typeset_maths.cjs ran: every math page holds typeset maths and no MathJax."""
    problems = []
    for page in _math_pages():
        text = page.read_text(encoding="utf-8")
        if _mathjax_scripts(page) or "window.MathJax" in text:
            problems.append(f"{page.relative_to(HTML)}: still loads MathJax {_mathjax_scripts(page)}")
        if "<mjx-container" not in text:
            problems.append(f"{page.relative_to(HTML)}: no typeset maths")
        elif text.count("<mjx-container") != text.count("<mjx-assistive-mml"):
            problems.append(f"{page.relative_to(HTML)}: a formula without its MathML")
    assert not problems, "\n".join(problems)


def test_typeset_maths_fonts_exist():
    missing = set()
    for page in _math_pages():
        for url in set(FONT_URL.findall(page.read_text(encoding="utf-8"))):
            if not _target(page, url.strip("'\"")).is_file():
                missing.add(f"{page.relative_to(HTML)}: {url}")
    assert not missing, "typeset maths refers to missing fonts:\n" + "\n".join(sorted(missing))


def test_widget_pages_show_the_in_page_explorers_without_the_embedder():
    """Each explorer's output carries an in-page version (text/html), which the book shows;
    so no page loads the 3.6 MB ipywidgets embedder or RequireJS, nor carries the widget
    state only the embedder would read (book/_ext/light_pages.py drops it)."""
    explorer_pages = [p for p in PAGES if 'class="ffnn-explorer' in p.read_text(encoding="utf-8")]
    assert len(explorer_pages) >= 4, "fewer pages with explorers: were the explorers removed?"
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        scripts = [s for s in _parse(page).scripts if WIDGET_EMBEDDER.search(s)]
        assert not scripts, f"{page.relative_to(HTML)} loads {scripts}"
        assert "application/vnd.jupyter.widget-state+json" not in text, page.name


# --- (c) every page of the table of contents was built ------------------------------------
def test_every_toc_page_was_built():
    yaml = pytest.importorskip("yaml")
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = toc_pages(ROOT)
    assert files and files[0] == toc["root"]
    missing = [f for f in files if not (HTML / f"{Path(f).with_suffix('')}.html").is_file()]
    assert not missing, f"pages in _toc.yml missing from {HTML.relative_to(ROOT)}: {missing}"


def test_index_redirects_to_the_root_page():
    yaml = pytest.importorskip("yaml")
    root = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))["root"]
    assert f"{root}.html" in (HTML / "index.html").read_text(encoding="utf-8")


def test_exercise_solutions_are_shown_without_their_markers():
    """book/_ext/solution_markers.py drops the BEGIN/END SOLUTION lines from the pages;
    the solutions themselves are still there (in their collapsed boxes)."""
    pages = sorted((HTML / "exercises").glob("*.html"))
    assert pages, "no exercise pages were built"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text, page.name
        assert "solution" in text and "Solution to" in text, page.name
