"""The checks of the exercises of chapter 4, *The output layer and softmax*.

The exercises are in ``exercises/04_softmax.ipynb``.
"""

from __future__ import annotations

import numpy as np

from .. import references as ref
from . import errata
from .answers import compare_parts, fmt
from .calls import function_check
from .engine import Mistake, Wrong, register, see

CHAPTER = 4
_SAFE = see(CHAPTER, "Computing softmax safely")


def _as_array(result):
    try:
        arr = np.asarray(result)
        return arr.astype(np.float64) if arr.dtype.kind in "biuf" else None
    except BaseException:  # noqa: BLE001 - anything: the shared comparison says what is wrong
        return None


SOFTMAX_MISTAKES = [
    Mistake("that is a / Σa (divide by the sum); softmax exponentiates first.",
            lambda a: a / a.sum(axis=-1, keepdims=True), see(CHAPTER, "Softmax")),
    Mistake("you divided by the sum over the whole batch; each row (one example) is normalised "
            "by its own sum.", lambda a: np.exp(a - a.max()) / np.exp(a - a.max()).sum(),
            "Sum over the last axis only (axis=-1, keepdims=True). "
            + see(CHAPTER, "Softmax")),
]


def _softmax_extra(inputs, result):
    a, arr = inputs[0], _as_array(result)
    if arr is None or arr.shape != a.shape:
        return
    if not np.all(np.isfinite(arr)):
        raise Wrong(f"softmax gives NaN or inf for large logits a = {fmt(a)}.",
                    "e^{1000} overflows. " + _SAFE)
    if a.ndim == 2 and not np.allclose(arr.sum(axis=-1), 1.0) and np.allclose(arr.sum(axis=0), 1):
        raise Wrong("the columns sum to 1, not the rows: you normalised over the wrong axis.",
                    "Each row (one example) must sum to 1. " + see(CHAPTER, "Softmax"))


@register(SOFTMAX_MISTAKES)
def softmax(checker, fn):
    """``fn(a)`` returns softmax over the last axis, for one vector (K,) or a batch (N, K)."""
    rng = checker.rng()
    cases = [(rng.normal(size=4),), (rng.normal(0, 2, size=(3, 5)),),
             (np.array([1000.0, 1001.0, 999.0]) + rng.normal(size=3),)]
    function_check(checker, fn, cases, ref.softmax, "softmax(a)", mistakes=SOFTMAX_MISTAKES,
                   extra=_softmax_extra, warn_hint=_SAFE)
    return "Correct! Subtracting max(a) keeps e^a finite for any logits."


def _slide_a2():
    return errata.printed("multiclass_ce_example", "a2")


SOFTMAX_VALUES_MISTAKES = [
    Mistake("that is a / Σa; softmax divides e^{a_k} by Σ e^{a_j}.",
            lambda: _slide_a2() / _slide_a2().sum(), see(CHAPTER, "Softmax"), "y_hat"),
    Mistake("these are e^{a_k}: divide them by their sum.", lambda: np.exp(_slide_a2()),
            see(CHAPTER, "Softmax"), "y_hat"),
    Mistake(errata.softmax_rounding_slip(),
            lambda: errata.printed("multiclass_ce_example", "y_hat"),
            "Compute the softmax of exactly the a2 given here. " + see(CHAPTER, "Softmax"),
            "y_hat"),
]


@register(SOFTMAX_VALUES_MISTAKES)
def softmax_values(checker, y_hat):
    """ŷ = softmax(a2) for the slide's a2 = [0.32, 0.29, 0.85]."""
    compare_parts([("y_hat", y_hat, ref.softmax(_slide_a2()))], atol=5e-5,
                  mistakes=SOFTMAX_VALUES_MISTAKES)
    return "Correct! The probabilities are positive and sum to 1."


LOG_SOFTMAX_MISTAKES = [
    Mistake("that is a − max(a): the term − log Σ_j e^{a_j − m} is missing.",
            lambda a: a - a.max(axis=-1, keepdims=True), _SAFE),
]


def _log_softmax_extra(inputs, result):
    a, arr = inputs[0], _as_array(result)
    if arr is not None and arr.shape == a.shape and not np.all(np.isfinite(arr)):
        raise Wrong(f"log_softmax gives -inf or NaN for a = {fmt(a)}.",
                    "log(softmax(a)) takes the log of a probability that rounds to 0: "
                    "simplify log e^{a_k − m} by hand first. " + _SAFE)


@register(LOG_SOFTMAX_MISTAKES)
def log_softmax(checker, fn):
    """``fn(a)`` returns log softmax(a) over the last axis, finite for any logits."""
    rng = checker.rng()
    cases = [(rng.normal(size=5),), (rng.normal(0, 3, size=(4, 3)),),
             (np.array([1000.0, 0.0, -1000.0]) + rng.normal(size=3),)]
    function_check(checker, fn, cases, ref.log_softmax, "log_softmax(a)",
                   mistakes=LOG_SOFTMAX_MISTAKES, extra=_log_softmax_extra, warn_hint=_SAFE)
    return "Correct! This log-sum-exp form is what cross-entropy-from-logits uses."


JACOBIAN_MISTAKES = [
    Mistake("only the diagonal: every ŷ_k depends on every a_j, so the off-diagonal entries "
            "are missing.", lambda a: np.diag(ref.softmax(a)),
            see(CHAPTER, "Properties of softmax")),
    Mistake("that is the sigmoid-like diagonal ŷ_k(1 − ŷ_k) only; the off-diagonal entries are "
            "missing.", lambda a: np.diag(ref.softmax(a) * (1 - ref.softmax(a))),
            see(CHAPTER, "Properties of softmax")),
    Mistake("the sign is flipped.", lambda a: -ref.softmax_jacobian(a),
            see(CHAPTER, "Properties of softmax")),
]


@register(JACOBIAN_MISTAKES)
def softmax_jacobian(checker, fn):
    """``fn(a)`` returns the Jacobian J[k, j] = ∂ŷ_k/∂a_j of softmax at a vector a (K,)."""
    rng = checker.rng()
    cases = [(rng.normal(size=rng.integers(2, 6)),) for _ in range(checker.trials)]
    function_check(checker, fn, cases, ref.softmax_jacobian, "softmax_jacobian(a)",
                   mistakes=JACOBIAN_MISTAKES)
    return "Correct! Each column of J sums to 0."
