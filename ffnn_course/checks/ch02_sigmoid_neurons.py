"""The checks of the exercises of chapter 2, *Multiple sigmoid neurons*.

The exercises are in ``exercises/02_sigmoid_neurons.ipynb``.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import examples
from .. import references as ref
from .answers import compare, compare_parts
from .calls import function_check
from .engine import Mistake, register, see

CHAPTER = 2

SIGMOID_MISTAKES = [
    Mistake("you computed σ(−a) = 1/(1 + e^{a}): the sign of the exponent is flipped.",
            lambda a: ref.sigmoid(-a),
            see(CHAPTER, "One neuron, two inputs: a soft step along a straight line")),
]


@register(SIGMOID_MISTAKES)
def sigmoid(checker, fn):
    """``fn(a)`` returns σ(a) = 1/(1 + e^{−a}) element-wise, for any shape and any size of a."""
    rng = checker.rng()
    cases = [(rng.normal(0, 3, size=7),), (rng.normal(0, 3, size=(3, 4)),),
             (np.array([-1000.0, -750.0, -30.0, 0.0, 30.0, 750.0, 1000.0]),)]
    function_check(checker, fn, cases, ref.sigmoid, "sigmoid(a)", mistakes=SIGMOID_MISTAKES,
                   warn_hint="e^{−a} overflows for a ≈ −1000. Use e^{−|a|}, which never "
                   "overflows: for a < 0, σ(a) = e^{a}/(1 + e^{a}).")
    return "Correct! Your sigmoid works for arrays of any shape and for huge |a|."


@functools.lru_cache(maxsize=None)
def _net():
    return ref.two_two_one_values(1)


FORWARD_221_MISTAKES = [
    Mistake("h1 and h2 use the transposed weights.",
            lambda: tuple(ref.sigmoid(_net()["W1"].T @ _net()["x"])),
            "h1 = σ(w11 x1 + w12 x2): neuron 1 uses w11 and w12, the weights INTO it. "
        + see(CHAPTER, "The 2-2-1 network"), ("h1", "h2")),
    Mistake("h1 and h2 are swapped.", lambda: (_net()["h"][1], _net()["h"][0]),
            see(CHAPTER, "The 2-2-1 network"), ("h1", "h2")),
    Mistake("h1 is the pre-activation a1 = w11 x1 + w12 x2: apply σ to it.",
            lambda: _net()["a1"][0], see(CHAPTER, "One neuron, two inputs: a soft step along a straight line"),
            "h1"),
    Mistake("h2 is the pre-activation a2 = w13 x1 + w14 x2: apply σ to it.",
            lambda: _net()["a1"][1], see(CHAPTER, "One neuron, two inputs: a soft step along a straight line"),
            "h2"),
    Mistake("y_hat is the pre-activation w21 h1 + w22 h2: apply σ to it.",
            lambda: _net()["a2"], see(CHAPTER, "Two neurons combined"), "y_hat"),
]


@register(FORWARD_221_MISTAKES)
def forward_221(checker, h1, h2, y_hat):
    """The 2-2-1 network (weight set 1, biases 0) at x = (1, 2): h1, h2 and ŷ."""
    v = _net()
    compare_parts([("h1", h1, v["h"][0]), ("h2", h2, v["h"][1]), ("y_hat", y_hat, v["y_hat"])],
                  mistakes=FORWARD_221_MISTAKES, atol=1e-4)
    return "Correct! A pre-activation of 0 sits in the middle of the sigmoid."


@functools.lru_cache(maxsize=None)
def _mse_data():
    x, y = examples.sigmoid_neuron_data()
    return x, y, ref.sigmoid(1.0 * x - 1.0)


# The loss ℒ is defined in chapter 5 ("Data and loss"); this exercise previews it.
_LOSS = see(5, "Data and loss")
MSE_MISTAKES = [
    Mistake("that is the sum of the squared errors; the lecture's ℒ averages them (1/N Σ …).",
            lambda: float(np.sum((_mse_data()[2] - _mse_data()[1]) ** 2)),
            _LOSS, "loss"),
    Mistake("that is the mean absolute error; square the errors.",
            lambda: float(np.mean(np.abs(_mse_data()[2] - _mse_data()[1]))), _LOSS, "loss"),
    Mistake("you left out the sigmoid: f(x) = σ(w x + b).",
            lambda: float(np.mean((_mse_data()[0] - 1.0 - _mse_data()[1]) ** 2)), _LOSS, "loss"),
]


@register(MSE_MISTAKES)
def mse_sigmoid_neuron(checker, loss):
    """The lecture's loss ℒ = (1/5) Σ (σ(w x_i + b) − y_i)² at w = 1, b = −1."""
    x, y = examples.sigmoid_neuron_data()
    compare(loss, ref.mse_sigmoid_neuron(1.0, -1.0, x, y), "loss", rtol=1e-4,
            mistakes=[(m.answer(), m.message, m.hint) for m in MSE_MISTAKES])
    return "Correct!"
