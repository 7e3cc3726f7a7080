r"""The verdict engine of the exercise checks: verdicts, the checker, named mistakes.

Every check of the chapter modules (``ch02_sigmoid_neurons`` … ``ch13_regularisation``)
is a small function registered with :func:`register`; the engine turns it into a method
of :class:`Checker` that always returns a :class:`Verdict` and never raises.  A check is
built from:

* :class:`Mistake`: a likely mistake as a *computed* wrong answer (a function of the
  check's inputs), with its own message and a hint that points to the chapter's
  section (:func:`see`), never to the answer;
* :mod:`~ffnn_course.checks.answers`: the one coercion of answers into real numbers
  and the comparisons, part by part;
* :mod:`~ffnn_course.checks.calls`: calling the student's function safely (copies,
  a time limit, every exception caught) and the shared loop of the function checks.

When an answer is wrong the message never shows the exercise's correct value (a
function check shows the random test input and what was expected *for it*, which
is a test case, not the exercise's answer).

**Grading mode.**  Interactively a check never raises.  Under nbgrader's autograder
(and ``nbgrader validate``), which set the environment variable ``NBGRADER_EXECUTION``
in the kernel, a verdict that is not ``correct`` is raised as :class:`~ffnn_course.checks.engine.CheckFailed`
(an ``AssertionError`` whose message is the verdict's text), so the locked ``check``
cell of an nbgrader assignment fails and scores no points.  ``Checker.strict = True``
(or ``False``) overrides the environment.  The cell's source is the same in both modes.
"""

from __future__ import annotations

import html
import inspect
import os
import warnings
from typing import Callable, NamedTuple

import numpy as np

__all__ = ["Verdict", "Checker", "CheckFailed", "Mistake", "Wrong", "NotAttempted", "register",
           "see", "describe", "type_name"]

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


class CheckFailed(AssertionError):
    """Raised by a check in grading mode when the verdict is not ``correct``.

    ``verdict`` is the :class:`Verdict`; the message is its text, so the grader's
    feedback says what is wrong (or "not attempted yet").

    >>> checker = Checker()
    >>> checker.strict = True
    >>> checker.deliver(Verdict("demo", "correct", "Correct!"))
    ✓ demo: Correct!
    >>> checker.deliver(Verdict("demo", "wrong", "h2 is off."))
    Traceback (most recent call last):
    ...
    ffnn_course.checks.engine.CheckFailed: ✗ demo: h2 is off.
    """

    def __init__(self, verdict: Verdict):
        super().__init__(repr(verdict))
        self.verdict = verdict


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


def type_name(x) -> str:
    try:
        return str(type(x).__name__)
    except BaseException:  # noqa: BLE001
        return "object"


def describe(err: BaseException) -> str:
    try:
        text = str(err)
    except BaseException:  # noqa: BLE001 - an exception whose __str__ raises
        text = "(its message cannot be printed)"
    return f"{type_name(err)}: {text}" if text else type_name(err)



# ----- the checker -------------------------------------------------------------------------
CHECKS: dict = {}
MISTAKES: dict = {}


def register(mistakes=()):
    """Register a check function ``f(checker, *answer)`` as ``check.<name>``.

    The registered method binds the student's arguments, turns ``Wrong`` and
    ``NotAttempted`` into a :class:`Verdict`, and turns anything else that goes
    wrong into a ``✗`` verdict: a check never raises (except in grading mode,
    :meth:`Checker.deliver`).  ``mistakes`` (the check's
    :class:`Mistake` list) is kept for :meth:`Checker.mistakes` (used by the tests).
    """
    def decorate(func):
        name = func.__name__
        signature = inspect.signature(func)

        def method(self, *args, **kwargs):
            return self.deliver(judge(self, *args, **kwargs))

        def judge(self, *args, **kwargs):
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
                return Verdict(name, "wrong", f"could not check this answer ({describe(err)}).")
            return Verdict(name, "correct", success or "Correct!")

        method.__name__ = name
        method.__qualname__ = f"Checker.{name}"
        method.__doc__ = func.__doc__
        method.__module__ = func.__module__
        method.__wrapped__ = func
        CHECKS[name] = method
        MISTAKES[name] = list(mistakes)
        setattr(Checker, name, method)
        return func
    return decorate


class Checker:
    """``check.<name>(answer)`` or ``check("<name>", answer)`` returns a :class:`Verdict`.

    ``seed`` is None (fresh random test inputs on every call) or an int (reproducible);
    ``trials`` is the number of random cases per function check; ``time_limit`` the
    seconds one call of the student's function may take; ``strict`` is None (grading
    mode when nbgrader runs the notebook), True (a verdict that is not ``correct``
    raises :class:`~ffnn_course.checks.engine.CheckFailed`) or False (never raise).
    """

    seed = None
    strict = None
    trials = 5
    time_limit = 2.0

    def __call__(self, name, *args, **kwargs) -> Verdict:
        if not isinstance(name, str) or name not in CHECKS:
            return self.deliver(Verdict(
                repr(name)[:80], "wrong", f"there is no check called {repr(name)[:80]}.",
                f"Available checks: {', '.join(sorted(CHECKS))}."))
        return getattr(self, name)(*args, **kwargs)

    def grading(self) -> bool:
        """True in grading mode: ``strict`` if set, else whether nbgrader runs the kernel.

        nbgrader's ``autograde`` and ``validate`` set ``NBGRADER_EXECUTION`` in the
        kernel's environment (nbgrader >= 0.7).
        """
        if self.strict is not None:
            return bool(self.strict)
        return bool(os.environ.get("NBGRADER_EXECUTION"))

    def deliver(self, verdict: Verdict) -> Verdict:
        """Return ``verdict``; in grading mode raise :class:`~ffnn_course.checks.engine.CheckFailed` unless it passed."""
        if not verdict.passed and self.grading():
            raise CheckFailed(verdict)
        return verdict

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

