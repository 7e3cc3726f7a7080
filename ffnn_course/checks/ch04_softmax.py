"""The checks of the exercises of chapter 4, *The output layer and softmax*.

The exercises are in ``exercises/04_softmax.ipynb``: 4.1 the softmax of new logits
(``LOGITS``; ``softmax_values``), 4.2 which properties softmax has
(``softmax_properties``), 4.3 a softmax with one bug (``softmax``), 4.4 a log-softmax that
never takes log(0) (``log_softmax``), 4.5 the gradient through softmax, δ = Jᵀ g, for a
batch (``softmax_backward``).
"""

from __future__ import annotations

import numpy as np

from .. import references as ref
from .answers import choose, compare_parts, fmt
from .calls import function_check
from .engine import Mistake, Wrong, register, see

CHAPTER = 4
_SAFE = see(CHAPTER, "Computing softmax safely")
_NOT_ELEMENTWISE = see(CHAPTER, "Softmax is not element-wise")


def _as_array(result):
    try:
        arr = np.asarray(result)
        return arr.astype(np.float64) if arr.dtype.kind in "biuf" else None
    except BaseException:  # noqa: BLE001 - anything: the shared comparison says what is wrong
        return None


def _softmax_buggy(a):
    """Exercise 4.3's bug: the sum (and the max) over the whole batch."""
    e = np.exp(a - np.max(a))
    return e / np.sum(e)


SOFTMAX_MISTAKES = [
    Mistake("that is a / Σa (divide by the sum); softmax exponentiates first.",
            lambda a: a / a.sum(axis=-1, keepdims=True), see(CHAPTER, "Softmax")),
    Mistake("the bug is still there: each row (one example) is divided by the sum over the "
            "whole batch, so the rows of a batch do not each sum to 1.", _softmax_buggy,
            "Sum over the last axis only (axis=-1, keepdims=True). " + see(CHAPTER, "Softmax")),
]


def _softmax_extra(inputs, result):
    a, arr = inputs[0], _as_array(result)
    if arr is None or arr.shape != a.shape:
        return
    if not np.all(np.isfinite(arr)):
        if a.ndim == 2 and np.ptp(a.max(axis=-1)) > 700:
            raise Wrong(f"softmax gives NaN for a batch whose rows lie far apart, a = {fmt(a)}: "
                        "every e^{a − m} of a row far below the batch's largest logit m "
                        "rounds to 0, and 0/0 is NaN.",
                        "Subtract each row's own maximum (axis=-1, keepdims=True). " + _SAFE)
        raise Wrong(f"softmax gives NaN or inf for large logits a = {fmt(a)}.",
                    "e^{1000} overflows. " + _SAFE)
    if a.ndim == 2 and not np.allclose(arr.sum(axis=-1), 1.0) and np.allclose(arr.sum(axis=0), 1):
        raise Wrong("the columns sum to 1, not the rows: you normalised over the wrong axis.",
                    "Each row (one example) must sum to 1. " + see(CHAPTER, "Softmax"))


@register(SOFTMAX_MISTAKES)
def softmax(checker, fn):
    """Exercise 4.3: ``fn(a)`` returns softmax over the last axis, for one vector (K,) or a
    batch (N, K), finite for any logits."""
    rng = checker.rng()
    cases = [(rng.normal(size=4),), (rng.normal(0, 2, size=(3, 5)),),
             (np.array([1000.0, 1001.0, 999.0]) + rng.normal(size=3),),
             (np.array([[1000.0, 1001.0, 999.0], [-1000.0, -999.0, -1001.0]])
              + rng.normal(size=(2, 3)),)]
    function_check(checker, fn, cases, ref.softmax, "softmax(a)", mistakes=SOFTMAX_MISTAKES,
                   extra=_softmax_extra, warn_hint=_SAFE)
    return "Correct! Subtracting max(a) keeps e^a finite for any logits."


#: Exercise 4.1's logits (the chapter's examples use other numbers; one is negative, so that
#: a / Σa gives a negative "probability").
LOGITS = (1.2, -0.3, 0.4)


def _a():
    return np.array(LOGITS)


_SOFTMAX = see(CHAPTER, "Softmax")
SOFTMAX_VALUES_MISTAKES = [
    Mistake("that is a / Σa (divide by the sum): with a negative logit it is not even a "
            "probability; softmax divides e^{a_k} by Σ e^{a_j}.",
            lambda: _a() / _a().sum(), see(CHAPTER, "A first attempt: divide by the sum"),
            "y_hat"),
    Mistake("these are e^{a_k}: divide them by their sum.", lambda: np.exp(_a()), _SOFTMAX,
            "y_hat"),
    Mistake("e^{a_k} is divided by Σ a_j, the sum of the logits; the denominator is "
            "Σ e^{a_j}.", lambda: np.exp(_a()) / _a().sum(), _SOFTMAX, "y_hat"),
    Mistake("that is σ(a_k) for each logit on its own: they do not sum to 1. Softmax "
            "shares the denominator Σ e^{a_j} between the outputs.",
            lambda: ref.sigmoid(_a()), _NOT_ELEMENTWISE, "y_hat"),
    Mistake("that is the softmax of −a: the signs of the logits are flipped.",
            lambda: ref.softmax(-_a()), _SOFTMAX, "y_hat"),
]


