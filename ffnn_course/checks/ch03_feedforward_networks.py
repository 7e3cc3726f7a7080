"""The checks of the exercises of chapter 3, *Feed-forward networks*.

The exercises are in ``exercises/03_feedforward_networks.ipynb``.
"""

from __future__ import annotations

import numpy as np

from .. import examples
from .. import references as ref
from .answers import as_count, compare_parts, fmt, missing
from .calls import function_check
from .engine import Mistake, NotAttempted, Wrong, register, see

CHAPTER = 3


def _matrix():
    """The slide's row vector x and matrices M1, M2 (from the lecture's network, W = Mᵀ)."""
    net, x = examples.matrix_example()
    return x, net.W[1].T, net.W[2].T


MATRIX_MISTAKES = [
    Mistake("a1 multiplies the matrix the other way round (the transpose).",
            lambda: _matrix()[1] @ _matrix()[0],
            "The slide multiplies the ROW vector [2 3] from the left. In the lecture's "
            "convention W1 = M1ᵀ is (n_out, n_in), and a1 = W1 x. "
            + see(CHAPTER, "A small product by hand"), "a1"),
]


@register(MATRIX_MISTAKES)
def matrix_example(checker, a1, a2):
    """The matrix slide: x = [2, 3] times the two matrices, a1 (2 numbers) and a2 (1 number)."""
    x, M1, M2 = _matrix()
    compare_parts([("a1", a1, x @ M1), ("a2", a2, (x @ M1 @ M2).reshape(-1))],
                  mistakes=MATRIX_MISTAKES)
    return "Correct! Row vector times matrix, twice."


@register()
def layer_shapes(checker, shapes):
    """The shapes of W1, W2, W3 for layer sizes [784, 128, 64, 10], as a list of tuples."""
    sizes = [784, 128, 64, 10]
    expected = [(n_out, n_in) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    if missing(shapes):
        raise NotAttempted
    if isinstance(shapes, (str, bytes, dict)) or not isinstance(shapes, (list, tuple)):
        raise Wrong(f"expected a list of 3 shapes like [(n_out, n_in), …], got {fmt(shapes)}.")
    if len(shapes) != 3:
        raise Wrong(f"expected 3 shapes (one per layer with weights), got {len(shapes)}.",
                    "The input layer has no weights: 4 sizes give 3 weight matrices.")
    got = []
    for k, s in enumerate(shapes, 1):
        if missing(s):
            raise Wrong(f"the shape of W{k} is still None.", "", status="partly done")
        if isinstance(s, (str, bytes, dict)) or not isinstance(s, (list, tuple, np.ndarray)) \
                or len(s) != 2:
            raise Wrong(f"the shape of W{k} should be a pair of whole numbers, got {fmt(s)}.")
        got.append(tuple(as_count(n, f"an entry of the shape of W{k}") for n in s))
    if got == expected:
        return "Correct! W_i is (n_out, n_in)."
    if got == [s[::-1] for s in expected]:
        raise Wrong("these are the transposed shapes (n_in, n_out).",
                    "The lecture's W_i is (n_out, n_in), so that a_i = W_i h_{i−1}. "
                    + see(CHAPTER, "Shapes, step by step"))
    right = [f"W{k}" for k, (g, e) in enumerate(zip(got, expected), 1) if g == e]
    wrong = [f"W{k}" for k, (g, e) in enumerate(zip(got, expected), 1) if g != e]
    raise Wrong(f"{', '.join(right) + ' right; ' if right else ''}not right yet: "
                f"{', '.join(wrong)}.", "W_i maps h_{i−1} (n_{i−1} numbers) to a_i (n_i "
                "numbers). " + see(CHAPTER, "Shapes, step by step"),
                parts={f"W{k}": "correct" if g == e else "wrong"
                       for k, (g, e) in enumerate(zip(got, expected), 1)})


DENSE_MISTAKES = [
    Mistake("that is the pre-activation a: apply the sigmoid.",
            lambda W, b, h: h @ W.T + b, see(CHAPTER, "Layer after layer")),
    Mistake("the bias b is missing.", lambda W, b, h: ref.sigmoid(h @ W.T),
            see(CHAPTER, "Layer after layer")),
]


@register(DENSE_MISTAKES)
def dense_forward(checker, fn):
    """``fn(W, b, h_prev)`` returns σ(a) with a = W h + b for a batch ``h_prev`` (N, n_in)."""
    rng = checker.rng()
    cases = []
    for _ in range(checker.trials):
        n_in, n = int(rng.integers(2, 6)), int(rng.integers(2, 5))
        n_out = int(rng.choice([k for k in range(2, 7) if k != n_in]))
        cases.append((rng.normal(size=(n_out, n_in)), rng.normal(size=n_out),
                      rng.normal(size=(n, n_in))))
    function_check(checker, fn, cases, ref.dense_forward, "dense_forward(W, b, h_prev)",
                   mistakes=DENSE_MISTAKES)
    return "Correct! In batch form a = h_prev @ W.T + b: one row per example."


COUNT_MISTAKES = [
    Mistake("you counted the weights only: every neuron also has a bias.",
            lambda s: sum(a * b for a, b in zip(s[:-1], s[1:])), see(CHAPTER, "Layer after layer")),
    Mistake("you gave the input layer biases too; only neurons that compute something have one.",
            lambda s: sum(a * b for a, b in zip(s[:-1], s[1:])) + sum(s),
            see(CHAPTER, "Layer after layer")),
]


@register(COUNT_MISTAKES)
def count_parameters(checker, fn):
    """``fn(sizes)`` returns the number of weights and biases of a network with those sizes."""
    rng = checker.rng()
    cases = [([int(s) for s in rng.integers(1, 50, size=rng.integers(2, 6))],)
             for _ in range(checker.trials)]

    def whole(inputs, result):
        as_count(result, f"count_parameters({inputs[0]})")
    function_check(checker, fn, cases, ref.count_parameters, "count_parameters(sizes)",
                   mistakes=COUNT_MISTAKES, scalar=True, extra=whole, rtol=0, atol=0.5)
    return "Correct!"
