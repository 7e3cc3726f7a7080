"""The checks' named diagnoses (ffnn_course.checks): every listed mistake, computed by the
check's own Mistake.answer, gets its own message; hints point to the chapter; wrong answers
never print the right value; multi-part answers are judged part by part."""

import inspect
import re

import numpy as np
import pytest

from ffnn_course.checks import check
from ffnn_course.checks.engine import CHECKS
from test_checks import all_cases, is_choice


@pytest.fixture(autouse=True)
def _seeded():
    old = check.seed
    check.seed = 12345
    yield
    check.seed = old


def _params(name):
    return list(inspect.signature(CHECKS[name]).parameters)[1:]


def _is_function_check(name):
    return _params(name) == ["fn"]


def _answer_with(name, mistake):
    """The wrong answer that the mistake describes, as arguments of the check."""
    right = list(all_cases()[name][0])
    if _is_function_check(name):
        return [mistake.answer]
    if name in ("exp_chain_sympy", "sigmoid_derivative_sympy"):
        return [mistake.answer(right[1]), right[1]]
    params = _params(name)
    group = params if mistake.part is None else mistake.part
    values = mistake.answer()
    if isinstance(group, str):
        group, values = [group], [values]
    for part, value in zip(group, values):
        right[params.index(part)] = value
    return right


DIAGNOSED = [n for n in check.names() if check.mistakes(n)]


def test_most_checks_name_their_mistakes():
    assert len(DIAGNOSED) >= 30, sorted(set(check.names()) - set(DIAGNOSED))


@pytest.mark.parametrize("name", DIAGNOSED)
def test_every_mistake_gets_its_own_message(name):
    mistakes = check.mistakes(name)
    messages = [m.message for m in mistakes]
    assert len(set(messages)) == len(messages), messages
    for mistake in mistakes:
        verdict = check(name, *_answer_with(name, mistake))
        assert verdict.status == "wrong", (mistake.message, verdict)
        assert mistake.message.rstrip(".") in verdict.message, (mistake.message, verdict)
        # ... and no other mistake's message
        others = [m for m in messages if m != mistake.message]
        assert not any(m.rstrip(".") in verdict.message for m in others), verdict


@pytest.mark.parametrize("name", DIAGNOSED)
def test_hints_point_to_a_section(name):
    for mistake in check.mistakes(name):
        assert re.search(r"See “[^”]+” in chapter \d+\.", mistake.hint), (name, mistake)


VALUE_CHECKS = [n for n in check.names() if not _is_function_check(n) and not is_choice(n)
                and n not in ("exp_chain_sympy", "sigmoid_derivative_sympy", "choose_init",
                              "layer_shapes", "augmentation_keeps_label")]


def _numbers(x):
    return [float(v) for v in np.asarray(x, dtype=float).reshape(-1)]


@pytest.mark.parametrize("name", VALUE_CHECKS)
def test_wrong_answers_never_print_the_right_value(name):
    right = all_cases()[name][0]
    secrets = {f"{v:.6g}" for part in right for v in _numbers(part)
               if len(f"{abs(v):.6g}".replace(".", "").strip("0")) >= 4}
    wrongs = [[np.asarray(part, dtype=float) * 1.37 + 0.01 for part in right]]
    wrongs += [_answer_with(name, m) for m in check.mistakes(name)]
    for args in wrongs:
        verdict = check(name, *args)
        assert not verdict.passed
        text = verdict.message + verdict.hint
        assert not any(s in text for s in secrets), (verdict, secrets)


@pytest.mark.parametrize("name", check.names())
def test_correct_messages_do_not_restate_long_values(name):
    verdict = check(name, *all_cases()[name][0])
    assert verdict.passed, verdict
    assert not re.search(r"\d\.\d{4,}", verdict.message), verdict


MULTI_PART = [n for n in VALUE_CHECKS if len(_params(n)) > 1]


@pytest.mark.parametrize("name", MULTI_PART)
def test_partial_answers_are_partly_done(name):
    right = list(all_cases()[name][0])
    params = _params(name)
    for k in range(len(right)):
        partial = [None] * len(right)
        partial[k] = right[k]
        verdict = check(name, *partial)
        assert verdict.status == "partly done", verdict
        assert verdict.parts[params[k]] == "correct"
        assert all(verdict.parts[p] == "not attempted" for p in params if p != params[k])
        assert f"{params[k]} is right" in verdict.message, verdict


@pytest.mark.parametrize("name", MULTI_PART)
def test_each_part_is_judged_on_its_own(name):
    right = list(all_cases()[name][0])
    params = _params(name)
    for k in range(len(right)):
        one_wrong = list(right)
        one_wrong[k] = np.asarray(right[k], dtype=float) * 1.37 + 0.01
        verdict = check(name, *one_wrong)
        assert verdict.status == "wrong"
        assert verdict.parts[params[k]] == "wrong", verdict
        assert all(verdict.parts[p] == "correct" for p in params if p != params[k]), verdict


def test_function_checks_judge_each_returned_value():
    v = check.gd_step(lambda w, b, dw, db, lr: (w - lr * dw, b + lr * db))
    assert v.status == "wrong" and v.parts == {"w": "correct", "b": "wrong"}
    assert "w is right" in v.message


def test_stale_weights_are_named():
    """Chapter 8: using the updated w5, w7 for w1's gradient is diagnosed by name."""
    stale = next(m for m in check.mistakes("worked_w1") if "updated" in m.message)
    v = check.worked_w1(stale.answer(), None)
    assert v.status == "wrong" and "updated w5" in v.message
    assert v.parts["w1_new"] == "not attempted"


def _headings():
    import nbformat
    from pathlib import Path

    book = Path(__file__).resolve().parents[1] / "book"
    found = {}
    for path in book.glob("[0-9][0-9]_*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        found[int(path.name[:2])] = {line.lstrip("#").strip() for c in nb.cells
                                     if c.cell_type == "markdown"
                                     for line in c.source.splitlines() if line.startswith("#")}
    return found


def test_hints_point_to_sections_that_exist():
    """Every "See “section” in chapter N" of the checks names a heading of book/NN_*.ipynb."""
    from pathlib import Path

    import ffnn_course.checks as checks

    headings = _headings()
    pointers = []
    for path in Path(checks.__file__).parent.glob("ch*.py"):
        source = path.read_text(encoding="utf-8")
        chapter = int(re.search(r"^CHAPTER = (\d+)$", source, re.M).group(1))
        for number, section in re.findall(r'see\((CHAPTER|\d+), "((?:[^"\\]|\\.)*)"\)', source):
            section = section.encode().decode("unicode_escape").encode("latin-1").decode()
            pointers.append((chapter if number == "CHAPTER" else int(number), section))
    assert len(pointers) > 40
    missing = [(n, s) for n, s in pointers if s not in headings.get(n, set())]
    assert not missing, missing
