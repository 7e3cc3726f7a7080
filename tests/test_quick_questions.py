"""The quick questions at the end of the chapter pages (``ffnn_course.quiz``, rendered by
``book/_ext/quick_questions.py`` and checked in the page by
``book/assets/quick_questions/quick-questions.js``).

* Unit tests: every numeric answer is recomputed independently (with
  :mod:`ffnn_course.references` or a finite difference) and compared; every computed
  mistake is told apart from the answer; every option of a multiple-choice question has
  feedback, and exactly one is right; no answer repeats a number the chapter prints.
* Browser tests (Debian's chromium through playwright; skipped when either is missing):
  every answer of every question of every chapter tried in a bare page that holds the
  extension's HTML, script and style, reading the feedback; the same page at 390 px with
  each question's longest feedback shown, none wider than the screen.  In the built book,
  each question is answered once wrong and once right on a phone by
  tests/test_phone_weight_a11y.py, during its one visit of every page.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from ffnn_course import references as ref
from ffnn_course.quiz import CHAPTERS, questions

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "book" / "assets" / "quick_questions"


def _cd(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


def _adagrad_second_step():
    v = 2.0 ** 2 + 2.0 ** 2
    return 0.1 * 2.0 / np.sqrt(v)


def _momentum_long_run(steps=400):
    w, u = 0.0, 0.0
    for _ in range(steps):
        w_new, u = ref.momentum_step(w, u, 1.0, 1.0, 0.9)
        step, w = w - w_new, w_new
    return step


def _delta_o(out, t):
    return (out - t) * out * (1 - out)


#: Every numeric answer, recomputed independently of ffnn_course.quiz.
RECOMPUTED = {
    "ch02-neuron": lambda: float(ref.sigmoid(0.5 * 2 - 1.0 * 0.5 + 0.2)),
    "ch02-slope": lambda: float(max(_cd(ref.sigmoid, a) for a in np.linspace(-3, 3, 601))),
    "ch03-count": lambda: ref.count_parameters([4, 5, 3]),
    "ch03-forward": lambda: float(ref.dense_forward(
        [[2.0, -1.0]], [0.5],
        ref.dense_forward([[1.0, -1.0], [0.5, 0.5]], [0.0, -1.0], [1.0, 2.0]))[0]),
    "ch04-softmax": lambda: float(ref.softmax([2.0, 0.0, -1.0])[0]),
    "ch05-step": lambda: ref.gd_step(1.0, 0.0, _cd(lambda w: (w - 3) ** 2, 1.0), 0.0, 0.1)[0],
    "ch06-inner": lambda: _cd(lambda w: ref.sigmoid(w * 2.0), 0.5),
    "ch06-square": lambda: _cd(lambda x: (3 * x + 1) ** 2, 1.0),
    "ch07-delta": lambda: float(ref.hidden_delta([[0.5, -1.0]], [0.2], np.array([0.0, 1.0]))[1]),
    "ch08-weight": lambda: _delta_o(0.6, 1.0) * 0.5,
    "ch08-bias": lambda: _delta_o(0.6, 1.0),
    "ch09-loss": lambda: ref.cross_entropy(np.array([[0.7, 0.2, 0.1]]), np.array([[0, 1, 0]])),
    "ch09-grad": lambda: _cd(lambda a1: -ref.log_softmax(
        np.log([0.7, 0.2, 0.1]) + np.array([0.0, a1, 0.0]))[1], 0.0),
    "ch10-momentum": _momentum_long_run,
    "ch10-adam": lambda: -ref.adam_step(0.0, 0.0, 0.0, 0.02, 1, 0.0025, 0.9, 0.999, 1e-8)[0],
    "ch10-adagrad": _adagrad_second_step,
    "ch11-updates": lambda: ref.updates_per_epoch(1000, 64),
    "ch11-decay": lambda: ref.step_decay(25, 0.1, 0.5, 10),
    "ch12-xavier": lambda: ref.xavier_bound(100, 50),
    "ch12-tanh": lambda: float(ref.tanh_derivative(0.5)),
    "ch13-l2": lambda: ref.l2_gradient(0.3, 3.0, 0.01),
}

ALL = [(n, q) for n in CHAPTERS for q in questions(n)]
NUMERIC = [q for _, q in ALL if q["kind"] == "numeric"]
CHOICE = [q for _, q in ALL if q["kind"] == "choice"]


# ----- unit tests --------------------------------------------------------------------------
@pytest.mark.parametrize("chapter", list(CHAPTERS))
def test_every_chapter_has_three_or_four_questions_of_both_kinds(chapter):
    qs = questions(chapter)
    assert 3 <= len(qs) <= 4
    assert {q["kind"] for q in qs} == {"numeric", "choice"}
    assert all(q["id"].startswith(f"ch{chapter:02d}-") for q in qs)
    assert questions(f"ch{chapter:02d}") == qs


def test_ids_are_unique_and_every_numeric_answer_is_recomputed():
    ids = [q["id"] for _, q in ALL]
    assert len(ids) == len(set(ids))
    assert {q["id"] for q in NUMERIC} == set(RECOMPUTED)


@pytest.mark.parametrize("q", NUMERIC, ids=lambda q: q["id"])
def test_numeric_answer_matches_an_independent_computation(q):
    expected = float(RECOMPUTED[q["id"]]())
    assert abs(q["answer"] - expected) <= max(1e-6 * abs(expected), 1e-8)
    assert q["answer"] != pytest.approx(-q["answer"]) or q["answer"] == 0


@pytest.mark.parametrize("q", NUMERIC, ids=lambda q: q["id"])
def test_numeric_mistakes_are_told_apart_and_explained(q):
    assert q["tol"] > 0 and q["explain"] and q["hint"]
    assert q["mistakes"], "every numeric question diagnoses at least one mistake"
    values = [q["answer"]] + [m["value"] for m in q["mistakes"]]
    for i, a in enumerate(values):
        assert np.isfinite(a)
        for b in values[i + 1:]:
            assert abs(a - b) > 2 * q["tol"], f"{q['id']}: {a} and {b} are within 2·tol"
    for m in q["mistakes"]:
        assert len(m["feedback"]) > 15


@pytest.mark.parametrize("q", CHOICE, ids=lambda q: q["id"])
def test_choice_has_one_right_option_and_feedback_for_every_option(q):
    assert 3 <= len(q["options"]) <= 5
    assert sum(o["correct"] for o in q["options"]) == 1
    texts = [o["text"] for o in q["options"]]
    assert len(set(texts)) == len(texts)
    for o in q["options"]:
        assert len(o["feedback"]) > 15, o


def _printed_numbers(notebook: Path) -> str:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            for key in ("text/plain", "text/html", "text/latex"):
                out.append("".join(data.get(key, "")))
            out.append("".join(o.get("text", "")))
    return "\n".join(out)


@pytest.mark.parametrize("chapter", list(CHAPTERS))
def test_no_answer_repeats_a_number_the_chapter_prints(chapter):
    notebooks = sorted((ROOT / "book").glob(f"{chapter:02d}_*.ipynb"))
    assert len(notebooks) == 1
    printed = _printed_numbers(notebooks[0])
    for q in questions(chapter):
        if q["kind"] != "numeric" or float(q["answer"]).is_integer():
            continue
        for digits in (4, 6):
            text = f"{q['answer']:.{digits}f}"
            assert not re.search(re.escape(text) + r"(?!\d)", printed), \
                f"{q['id']}: the chapter prints {text}"


def test_the_right_option_is_not_always_in_the_same_place():
    places = [[o["correct"] for o in q["options"]].index(True) for q in CHOICE]
    assert len(set(places)) >= 3, places


def test_unknown_chapter_is_refused_by_name():
    for bad in (1, 14, "chXX", None):
        with pytest.raises(ValueError, match="chapter"):
            questions(bad)


def test_the_extension_renders_labels_live_regions_and_no_answer_text():
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    try:
        from quick_questions import render
    finally:
        sys.path.pop(0)
    for n in CHAPTERS:
        page = render(f"ch{n:02d}")
        qs = questions(n)
        assert page.count('aria-live="polite"') == len(qs)
        for q in qs:
            if q["kind"] == "numeric":
                assert f'<label for="{q["id"]}-input">' in page
                assert f'id="{q["id"]}-input"' in page
            else:
                assert page.count(f'name="{q["id"]}"') == len(q["options"])
        assert "http" not in page and "<script" not in page


# ----- in a browser ------------------------------------------------------------------------
CHROMIUM = os.environ.get("FFNN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"chromium not found ({CHROMIUM}): `apt-get install -y chromium`")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="PyPI playwright is needed (requirements.txt)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _feedback(page, q):
    box = page.locator(f'#{q["id"]} .qq-feedback')
    box.wait_for(state="visible")
    return box.inner_text()


def _answer(page, q, value):
    form = page.locator(f'#{q["id"]}')
    if q["kind"] == "numeric":
        form.locator("input").fill(value)
    else:
        form.locator(f'input[value="{value}"]').check()
    form.locator("button").click()
    return _feedback(page, q)


def _exercise_all(page, qs, width):
    """Answer each question wrong (every diagnosed mistake, every wrong option), then right."""
    for q in qs:
        if q["kind"] == "numeric":
            assert "Type a number" in _answer(page, q, "abc")
            for m in q["mistakes"]:
                text = _answer(page, q, repr(m["value"]))
                assert text.startswith("✗") and m["feedback"] in text, (q["id"], text)
            far = q["answer"] + 1000 * q["tol"] + 1.2345
            if all(abs(far - m["value"]) > q["tol"] for m in q["mistakes"]):
                assert q["hint"] in _answer(page, q, repr(far))
            right = f"{q['answer']:.6g}".replace("-", "−")      # typed with a Unicode minus
            text = _answer(page, q, right)
            assert text.startswith("✓") and q["explain"] in text, (q["id"], text)
        else:
            for k, o in enumerate(q["options"]):
                text = _answer(page, q, str(k))
                assert text.startswith("✓" if o["correct"] else "✗"), (q["id"], text)
                assert o["feedback"] in text
        box = page.locator(f'#{q["id"]}').bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (q["id"], box)


def _exercise_once(page, qs, width):
    """In the built page: each question answered once wrong (its first diagnosed mistake or
    first wrong option) and once right; every answer is tried in the bare page above."""
    for q in qs:
        if q["kind"] == "numeric":
            m = q["mistakes"][0]
            text = _answer(page, q, repr(m["value"]))
            assert text.startswith("✗") and m["feedback"] in text, (q["id"], text)
            right = f"{q['answer']:.6g}".replace("-", "−")
            text = _answer(page, q, right)
            assert text.startswith("✓") and q["explain"] in text, (q["id"], text)
        else:
            k_wrong = next(k for k, o in enumerate(q["options"]) if not o["correct"])
            k_right = next(k for k, o in enumerate(q["options"]) if o["correct"])
            for k in (k_wrong, k_right):
                text = _answer(page, q, str(k))
                o = q["options"][k]
                assert text.startswith("✓" if o["correct"] else "✗"), (q["id"], text)
                assert o["feedback"] in text
        box = page.locator(f'#{q["id"]}').bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (q["id"], box)


def _bare_page(tmp_path) -> Path:
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    try:
        from quick_questions import render
    finally:
        sys.path.pop(0)
    for name in ("quick-questions.js", "quick-questions.css"):
        shutil.copy(ASSETS / name, tmp_path / name)
    body = "".join(f"<h2>Chapter {n}</h2>" + render(n) for n in CHAPTERS)
    (tmp_path / "qq.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<link rel='stylesheet' href='quick-questions.css'>"
        "<script src='quick-questions.js'></script></head><body>" + body + "</body></html>",
        encoding="utf-8")
    return tmp_path / "qq.html"


def _open_bare(browser, tmp_path, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: errors.append(f"request {r.url}")
            if not r.url.startswith("file:") else None)
    page.goto(_bare_page(tmp_path).as_uri())
    return context, page, errors


def test_every_question_in_a_bare_page(browser, tmp_path):
    """Every answer of every question: each diagnosed mistake, a far-off number, each wrong
    option, the right answer (the answers do not depend on the width)."""
    context, page, errors = _open_bare(browser, tmp_path, 1280)
    _exercise_all(page, [q for _, q in ALL], 1280)
    assert not errors, errors
    context.close()


def test_every_question_fits_a_phone_in_a_bare_page(browser, tmp_path):
    """At 390 px: no question wider than the screen, also with its longest feedback shown."""
    context, page, errors = _open_bare(browser, tmp_path, 390)
    for q in (q for _, q in ALL):
        if q["kind"] == "numeric":
            longest = max(q["mistakes"], key=lambda m: len(m["feedback"]))["value"]
            _answer(page, q, repr(longest))
        else:
            _answer(page, q, str(max(range(len(q["options"])),
                                     key=lambda k: len(q["options"][k]["feedback"]))))
        box = page.locator(f'#{q["id"]}').bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1, (q["id"], box)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390 + 1
    assert not errors, errors
    context.close()
