"""The explorers and an exercise in real Jupyter front ends: JupyterLab 4 and Notebook 7.

A JupyterLab server (``jupyterlab`` and ``notebook`` from requirements.txt) is started on
127.0.0.1 without a token, on a temporary copy of the chapters that have explorers and
of one student exercise notebook, and Debian's chromium (driven by playwright) is used
as a student would:

* each chapter with an explorer (2, 4, 5) is opened and run (Run → Run All Cells); every
  widget renders (no "Error displaying widget"); moving a slider with the keyboard and
  typing a value into another slider's box change the readouts and the figure;
* at 1280 px and at 800 px wide, no two of the explorer's controls overlap, no label,
  slider or value overlaps another inside a control, and nothing is cut off;
* the same for chapter 10's explorer (drop-down lists, a log slider) in a notebook of
  its own, and for one chapter in Notebook 7;
* in the student notebook of chapter 3 a wrong answer, then a right one, is typed and
  run, and the check's feedback (✗, then ✓) is read.

Each notebook's kernel is started through the server's REST API before the page opens
(see :func:`_start_kernel` for why).  Screenshots go to ``test-artifacts/jupyter/``.  Skipped (with the reason) when chromium,
playwright or JupyterLab is missing.  The server is stopped at the end.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-artifacts" / "jupyter"
CHROMIUM = os.environ.get("FFNN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
CHAPTERS = {"02_sigmoid_neurons.ipynb": "two_two_one", "04_softmax.ipynb": "softmax",
            "05_gradient_descent.ipynb": "gradient_descent"}
EXERCISE = "03_feedforward_networks.ipynb"

if not Path(CHROMIUM).is_file():
    pytest.skip(f"chromium not found ({CHROMIUM}): `apt-get install -y chromium`",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="PyPI playwright is needed (requirements.txt)")
pytest.importorskip("jupyterlab", reason="jupyterlab is needed (requirements.txt)")
pytest.importorskip("notebook", reason="notebook 7 is needed (requirements.txt)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A JupyterLab server (which also serves Notebook 7) on a copy of the notebooks."""
    work = tmp_path_factory.mktemp("jupyter")
    notebooks = work / "notebooks"
    notebooks.mkdir()
    for name in CHAPTERS:
        shutil.copy(ROOT / "book" / name, notebooks / name)
    shutil.copy(ROOT / "exercises" / "student" / EXERCISE, notebooks / ("exercise_" + EXERCISE))
    import nbformat                                  # chapter 10's explorer, alone
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        'from ffnn_course.widgets import explorer\nexplorer("optimizer_paths")')],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}})
    nbformat.write(nb, notebooks / "optimizer_paths.ipynb")
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(work / "config"),
               JUPYTERLAB_SETTINGS_DIR=str(work / "settings"),
               JUPYTER_RUNTIME_DIR=str(work / "runtime"),
               JUPYTERLAB_WORKSPACES_DIR=str(work / "workspaces"),
               FFNN_COURSE_NO_PROGRESS="1", PYTHONHASHSEED="0")
    port = _free_port()
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
               f"--port={port}", "--IdentityProvider.token=", "--ServerApp.password=",
               "--ServerApp.disable_check_xsrf=True",   # loopback only: REST calls of the test
               f"--ServerApp.root_dir={notebooks}",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = open(work / "server.log", "w")
    proc = subprocess.Popen(command, cwd=notebooks, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "api/status", timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("jupyter lab exited:\n" + (work / "server.log").read_text())
                time.sleep(0.2)
        else:
            pytest.fail("jupyter lab did not answer within 60 s")
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)          # the server and the kernels it started
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="module", autouse=True)
def _dialog_log():
    """The dialogs JupyterLab put up during the module, for the artifacts (normally none)."""
    yield
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "dialogs.txt").write_text("".join(d + "\n" for d in DIALOGS) or "none\n")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _run_all(page) -> None:
    """Run → Run All Cells, and make sure every cell was queued (the front ends render only
    the cells near the viewport, so callers wait for what they need with :func:`_scroll_to`).

    Should cells still be dropped (seen before kernels were started ahead, see
    :func:`_start_kernel`: cell 1 ran, the rest went back to ``[ ]``), then until every
    rendered cell shows ``[*]`` or a number, wait for an idle kernel and run all again
    (three tries; :func:`_scroll_to` then reports the prompts).
    """
    for _ in range(3):
        _answer_dialogs(page)
        try:
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click(timeout=15_000)
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click(
                timeout=15_000)
        except Exception:  # noqa: BLE001 - a dialog opened in between: answer it, try again
            page.keyboard.press("Escape")
            continue
        page.wait_for_timeout(500)
        _answer_dialogs(page)
        try:
            page.wait_for_function(
                "() => { const p = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
                ".map(e => e.textContent.trim()); "
                "return p.length > 0 && p.every(t => /\\[(\\*|\\d+)\\]/.test(t)); }",
                timeout=45_000)
            return
        except Exception:  # noqa: BLE001 - tried again below
            _wait_for_idle_kernel(page)


