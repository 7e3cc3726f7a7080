"""The checks of the exercises of chapter 9, *Cross-entropy*.

The exercises are in ``exercises/09_cross_entropy.ipynb``.

What the checker says about the slides' own numbers is written once, in
:mod:`ffnn_course.checks.errata`.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import examples
from .. import references as ref
from . import errata
from .answers import choose, compare_parts
from .calls import function_check
from .engine import Mistake, register, see

CHAPTER = 9
_BINARY = see(CHAPTER, "The lecture's binary example")
_MULTI = see(CHAPTER, "The lecture's multiclass example")
_BOTH = see(CHAPTER, "The negative log-likelihood of the true class")


@functools.lru_cache(maxsize=None)
def _binary():
    """(a2, ŷ) of the binary slide's 4-4-1 network, computed with the reference formulas."""
    net, x, _ = examples.binary_ce_example()
    a2 = float((net.W[2] @ ref.sigmoid(net.W[1] @ x + net.b[1]) + net.b[2])[0])
    return a2, float(ref.sigmoid(a2))


BINARY_MISTAKES = [
    Mistake("y_hat is the pre-activation a2: apply the sigmoid.", lambda: _binary()[0],
            _BINARY, "y_hat"),
    Mistake(errata.binary_slip("y_hat"), lambda: errata.printed("binary_ce_example", "y_hat"),
            _BINARY, "y_hat"),
    Mistake("that is −ln ŷ, the loss for y = 1; here y = 0.", lambda: -np.log(_binary()[1]),
            _BOTH, "loss"),
    Mistake("the loss uses log base 10; cross-entropy uses the natural log ln.",
            lambda: -np.log10(1 - _binary()[1]), _BOTH, "loss"),
    Mistake(errata.binary_slip("loss"), lambda: errata.printed("binary_ce_example", "loss"),
            _BINARY, "loss"),
]


@register(BINARY_MISTAKES)
def binary_ce(checker, y_hat, loss):
    """ŷ and the binary cross-entropy loss of the slide's 4-4-1 network (target y = 0)."""
    p = _binary()[1]
    compare_parts([("y_hat", y_hat, p, {"rtol": 1e-6, "atol": 5e-5}),
                   ("loss", loss, -np.log(1 - p))],
                  rtol=1e-4, mistakes=BINARY_MISTAKES)
    return "Correct! With y = 0 only the term −ln(1 − ŷ) remains."


def _multi():
    return errata.multiclass_forward()


MULTICLASS_MISTAKES = [
    Mistake("these are the slide's values; " + errata.multiclass_slip(), lambda: tuple(
        errata.multiclass_forward(errata.SLIDE_READING)[k] for k in ("y_hat", "loss")), _MULTI),
    Mistake("you summed −ln ŷ_k over all classes; only the true class (y_k = 1) counts.",
            lambda: float(-np.sum(np.log(_multi()["y_hat"]))), _BOTH, "loss"),
    Mistake("the loss uses log base 10; cross-entropy uses the natural log ln.",
            lambda: float(-np.log10(_multi()["y_hat"][2])), _BOTH, "loss"),
]


@register(MULTICLASS_MISTAKES)
def multiclass_ce(checker, y_hat, loss):
    """ŷ (3 probabilities) and the cross-entropy loss of the slide's 4-4-3 network, y = e_3."""
    v = _multi()
    compare_parts([("y_hat", y_hat, v["y_hat"], {"rtol": 1e-6, "atol": 5e-5}),
                   ("loss", loss, v["loss"])],
                  rtol=1e-4, mistakes=MULTICLASS_MISTAKES)
    return "Correct! ℒ = −ln ŷ_3: only the true class's probability matters."


def _classes(rng):
    n, k = int(rng.integers(2, 7)), int(rng.integers(2, 5))
    return ref.softmax(rng.normal(size=(n, k))), np.eye(k)[rng.integers(0, k, size=n)]


