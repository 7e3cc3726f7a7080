"""The checks of the exercises of chapter 9, *Cross-entropy*.

The exercises are in ``exercises/09_cross_entropy.ipynb``. Exercises 9.1 and 9.2 take the
lecture's two networks with new numbers (``BINARY``, ``MULTICLASS``); the chapter
works the slides' own numbers, whose answers it prints.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import references as ref
from .answers import choose, compare_parts
from .calls import function_check
from .engine import Mistake, register, see

CHAPTER = 9
_BINARY = see(CHAPTER, "The lecture's binary example")
_MULTI = see(CHAPTER, "The lecture's multiclass example")
_BOTH = see(CHAPTER, "The negative log-likelihood of the true class")


#: Exercise 9.1: the lecture's 4-4-1 sigmoid network with new weights, biases and input
#: (the chapter works the slide's numbers, so copying them would not do); target y = 0.
BINARY = {"x": (0.5, -0.4, 0.8, 0.1),
          "W1": ((0.3, -0.6, 0.2, 0.5), (0.7, 0.1, -0.4, 0.2), (-0.2, 0.4, 0.6, -0.3),
                 (0.5, 0.3, 0.1, -0.7)),
          "b1": (0.1, -0.3, 0.2, -0.1), "W2": ((0.6, -0.5, 0.9, 0.4),), "b2": (0.3,), "y": 0.0}

#: Exercise 9.2: the lecture's 4-4-3 network (sigmoid, then softmax) with new numbers;
#: target y = [0, 0, 1]. The network's most probable class is not the true one.
MULTICLASS = {"x": (0.2, 0.9, -0.5, 0.3),
              "W1": ((0.4, -0.3, 0.6, 0.1), (-0.5, 0.2, 0.3, 0.8), (0.2, 0.7, -0.4, -0.6),
                     (0.6, -0.1, 0.5, 0.3)),
              "b1": (0.1, 0.0, -0.2, 0.1),
              "W2": ((-0.3, 0.5, 0.4, -0.6), (0.7, -0.4, 0.9, 0.2), (0.1, 0.3, -0.5, 0.4)),
              "b2": (-0.1, 0.2, 0.0), "y": (0.0, 0.0, 1.0)}


def _forward(numbers, output, *, biases=True, transpose_w1=False):
    """Pre-activation a2 and output of a 4-4-K network (sigmoid hidden layer), with the
    reference formulas; optionally without biases or with W1 transposed (mistakes)."""
    x, W1, W2 = (np.array(numbers[k], dtype=float) for k in ("x", "W1", "W2"))
    b1, b2 = (np.array(numbers[k], dtype=float) * biases for k in ("b1", "b2"))
    h1 = ref.sigmoid((W1.T if transpose_w1 else W1) @ x + b1)
    a2 = W2 @ h1 + b2
    return a2, output(a2)


@functools.lru_cache(maxsize=None)
def _binary(**kw):
    """(a2, ŷ) of exercise 9.1's network, as numbers."""
    a2, y_hat = _forward(BINARY, ref.sigmoid, **kw)
    return float(a2[0]), float(y_hat[0])


def _bce(p):
    return float(-np.log(1 - p))                          # y = 0: only −ln(1 − ŷ) remains


_NO_BIAS = "Each layer adds its bias before the activation: a = W h + b. " + _BINARY
_ROWS = ("Row j of W1 holds the weights into hidden neuron j, so a1 = W1 x (not W1ᵀ x). "
         + _BINARY)
BINARY_MISTAKES = [
    Mistake("y_hat and loss leave out the biases b1 and b2.",
            lambda: (_binary(biases=False)[1], _bce(_binary(biases=False)[1])), _NO_BIAS,
            ("y_hat", "loss")),
    Mistake("y_hat leaves out the biases b1 and b2.", lambda: _binary(biases=False)[1],
            _NO_BIAS, "y_hat"),
    Mistake("y_hat uses W1 transposed.", lambda: _binary(transpose_w1=True)[1], _ROWS, "y_hat"),
    Mistake("y_hat is the pre-activation a2: apply the sigmoid.", lambda: _binary()[0],
            _BINARY, "y_hat"),
    Mistake("that is −ln ŷ, the loss for y = 1; here y = 0.", lambda: -np.log(_binary()[1]),
            _BOTH, "loss"),
    Mistake("the loss uses log base 10; cross-entropy uses the natural log ln.",
            lambda: -np.log10(1 - _binary()[1]), _BOTH, "loss"),
    Mistake("the loss adds both −ln ŷ and −ln(1 − ŷ): the factors y and 1 − y keep only "
            "one of the two terms.", lambda: -np.log(_binary()[1]) + _bce(_binary()[1]), _BOTH,
            "loss"),
]