def _answer_dialogs(page) -> bool:
    """Answer any dialog JupyterLab put up with its default button, as a student would, and
    wait until it has gone (a dialog still closing must not be answered twice: answering
    "Select Kernel" starts a new kernel each time).  True if there was one."""
    answered = False
    for _ in range(3):
        dialog = page.locator(".jp-Dialog").first
        if not (page.locator(".jp-Dialog").count() and dialog.is_visible()):
            break
        title = (dialog.locator(".jp-Dialog-header").text_content() or "").strip()
        body = (dialog.locator(".jp-Dialog-body").text_content() or "").strip()
        DIALOGS.append(f"{title}: {body[:120]}")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"dialog-{len(DIALOGS)}.png"))
        accept = dialog.locator("button.jp-mod-accept")
        reject = dialog.locator("button.jp-mod-reject")
        if "Select Kernel" in title and reject.count() and \
                (reject.first.text_content() or "").strip() == "Cancel":
            # The notebook has its kernel (JupyterLab labels this button "No Kernel" when it
            # has none): keep it.  Accepting would change the kernel, and on a busy machine
            # each new kernel brought the dialog back (a CI-like run changed kernels ten
            # times, 10 s apart, and lost two minutes).
            reject.first.click()
        elif accept.count():
            accept.first.click()
        else:
            page.keyboard.press("Escape")
        try:
            dialog.wait_for(state="detached", timeout=10_000)
        except Exception:  # noqa: BLE001 - counted in the next round
            pass
        answered = True
    return answered


#: The titles of the dialogs answered, for failure messages.
DIALOGS: list[str] = []


def _wait_for_idle_kernel(page) -> None:
    """Until the notebook's kernel has started and is idle (at most 2 min)."""
    try:
        page.wait_for_function(
            "() => !!document.querySelector('[data-status=\"idle\"]') || /\\bIdle\\b/.test("
            "(document.querySelector('#jp-main-statusbar') || {}).textContent || '')",
            timeout=120_000)
    except Exception:  # noqa: BLE001 - no kernel status shown: go on
        pass


def _prompts(page) -> str:
    """What the rendered cells show: their prompts and any error, for a failure message."""
    return page.evaluate("""() => {
      const cells = [...document.querySelectorAll('.jp-CodeCell')];
      const prompts = cells.map(c => (c.querySelector('.jp-InputPrompt') || {}).textContent || '?');
      const errors = [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type*="error"], .jp-RenderedText[data-mime-type*="stderr"]')]
        .map(e => e.textContent.trim().slice(0, 300));
      return 'prompts: ' + prompts.map(p => p.trim()).join(' ') + (errors.length ? ' errors: ' + errors.join(' | ') : '');
    }""")


def _scroll_to(page, selector: str, timeout: float = 180.0):
    """Scroll the notebook down and up until ``selector`` is rendered; return a locator."""
    end = time.monotonic() + timeout
    direction = 1
    while time.monotonic() < end:
        if _answer_dialogs(page):          # a new kernel: its cells have not run
            _wait_for_idle_kernel(page)
            _run_all(page)
        if page.locator(selector).count():
            target = page.locator(selector).first
            target.scroll_into_view_if_needed()
            return target
        at_end = page.evaluate("""d => { const el = [...document.querySelectorAll(
              '.jp-WindowedPanel-outer, .jp-NotebookPanel-notebook, .jp-Notebook')]
              .find(e => e.scrollHeight > e.clientHeight + 5);
            if (!el) return true;
            el.scrollTop += d * 0.8 * el.clientHeight;
            return d > 0 ? el.scrollTop + el.clientHeight >= el.scrollHeight - 2
                         : el.scrollTop <= 0; }""", direction)
        if at_end:
            direction = -direction
        page.wait_for_timeout(300)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "failed-scroll-to.png"))
    pytest.fail(f"{selector} did not appear within {timeout:.0f} s ({_prompts(page)}; "
                f"dialogs answered: {DIALOGS})")


