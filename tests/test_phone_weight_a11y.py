"""Every page of the built book on a phone, by weight, and for accessibility.

Uses the same served site and Debian chromium as ``tests/test_browser.py`` (and skips for
the same reasons, with the reason).  For every page of the book:

* **phone (390 × 844 px)**: the page is no wider than the screen; no text, heading,
  list item, table or maths runs past the screen's right edge or past the edge of its
  own box; no output box (a cell's printed output, a displayed equation) needs sideways
  scrolling.  Code (a cell's input, a code block) may scroll: that is what code does.
* **weight**: a first visit (fresh browser profile, nothing cached) downloads at most
  :data:`MAX_BYTES`, all of it from the book's own host.  The site is served here as a
  static host such as GitHub Pages serves it: text (HTML, CSS, JavaScript, JSON, SVG)
  gzip-compressed when the browser asks for it, fonts and images as they are; the bytes
  are what crosses the wire.  Both those and the uncompressed sizes, per page, are
  written to ``test-artifacts/page-weight-a.json`` and ``-b.json``.
* **accessibility**: axe-core (npm, pinned in ``tools/vendor/``), injected into the page,
  finds no violation of *serious* or *critical* impact; each in-page explorer's slider
  has an accessible name.

Each page is opened once for all three (a fresh browser context at 390 px).  The pages
are visited in two halves, this file's (:data:`VISIT_PAGES`) and
``tests/test_phone_weight_a11y_b.py``'s, so that pytest-xdist (``tools/run_tests.sh``)
visits both at once; each half writes its own artefacts (``…-a.json``, ``…-b.json``).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import threading
from pathlib import Path

import pytest

from test_browser import CHAPTERS, HTML, PAGES, ROOT, SCREENSHOTS, browser  # noqa: F401
from test_quick_questions import _exercise_once

from ffnn_course.quiz import CHAPTERS as QUIZ_CHAPTERS, questions

#: This file's half of the pages (the other half: tests/test_phone_weight_a11y_b.py).
PART, VISIT_PAGES = "a", PAGES[0::2]
MAX_BYTES = 2_000_000
PHONE = {"width": 390, "height": 844}
AXE = ROOT / "tools" / "vendor" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"

#: Content types a static host compresses (GitHub Pages, Netlify and nginx's usual set).
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """``python -m http.server``, plus gzip for text when the browser accepts it."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        ctype = self.guess_type(path)
        if (not any(ctype.startswith(c) for c in COMPRESSED)
                or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not Path(path).is_file()):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="module")