@register(SOFTMAX_VALUES_MISTAKES)
def softmax_values(checker, y_hat):
    """Exercise 4.1: ŷ = softmax(a) for the logits ``LOGITS``."""
    compare_parts([("y_hat", y_hat, ref.softmax(_a()))], atol=5e-5,
                  mistakes=SOFTMAX_VALUES_MISTAKES)
    return ("Correct! All positive, summing to 1, in the order of the logits; the negative "
            "logit still gets a positive probability.")


PROPERTY_OPTIONS = {
    "a": (True, "(a) adding the same number c to every logit multiplies numerator and "
                "denominator by e^c."),
    "b": (False, "doubling the logits doubles their differences, and softmax responds to the "
                 "differences: the distribution gets sharper (a temperature T = ½)."),
    "c": (False, "every output shares the denominator Σ_j e^{a_j}: raising a_1 lowers every "
                 "other ŷ_j as well. Softmax is not element-wise."),
    "d": (True, "(d) e^a is increasing, so the order of the logits is kept."),
    "e": (False, "dividing by the sum ignores a common scale of the logits, softmax does not: "
                 "for a = [1, 2], a / Σa gives 1/3 for the first class, softmax about 0.27."),
}


@register()
def softmax_properties(checker, answer):
    """Exercise 4.2: the set of letters of the statements that hold for every vector a."""
    return choose(answer, PROPERTY_OPTIONS, what="answer", multiple=True,
                  hint=see(CHAPTER, "Properties of softmax"))


def _half_shifted(a):
    m = a.max(axis=-1, keepdims=True)
    return a - np.log(np.exp(a - m).sum(axis=-1, keepdims=True))


LOG_SOFTMAX_MISTAKES = [
    Mistake("that is a − max(a): the term − log Σ_j e^{a_j − m} is missing.",
            lambda a: a - a.max(axis=-1, keepdims=True), _SAFE),
    Mistake("the sum uses the shifted logits a_j − m but the first term does not: every "
            "entry is off by m = max(a).", _half_shifted,
            "Shifting changes nothing only if numerator and denominator are both shifted. "
            + _SAFE),
]


def _log_softmax_extra(inputs, result):
    a, arr = inputs[0], _as_array(result)
    if arr is not None and arr.shape == a.shape and not np.all(np.isfinite(arr)):
        raise Wrong(f"log_softmax gives -inf or NaN for a = {fmt(a)}.",
                    "log(softmax(a)) takes the log of a probability that rounds to 0: "
                    "simplify log e^{a_k − m} by hand first. " + _SAFE)


@register(LOG_SOFTMAX_MISTAKES)
def log_softmax(checker, fn):
    """Exercise 4.4: ``fn(a)`` returns log softmax(a) over the last axis, finite for any logits."""
    rng = checker.rng()
    cases = [(rng.normal(size=5),), (rng.normal(0, 3, size=(4, 3)),),
             (np.array([1000.0, 0.0, -1000.0]) + rng.normal(size=3),)]
    function_check(checker, fn, cases, ref.log_softmax, "log_softmax(a)",
                   mistakes=LOG_SOFTMAX_MISTAKES, extra=_log_softmax_extra, warn_hint=_SAFE)
    return "Correct! This log-sum-exp form is what cross-entropy-from-logits uses."


def _vjp_parts(a, g):
    y_hat = ref.softmax(a)
    return y_hat, np.sum(y_hat * g, axis=-1, keepdims=True)


BACKWARD_MISTAKES = [
    Mistake("you treated softmax as element-wise, δ = ŷ(1 − ŷ) ⊙ g: that keeps only the "
            "diagonal of J.", lambda a, g: ref.softmax(a) * (1 - ref.softmax(a)) * g,
            "Every ŷ_j depends on every a_k: the off-diagonal entries −ŷ_j ŷ_k count too. "
            + _NOT_ELEMENTWISE),
    Mistake("the sign is flipped.", lambda a, g: -ref.softmax_backward(a, g), _NOT_ELEMENTWISE),
    Mistake("the term from the off-diagonal entries lacks its factor ŷ_k: J has entries "
            "−ŷ_j ŷ_k, not −ŷ_j.",
            lambda a, g: _vjp_parts(a, g)[0] * g - _vjp_parts(a, g)[1], _NOT_ELEMENTWISE),
    Mistake("the sum Σ_j ŷ_j g_j runs over the whole batch; each example (row) has its own.",
            lambda a, g: ref.softmax(a) * (g - np.sum(ref.softmax(a) * g)),
            "Sum over the last axis only (axis=-1, keepdims=True). " + _NOT_ELEMENTWISE),
]


@register(BACKWARD_MISTAKES)
def softmax_backward(checker, fn):
    """Exercise 4.5: ``fn(a, g)`` returns δ (N, K), row n = J(a_n)ᵀ g_n, for a batch of
    logits a (N, K) and gradients g = ∂ℒ/∂ŷ (N, K)."""
    rng = checker.rng()
    cases = []
    for _ in range(checker.trials):
        n, k = int(rng.integers(2, 5)), int(rng.integers(2, 6))
        cases.append((rng.normal(0, 2, size=(n, k)), rng.normal(size=(n, k))))
    function_check(checker, fn, cases, ref.softmax_backward, "softmax_backward(a, g)",
                   mistakes=BACKWARD_MISTAKES)
    return "Correct! δ = ŷ ⊙ (g − ŷ·g) row by row: J never has to be built."