def _start_kernel(base: str, path: str) -> None:
    """Start the notebook's kernel through the server's REST API (a session for ``path``).

    The front end then finds the session and connects to it.  Left to itself, JupyterLab
    starts the kernel when the page opens, and on a busy machine that went wrong in full
    test runs: the start failed or found no kernel specs yet, JupyterLab put up "Select
    Kernel", and each answer started another kernel and shut the one the page used down
    (server log: six kernels in four seconds), dropping the queued cells.  A student who
    re-opens a notebook whose kernel runs meets this same state.
    """
    request = urllib.request.Request(
        base + "api/sessions", method="POST", headers={"Content-Type": "application/json"},
        data=json.dumps({"path": path, "name": path, "type": "notebook",
                         "kernel": {"name": "python3"}}).encode())
    with urllib.request.urlopen(request, timeout=120) as answer:
        assert json.load(answer)["kernel"]["id"]


def _open(page, base: str, path: str, front: str = "lab") -> None:
    """Start ``path``'s kernel, then open the notebook alone in ``front`` ("lab" or
    "notebooks"; ``?reset``: not the other notebooks of JupyterLab's workspace)."""
    _start_kernel(base, path)
    url = f"{base}lab/tree/{path}?reset" if front == "lab" else f"{base}notebooks/{path}"
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook .jp-Cell", state="attached", timeout=60_000)
    page.wait_for_function("() => document.querySelector('.jp-Notebook-ExecutionIndicator, "
                           ".jp-KernelStatus, #jp-main-statusbar') !== null", timeout=60_000)
    _wait_for_idle_kernel(page)          # a Run All sent before that can be lost


#: Overlaps and cut-offs inside an explorer: controls against each other, the parts of
#: each control (label, slider, value box, drop-down) against each other, and every part
#: inside the explorer's box with its text not clipped.
LAYOUT_JS = """root => {
  const box = root.getBoundingClientRect(), problems = [];
  const r = e => e.getBoundingClientRect();
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
                            Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  const name = e => (e.className || e.tagName) + ' "' + (e.textContent || '').trim().slice(0, 20) + '"';
  const controls = [...root.querySelectorAll('.widget-gridbox > .jupyter-widgets')];
  controls.forEach((a, i) => controls.slice(i + 1).forEach(b => {
    if (overlap(r(a), r(b))) problems.push('controls overlap: ' + name(a) + ' / ' + name(b)); }));
  controls.forEach(c => {
    const parts = [...c.querySelectorAll('.widget-label, .slider-container, .widget-readout, select')]
      .filter(e => e.offsetParent !== null);
    parts.forEach((a, i) => parts.slice(i + 1).forEach(b => {
      if (!a.contains(b) && !b.contains(a) && overlap(r(a), r(b)))
        problems.push('overlap inside a control: ' + name(a) + ' / ' + name(b)); }));
    parts.forEach(p => {
      const q = r(p);
      if (q.left < box.left - 1 || q.right > box.right + 1) problems.push('cut off: ' + name(p));
      if (p.matches('.widget-label, .widget-readout') && p.scrollWidth > p.clientWidth + 1)
        problems.push('text clipped: ' + name(p));
    });
  });
  return {problems, controls: controls.length, width: box.width};
}"""


def _explorer(page):
    return _scroll_to(page, ".jp-OutputArea-output .widget-vbox:has(.widget-gridbox)")


def _state(page, root) -> dict:
    return root.evaluate("""root => ({
      numbers: [...root.querySelectorAll('code[data-key]')].map(e => e.textContent).join(' '),
      image: (root.querySelector('img') || {}).src || ''})""")


def _wait_for_redraw(page, root, before: dict) -> dict:
    """Wait until the figure and the readouts both differ from ``before``; return the new state.

    The figure and the readouts are two outputs of one redraw and reach the page one after
    the other, in either order, so each is waited for on its own.
    """
    page.wait_for_function("([root, old]) => (root.querySelector('img') || {}).src !== old",
                           arg=[root.element_handle(), before["image"]], timeout=30_000)
    try:
        page.wait_for_function(
            "([root, old]) => [...root.querySelectorAll('code[data-key]')]"
            ".map(e => e.textContent).join(' ') !== old",
            arg=[root.element_handle(), before["numbers"]], timeout=30_000)
    except Exception:  # noqa: BLE001 - the caller's assertion says what went wrong
        pass
    return _state(page, root)


