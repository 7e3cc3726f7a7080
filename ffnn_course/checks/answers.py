r"""Reading and comparing answers: one coercion into real numbers, diagnoses, per-part verdicts.

Part of the checks' verdict engine (:mod:`ffnn_course.checks.engine`).

* :func:`as_numbers`, :func:`as_number`, :func:`as_count`: the one coercion of an
  answer into real numbers.  It refuses what is not a real number, whatever the
  container: strings (also inside a list), complex values (whose imaginary part
  NumPy would silently drop), dicts, datetimes, non-finite values, and (for counts
  and shapes) numbers that are not whole.
* :func:`compare`: right, or a named mistake, or a generic diagnosis (sign, simple
  factor) that never shows the expected value.
* :func:`compare_parts`: a multi-part answer part by part; a part that is ``None``
  is "not done yet", so a half-finished answer is *partly done*.
* :func:`compare_prediction`: a predicted number against what the run gives, the
  named mistakes first, else "the run does not bear out …" with a hint to reason.
* :func:`choose`: a multiple-choice answer (one letter, or a set of letters), with
  the reason each wrong option is wrong.
"""

from __future__ import annotations

import math
import numbers
import warnings

import numpy as np

from .engine import NotAttempted, Wrong, type_name

__all__ = ["as_numbers", "as_number", "as_count", "choose", "compare", "compare_parts",
           "compare_prediction", "fmt", "missing"]

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
        return f"<a {type_name(x)} that cannot be printed>"
    return text if len(text) < 80 else text[:77] + "..."


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
        raise Wrong(f"{what} contains a {type_name(e)} ({fmt(e)}); expected numbers.")


def as_numbers(x, what: str) -> np.ndarray:
    """The answer ``x`` as a float64 array of real, finite numbers, or a ``Wrong``.

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
                    f"{type_name(x)}).") from None
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
    # A round number typed where the answer is not round (a placeholder such as 1.0) is a
    # whole multiple of many answers by chance: no factor is diagnosed then.
    typed_round = np.all(got == np.round(got)) and not np.all(expected == np.round(expected))
    if np.any(nonzero) and np.all(np.abs(got[~nonzero]) < 1e-9) and not typed_round:
        ratios = got[nonzero] / expected[nonzero]
        r = float(ratios[0])
        whole = [q for q in (abs(r), 1 / abs(r) if r else 0.0)
                 if q >= 2 and abs(q - round(q)) < 1e-6 * q]
        if whole and np.allclose(ratios, r, rtol=1e-6):
            hint = ("A factor 2: from differentiating a square, or the ½ in front of a "
                    "squared-error loss." if round(whole[0]) == 2 else
                    "A whole factor: a sum over N examples where the mean is meant (or the "
                    "reverse), or a learning rate left out or applied twice.")
            return (f"{what} is off by a constant factor ({'×' if abs(r) > 1 else '÷'}"
                    f"{round(whole[0])}).", hint)
    return (f"{what} is not right yet ({shown}).", "")


def compare(got, expected, what: str, *, rtol=1e-6, atol=1e-9, mistakes=(), shape_strict=True,
            shown=None):
    """Return None if ``got`` ≈ ``expected``, else raise a ``Wrong`` with a diagnosis.

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


def compare_prediction(got, measured, what: str, *, claim: str, hint: str, mistakes=(), **tol):
    """Judge a predicted number against ``measured`` (what the run gives).

    A prediction equal to one of ``mistakes`` (:class:`~ffnn_course.checks.engine.Mistake`,
    computed) gets that mistake's message; any other wrong prediction gets "the run does
    not bear out ``claim``" and ``hint`` (how to reason it out, never the value).
    ``tol`` goes to :func:`compare` (``rtol``, ``atol``).
    """
    try:
        compare(got, measured, what, mistakes=[(m.answer(), m.message, m.hint) for m in mistakes],
                **tol)
    except Wrong as err:
        if err.hint:
            raise
        raise Wrong(f"the run does not bear out {claim}.", hint) from None