def site():
    """The built book on 127.0.0.1, served like a static host (gzip for text)."""
    handler = functools.partial(_GzipHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


#: What on a page must fit the phone's width, and what may scroll.  Returns a list of
#: problems: [kind, selector-ish description, text excerpt, px too wide].
FIT_JS = r"""
() => {
  const vw = document.documentElement.clientWidth;
  const article = document.querySelector('main') || document.body;
  const problems = [];
  const isCode = (el) => !!el.closest('.cell_input, div.highlight:not(.cell_output div.highlight), .sig, .linenos')
                         && !el.closest('.cell_output, .output');
  const describe = (el) => {
    const cls = (el.className && typeof el.className === 'string') ? '.' + el.className.trim().split(/\s+/).slice(0, 2).join('.') : '';
    return el.tagName.toLowerCase() + cls;
  };
  const text = (el) => (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 70);
  const hiddenAncestor = (el) => {
    for (let e = el; e; e = e.parentElement) {
      if (e.tagName === 'DETAILS' && !e.open && !el.closest('summary')) return true;
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden') return true;
    }
    return false;
  };
  // 1. things that run past the screen's right edge
  const items = article.querySelectorAll('p, li, dt, dd, h1, h2, h3, h4, table, figure, img, mjx-container, .cell_output, .admonition, blockquote');
  for (const el of items) {
    if (isCode(el) || hiddenAncestor(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > vw + 1) problems.push(['past-edge', describe(el), text(el), Math.round(r.right - vw)]);
  }
  // 1b. maths that cannot wrap, wider than its table cell (the cell would clip it)
  for (const el of article.querySelectorAll('td mjx-container, th mjx-container')) {
    if (hiddenAncestor(el)) continue;
    const cell = el.closest('td, th').getBoundingClientRect(), r = el.getBoundingClientRect();
    if (r.right > cell.right + 1) problems.push(['past-edge', 'maths in a table cell', text(el), Math.round(r.right - cell.right)]);
  }
  // 2. boxes whose content needs sideways scrolling (or is cut off by overflow: hidden)
  const boxes = article.querySelectorAll('.cell_output pre, .cell_output .output, .output pre, div.math, mjx-container[display="true"], .table-wrapper, .cell_output table, p, li, dd, dt');
  for (const el of boxes) {
    if (isCode(el) || hiddenAncestor(el)) continue;
    if (el.clientWidth === 0) continue;
    const extra = el.scrollWidth - el.clientWidth;
    if (extra > 2) problems.push(['scrolls-sideways', describe(el), text(el), extra]);
  }
  return {vw, pageWidth: document.documentElement.scrollWidth, problems};
}
"""


#: The range inputs (the in-page explorers' sliders) that have no accessible name.
UNNAMED_SLIDERS = """() => Array.from(document.querySelectorAll('input[type=range]'))
    .filter(el => !(el.getAttribute('aria-label') || (el.labels && el.labels.length)
                    || el.getAttribute('aria-labelledby')))
    .map(el => el.name || el.id || el.outerHTML.slice(0, 60))"""


def _settle(page) -> None:
    """Wait until the page has stopped loading (fonts and images included), at most 10 s."""
    try:
        page.wait_for_load_state("networkidle", timeout=10_000)
    except Exception:      # a page that keeps a request open still gets measured
        pass


def _open(context, url: str):
    page = context.new_page()
    page.goto(url, wait_until="load")
    _settle(page)
    return page


@pytest.fixture(scope="module")
def visits(site, browser, request):  # noqa: F811
    """One first visit per page at 390 px (a fresh context: nothing cached).

    ``{path: {"fit": FIT_JS's report, "bytes": …, "requests": …, "largest": […],
    "foreign": […], "axe": [violations]}}``; a phone screenshot of every page goes
    to ``test-artifacts/screenshots/phone-fit/`` and the figures to
    ``test-artifacts/page-weight-{PART}.json``, ``phone-fit-{PART}.json`` and
    ``axe-{PART}.json``; the pages are the test module's ``VISIT_PAGES``.
    """
    part, pages = request.module.PART, request.module.VISIT_PAGES
    shots = ARTIFACTS / "screenshots" / "phone-fit"
    shots.mkdir(parents=True, exist_ok=True)
    result = {}
    chapter_shots = SCREENSHOTS / "phone-390"
    chapter_shots.mkdir(parents=True, exist_ok=True)
    for path in pages:
        context = browser.new_context(viewport=PHONE, device_scale_factor=1,
                                      is_mobile=True, has_touch=True)
        sizes: list[tuple[str, int]] = []
        page = context.new_page()
        page.on("requestfinished",
                lambda r: sizes.append((r.url, r.sizes()["responseBodySize"])))
        page.goto(site + path, wait_until="load")
        _settle(page)
        page.evaluate("() => document.fonts.ready.then(() => true)")
        visit = {"fit": page.evaluate(FIT_JS), "unnamed_sliders": page.evaluate(UNNAMED_SLIDERS),
                 "explorer_widths": page.eval_on_selector_all(
                     ".ffnn-explorer-ui", "els => els.map(e => e.getBoundingClientRect().width)")}
        name = path.replace("/", "__")[:-len(".html")] + ".png"
        if path in CHAPTERS:        # the whole chapter, to look at; other pages: the screen
            page.screenshot(path=str(chapter_shots / name), full_page=True)
        else:
            page.screenshot(path=str(shots / name))
        decoded = page.evaluate("""() => performance.getEntriesByType('navigation')
            .concat(performance.getEntriesByType('resource'))
            .reduce((n, e) => n + (e.decodedBodySize || 0), 0)""")
        visit.update(bytes=sum(s for _, s in sizes), uncompressed=decoded, requests=len(sizes),
                     largest=sorted(sizes, key=lambda t: -t[1])[:3],
                     foreign=[u for u, _ in sizes if not u.startswith(site)])
        # the quick questions, answered once wrong and once right (every answer is tried
        # in a bare page by tests/test_quick_questions.py); axe then also sees the feedback
        forms = page.locator(".qq")
        if forms.count():
            visit["quick_questions"] = questions(forms.first.get_attribute("data-chapter"))
            try:
                _exercise_once(page, visit["quick_questions"], PHONE["width"])
                visit["quick_questions_problem"] = None
            except Exception as err:  # noqa: BLE001 - reported by the test, page by page
                visit["quick_questions_problem"] = f"{type(err).__name__}: {err}"
            forms.first.screenshot(path=str(shots / ("quick-questions-" + name)))
        if AXE.is_file():
            page.add_script_tag(path=str(AXE))
            # The theme's floating "Back to top" button shows while the page scrolls up (the
            # quick questions above, and axe's own scrolling, move the page), and where it
            # lies over text axe would measure the text against the button.  So it is
            # hidden for the run over the page, then checked on its own where the theme
            # shows it.
            page.add_style_tag(content="#pst-back-to-top { display: none !important; }")
            visit["axe"] = page.evaluate("""async () => {
                const report = r => r.violations.map(v => ({id: v.id, impact: v.impact,
                    help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
                const found = report(await axe.run(document, {resultTypes: ['violations']}));
                const button = document.querySelector('#pst-back-to-top');
                if (button) {
                    window.scrollTo(0, 0);
                    button.style.setProperty('display', 'block', 'important');
                    found.push(...report(await axe.run(button, {resultTypes: ['violations']})));
                    button.style.removeProperty('display');
                }
                return found;
            }""")
        result[path] = visit
        context.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"phone-fit-{part}.json").write_text(json.dumps({p: v["fit"] for p, v in result.items()}, indent=1))
    (ARTIFACTS / f"page-weight-{part}.json").write_text(json.dumps(
        {p: {"bytes": v["bytes"], "uncompressed": v["uncompressed"], "requests": v["requests"]}
         for p, v in result.items()}, indent=1))
    (ARTIFACTS / f"axe-{part}.json").write_text(json.dumps({p: v.get("axe") for p, v in result.items()}, indent=1))
    return result


