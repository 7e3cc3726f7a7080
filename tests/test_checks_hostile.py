"""Hostile answers cannot fool the exercise checker (ffnn_course.checks): whatever is passed,
a check returns a Verdict and never raises, and no disguised form of the right answer
(complex values, numbers written as text, non-integral sizes) and no exception of any kind
is marked correct.  Slow student functions get a verdict after the time limit."""

import threading
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ffnn_course.checks import Verdict, check
from ffnn_course.checks.answers import as_count, as_numbers
from ffnn_course.checks.engine import NotAttempted, Wrong
from test_checks import all_cases, is_choice
from test_checks_diagnoses import _is_function_check

NAMES = check.names()
VALUE_NAMES = [n for n in NAMES if not _is_function_check(n) and not is_choice(n)
               and n not in ("exp_chain_sympy", "sigmoid_derivative_sympy", "choose_init",
                            "augmentation_keeps_label")]
FUNCTION_NAMES = [n for n in NAMES if _is_function_check(n)]


@pytest.fixture(autouse=True)
def _fast():
    old = check.seed, check.trials
    check.seed, check.trials = 7, 2
    yield
    check.seed, check.trials = old


class _Unprintable(Exception):
    def __str__(self):
        raise RuntimeError("no str")


class _Hostile:
    """An answer whose every conversion raises."""

    def __str__(self):
        raise RuntimeError("no str")

    __repr__ = __str__

    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array")

    def __float__(self):
        raise RuntimeError("no float")

    def __len__(self):
        raise RuntimeError("no len")

    def __iter__(self):
        raise RuntimeError("no iter")


_EXCEPTIONS = [SystemExit(1), KeyboardInterrupt(), GeneratorExit(), _Unprintable(),
               RecursionError(), MemoryError(), ZeroDivisionError("x"), NotImplementedError()]


def _disguises(value):
    """Disguised forms of a right numeric answer; each must be refused."""
    arr = np.asarray(value, dtype=float)
    return st.sampled_from([
        arr + 0j,                                              # complex, zero imaginary part
        arr + 1e-3j,                                           # complex, imaginary part dropped?
        [str(v) for v in arr.reshape(-1)] if arr.size > 1 else str(float(arr)),
        [complex(v) for v in arr.reshape(-1)],
        np.array([str(v) for v in arr.reshape(-1)], dtype=object),
        [repr(v) for v in arr.reshape(-1)] + [None],
        "hostile",
        {"value": float(arr.reshape(-1)[0])},
    ])


_JUNK = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.complex_numbers(),
              st.text(max_size=5), st.builds(_Hostile), st.just(Ellipsis),
              st.sampled_from([np.datetime64("2020-01-01"), np.array(["1.0"]), np.ones((2, 3)),
                               np.full(3, np.nan), np.zeros(0), np.array([1 + 2j])])),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner),
                            st.dictionaries(st.text(max_size=3), inner, max_size=2)),
    max_leaves=8)


@pytest.mark.parametrize("name", VALUE_NAMES)
@settings(max_examples=15)
@given(data=st.data())
def test_disguised_right_values_are_refused(name, data):
    right = list(all_cases()[name][0])
    k = data.draw(st.integers(0, len(right) - 1))
    if name == "layer_shapes":
        hostile = data.draw(st.sampled_from([
            [(128.9, 784.2), (64, 128), (10, 64)], [(128, 784), (64.5, 128), (10, 64)],
            [("128", "784"), (64, 128), (10, 64)], [(128 + 0j, 784), (64, 128), (10, 64)],
            [(True, 784), (64, 128), (10, 64)], [(128, 784), (64, 128), "hostile"]]))
    else:
        hostile = data.draw(_disguises(right[k]))
        hostile = _Hostile() if isinstance(hostile, str) and hostile == "hostile" else hostile
    right[k] = hostile
    verdict = check(name, *right)
    assert isinstance(verdict, Verdict)
    assert not verdict.passed, (name, k, verdict)


def _right_function(name):
    return all_cases()[name][0][0]


@pytest.mark.parametrize("name", FUNCTION_NAMES)
@settings(max_examples=10)
@given(data=st.data())
def test_disguised_right_results_are_refused(name, data):
    right = _right_function(name)
    how = data.draw(st.sampled_from(["complex", "strings", "raise", "hostile", "junk"]))
    error = data.draw(st.sampled_from(_EXCEPTIONS))
    junk = data.draw(_JUNK)

    def student(*args):
        result = right(*args)
        if how == "complex":
            return np.asarray(result) + 1e-3j
        if how == "strings":
            return [str(v) for v in np.asarray(result, dtype=float).reshape(-1)]
        if how == "raise":
            raise error
        if how == "hostile":
            return _Hostile()
        return junk

    verdict = check(name, student)
    assert isinstance(verdict, Verdict)
    if how == "raise" and isinstance(error, NotImplementedError):
        assert verdict.status == "not attempted"
    else:
        assert not verdict.passed, (name, how, verdict)
    assert isinstance(repr(verdict), str) and isinstance(verdict._repr_html_(), str)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=10)