@register(BINARY_MISTAKES)
def binary_ce(checker, y_hat, loss):
    """Exercise 9.1: ŷ and the binary cross-entropy of the 4-4-1 network ``BINARY``
    (target y = 0)."""
    p = _binary()[1]
    compare_parts([("y_hat", y_hat, p, {"rtol": 1e-6, "atol": 5e-5}),
                   ("loss", loss, _bce(p))],
                  rtol=1e-4, mistakes=BINARY_MISTAKES)
    return "Correct! With y = 0 only the term −ln(1 − ŷ) remains."


@functools.lru_cache(maxsize=None)
def _multi(**kw):
    """(a2, ŷ) of exercise 9.2's network."""
    return _forward(MULTICLASS, ref.softmax, **kw)


_TRUE = int(np.argmax(MULTICLASS["y"]))                  # 0-based index of the true class


def _ce(y_hat):
    return float(-np.log(y_hat[_TRUE]))


def _predicted():
    return int(np.argmax(_multi()[1])) + 1                # classes numbered 1, 2, 3


_NO_BIAS_MULTI = "Each layer adds its bias before the activation: a = W h + b. " + _MULTI
MULTICLASS_MISTAKES = [
    Mistake("y_hat and loss leave out the biases b1 and b2.",
            lambda: (_multi(biases=False)[1], _ce(_multi(biases=False)[1])), _NO_BIAS_MULTI,
            ("y_hat", "loss")),
    Mistake("y_hat leaves out the biases b1 and b2.", lambda: _multi(biases=False)[1],
            _NO_BIAS_MULTI, "y_hat"),
    Mistake("y_hat uses W1 transposed.", lambda: _multi(transpose_w1=True)[1],
            "Row j of W1 holds the weights into hidden neuron j, so a1 = W1 x (not W1ᵀ x). "
            + _MULTI, "y_hat"),
    Mistake("y_hat applies the sigmoid to each output: those do not sum to 1. The output "
            "layer is softmax.", lambda: ref.sigmoid(_multi()[0]), _MULTI, "y_hat"),
    Mistake("y_hat are the logits a2: apply softmax.", lambda: _multi()[0], _MULTI, "y_hat"),
    Mistake("you summed −ln ŷ_k over all classes; only the true class (y_k = 1) counts.",
            lambda: float(-np.sum(np.log(_multi()[1]))), _BOTH, "loss"),
    Mistake("the loss uses log base 10; cross-entropy uses the natural log ln.",
            lambda: float(-np.log10(_multi()[1][_TRUE])), _BOTH, "loss"),
    Mistake("the loss is −ln of the largest ŷ_k, the predicted class; cross-entropy takes the "
            "true class's ŷ (y = [0, 0, 1]), however wrong the prediction.",
            lambda: float(-np.log(np.max(_multi()[1]))), _BOTH, "loss"),
    Mistake("predicted counts from 0 (as np.argmax does); number the classes 1, 2, 3, as in "
            "ŷ_1, ŷ_2, ŷ_3.", lambda: _predicted() - 1, _MULTI, "predicted"),
    Mistake("predicted is the true class, from y; the network predicts the class with the "
            "largest ŷ_k.", lambda: _TRUE + 1, _MULTI, "predicted"),
]


@register(MULTICLASS_MISTAKES)
def multiclass_ce(checker, y_hat, loss, predicted):
    """Exercise 9.2: ŷ (3 probabilities), the cross-entropy loss and the predicted class
    (numbered 1–3) of the 4-4-3 network ``MULTICLASS``, y = e_3."""
    v = _multi()[1]
    compare_parts([("y_hat", y_hat, v, {"rtol": 1e-6, "atol": 5e-5}),
                   ("loss", loss, _ce(v)), ("predicted", predicted, _predicted(), {"atol": 0})],
                  rtol=1e-4, mistakes=MULTICLASS_MISTAKES)
    return ("Correct! ℒ = −ln ŷ_3: only the true class's probability counts, whichever class "
            "the network predicts.")


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