def compare_parts(parts, *, mistakes=(), rtol=1e-6, atol=1e-9, shape_strict=False, shown=None):
    """Compare a multi-part answer part by part: which parts are right, wrong or not done.

    ``parts`` is a list of ``(name, got, expected)`` or ``(name, got, expected, tolerances)``
    with a dict of this part's own ``rtol``/``atol``; ``mistakes`` a list of
    :class:`~ffnn_course.checks.engine.Mistake` whose ``answer()`` is the wrong value of their ``part`` (or, with
    ``part=None``, a tuple of every part).  Raises ``NotAttempted`` if no part is
    given, a ``Wrong`` naming each wrong part (status ``"partly done"`` when the
    given parts are right but some are missing); returns None when all are right.
    """
    tol = {p[0]: {"rtol": rtol, "atol": atol, **(p[3] if len(p) > 3 else {})} for p in parts}
    parts = [p[:3] for p in parts]
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
                _close(values[n], v, **tol[n]) for n, v in zip(group, wrong_values))
        except TypeError:
            matches = False
        if matches and not all(_close(values[n], expected[n], **tol[n]) for n in group):
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
            compare(values[name], expected[name], name, **tol[name],
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




# ----- multiple choice ----------------------------------------------------------------------
def _letters(answer, options, what):
    """The chosen letters, lower case, as a set; :class:`Wrong` for anything else."""
    if isinstance(answer, str):
        items = [c for c in answer if not c.isspace() and c not in ",;()"]
    elif isinstance(answer, (set, frozenset, list, tuple)):
        items = list(answer)
    else:
        raise Wrong(f"{what} should be a letter such as 'a' (or a set of letters), "
                    f"got {fmt(answer)}.")
    if not all(isinstance(x, str) for x in items):
        raise Wrong(f"{what} should be made of letters such as 'a', got {fmt(answer)}.")
    chosen = {x.strip().lower().strip("()") for x in items}
    unknown = sorted(chosen - set(options))
    if unknown:
        raise Wrong(f"{what}: {', '.join(repr(u) for u in unknown)} is not one of the options "
                    f"{', '.join(sorted(options))}.")
    return chosen


def choose(answer, options, *, what="answer", multiple=False, hint=""):
    """Judge a multiple-choice answer; return the feedback of a right answer.

    ``options`` maps each letter to ``(correct, why)``: whether the option is right
    and the reason shown when a student picks it wrongly (or, for a right option,
    the reason shown with the ✓).  With ``multiple=False`` the answer is one letter
    and exactly one option is right; with ``multiple=True`` it is a set of letters
    (or a string such as ``"ac"``), every right option must be chosen, and an
    answer with only right options but not all of them is *partly done*.

    >>> opts = {"a": (False, "a halves the step."), "b": (True, "b is the rule.")}
    >>> choose("b", opts)
    'b is the rule.'
    >>> try:
    ...     choose("A", opts)
    ... except Wrong as err:
    ...     print(err.message)
    (a) a halves the step.
    """
    if missing(answer):
        raise NotAttempted
    chosen = _letters(answer, options, what)
    right = {k for k, (ok, _) in options.items() if ok}
    if not chosen:
        raise NotAttempted
    if not multiple and len(chosen) > 1:
        raise Wrong(f"{what}: choose one letter, got {len(chosen)}.", hint)
    wrong = sorted(chosen - right)
    if wrong:
        raise Wrong(" ".join(f"({k}) {options[k][1]}" for k in wrong), hint)
    if chosen != right:
        missed = len(right - chosen)
        raise Wrong(f"everything you chose is right, but {missed} more option"
                    f"{'s are' if missed > 1 else ' is'} right too.", hint, status="partly done")
    return " ".join(options[k][1] for k in sorted(right) if options[k][1])
