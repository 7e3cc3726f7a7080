"""The built book in a real browser: Debian's chromium driven by playwright.

Build the book first (``bash tools/build_book.sh``; ``FFNN_BOOK_HTML`` may point at another
build).  The site is served by ``python -m http.server`` on 127.0.0.1 and every page is
opened once at desktop width (1280 px); the phone (390 px) visits are
tests/test_phone_weight_a11y.py's.  Checked:

* every page loads with no failed request, no request to another host, and no console
  error or warning beyond :data:`ALLOWED_CONSOLE` (named, with the reason);
* MathJax (the local copy) has typeset all maths: no raw ``\\(`` or ``\\[`` left in the
  text of the main content, and ``mjx-container`` elements on every page with maths;
* every explorer works without a kernel: moving a slider changes what is shown, and for
  several slider positions the numbers shown equal ``ffnn_course``'s
  (:func:`ffnn_course.static_explorers.expected_numbers`, computed from
  :mod:`ffnn_course.explorers`);
* exercise solutions are collapsed until clicked;
* every notebook page (chapters and exercises) has Binder and Colab launch buttons;
* the search page finds "softmax";
* a full-page screenshot of every chapter at 1280 px goes to
  ``test-artifacts/screenshots/desktop-1280/`` (JPEG; gitignored).

Skipped (with the reason) when chromium, playwright or the built book is missing.  Never
run ``playwright install``: the tests use the system's chromium.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = Path(os.environ.get("FFNN_BOOK_HTML", ROOT / "_build" / "html")).resolve()
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("FFNN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).is_file():
    pytest.skip(f"chromium not found ({CHROMIUM}): install it with "
                "`apt-get install -y chromium` (tools/run_tests.sh does so as root in CI)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="PyPI playwright is needed (requirements.txt)")
if not (HTML / "index.html").is_file():
    pytest.skip(f"no built book at {HTML}: run `bash tools/build_book.sh` first",
                allow_module_level=True)

from ffnn_course.explorers import EXPLORERS  # noqa: E402
from ffnn_course.static_explorers import (StaticExplorer, expected_numbers,  # noqa: E402
                                          expected_values)

#: Console messages every Jupyter Book 1 page may print, matched by name: (name, type,
#: regex on the text, regex on the source URL or None, why it is harmless).
#: (Jupyter Book's "Identifier 'THEBE_JS_URL' has already been declared" is not listed: with
#: sphinx_thebe off in _config.yml it does not occur.)
ALLOWED_CONSOLE = [
    ("invalid-theme-mode", "error|warning", r"Got invalid theme mode", None,
     "pydata-sphinx-theme reads the colour mode before it is stored; it falls back to "
     "'auto'"),
    ("favicon-404", "error", r"Failed to load resource: .*\b404\b", r"/favicon\.ico$",
     "the browser asks for /favicon.ico by itself; the book has no favicon"),
]
#: Requests that may fail, by URL path.
ALLOWED_FAILED = {"favicon-404": re.compile(r"^/favicon\.ico$")}

#: Slider positions per explorer (besides the starting values).
POSITIONS = {
    "two_two_one": [{"w11": 1.0, "w12": 1.0, "w13": -1.0, "w14": -1.0, "w21": -1.0,
                     "w22": 1.0},
                    {"w21": 5.0, "w22": -5.0, "b2": -0.3},
                    {"w11": 1.3, "w12": -2.7, "b1": 0.5, "w21": -3.1, "b2": 2.2}],
    "single_neuron": [{"w1": 1.5}, {"w1": 0.3, "w2": -4.2, "b": 1.1}, {"b": -5.0}],
    "softmax": [{"temperature": 5.0},
                {"a1": -2.5, "a2": 7.0, "a3": 7.0, "a4": 0.0, "temperature": 0.3},
                {"a1": -10.0, "temperature": 10.0}],
    "gradient_descent": [{"lr": 10.0, "steps": 50, "w0": 2.0, "b0": -1.0},
                         {"lr": 0.5, "steps": 300, "w0": -3.0, "b0": 3.0},
                         {"lr": 20.0, "steps": 37},
                         {"lr": 1.0, "steps": 100, "w0": 3.0, "b0": 3.0}],
    "optimizer_paths": [{"method": "gd", "lr": 0.063},
                        {"method": "adam", "lr": 0.1, "surface": "rosenbrock", "steps": 300},
                        {"method": "nesterov", "lr": 0.005, "momentum": 0.95,
                         "surface": "two_minima"},
                        {"method": "gd", "lr": 1.0, "surface": "elongated"}],   # diverges
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site():
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
                             str(port), "--directory", str(HTML)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("python -m http.server did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


# --- the pages ----------------------------------------------------------------------------
def _pages() -> list[str]:
    return sorted(p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html")
                  if "_static" not in p.relative_to(HTML).parts
                  and not p.relative_to(HTML).parts[0].startswith("_"))


def _source(page: str) -> Path | None:
    stem = page[:-len(".html")]
    for suffix in (".ipynb", ".md"):
        if (ROOT / f"{stem}{suffix}").is_file():
            return ROOT / f"{stem}{suffix}"
    return None


PAGES = _pages()
NOTEBOOK_PAGES = [p for p in PAGES if (s := _source(p)) is not None and s.suffix == ".ipynb"]
CHAPTERS = [p for p in NOTEBOOK_PAGES if p.startswith("book/")]
EXERCISE_PAGES = [p for p in NOTEBOOK_PAGES if p.startswith("exercises/")]


class PageLog:
    """Console messages, page errors and failed requests of one page."""

    def __init__(self, page, base: str):
        self.base_host = urlsplit(base).netloc
        self.console: list[tuple[str, str, str]] = []     # (type, text, url)
        self.failed: list[str] = []
        self.foreign: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda err: self.console.append(("error", str(err), "")))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("response", self._response)
        page.on("request", self._request)

    def _console(self, msg) -> None:
        if msg.type in ("error", "warning"):
            self.console.append((msg.type, msg.text, (msg.location or {}).get("url", "")))

    def _response(self, response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.base_host:
            self.foreign.append(request.url)

    def allowed_as(self, kind: str, text: str, url: str) -> str | None:
        """The name of the allow-list entry that covers this console message, if any."""
        for name, types, pattern, where, _ in ALLOWED_CONSOLE:
            if (re.fullmatch(types, kind) and re.search(pattern, text)
                    and (where is None or re.search(where, urlsplit(url).path))):
                return name
        return None

    def unexpected_console(self) -> list[str]:
        bad = []
        for kind, text, url in self.console:
            if self.allowed_as(kind, text, url) is None:
                bad.append(f"[{kind}] {text} ({url})")
        return bad

    def unexpected_failures(self) -> list[str]:
        return [f for f in self.failed
                if not any(rx.search(urlsplit(f.split(" ")[0]).path)
                           for rx in ALLOWED_FAILED.values())]


def _wait_for_mathjax(page) -> None:
    page.wait_for_function("() => !window.MathJax || (window.MathJax.startup && "
                           "window.MathJax.startup.promise)", timeout=15000)
    page.evaluate("() => window.MathJax && window.MathJax.startup ? "
                  "window.MathJax.startup.promise.then(() => true) : true")


RAW_MATH = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$")

MAIN_TEXT_JS = """() => {
  const main = document.querySelector('article.bd-article') || document.querySelector('main');
  if (!main) return null;
  const copy = main.cloneNode(true);
  copy.querySelectorAll('pre, code, script, style, textarea, .highlight, mjx-container')
      .forEach(e => e.remove());
  return {text: copy.textContent,
          mjx: main.querySelectorAll('mjx-container').length,
          mathNodes: main.querySelectorAll('.math, span.math, div.math').length};
}"""


SOLUTIONS_JS = """async () => {
  const sols = [...document.querySelectorAll('div.solution')];
  const shown = el => !!el && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
                       && el.getBoundingClientRect().height > 0;
  const body = s => s.querySelector('section, .solution-content')
                 || s.querySelector(':scope > :not(.admonition-title)');
  const problems = [];
  sols.forEach((s, k) => {
    if (!s.classList.contains('dropdown')) problems.push(`solution ${k + 1} is not a dropdown`);
    if (!body(s)) problems.push(`solution ${k + 1} has no body`);
    else if (shown(body(s))) problems.push(`solution ${k + 1} is visible before a click`);
  });
  let clicked = 0;
  for (const [k, s] of sols.entries()) {   // a reader clicks sphinx-togglebutton's button
    const button = s.querySelector('button.toggle-button');
    if (!button) { problems.push(`solution ${k + 1} has no toggle button`); continue; }
    button.click();
    clicked += 1;
  }
  await new Promise(r => setTimeout(r, 600));     // the reveal fades in
  sols.forEach((s, k) => {
    if (body(s) && !shown(body(s))) problems.push(`solution ${k + 1} stays hidden after a click`);
  });
  return {count: sols.length, clicked, problems};
}"""


def _open_pages(context, base: str, paths: list[str], batch: int = 2):
    """Yield ``(path, page, log)`` once each page has loaded and MathJax has finished.

    Pages load ``batch`` at a time (the browser works while Python waits).
    """
    for start in range(0, len(paths), batch):
        opened = []
        for path in paths[start:start + batch]:
            page = context.new_page()
            log = PageLog(page, base)
            page.goto(base + path, wait_until="commit")
            opened.append((path, page, log))
        for path, page, log in opened:
            page.wait_for_load_state("load")
            page.bring_to_front()        # a background page runs no animations
            _wait_for_mathjax(page)
            yield path, page, log
            page.close()


@pytest.fixture(scope="module")
def desktop_report(site, browser):
    """Open every page once at 1280 px: log what happened, read the maths, the links and
    the solutions (clicking them), and screenshot the chapters."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    report = {}
    out = SCREENSHOTS / "desktop-1280"
    out.mkdir(parents=True, exist_ok=True)
    for path, page, log in _open_pages(context, site, PAGES):
        page.wait_for_timeout(100)      # late console messages (widgets render on load)
        report[path] = {"log": log, "math": page.evaluate(MAIN_TEXT_JS),
                        "links": page.eval_on_selector_all("a[href]",
                                                           "els => els.map(e => e.href)")}
        if path in CHAPTERS:       # JPEG: a third faster than PNG for these tall pages
            page.screenshot(path=str(out / (path.replace("/", "__")[:-5] + ".jpg")),
                            full_page=True, type="jpeg", quality=85)
        report[path]["solutions"] = page.evaluate(SOLUTIONS_JS)
    context.close()
    # what the allow-list let through, page by page (an artefact for reviewers)
    seen = {path: [{"type": k, "text": t[:300], "url": u, "allowed_as": r["log"].allowed_as(k, t, u)}
                   for k, t, u in r["log"].console] for path, r in report.items()}
    (SCREENSHOTS.parent / "browser-console.json").write_text(json.dumps(seen, indent=1),
                                                              encoding="utf-8")
    return report


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly(desktop_report, path):
    log = desktop_report[path]["log"]
    assert not log.foreign, f"{path} requests other hosts: {log.foreign}"
    assert not log.unexpected_failures(), f"{path}: failed requests {log.unexpected_failures()}"
    assert not log.unexpected_console(), (
        f"{path}: console errors/warnings outside the allow-list:\n"
        + "\n".join(log.unexpected_console()))


