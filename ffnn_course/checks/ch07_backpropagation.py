"""The checks of the exercises of chapter 7, *Backpropagation*.

The exercises are in ``exercises/07_backpropagation.ipynb``.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import references as ref
from .answers import choose, compare_parts
from .calls import function_check
from .engine import Mistake, register, see

CHAPTER = 7
_OUTPUT = see(CHAPTER, "All weights at once: the vectorised equations")
_VECTOR = see(CHAPTER, "All weights at once: the vectorised equations")


#: The options of exercise 7.1: what the formula for ∂ℒ/∂W_2 uses in a network of 3 layers.
NEEDS_OPTIONS = {
    "a": (True, "δ_3 and W_3: δ_2 = (W_3ᵀ δ_3) ⊙ g'(a_2) brings the error back from layer 3."),
    "b": (True, "a_2: the factor g'(a_2) (for the sigmoid, h_2(1 − h_2) gives it)."),
    "c": (True, "h_1: ∂ℒ/∂W_2 = δ_2 h_1ᵀ, the input that W_2 multiplies."),
    "d": (False, "W_2's own values enter only through a_2 = W_2 h_1 + b_2, which the forward pass "
                 "has already stored; the backward formula for ∂ℒ/∂W_2 never reads W_2 (it needs "
                 "W_2 one step later, for δ_1)."),
    "e": (False, "W_1 acts on the loss only through h_1, which the forward pass has stored; "
                 "neither δ_2 nor δ_2 h_1ᵀ uses it."),
}


@register()
def backward_needs(checker, letters):
    """The set of letters of exercise 7.1: what ∂ℒ/∂W_2 = δ_2 h_1ᵀ needs (L = 3 layers)."""
    return choose(letters, NEEDS_OPTIONS, what="letters", multiple=True,
                  hint="Write δ_2 and ∂ℒ/∂W_2 out with the vectorised equations. " + _VECTOR)


def _batch(rng):
    """A batch of linear outputs ŷ and targets y, both (N, K)."""
    n, k = int(rng.integers(2, 6)), int(rng.integers(2, 5))
    return rng.normal(size=(n, k)), rng.normal(size=(n, k))


OUTPUT_DELTA_MISTAKES = [
    Mistake("the 1/N of the mean is missing: the loss averages over the N examples, so does its "
            "gradient.", lambda yh, y: yh - y, _OUTPUT),
    Mistake("off by a factor 2: the ½ of ½‖ŷ − y‖² cancels the 2 of the square's derivative.",
            lambda yh, y: 2 * (yh - y) / len(yh), _OUTPUT),
    Mistake("the sign is flipped.", lambda yh, y: (y - yh) / len(yh), _OUTPUT),
]


@register(OUTPUT_DELTA_MISTAKES)
def output_delta(checker, fn):
    """``fn(y_hat, y)`` returns δ_L = ∂ℒ/∂a_L for a linear output and the batch mean of ½‖ŷ − y‖²."""
    rng = checker.rng()
    function_check(checker, fn, [_batch(rng) for _ in range(checker.trials)],
                   ref.output_delta, "output_delta(y_hat, y)",
                   mistakes=OUTPUT_DELTA_MISTAKES)
    return "Correct! The ½ cancels the square's 2 and the mean leaves its 1/N."


HIDDEN_MISTAKES = [
    Mistake("the factor σ'(a_i) = σ(a_i)(1 − σ(a_i)) is missing.", lambda W, d, a: W.T @ d,
            "δ_i is the gradient with respect to a_i, so it goes through h_i = σ(a_i) too. "
            + _VECTOR),
    Mistake("you multiplied by σ(a_i); the factor is its derivative.",
            lambda W, d, a: (W.T @ d) * ref.sigmoid(a), _VECTOR),
]


@register(HIDDEN_MISTAKES)
def hidden_delta(checker, fn):
    """``fn(W_next, delta_next, a)`` returns δ_i = (W_{i+1}ᵀ δ_{i+1}) ⊙ σ'(a_i), one example."""
    rng = checker.rng()
    cases = []
    for _ in range(checker.trials):
        n_i = int(rng.integers(2, 6))
        n_next = int(rng.choice([k for k in range(2, 7) if k != n_i]))
        cases.append((rng.normal(size=(n_next, n_i)), rng.normal(size=n_next),
                      rng.normal(size=n_i)))
    function_check(checker, fn, cases, ref.hidden_delta, "hidden_delta(W_next, delta_next, a)",
                   mistakes=HIDDEN_MISTAKES)
    return "Correct! Backwards through W_{i+1} uses its transpose, then ⊙ σ'(a_i)."


@register()
def weight_gradient(checker, fn):
    """``fn(delta, h_prev)`` returns ∂ℒ/∂W_i = δ_i h_{i−1}ᵀ (one example), shape (n_out, n_in)."""
    rng = checker.rng()
    cases = []
    for _ in range(checker.trials):
        n_out = int(rng.integers(2, 6))
        n_in = int(rng.choice([k for k in range(2, 7) if k != n_out]))
        cases.append((rng.normal(size=n_out), rng.normal(size=n_in)))
    function_check(checker, fn, cases, ref.weight_gradient, "weight_gradient(delta, h_prev)")
    return "Correct! ∂ℒ/∂w_jk = δ_j h_k: the same shape (n_out, n_in) as W."


