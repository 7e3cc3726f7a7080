r"""The verdict engine of the exercise checks: verdicts, answer coercion, safe calls, diagnoses.

Every check of the chapter modules (``ch02_sigmoid_neurons`` … ``ch13_regularisation``)
is a small function registered with :func:`register`; the engine turns it into a method
of :class:`Checker` that always returns a :class:`Verdict` and never raises.  The
pieces a check is built from:

* :func:`as_numbers`, :func:`as_number`, :func:`as_count`: the one coercion of an
  answer into real numbers.  It refuses what is not a real number, whatever the
  container: strings (also inside a list), complex values (whose imaginary part
  NumPy would silently drop), dicts, datetimes, non-finite values, and (for counts
  and shapes) numbers that are not whole.
* :func:`call`: calls the student's function on copies of its inputs, with a time
  limit (:attr:`Checker.time_limit` seconds) and catching *every* exception,
  including ``SystemExit``, ``KeyboardInterrupt`` and exceptions whose ``str()``
  raises.  The time limit uses a ``SIGALRM`` timer when the check runs in the main
  thread of a POSIX process (Jupyter runs cells there), so a slow function is
  stopped; elsewhere it runs the function in a daemon thread and stops waiting
  (the thread then finishes in the background).  Either way the verdict comes
  after about ``time_limit`` seconds.
* :class:`Mistake`: a likely mistake as a *computed* wrong answer (a function of the
  check's inputs), with its own message and a hint that points to the chapter's
  section, never to the answer.
* :func:`compare_parts`: compares a multi-part answer part by part; a part that is
  ``None`` is "not done yet", so a half-finished answer is *partly done*.
* :func:`function_check`: the shared loop "call the student's function on fresh
  random inputs, compare with the reference, diagnose, show the inputs on failure".

When an answer is wrong the message never shows the exercise's correct value (a
function check shows the random test input and what was expected *for it*, which
is a test case, not the exercise's answer).
"""

from __future__ import annotations

import copy
import html
import inspect
import math
import numbers
import signal
import threading
import time
import warnings
from typing import Callable, NamedTuple

import numpy as np

__all__ = ["Verdict", "Checker", "Mistake", "Wrong", "NotAttempted", "register", "as_numbers",
           "as_number", "as_count", "call", "compare", "compare_parts", "function_check",
           "fmt", "missing", "see", "unpack"]

_STATUS = {
    "correct": ("✓", "#1a7f37", "#e9f7ec"),
    "wrong": ("✗", "#b35900", "#fff4e5"),
    "partly done": ("◐", "#0b5cad", "#eaf2fb"),
    "not attempted": ("…", "#57606a", "#f3f4f6"),
}

NOT_ATTEMPTED = "not attempted yet: replace the stub with your answer, then run this cell again."


class Verdict:
    """The result of a check: ``passed``, ``status``, ``message``, ``hint`` and ``parts``.

    ``status`` is ``"correct"``, ``"wrong"``, ``"partly done"`` (some parts of a
    multi-part answer still missing, none wrong) or ``"not attempted"``.  ``parts``
    maps each part of a multi-part answer to its own status (empty otherwise).

    >>> v = Verdict("demo", "partly done", "h1 is right; h2 not done yet.",
    ...             parts={"h1": "correct", "h2": "not attempted"})
    >>> v.passed, v.parts["h2"]
    (False, 'not attempted')
    >>> print(repr(v))
    ◐ demo: h1 is right; h2 not done yet.
    """

    def __init__(self, name: str, status: str, message: str, hint: str = "", parts=None):
        if status not in _STATUS:
            raise ValueError(f"status must be one of {sorted(_STATUS)}, got {status!r}")
        self.name, self.status, self.message, self.hint = name, status, message, hint
        self.parts = dict(parts or {})

    @property
    def passed(self) -> bool:
        return self.status == "correct"

    def __repr__(self) -> str:
        text = f"{_STATUS[self.status][0]} {self.name}: {self.message}"
        return text + (f"\n  Hint: {self.hint}" if self.hint else "")

    def _repr_html_(self) -> str:
        symbol, colour, background = _STATUS[self.status]
        hint = (f'<br><span style="color:#24292f"><b>Hint:</b> {html.escape(self.hint)}</span>'
                if self.hint else "")
        return (f'<div class="ffnn-check ffnn-check-{self.status.replace(" ", "-")}" '
                f'style="border-left:4px solid {colour};background:{background};'
                f'padding:0.4em 0.8em;margin:0.3em 0;color:#24292f">'
                f'<b style="color:{colour}">{symbol} {html.escape(self.name)}</b>: '
                f'{html.escape(self.message)}{hint}</div>')