@pytest.mark.parametrize("path", PAGES)
def test_maths_is_typeset(desktop_report, path):
    math = desktop_report[path]["math"]
    if math is None:
        pytest.skip(f"{path} has no main content")
    leftovers = sorted(set(RAW_MATH.findall(math["text"])))
    assert not leftovers, f"{path}: raw maths delimiters left in the text: {leftovers}"
    if math["mathNodes"]:
        assert math["mjx"] > 0, f"{path} has maths but MathJax typeset none of it"


def test_the_book_has_maths_and_chapters():
    assert len(CHAPTERS) >= 5, CHAPTERS
    assert any("book/04_softmax.html" == p for p in CHAPTERS)


# --- the explorers ---------------------------------------------------------------------------
def _numbers(page, root) -> dict[str, str]:
    return page.evaluate("""root => Object.fromEntries([...root.querySelectorAll('[data-key]')]
        .map(e => [e.dataset.key, e.textContent]))""", root)


def _raw(page, root) -> dict[str, float]:
    return page.evaluate("""root => Object.fromEntries([...root.querySelectorAll('[data-key]')]
        .map(e => [e.dataset.key, parseFloat(e.dataset.value)]))""", root)


def _set_sliders(page, root, values: dict) -> dict:
    """Set controls as a user would (type the value, or pick it; an input event); return
    the values the page used."""
    page.evaluate("""([root, values]) => {
        for (const [name, v] of Object.entries(values)) {
          const input = root.querySelector(`[data-slider="${name}"]`);
          input.value = String(v);
          input.dispatchEvent(new Event('input', {bubbles: true}));
        }}""", [root, values])
    return json.loads(root.get_attribute("data-values"))


