r"""Instant feedback for the exercises: ``check.<name>(answer...)`` returns a :class:`Verdict`.

Every exercise notebook ends each exercise with a call such as::

    from ffnn_course.checks import check
    check.forward_221(h1, h2, y_hat)        # numbers computed by hand
    check.softmax(softmax)                  # a function: tested on fresh random inputs
    check("softmax", softmax)               # the same, by name

The verdict displays itself: a green ``✓`` line when the answer is right; an
orange ``✗`` line saying what is wrong, part by part for a multi-part answer, with
a named diagnosis when the answer equals a likely mistake (a missing bias, a
transposed W, σ' forgotten, …) and a hint pointing to the chapter's section; a
blue ``◐`` line when some parts of the answer are right and others still missing
("partly done"); a grey ``…`` line when the exercise has not been attempted yet.

Rules the checks keep:

* **A check never raises**, whatever it is given: ``None``, strings, complex
  numbers, NaN, arrays of the wrong shape, objects whose ``str()`` raises, a
  function that raises anything (also ``SystemExit``) or runs too long
  (``check.time_limit``, 2 s per call by default).  The one exception is
  grading: under nbgrader (``NBGRADER_EXECUTION`` set) or with
  ``check.strict = True``, a verdict that is not correct is raised as
  ``CheckFailed`` (an ``AssertionError``), so the graded cell fails.
* **No wrong answer passes**: answers go through one coercion
  (``answers.as_numbers``) that refuses text, complex values and, for counts and
  shapes, numbers that are not whole.
* **Not attempted yet**: ``None`` or ``...``, or a function that raises
  ``NotImplementedError`` (the student notebooks' stubs).
* **Functions are tested on fresh random inputs** from
  ``numpy.random.default_rng(check.seed)`` (``check.seed = 0`` makes a run
  reproducible); arrays are passed as copies.
* **The right answer is never printed** when an answer is wrong (a function
  check shows its random test input and what was expected for *that* input).
* Nothing is printed: the verdict shows itself in Jupyter (``_repr_html_``) or as text.

The checks live in one module per exercise notebook (``ch02_sigmoid_neurons`` …
``ch13_regularisation``); :mod:`~ffnn_course.checks.engine` is the verdict engine (the exercises
use new numbers, not the slides', so no check needs the slides' slips: the *Errata* page
diagnoses those), and the right answers come from :mod:`ffnn_course.references`,
written independently of the package.  ``check.names()`` lists the checks and
``check.mistakes(name)`` the mistakes a check diagnoses by name; only
numpy is imported here (the SymPy checks import SymPy when they run).
"""

from __future__ import annotations

from . import (ch02_sigmoid_neurons, ch03_feedforward_networks, ch04_softmax,  # noqa: F401
               ch05_gradient_descent, ch06_chain_rule, ch07_backpropagation,
               ch08_backprop_step_by_step, ch09_cross_entropy, ch10_optimizers,
               ch11_batching_and_schedules, ch12_architectures_initialisation_activations,
               ch13_regularisation)
from .engine import Checker, Mistake, Verdict

__all__ = ["Verdict", "Checker", "Mistake", "check"]

check = Checker()
