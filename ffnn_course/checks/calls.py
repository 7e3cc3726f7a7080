r"""Calling the student's function safely: copies, a time limit, every exception caught.

Part of the checks' verdict engine (:mod:`ffnn_course.checks.engine`).

* :func:`call` calls the student's function on copies of its inputs, with a time
  limit (``check.time_limit`` seconds, 2 by
  default) and catching *every* exception, including ``SystemExit``,
  ``KeyboardInterrupt`` and exceptions whose ``str()`` raises.  The time limit uses
  a ``SIGALRM`` interval timer when the check runs in the main thread of a POSIX
  process and no other timer is set (a Jupyter kernel runs cells in its main
  thread), so a slow function is interrupted where it is.  Elsewhere (Windows, a
  worker thread, a timer already in use) the function runs in a daemon thread and
  the check stops waiting for it after the limit; the thread then finishes in the
  background.  Either way the verdict "took longer than N s" comes after about
  ``time_limit`` seconds.  A NumPy call that runs long in C code is interrupted
  only when it returns to Python.
* :func:`function_check` is the shared loop of the function checks: call the
  student's function on fresh random inputs, compare with the reference, diagnose
  with the computed mistakes, and on failure show the test input.
"""

from __future__ import annotations

import copy
import signal
import threading
import time
import warnings

import numpy as np

from .answers import (_close, _evaluate, as_number, as_numbers, compare, compare_parts, fmt,
                      missing)
from .engine import Mistake, NotAttempted, Wrong, describe, type_name

__all__ = ["call", "unpack", "function_check"]

# ----- calling the student's function -----------------------------------------------------
class _TimeLimit(BaseException):
    """Raised inside the student's function by the alarm (a BaseException, so that a
    student's ``except Exception`` cannot swallow it)."""