def _canvas(page, root) -> str:
    return page.evaluate("root => root.querySelector('canvas').toDataURL()", root)


def _normal(text: str) -> str:
    return "0" + text[2:] if re.fullmatch(r"-0\.0+", text) else text    # -0.0000 == 0.0000


def _check_numbers(page, root, name: str, probe=None) -> dict:
    values = json.loads(root.get_attribute("data-values"))
    if probe is None and root.get_attribute("data-probe"):
        probe = json.loads(root.get_attribute("data-probe"))
    want = expected_numbers(name, values, probe)
    got = _numbers(page, root)
    assert set(got) == set(want), (name, values)
    assert {k: _normal(v) for k, v in got.items()} == {k: _normal(v) for k, v in want.items()}, \
        f"{name} at {values}: page shows {got}, ffnn_course gives {want}"
    raw = _raw(page, root)
    for key, (value, _) in expected_values(name, values, probe).items():
        assert raw[key] == pytest.approx(value, rel=1e-9, abs=1e-12), (name, values, key)
    return values


def _exercise_explorer(page, root, name: str) -> int:
    """Move sliders on one explorer; check the display changes and the numbers agree."""
    assert root.get_attribute("data-ready") == "true", f"{name} did not start"
    assert not root.query_selector(".ffnn-explorer-fallback").is_visible()
    _check_numbers(page, root, name)
    # a user drags the first slider with the keyboard: the picture and the numbers change
    before_numbers, before_canvas = _numbers(page, root), _canvas(page, root)
    first = root.query_selector("input[type=range]")
    first.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight" if name != "softmax" else "ArrowLeft")
    assert _canvas(page, root) != before_canvas, f"{name}: the figure did not change"
    assert _numbers(page, root) != before_numbers, f"{name}: the numbers did not change"
    _check_numbers(page, root, name)
    checked = 1
    initial = EXPLORERS[name].initial()
    for position in POSITIONS[name]:
        used = _set_sliders(page, root, {**initial, **position})
        assert used == pytest.approx({**initial, **position}), (name, used)
        _check_numbers(page, root, name)
        checked += 1
    if root.get_attribute("data-probe"):        # click the map: the probe moves
        old = root.get_attribute("data-probe")
        box = root.query_selector("canvas").bounding_box()
        page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.2)
        assert root.get_attribute("data-probe") != old, f"{name}: the probe did not move"
        _check_numbers(page, root, name)
    return checked