class Wrong(Exception):
    """Raised inside a check: the answer is wrong (``status`` may be ``"partly done"``)."""

    def __init__(self, message: str, hint: str = "", status: str = "wrong", parts=None):
        super().__init__(message)
        self.message, self.hint, self.status, self.parts = message, hint, status, parts


class NotAttempted(Exception):
    """Raised inside a check: the answer is still the stub."""


class Mistake(NamedTuple):
    """A likely mistake, found by computing it.

    ``answer`` computes the wrong answer from the check's inputs: for a function
    check it takes the same arguments as the student's function (so it *is* the
    wrong student function), for a value check it takes none.  ``part`` names the
    part of a multi-part value answer it concerns (None: the whole answer, a tuple
    of all parts).  ``hint`` points to the chapter's section, not to the answer.
    """

    message: str
    answer: Callable
    hint: str = ""
    part: str | tuple | None = None


# ----- printing and coercing answers ------------------------------------------------------
def fmt(x) -> str:
    """A short printable form of any object (never raises)."""
    try:
        arr = np.asarray(x)
        if arr.dtype.kind in "biuf":
            arr = arr.astype(np.float64)
            if arr.ndim == 0:
                return f"{float(arr):.6g}"
            return np.array2string(arr, precision=6, separator=", ", threshold=12)
    except BaseException:  # noqa: BLE001 - hostile __array__, __len__, ...
        pass
    try:
        text = repr(x)
    except BaseException:  # noqa: BLE001 - a __repr__ that raises
        return f"<a {_type_name(x)} that cannot be printed>"
    return text if len(text) < 80 else text[:77] + "..."


def _type_name(x) -> str:
    try:
        return str(type(x).__name__)
    except BaseException:  # noqa: BLE001
        return "object"


def missing(x) -> bool:
    """True for the student stubs' placeholders ``None`` and ``...``."""
    return x is None or x is Ellipsis


def _refuse_element(e, what):
    if isinstance(e, (str, bytes)):
        raise Wrong(f"{what} contains text ({fmt(e)}); expected numbers.",
                    "Compute the values in Python rather than typing them as text.")
    if isinstance(e, (complex, np.complexfloating)):
        raise Wrong(f"{what} contains a complex number ({fmt(e)}); expected real numbers.",
                    "Something produced a complex value (e.g. a square root or a power of a "
                    "negative number); real inputs should give real outputs.")
    if not isinstance(e, (numbers.Real, np.bool_)):
        raise Wrong(f"{what} contains a {_type_name(e)} ({fmt(e)}); expected numbers.")