@given(junk=_JUNK, data=st.data())
def test_junk_never_raises_and_never_passes(name, junk, data):
    args = list(all_cases()[name][0])
    k = data.draw(st.integers(0, len(args) - 1))
    args[k] = junk
    verdict = check(name, *args)
    assert isinstance(verdict, Verdict)
    assert not verdict.passed, (name, k, junk, verdict)


@given(value=st.one_of(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6,
                                 max_value=1e6), st.integers(-10**6, 10**6)))
def test_counts_accept_whole_numbers_only(value):
    if float(value) == int(value):
        assert as_count(value, "n") == int(value)
    else:
        with pytest.raises(Wrong):
            as_count(value, "n")


@given(junk=_JUNK)
def test_coercion_returns_real_finite_numbers_or_refuses(junk):
    try:
        arr = as_numbers(junk, "x")
    except (Wrong, NotAttempted):
        return
    assert arr.dtype == np.float64 and np.all(np.isfinite(arr))


# ----- time limits -----------------------------------------------------------------------
def _slow_sigmoid(a):
    time.sleep(30)
    return 1 / (1 + np.exp(-a))


def _busy_sigmoid(a):
    end = time.perf_counter() + 30
    while time.perf_counter() < end:
        pass
    return a


def _stubborn_sigmoid(a):
    try:
        time.sleep(30)
    except BaseException:  # noqa: BLE001 - a student who swallows everything
        pass
    return 1 / (1 + np.exp(-a))


@pytest.mark.parametrize("fn", [_slow_sigmoid, _busy_sigmoid, _stubborn_sigmoid])
def test_slow_functions_get_a_prompt_verdict(fn, monkeypatch):
    monkeypatch.setattr(check, "time_limit", 0.5)
    start = time.perf_counter()
    verdict = check.sigmoid(fn)
    elapsed = time.perf_counter() - start
    assert verdict.status == "wrong" and "took longer than 0.5 s" in verdict.message
    assert elapsed < 3, elapsed


def test_time_limit_outside_the_main_thread(monkeypatch):
    """In a worker thread (no SIGALRM there) the check stops waiting after the limit."""
    monkeypatch.setattr(check, "time_limit", 0.5)
    box = {}
    start = time.perf_counter()
    worker = threading.Thread(target=lambda: box.setdefault("v", check.sigmoid(_slow_sigmoid)))
    worker.start()
    worker.join(10)
    assert time.perf_counter() - start < 3
    assert "took longer than 0.5 s" in box["v"].message


def test_a_fast_right_answer_is_not_slowed_down():
    start = time.perf_counter()
    assert check.sigmoid(lambda a: np.where(a >= 0, 1 / (1 + np.exp(-np.abs(a))),
                                            np.exp(-np.abs(a)) / (1 + np.exp(-np.abs(a))))).passed
    assert time.perf_counter() - start < 1


def test_numpy_warnings_are_seen_outside_the_main_thread():
    """The overflow of 1/(1 + e^{−a}) is reported from a worker thread too."""
    box = {}
    worker = threading.Thread(
        target=lambda: box.setdefault("v", check.sigmoid(lambda a: 1 / (1 + np.exp(-a)))))
    worker.start()
    worker.join(10)
    assert box["v"].status == "wrong" and "overflow" in box["v"].message + box["v"].hint


# ----- the examples of the issue, one by one -----------------------------------------------
def test_issue_examples():
    def raises_unprintable(a):
        raise _Unprintable()

    def exits(a):
        raise SystemExit(3)

    v = check.sigmoid(raises_unprintable)
    assert v.status == "wrong" and "cannot be printed" in v.message
    assert check.sigmoid(exits).status == "wrong"
    assert check.softmax_values(_Hostile()).status == "wrong"
    v = check.sigmoid(lambda a: 1 / (1 + np.exp(-np.asarray(a, dtype=complex))))
    assert v.status == "wrong" and "complex" in v.message
    v = check.softmax_values([str(v) for v in np.exp([0.32, 0.29, 0.85])
                              / np.exp([0.32, 0.29, 0.85]).sum()])
    assert v.status == "wrong" and "text" in v.message
    v = check.layer_shapes([(128.9, 784.2), (64, 128), (10, 64)])
    assert v.status == "wrong" and "whole number" in v.message