# ----- find the bug: a two-layer backward pass (exercise 7.5) -------------------------------
def _backward_with(W1, W2, x, y, *, slope, output_slope=False):
    """The backward pass with the factor ``slope(a1, h1)`` in place of σ'(a1)."""
    a1 = W1 @ x
    h1 = ref.sigmoid(a1)
    y_hat = W2 @ h1
    delta2 = y_hat - y
    if output_slope:                                     # a σ' given to the linear output
        delta2 = delta2 * y_hat * (1 - y_hat)
    delta1 = (W2.T @ delta2) * slope(a1, h1)
    return np.outer(delta1, x), np.outer(delta2, h1)


def buggy_backward(W1, W2, x, y):
    """The exercise's given function: σ'(a1) taken from the pre-activation, a1(1 − a1)."""
    return _backward_with(W1, W2, x, y, slope=lambda a, h: a * (1 - a))


BACKWARD_MISTAKES = [
    Mistake("the bug is still there: σ'(a1) is computed from the pre-activation, a1(1 − a1); "
            "the sigmoid's derivative is σ(a1)(1 − σ(a1)) = h1(1 − h1).", buggy_backward,
            "σ'(a) = σ(a)(1 − σ(a)) needs the activation h = σ(a), not a. "
            + see(6, "The sigmoid's derivative, gate by gate")),
    Mistake("dW1 is missing σ'(a1): the line of the bug was deleted instead of fixed.",
            lambda W1, W2, x, y: _backward_with(W1, W2, x, y, slope=lambda a, h: 1.0),
            "δ1 = ∂ℒ/∂a1 goes through h1 = σ(a1) too. " + _VECTOR),
    Mistake("dW1 multiplies by σ(a1) = h1; the factor is its derivative h1(1 − h1).",
            lambda W1, W2, x, y: _backward_with(W1, W2, x, y, slope=lambda a, h: h), _VECTOR),
    Mistake("δ2 got a factor ŷ(1 − ŷ), but the output is linear (ŷ = a2, O' = 1); that line "
            "was right.",
            lambda W1, W2, x, y: _backward_with(W1, W2, x, y, slope=lambda a, h: h * (1 - h),
                                                output_slope=True), _OUTPUT),
]


@register(BACKWARD_MISTAKES)
def two_layer_backward(checker, fn):
    """``fn(W1, W2, x, y)`` returns (∂ℒ/∂W1, ∂ℒ/∂W2): sigmoid hidden layer, linear output,
    ℒ = ½‖ŷ − y‖², one example, no biases (the fixed version of exercise 7.5's function)."""
    rng = checker.rng()
    cases = []
    for _ in range(checker.trials):
        n0 = int(rng.integers(2, 5))
        n1 = int(rng.choice([k for k in range(2, 7) if k != n0]))
        n2 = int(rng.choice([k for k in range(1, 4) if k != n1]))
        cases.append((rng.normal(size=(n1, n0)), rng.normal(size=(n2, n1)),
                      rng.normal(size=n0), rng.normal(size=n2)))
    function_check(checker, fn, cases, ref.two_layer_backward,
                   "two_layer_backward(W1, W2, x, y)", names=("dW1", "dW2"),
                   mistakes=BACKWARD_MISTAKES)
    return "Correct! σ'(a1) = h1(1 − h1): the slope comes from the activation."


@functools.lru_cache(maxsize=None)
def _v():
    return ref.two_two_one_values(1)


def _no_sigma_prime_hidden():
    v = _v()
    d2 = v["dW2"][0, 0] / v["h"][0]                       # δ2 (a number)
    return np.outer(v["W2"].T @ [d2], v["x"])


def _no_sigma_prime_output():
    v = _v()
    return np.outer([v["y_hat"] - 1.0], v["h"])


BACKPROP_221_MISTAKES = [
    Mistake("dW2 is missing the output's σ'(a2) = ŷ(1 − ŷ).", _no_sigma_prime_output,
            _OUTPUT, "dW2"),
    Mistake("dW1 is missing the hidden layer's σ'(a1) factor.", _no_sigma_prime_hidden,
            _VECTOR, "dW1"),
    Mistake("dW1 is transposed: row j belongs to hidden neuron j.", lambda: _v()["dW1"].T,
            "W1 is (n_out, n_in), and so is ∂ℒ/∂W1. " + _VECTOR, "dW1"),
]


@register(BACKPROP_221_MISTAKES)
def backprop_221(checker, dW1, dW2):
    """∂ℒ/∂W1 (2, 2) and ∂ℒ/∂W2 (1, 2) for the 2-2-1 network (set 1) at x = (1, 2), y = 1,
    with ℒ = ½ (ŷ − y)²."""
    v = _v()
    compare_parts([("dW1", dW1, v["dW1"]), ("dW2", dW2, v["dW2"])], shape_strict=False,
                  mistakes=BACKPROP_221_MISTAKES)
    return "Correct! One backward sweep: δ2, then δ1 = (W2ᵀ δ2) ⊙ σ'(a1)."