def as_numbers(x, what: str) -> np.ndarray:
    """The answer ``x`` as a float64 array of real, finite numbers, or a :class:`Wrong` saying why not.

    >>> as_numbers([0.5, 1], "y")
    array([0.5, 1. ])
    >>> try:
    ...     as_numbers(["0.2", "0.8"], "y")
    ... except Wrong as err:
    ...     print(err.message)
    y contains text ('0.2'); expected numbers.
    """
    if missing(x):
        raise NotAttempted
    if isinstance(x, (str, bytes)):
        raise Wrong(f"{what} is a string ({fmt(x)}); expected numbers.",
                    "Compute the value in Python rather than typing it as text.")
    if isinstance(x, dict):
        raise Wrong(f"{what} is a dict; expected numbers (a number or an array).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raw = np.asarray(x)
    except BaseException:  # noqa: BLE001 - ragged lists, hostile objects
        raise Wrong(f"{what} could not be read as an array of numbers (got {fmt(x)}, of type "
                    f"{_type_name(x)}).") from None
    kind = raw.dtype.kind
    if kind in "USO" or kind == "c":
        for e in raw.reshape(-1).tolist() if kind != "O" else raw.reshape(-1):
            if missing(e):
                raise Wrong(f"{what} contains None: not every value is computed yet.")
            _refuse_element(e, what)
    elif kind not in "biuf":
        raise Wrong(f"{what} has values of type {raw.dtype}; expected real numbers.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = np.array(raw, dtype=np.float64)
    except BaseException:  # noqa: BLE001 - objects whose __float__ raises
        raise Wrong(f"{what} could not be read as numbers (got {fmt(x)}).") from None
    if not np.all(np.isfinite(arr)):
        raise Wrong(f"{what} contains NaN or infinite values: {fmt(arr)}.",
                    "NaN usually comes from overflow (e.g. exp of a large number) or 0/0.")
    return arr


def as_number(x, what: str) -> float:
    """One real, finite number (an array of one element is accepted)."""
    arr = as_numbers(x, what)
    if arr.size != 1:
        raise Wrong(f"{what} has shape {arr.shape}; expected a single number.")
    return float(arr.reshape(-1)[0])


def as_count(x, what: str) -> int:
    """A whole number (a count, a layer size): refuses booleans and non-integral numbers.

    >>> as_count(128.0, "n")
    128
    >>> try:
    ...     as_count(128.9, "n")
    ... except Wrong as err:
    ...     print(err.message)
    n is 128.9, not a whole number.
    """
    if isinstance(x, (bool, np.bool_)):
        raise Wrong(f"{what} is {x}, a boolean; expected a whole number.")
    value = as_number(x, what)
    if value != math.floor(value) or abs(value) > 2 ** 53:
        raise Wrong(f"{what} is {fmt(value)}, not a whole number.")
    return int(value)


# ----- comparing ---------------------------------------------------------------------------
def _shape_problem(got: np.ndarray, expected: np.ndarray, what: str):
    if got.shape == expected.shape:
        return
    if got.ndim == 2 and got.T.shape == expected.shape:
        if np.allclose(got.T, expected, rtol=1e-6, atol=1e-9):
            raise Wrong(f"{what} has shape {got.shape} instead of {expected.shape}: it is the "
                        f"transpose of the right answer.",
                        "The lecture's W_i is shaped (n_out, n_in): row j holds the weights "
                        "going INTO neuron j.")
        raise Wrong(f"{what} has shape {got.shape} instead of {expected.shape} (transposed?).",
                    "Remember W_i is (n_out, n_in), and rows of a batch are examples.")
    if got.size == expected.size:
        raise Wrong(f"{what} has shape {got.shape} instead of {expected.shape}.",
                    f"Same number of entries: reshape, flatten or index it, e.g. "
                    f"np.reshape(x, {expected.shape}).")
    raise Wrong(f"{what} has shape {got.shape} instead of {expected.shape}.")


def _close(got, expected, rtol, atol) -> bool:
    try:
        expected = np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return expected.shape == got.shape and bool(np.allclose(got, expected, rtol=rtol, atol=atol))


def _generic(got, expected, what, rtol, atol, shown):
    """The diagnosis when no listed mistake matches: a sign or a simple factor, else 'not right'."""
    if np.allclose(got, -expected, rtol=rtol, atol=atol) and np.any(expected != 0):
        return (f"{what} has the wrong sign.", "Check the sign of every term.")
    nonzero = np.abs(expected) > 1e-12
    if np.any(nonzero) and np.all(np.abs(got[~nonzero]) < 1e-9):
        ratios = got[nonzero] / expected[nonzero]
        r = float(ratios[0])
        whole = [q for q in (abs(r), 1 / abs(r) if r else 0.0)
                 if q >= 2 and abs(q - round(q)) < 1e-6 * q]
        if whole and np.allclose(ratios, r, rtol=1e-6):
            return (f"{what} is off by a constant factor ({'×' if abs(r) > 1 else '÷'}"
                    f"{round(whole[0])}).", "Look for a missing or extra constant: a 1/N "
                    "average, a factor 2 from a square, ½ in the loss, a learning rate.")
    return (f"{what} is not right yet ({shown}).", "")


def compare(got, expected, what: str, *, rtol=1e-6, atol=1e-9, mistakes=(), shape_strict=True,
            shown=None):
    """Return None if ``got`` ≈ ``expected``, else raise a :class:`Wrong` with a diagnosis.

    ``mistakes`` lists ``(value, message, hint)`` computed wrong answers: an answer
    close to one of them gets its message.  ``shown`` is what the generic message
    shows (default: the answer given; never the expected value).
    """
    expected = np.asarray(expected, dtype=np.float64)
    got = as_numbers(got, what)
    if not shape_strict and got.size == expected.size:
        got = got.reshape(expected.shape)
    _shape_problem(got, expected, what)
    if np.allclose(got, expected, rtol=rtol, atol=atol):
        return
    for value, message, hint in mistakes:
        if _close(got, value, rtol, atol):
            raise Wrong(message, hint)
    raise Wrong(*_generic(got, expected, what, rtol, atol, shown or f"got {fmt(got)}"))


def compare_parts(parts, *, mistakes=(), rtol=1e-6, atol=1e-9, shape_strict=False, shown=None):
    """Compare a multi-part answer part by part: which parts are right, wrong or not done.

    ``parts`` is a list of ``(name, got, expected)``; ``mistakes`` a list of
    :class:`Mistake` whose ``answer()`` is the wrong value of their ``part`` (or, with
    ``part=None``, a tuple of every part).  Raises :class:`NotAttempted` if no part is
    given, a :class:`Wrong` naming each wrong part (status ``"partly done"`` when the
    given parts are right but some are missing); returns None when all are right.
    """
    names = [name for name, _, _ in parts]
    given = {name: got for name, got, _ in parts if not missing(got)}
    if not given:
        raise NotAttempted
    expected = {name: np.asarray(exp, dtype=np.float64) for name, _, exp in parts}
    values = {}
    for name, got in given.items():
        arr = as_numbers(got, name)
        if not shape_strict and arr.size == expected[name].size:
            arr = arr.reshape(expected[name].shape)
        values[name] = arr
    status, notes, hints = {}, [], []
    for m in mistakes:                       # mistakes that involve several parts at once
        group = names if m.part is None else m.part
        if isinstance(group, str) or any(n not in values or n in status for n in group):
            continue
        wrong_values = _evaluate(m.answer)
        try:
            matches = len(wrong_values) == len(group) and all(
                _close(values[n], v, rtol, atol) for n, v in zip(group, wrong_values))
        except TypeError:
            matches = False
        if matches and not all(_close(values[n], expected[n], rtol, atol) for n in group):
            status.update({n: "wrong" for n in group})
            notes.append(m.message)
            if m.hint and m.hint not in hints:
                hints.append(m.hint)
    for name in names:
        if name in status:
            continue
        if name not in values:
            status[name] = "not attempted"
            continue
        try:
            compare(values[name], expected[name], name, rtol=rtol, atol=atol,
                    shape_strict=shape_strict, shown=shown and shown(name, values[name]),
                    mistakes=[(_evaluate(m.answer), m.message, m.hint)
                              for m in mistakes if m.part == name])
            status[name] = "correct"
        except Wrong as err:
            status[name] = "wrong"
            if err.message not in notes:
                notes.append(err.message)
            if err.hint and err.hint not in hints:
                hints.append(err.hint)
    _summarise(status, notes, hints)


def _evaluate(answer):
    try:
        return answer()
    except Exception:  # noqa: BLE001 - a mistake that does not apply to these inputs
        return None


def _summarise(status, notes, hints):
    """Raise the verdict of a multi-part answer from each part's status."""
    if all(s == "correct" for s in status.values()):
        return
    right = [n for n, s in status.items() if s == "correct"]
    todo = [n for n, s in status.items() if s == "not attempted"]
    text = []
    if right and len(status) > 1:
        text.append(f"{_join(right)} {'is' if len(right) == 1 else 'are'} right")
    text += notes
    if todo:
        text.append(f"{_join(todo)}: not done yet")
    kind = "wrong" if notes else "partly done"
    message = "; ".join(t.rstrip(".") for t in text) + "."
    raise Wrong(message, " ".join(hints), status=kind, parts=status)


def _join(names):
    return ", ".join(names)


# ----- calling the student's function -----------------------------------------------------
class _TimeLimit(BaseException):
    """Raised inside the student's function by the alarm (a BaseException, so that a
    student's ``except Exception`` cannot swallow it)."""


def _describe(err: BaseException) -> str:
    try:
        text = str(err)
    except BaseException:  # noqa: BLE001 - an exception whose __str__ raises
        text = "(its message cannot be printed)"
    return f"{_type_name(err)}: {text}" if text else _type_name(err)


def _run(fn, args, limit):
    """Run ``fn(*args)`` within ``limit`` seconds: ``(result, error, warnings, timed_out)``."""
    box = {"result": None, "error": None, "warnings": []}

    def target():
        with warnings.catch_warnings(record=True) as caught, \
                np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
            warnings.simplefilter("always")
            try:
                box["result"] = fn(*args)
            except _TimeLimit:
                box["timeout"] = True
            except BaseException as err:  # noqa: BLE001 - SystemExit, KeyboardInterrupt too
                box["error"] = err
            box["warnings"] = [w for w in caught
                               if issubclass(w.category, (RuntimeWarning, FloatingPointError))]

    use_alarm = (hasattr(signal, "setitimer") and limit
                 and threading.current_thread() is threading.main_thread()
                 and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
    start = time.perf_counter()
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
    timed_out = box.get("timeout", False) or (limit and time.perf_counter() - start > limit)
    return box["result"], box["error"], box["warnings"], timed_out


def call(checker, fn, *args, what="your function"):
    """Call the student's ``fn`` on copies of ``args``; return ``(result, warning messages)``.

    Raises :class:`NotAttempted` for a stub (``None`` or a function raising
    ``NotImplementedError``) and :class:`Wrong` when ``fn`` is not callable, raises
    anything, returns None, or takes longer than ``checker.time_limit`` seconds.
    """
    if missing(fn):
        raise NotAttempted
    if not callable(fn):
        raise Wrong(f"expected a function, got {_type_name(fn)} {fmt(fn)}.",
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
        raise Wrong(f"{what} raised {_describe(error)}",
                    "Run your function on a small example in a cell of its own to see where "
                    "it fails.")
    if result is None:
        raise Wrong(f"{what} returned None.", "Did you forget the `return` statement?")
    messages = []
    for w in caught:
        try:
            messages.append(str(w.message))
        except BaseException:  # noqa: BLE001
            messages.append(_type_name(w.message))
    return result, messages


def unpack(result, what: str, names):
    """The ``len(names)`` values a function returns, or a :class:`Wrong`."""
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
        shown = "for " + ", ".join(fmt(v) if isinstance(v, np.ndarray) and v.size <= 12
                                   else f"an input of shape {np.shape(v)}"
                                   if isinstance(v, np.ndarray) else fmt(v)
                                   for v in inputs if not callable(v))
        try:
            if names is None:
                got = as_number(result, what) if scalar else result
                compare(got, expected, what, rtol=rtol, atol=atol,
                        mistakes=[(v, m.message, m.hint) for v, m in wrong_values],
                        shown=f"got {fmt(got)}, expected {fmt(expected)}")
            else:
                got = unpack(result, what, names)
                for v, m in wrong_values:      # a mistake that explains every wrong part
                    if v is not None and _explains(got, expected, v, rtol, atol):
                        raise Wrong(m.message, m.hint)
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
            raise Wrong(f"{err.message.rstrip('.')} ({shown}).", err.hint, err.status,
                        err.parts) from None
        if warns and warn_hint:
            raise Wrong(f"the values are right, but NumPy warned “{warns[0]}” {shown}.",
                        warn_hint)


def _explains(got, expected, wrong, rtol, atol):
    """True if every part of ``got`` that is not right equals the mistake's part."""
    try:
        arrays = [as_numbers(g, "value") for g in got]
    except (Wrong, NotAttempted):
        return False
    bad = [k for k, (g, e) in enumerate(zip(arrays, expected)) if not _close(g, e, rtol, atol)]
    return bool(bad) and all(_close(arrays[k], wrong[k], rtol, atol) for k in bad)


# ----- the checker -------------------------------------------------------------------------
CHECKS: dict = {}
MISTAKES: dict = {}


def register(mistakes=()):
    """Register a check function ``f(checker, *answer)`` as ``check.<name>``.

    The registered method binds the student's arguments, turns ``Wrong`` and
    ``NotAttempted`` into a :class:`Verdict`, and turns anything else that goes
    wrong into a ``✗`` verdict: a check never raises.  ``mistakes`` (the check's
    :class:`Mistake` list) is kept for :meth:`Checker.mistakes` (used by the tests).
    """
    def decorate(func):
        name = func.__name__
        signature = inspect.signature(func)

        def method(self, *args, **kwargs):
            try:
                signature.bind(self, *args, **kwargs)
            except TypeError as err:
                params = list(signature.parameters)[1:]
                return Verdict(name, "wrong", f"could not check this answer ({err}).",
                               f"Call it as check.{name}({', '.join(params)}).")
            try:
                with np.errstate(all="ignore"), warnings.catch_warnings():
                    warnings.simplefilter("ignore")   # the checker's own arithmetic is silent
                    success = func(self, *args, **kwargs)
            except NotAttempted:
                return Verdict(name, "not attempted", NOT_ATTEMPTED)
            except Wrong as err:
                return Verdict(name, err.status, err.message, err.hint, err.parts)
            except BaseException as err:  # noqa: BLE001 - a check must never raise
                return Verdict(name, "wrong", f"could not check this answer ({_describe(err)}).")
            return Verdict(name, "correct", success or "Correct!")

        method.__name__ = name
        method.__qualname__ = f"Checker.{name}"
        method.__doc__ = func.__doc__
        method.__module__ = func.__module__
        CHECKS[name] = method
        MISTAKES[name] = list(mistakes)
        setattr(Checker, name, method)
        return func
    return decorate


class Checker:
    """``check.<name>(answer)`` or ``check("<name>", answer)`` returns a :class:`Verdict`.

    ``seed`` is None (fresh random test inputs on every call) or an int (reproducible);
    ``trials`` is the number of random cases per function check; ``time_limit`` the
    seconds one call of the student's function may take.
    """

    seed = None
    trials = 5
    time_limit = 2.0

    def __call__(self, name, *args, **kwargs) -> Verdict:
        if not isinstance(name, str) or name not in CHECKS:
            return Verdict(fmt(name), "wrong", f"there is no check called {fmt(name)}.",
                           f"Available checks: {', '.join(sorted(CHECKS))}.")
        return getattr(self, name)(*args, **kwargs)

    def names(self) -> list:
        """The names of all checks, sorted."""
        return sorted(CHECKS)

    def mistakes(self, name: str) -> list:
        """The :class:`Mistake` list a check diagnoses by name."""
        return list(MISTAKES[name])

    def rng(self) -> np.random.Generator:
        """The generator of the random test inputs (``numpy.random.default_rng(seed)``)."""
        return np.random.default_rng(self.seed)

    def __repr__(self) -> str:
        return f"<exercise checker: {len(CHECKS)} checks; check.names() lists them>"


def see(chapter: int, section: str) -> str:
    """A hint that points to a section of the chapter (never to the answer)."""
    return f"See “{section}” in chapter {chapter}."