EXPLORER_PAGES = {p: sorted(set(re.findall(r'<div class="ffnn-explorer" data-explorer="(\w+)">\s*'
                                           r'<script type="application/json"',
                                           (HTML / p).read_text(encoding="utf-8"))))
                  for p in PAGES}
EXPLORER_PAGES = {p: names for p, names in EXPLORER_PAGES.items() if names}


def test_the_book_has_its_explorers():
    shown = {name for names in EXPLORER_PAGES.values() for name in names}
    assert {"two_two_one", "softmax", "gradient_descent"} <= shown, EXPLORER_PAGES


@pytest.mark.parametrize("path", sorted(EXPLORER_PAGES))
def test_explorers_work_without_a_kernel(site, browser, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log = PageLog(page, site)
    page.goto(site + path, wait_until="load")
    roots = page.query_selector_all(".ffnn-explorer")
    assert len(roots) >= len(EXPLORER_PAGES[path])
    for root in roots:
        root.scroll_into_view_if_needed()
        checked = _exercise_explorer(page, root, root.get_attribute("data-explorer"))
        assert checked >= 3
    # the static book shows the in-page version, not a dead widget
    assert not page.query_selector(".widget-slider, .jupyter-widgets.widget-vbox"), \
        f"{path} still renders an ipywidgets view"
    assert not log.unexpected_console(), log.unexpected_console()
    context.close()


def test_every_explorer_in_a_bare_page(browser, tmp_path):
    """All of EXPLORERS (also those the book does not show), outside the book."""
    page_file = tmp_path / "explorers.html"
    page_file.write_text("<!doctype html><html><head><meta charset='utf-8'></head><body>"
                         + "".join(StaticExplorer(n)._repr_html_() for n in EXPLORERS)
                         + "</body></html>", encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: errors.append(f"request {r.url}")
            if not r.url.startswith("file:") else None)
    page.goto(page_file.as_uri())
    roots = page.query_selector_all(".ffnn-explorer")
    assert [r.get_attribute("data-explorer") for r in roots] == list(EXPLORERS)
    for root in roots:
        assert _exercise_explorer(page, root, root.get_attribute("data-explorer")) >= 3
    assert not errors, errors
    context.close()


# --- solutions, launch buttons, search -------------------------------------------------------
def test_solutions_are_collapsed_until_clicked(desktop_report):
    """Every sphinx-exercise solution is a dropdown, hidden until its button is clicked.

    Passes trivially while no page has a solution; fails if any solution shows.
    """
    with_solutions = {p: r["solutions"] for p, r in desktop_report.items()
                      if r["solutions"]["count"]}
    if EXERCISE_PAGES:
        assert with_solutions, "exercise pages were built, but none has a sphinx-exercise solution"
    problems = [f"{p}: {msg}" for p, sol in with_solutions.items() for msg in sol["problems"]]
    assert not problems, "\n".join(problems)
    assert all(sol["clicked"] == sol["count"] for sol in with_solutions.values())


def test_every_notebook_page_has_binder_and_colab_buttons(desktop_report):
    yaml = pytest.importorskip("yaml")
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    repo = urlsplit(config["repository"]["url"]).path.strip("/")         # owner/name
    binder, colab = config["launch_buttons"]["binderhub_url"], config["launch_buttons"]["colab_url"]
    assert NOTEBOOK_PAGES
    missing = []
    for path in NOTEBOOK_PAGES:
        hrefs = desktop_report[path]["links"]
        source = path[:-len(".html")] + ".ipynb"
        if not any(h.startswith(f"{binder}/v2/gh/{repo}/") and source in h for h in hrefs):
            missing.append(f"{path}: Binder")
        if not any(h.startswith(f"{colab}/github/{repo}/") and h.endswith(source) for h in hrefs):
            missing.append(f"{path}: Colab")
    assert not missing, "launch buttons missing:\n" + "\n".join(missing)


def test_search_finds_softmax(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site + "search.html?q=softmax", wait_until="load")
    page.wait_for_selector("#search-results ul.search li", timeout=20000)
    results = page.eval_on_selector_all("#search-results ul.search li a",
                                        "els => els.map(e => e.getAttribute('href'))")
    assert any("04_softmax" in r for r in results), results
    context.close()


# The chapters on a phone (390 px: full-page screenshots, widths, the explorers, the quick
# questions) are visited once, with the weight and axe-core checks, in
# tests/test_phone_weight_a11y.py and tests/test_phone_weight_a11y_b.py.