CE_MISTAKES = [
    Mistake("you summed ln ŷ over every class; multiply by y first so only the true class counts.",
            lambda yh, y: -np.sum(np.log(yh)) / len(yh), _BOTH),
    Mistake("that is the sum over the batch, a constant factor N too large; the loss is the "
            "mean (1/N).",
            lambda yh, y: -np.sum(y * np.log(yh)), _BOTH),
    Mistake("the sign is flipped: ln ŷ < 0, so the loss −Σ y ln ŷ is positive.",
            lambda yh, y: np.sum(y * np.log(yh)) / len(yh), _BOTH),
    Mistake("log base 10: cross-entropy uses the natural log ln.",
            lambda yh, y: -np.sum(y * np.log10(yh)) / len(yh), _BOTH),
]


@register(CE_MISTAKES)
def cross_entropy(checker, fn):
    """``fn(y_hat, y)`` returns the mean cross-entropy −(1/N) Σ_n Σ_k y_nk ln ŷ_nk (batch rows)."""
    rng = checker.rng()
    function_check(checker, fn, [_classes(rng) for _ in range(checker.trials)],
                   ref.cross_entropy, "cross_entropy(y_hat, y)", mistakes=CE_MISTAKES,
                   scalar=True)
    return "Correct! −(1/N) Σ y ln ŷ."


BCE_GRAD_MISTAKES = [
    Mistake("the extra factor σ'(a) = ŷ(1 − ŷ) should not be there: ∂ℒ/∂ŷ cancels it.",
            lambda a, y: (ref.sigmoid(a) - y) * ref.sigmoid(a) * (1 - ref.sigmoid(a)) / len(a),
            see(CHAPTER, "The gradient at the output: $\\hat{y} - y$")),
    Mistake("the 1/N of the mean is missing.", lambda a, y: ref.sigmoid(a) - y,
            see(CHAPTER, "The gradient at the output: $\\hat{y} - y$")),
]


@register(BCE_GRAD_MISTAKES)
def bce_logit_gradient(checker, fn):
    """``fn(a, y)`` returns ∂ℒ/∂a for ℒ = mean binary cross-entropy of σ(a), a and y shape (N,).

    (Exercise 9.4: the prompt asks for the derivation; the answer is not stated.)
    """
    rng = checker.rng()
    cases = []
    for _ in range(checker.trials):
        n = int(rng.integers(2, 8))
        cases.append((rng.normal(0, 2, size=n), rng.integers(0, 2, size=n).astype(float)))
    function_check(checker, fn, cases, ref.bce_logit_gradient, "bce_logit_gradient(a, y)",
                   mistakes=BCE_GRAD_MISTAKES)
    return "Correct! (σ(a) − y)/N: the same short form as softmax with cross-entropy."


# ----- predict, then run: a neuron that starts even more wrong (exercise 9.5) --------------
_FASTER = see(CHAPTER, "Why cross-entropy learns faster than squared error")
_SLOPE = float(ref.sigmoid(-10.0) * (1 - ref.sigmoid(-10.0)))           # σ'(−10)

#: The options of exercise 9.5: w = b = −5 (a = −10 at x = 1), target 1, η = 0.5, cross-entropy;
#: from w = b = −3 the chapter's run needs 7 steps until ŷ > 0.5.
SATURATED_OPTIONS = {
    "a": (True, "Right: with cross-entropy ∂ℒ/∂a = ŷ − y ≈ −1 for any neuron that is very wrong, "
                "so each step raises a = w x + b by about 2η(1 − ŷ) ≈ 1, however saturated the "
                "sigmoid is. From a = −10 instead of −6 the climb is longer, not slower."),
    "b": (False, "cross-entropy's gradient does not shrink when the sigmoid saturates: "
                 "∂ℒ/∂a = ŷ − y stays close to −1, so a climbs just as fast per step as from −3; "
                 "only the distance to a = 0 is longer."),
    "c": (False, "that is what squared error does: its gradient carries σ'(a), about "
                 f"{_SLOPE:.1e} at a = −10. Cross-entropy's ŷ − y has no σ' factor."),
    "d": (False, "the error 1 − ŷ is already almost 1 when starting from −3 (ŷ ≈ 0.0025), so the "
                 "steps cannot get much larger, and the way to a = 0 is longer."),
}


@register()
def saturated_start(checker, prediction):
    """The letter predicted in exercise 9.5 (cross-entropy from w = b = −5)."""
    return choose(prediction, SATURATED_OPTIONS, what="prediction",
                  hint="Compare the two gradients with respect to a. " + _FASTER)
