"""The checks of the exercises of chapter 3, *Feed-forward networks*.

The exercises are in ``exercises/03_feedforward_networks.ipynb``: 3.1 a row vector times
two matrices, with new numbers (``matrix_example``), 3.2 the shapes of W1, W2, W3
(``layer_shapes``), 3.3 a batch layer with one bug (``dense_forward``), 3.4 counting
parameters (``count_parameters``), 3.5 what a stack of linear layers computes
(``linear_stack``, multiple choice).
"""

from __future__ import annotations

import numpy as np

from .. import references as ref
from .answers import as_count, choose, compare_parts, fmt, missing
from .calls import function_check
from .engine import Mistake, NotAttempted, Wrong, register, see

CHAPTER = 3


#: Exercise 3.1: a row vector x times M1 and then M2, in the slide's style (each COLUMN of
#: M1 belongs to one neuron; the lecture's W1 = M1ᵀ), with new numbers.
MATRIX = {"x": (1.0, -2.0), "M1": ((0.4, -0.1), (0.3, 0.2)), "M2": (0.5, -0.6)}


def _matrix():
    return tuple(np.array(MATRIX[k]) for k in ("x", "M1", "M2"))


_PRODUCT = see(CHAPTER, "A small product by hand")
MATRIX_MISTAKES = [
    Mistake("a1 multiplies the matrix the other way round (the transpose).",
            lambda: _matrix()[1] @ _matrix()[0],
            "The row vector x multiplies M1 from the left: entry j of a1 combines x with "
            "COLUMN j of M1. " + _PRODUCT, "a1"),
    Mistake("a2 follows from the transposed a1.",
            lambda: ((_matrix()[1] @ _matrix()[0]) @ _matrix()[2]).reshape(-1), _PRODUCT, "a2"),
    Mistake("a2 multiplies x by M2 directly; a2 is a1 times M2.",
            lambda: (_matrix()[0] @ _matrix()[2]).reshape(-1), _PRODUCT, "a2"),
]


@register(MATRIX_MISTAKES)
def matrix_example(checker, a1, a2):
    """Exercise 3.1: x = [1, −2] times M1 (a1, 2 numbers), then times M2 (a2, 1 number)."""
    x, M1, M2 = _matrix()
    compare_parts([("a1", a1, x @ M1), ("a2", a2, (x @ M1 @ M2).reshape(-1))],
                  mistakes=MATRIX_MISTAKES)
    return "Correct! Row vector times matrix, twice: x M1 M2 = (W2 W1 x)ᵀ with W = Mᵀ."


@register()
def layer_shapes(checker, shapes):
    """Exercise 3.2: the shapes of W1, W2, W3 for layer sizes [784, 128, 64, 10], as a list
    of tuples."""
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


def _dense_buggy(W, b, h_prev):
    """Exercise 3.3's bug: (n_out, N) + (n_out,) adds b along the examples axis."""
    return ref.sigmoid(W @ h_prev.T + b).T


_LAYER = see(CHAPTER, "Layer after layer")
_BATCH = see(CHAPTER, "Batches: many inputs at once, and the bias broadcast")
DENSE_MISTAKES = [
    Mistake("the bug is still there: in W @ h_prev.T, of shape (n_out, N), NumPy broadcasts b "
            "along the last axis, the examples, so example n gets b_n added to every unit "
            "(and the shapes clash unless N = n_out).", _dense_buggy,
            "Each example (row) gets the whole vector b, one entry per unit. " + _BATCH),
    Mistake("the result is the transpose of the right one: one row per example, (N, n_out).",
            lambda W, b, h: ref.dense_forward(W, b, h).T, _BATCH),
    Mistake("that is the pre-activation a: apply the sigmoid.",
            lambda W, b, h: h @ W.T + b, _LAYER),
    Mistake("the bias b is missing.", lambda W, b, h: ref.sigmoid(h @ W.T), _LAYER),
    Mistake("the bias is added after the sigmoid: h = σ(W h_prev + b), b inside.",
            lambda W, b, h: ref.sigmoid(h @ W.T) + b, _LAYER),
]


@register(DENSE_MISTAKES)
def dense_forward(checker, fn):
    """Exercise 3.3: ``fn(W, b, h_prev)`` returns σ(a) with a = W h + b for a batch
    ``h_prev`` (N, n_in), one example per row."""
    rng = checker.rng()
    cases = []
    for trial in range(checker.trials):
        n_in = int(rng.integers(2, 6))
        n_out = int(rng.choice([k for k in range(2, 7) if k != n_in]))
        n = n_out if trial == 0 else int(rng.integers(2, 6))     # N = n_out: the bug is silent
        cases.append((rng.normal(size=(n_out, n_in)), rng.normal(size=n_out),
                      rng.normal(size=(n, n_in))))
    function_check(checker, fn, cases, ref.dense_forward, "dense_forward(W, b, h_prev)",
                   mistakes=DENSE_MISTAKES)
    return "Correct! In batch form a = h_prev @ W.T + b: b is added to every row."


_COUNT = see(CHAPTER, "How many parameters?")
COUNT_MISTAKES = [
    Mistake("you counted the weights only: every neuron also has a bias.",
            lambda s: sum(a * b for a, b in zip(s[:-1], s[1:])), _COUNT),
    Mistake("you gave the input layer biases too; only neurons that compute something have one.",
            lambda s: sum(a * b for a, b in zip(s[:-1], s[1:])) + sum(s), _COUNT),
    Mistake("each layer got one bias per INPUT; a layer has one bias per neuron, n_i of them.",
            lambda s: sum(a * b + a for a, b in zip(s[:-1], s[1:])), _COUNT),
]


@register(COUNT_MISTAKES)
def count_parameters(checker, fn):
    """Exercise 3.4: ``fn(sizes)`` returns the number of weights and biases of a network with
    those sizes."""
    rng = checker.rng()
    cases = [([int(s) for s in rng.integers(1, 50, size=rng.integers(2, 6))],)
             for _ in range(checker.trials)]

    def whole(inputs, result):
        as_count(result, f"count_parameters({inputs[0]})")
    function_check(checker, fn, cases, ref.count_parameters, "count_parameters(sizes)",
                   mistakes=COUNT_MISTAKES, scalar=True, extra=whole, rtol=0, atol=0.5)
    return "Correct!"


#: Exercise 3.5: a 2-100-100-1 network with no activation (g the identity), biases included.
_NONLINEAR = see(CHAPTER, "Why the activation must be non-linear")
LINEAR_STACK_OPTIONS = {
    "a": (False, "the biases collapse too: W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂), one "
                 "weight matrix and one bias."),
    "b": (False, "hidden layers help only with a non-linear g between them. Without one the "
                 "whole network is a linear function of x, and no line separates XOR's two "
                 "classes (chapter 2)."),
    "c": (True, "Right: W₃W₂W₁ is one 1×2 matrix and W₃(W₂b₁ + b₂) + b₃ one bias, so the "
                "network's 10,501 parameters describe a function that 3 numbers describe: "
                "one linear layer."),
    "d": (False, "width does not help either: W₃W₂W₁ is one 1×2 matrix whatever the sizes in "
                 "between, so the network computes w·x + b like a single neuron."),
}


@register()
def linear_stack(checker, answer):
    """Exercise 3.5: the letter of the true statement about a 2-100-100-1 network without
    activation functions."""
    return choose(answer, LINEAR_STACK_OPTIONS, hint="Multiply out W₃(W₂(W₁x + b₁) + b₂) + b₃. "
                  + _NONLINEAR)