@pytest.fixture(scope="module")
def phone_report(visits):
    return {path: v["fit"] for path, v in visits.items()}


@pytest.fixture(scope="module")
def weights(visits):
    return visits


@pytest.fixture(scope="module")
def axe_results(visits):
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed at {AXE} (tools/vendor_assets.sh installs it)")
    return {path: v["axe"] for path, v in visits.items()}


def test_every_page_fits_a_phone(phone_report):
    wide = {p: r["pageWidth"] for p, r in phone_report.items() if r["pageWidth"] > r["vw"] + 2}
    assert not wide, f"pages wider than a 390-px phone (px): {wide}"


@pytest.mark.parametrize("kind", ["past-edge", "scrolls-sideways"])
def test_nothing_runs_off_a_phone_screen(phone_report, kind):
    bad = [f"{path}: {what} {excess}px: {snippet!r}"
           for path, r in phone_report.items()
           for k, what, snippet, excess in r["problems"] if k == kind]
    assert not bad, (f"{len(bad)} item(s) {kind} at 390 px "
                     "(break long equations over lines, print narrow outputs):\n"
                     + "\n".join(bad[:60]))


def test_first_visit_weighs_at_most_2_mb(weights):
    heavy = {p: f"{w['bytes'] / 1e6:.2f} MB (largest: "
                + ", ".join(f"{u.rsplit('/', 1)[-1][:40]} {s / 1e3:.0f} kB" for u, s in w["largest"])
                + ")"
             for p, w in weights.items() if w["bytes"] > MAX_BYTES}
    assert not heavy, "first visits over 2 MB:\n" + "\n".join(f"{p}: {v}" for p, v in heavy.items())


def test_nothing_comes_from_another_host(weights):
    foreign = {p: w["foreign"] for p, w in weights.items() if w["foreign"]}
    assert not foreign, foreign


def test_maths_carries_mathml_for_screen_readers(site, browser):  # noqa: F811
    """Maths typeset at build time keeps MathJax's assistive MathML beside each formula."""
    context = browser.new_context()
    try:
        page = _open(context, site + "book/05_gradient_descent.html")
        counts = page.evaluate("""() => ({
            mjx: document.querySelectorAll('mjx-container').length,
            mml: document.querySelectorAll('mjx-container mjx-assistive-mml math').length,
            mathjax: !!window.MathJax})""")
    finally:
        context.close()
    assert counts["mjx"] > 0 and counts["mml"] == counts["mjx"], counts
    assert not counts["mathjax"], "the page still loads MathJax in the browser"


def test_no_serious_accessibility_violations(axe_results):
    bad = [f"{path}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}"
           for path, violations in axe_results.items()
           for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, f"{len(bad)} serious/critical axe-core violation(s):\n" + "\n".join(bad[:50])


def test_quick_questions_answer_on_a_phone(visits):
    """Every chapter's quick questions, in the built page at 390 px: a wrong answer gets its
    diagnosis, a right one its explanation, and no question is wider than the screen."""
    answered = {p: v for p, v in visits.items() if "quick_questions" in v}
    chapters = [p for p in CHAPTERS if p in visits
                and p.split("/")[-1][:2] in {f"{n:02d}" for n in QUIZ_CHAPTERS}]
    assert set(chapters) <= set(answered), sorted(set(chapters) - set(answered))
    problems = {p: v["quick_questions_problem"] for p, v in answered.items()
                if v["quick_questions_problem"]}
    assert not problems, problems


def test_chapters_and_their_explorers_fit_a_phone(visits):
    """The in-page explorers fit the screen (their sliders stay usable)."""
    wide = {p: w for p, v in visits.items() for w in v["explorer_widths"] if w > PHONE["width"]}
    assert not wide, f"explorers wider than a phone (px): {wide}"


def test_explorer_sliders_have_accessible_names(visits):
    unnamed = [f"{path}: {name}" for path, v in visits.items() for name in v["unnamed_sliders"]]
    assert not unnamed, f"sliders without an accessible name: {unnamed}"