def _check_layout(page, root, label: str) -> None:
    for width in (1280, 800):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(400)
        root.scroll_into_view_if_needed()
        layout = root.evaluate(LAYOUT_JS)
        root.screenshot(path=str(SHOTS / f"{label}-{width}.png"))
        assert layout["controls"] >= 3, layout
        assert not layout["problems"], f"{label} at {width} px: {layout['problems']}"


@pytest.mark.parametrize("notebook", sorted(CHAPTERS))
def test_explorer_in_jupyterlab(server, browser, notebook):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _open(page, server, notebook)
    _run_all(page)
    root = _explorer(page)
    page.wait_for_function("root => root.querySelector('img') && "
                           "root.querySelector('code[data-key]')", arg=root.element_handle(),
                           timeout=60_000)
    assert page.locator("text=Error displaying widget").count() == 0
    _check_layout(page, root, "lab-" + notebook[:-6])
    page.set_viewport_size({"width": 1280, "height": 900})
    # keyboard: ArrowRight on the first slider's handle
    before = _state(page, root)
    root.locator(".noUi-handle").first.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight" if CHAPTERS[notebook] != "softmax" else "ArrowLeft")
    after = _wait_for_redraw(page, root, before)
    assert after["numbers"] != before["numbers"], "the readouts did not change"
    # typing into the second slider's value
    readout = root.locator(".widget-readout").nth(1)
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    typed = _wait_for_redraw(page, root, after)
    assert root.locator(".widget-readout").nth(1).text_content().strip().startswith("2")
    assert typed["numbers"] != after["numbers"], "the readouts did not change"
    page.close()


def test_optimizer_explorer_in_jupyterlab(server, browser):
    """Chapter 10's explorer: a drop-down list and a log slider beside the sliders."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _open(page, server, "optimizer_paths.ipynb")
    _run_all(page)
    root = _explorer(page)
    page.wait_for_function("root => root.querySelector('img') && "
                           "root.querySelector('code[data-key]')", arg=root.element_handle(),
                           timeout=60_000)
    assert page.locator("text=Error displaying widget").count() == 0
    _check_layout(page, root, "lab-optimizer_paths")
    before = _state(page, root)
    root.locator("select").first.select_option(label="Adam")
    after = _wait_for_redraw(page, root, before)
    assert after["numbers"] != before["numbers"], "the readouts did not change"
    page.close()


def test_explorer_in_notebook7(server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _open(page, server, "04_softmax.ipynb", front="notebooks")
    _run_all(page)
    root = _explorer(page)
    page.wait_for_function("root => root.querySelector('img')", arg=root.element_handle(),
                           timeout=60_000)
    assert page.locator("text=Error displaying widget").count() == 0
    _check_layout(page, root, "nb7-04_softmax")
    page.close()


def _prompt(cell) -> str:
    return cell.query_selector(".jp-InputPrompt").text_content().strip()


def _run_cell(page, cell) -> None:
    """Run one cell (an element handle) with Shift+Enter and wait for its new prompt."""
    before = _prompt(cell)
    cell.scroll_into_view_if_needed()
    cell.query_selector(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    page.wait_for_function("""([el, old]) => {
        const t = el.querySelector('.jp-InputPrompt').textContent.trim();
        return t !== old && !t.includes('*') && /\\d/.test(t); }""",
                           arg=[cell, before], timeout=120_000)


def test_an_exercise_gives_feedback_in_jupyterlab(server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _open(page, server, "exercise_" + EXERCISE)
    _run_all(page)                               # set-up cells; unanswered checks say so
    check = _scroll_to(page, ".jp-CodeCell:has(.jp-InputArea:has-text('check.matrix_example'))")
    check = check.element_handle()
    answer = page.locator(".jp-CodeCell:has(.jp-InputArea:has-text('a1 = None'))").first
    answer = answer.element_handle()
    for text, mark in (("a1 = x @ M1.T\na2 = 1.0", "✗"), ("a1 = x @ M1\na2 = a1 @ M2", "✓")):
        answer.scroll_into_view_if_needed()
        answer.query_selector(".cm-content").click()
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
        _run_cell(page, answer)
        _run_cell(page, check)
        feedback = check.query_selector(".jp-OutputArea-output").text_content()
        page.screenshot(path=str(SHOTS / f"lab-exercise-{'right' if mark == '✓' else 'wrong'}.png"))
        assert mark in feedback and "matrix_example" in feedback, feedback
    page.close()