def _run(fn, args, limit):
    """Run ``fn(*args)`` within ``limit`` seconds: ``(result, error, warnings, timed_out)``.

    The warnings are recorded by the calling thread (``warnings.catch_warnings`` is not
    thread-safe, so a worker thread that outlives the limit must not hold one).
    """
    box = {"result": None, "error": None}

    def target():
        with np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
            try:
                box["result"] = fn(*args)
            except _TimeLimit:
                box["timeout"] = True
            except BaseException as err:  # noqa: BLE001 - SystemExit, KeyboardInterrupt too
                box["error"] = err

    use_alarm = (hasattr(signal, "setitimer") and limit
                 and threading.current_thread() is threading.main_thread()
                 and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if use_alarm:
            def alarm(signum, frame):
                raise _TimeLimit
            previous = signal.signal(signal.SIGALRM, alarm)
            try:
                signal.setitimer(signal.ITIMER_REAL, limit)
                try:
                    target()
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            except _TimeLimit:                     # the alarm fired outside the student's code
                box["timeout"] = True
            finally:
                signal.signal(signal.SIGALRM, previous)
        elif limit:
            thread = threading.Thread(target=target, daemon=True, name="ffnn-check")
            thread.start()
            thread.join(limit)
            if thread.is_alive():
                box["timeout"] = True
        else:
            target()
        found = [w for w in caught if issubclass(w.category, (RuntimeWarning, FloatingPointError))]
    timed_out = box.get("timeout", False) or bool(limit and time.perf_counter() - start > limit)
    return box["result"], box["error"], found, timed_out


def call(checker, fn, *args, what="your function"):
    """Call the student's ``fn`` on copies of ``args``; return ``(result, warning messages)``.

    Raises ``NotAttempted`` for a stub (``None`` or a function raising
    ``NotImplementedError``) and ``Wrong`` when ``fn`` is not callable, raises
    anything, returns None, or takes longer than ``checker.time_limit`` seconds.
    """
    if missing(fn):
        raise NotAttempted
    if not callable(fn):
        raise Wrong(f"expected a function, got {type_name(fn)} {fmt(fn)}.",
                    "Pass the function itself, without calling it: check.name(my_function).")
    copies = [a.copy() if isinstance(a, np.ndarray) else copy.deepcopy(a)
              if isinstance(a, (list, dict)) else a for a in args]
    result, error, caught, timed_out = _run(fn, copies, checker.time_limit)
    if timed_out:
        raise Wrong(f"{what} took longer than {checker.time_limit:g} s, so it was stopped.",
                    "The inputs are small: look for a loop that never ends or a very large "
                    "array. A vectorised NumPy expression takes microseconds.")
    if isinstance(error, NotImplementedError):
        raise NotAttempted
    if error is not None:
        raise Wrong(f"{what} raised {describe(error)}",
                    "Run your function on a small example in a cell of its own to see where "
                    "it fails.")
    if result is None:
        raise Wrong(f"{what} returned None.", "Did you forget the `return` statement?")
    messages = []
    for w in caught:
        try:
            messages.append(str(w.message))
        except BaseException:  # noqa: BLE001
            messages.append(type_name(w.message))
    return result, messages


def unpack(result, what: str, names):
    """The ``len(names)`` values a function returns, or a ``Wrong``."""
    n = len(names)
    try:
        ok = isinstance(result, (tuple, list)) and len(result) == n
    except BaseException:  # noqa: BLE001
        ok = False
    if not ok:
        raise Wrong(f"{what} should return {n} values ({', '.join(names)}), got {fmt(result)}.",
                    f"End with `return {', '.join(names)}`.")
    return tuple(result)


def function_check(checker, fn, cases, reference, what, *, names=None, mistakes=(), rtol=1e-6,
                   atol=1e-9, warn_hint=None, scalar=False, extra=None):
    """The shared loop of the function checks.

    For each tuple of inputs in ``cases``: call ``fn`` on copies of them (see
    :func:`call`), compare the result with ``reference(*inputs)`` (one value, or one
    per name of ``names`` for a function returning several), diagnose it with the
    computed ``mistakes`` (each ``Mistake.answer(*inputs)``), and on failure say for
    which inputs.  ``extra(inputs, result)`` may add checks of its own (e.g. NaN for
    large inputs); ``warn_hint`` refuses right values computed with a NumPy warning.
    """
    for inputs in cases:
        result, warns = call(checker, fn, *inputs, what=what)
        if extra is not None:
            extra(inputs, result)
        expected = reference(*inputs)
        wrong_values = [(_evaluate(lambda m=m: m.answer(*inputs)), m) for m in mistakes]
        shown = _inputs(what, inputs)
        try:
            if names is None:
                got = as_number(result, what) if scalar else result
                compare(got, expected, what, rtol=rtol, atol=atol,
                        mistakes=[(v, m.message, m.hint) for v, m in wrong_values],
                        shown=f"got {fmt(got)}, expected {fmt(expected)}")
            else:
                got = unpack(result, what, names)
                for v, m in wrong_values:      # a mistake that explains every wrong part
                    parts = _explains(got, expected, v, rtol, atol, names)
                    if v is not None and parts:
                        right = [n for n, s in parts.items() if s == "correct"]
                        raise Wrong(f"{', '.join(right)} {'is' if len(right) == 1 else 'are'} "
                                    f"right; {m.message}" if right else m.message, m.hint,
                                    parts=parts)
                compare_parts([(n, g, e) for n, g, e in zip(names, got, expected)],
                              rtol=rtol, atol=atol, shape_strict=True,
                              mistakes=[Mistake(m.message, lambda v=v, k=k: v[k], m.hint, n)
                                        for v, m in wrong_values if v is not None
                                        for k, n in enumerate(names)],
                              shown=lambda n, g: f"got {fmt(g)}, expected "
                                                 f"{fmt(expected[names.index(n)])}")
        except NotAttempted:
            raise Wrong(f"{what} returned None for some of its values.",
                        f"End with `return {', '.join(names or ['the result'])}`.") from None
        except Wrong as err:
            raise Wrong(f"{err.message.rstrip('.')}; {shown}.", err.hint, err.status,
                        err.parts) from None
        if warns and warn_hint:
            raise Wrong(f"the values are right, but NumPy warned “{warns[0]}”; {shown}.",
                        warn_hint)


def _inputs(what, inputs):
    """The test inputs, labelled with the parameter names of ``what`` ("f(a, b)")."""
    names = [n.strip() for n in what.partition("(")[2].rstrip(")").split(",")]
    if len(names) != len(inputs):
        names = [f"input {k + 1}" for k in range(len(inputs))]
    shown = []
    for name, v in zip(names, inputs):
        if callable(v):
            continue
        if isinstance(v, np.ndarray) and v.size > 12:
            shown.append(f"{name} of shape {v.shape}")
        else:
            shown.append(f"{name} = {fmt(v)}")
    return "test input: " + ", ".join(shown)


def _explains(got, expected, wrong, rtol, atol, names):
    """Each part's status if every part of ``got`` that is not right equals the mistake's part."""
    try:
        arrays = [as_numbers(g, "value") for g in got]
        bad = [k for k, (g, e) in enumerate(zip(arrays, expected)) if not _close(g, e, rtol, atol)]
        if not bad or not all(_close(arrays[k], wrong[k], rtol, atol) for k in bad):
            return None
    except (Wrong, NotAttempted, TypeError, IndexError):
        return None
    return {n: "wrong" if k in bad else "correct" for k, n in enumerate(names)}
