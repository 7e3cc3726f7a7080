"""The checks of the exercises of chapter 2, *Multiple sigmoid neurons*.

The exercises are in ``exercises/02_sigmoid_neurons.ipynb``: 2.1 where one neuron's step
sits (``step_position``), 2.2 what doubling w and b does (``double_w_and_b``), 2.3 a 2-2-1
network with new weights and biases (``forward_221``), 2.4 a sigmoid that never overflows
(``sigmoid``), 2.5 a prediction: the XOR network without its hidden bias (``xor_without_b1``).
"""

from __future__ import annotations

import functools

import numpy as np

from .. import references as ref
from .answers import as_count, choose, compare_parts, compare_prediction, fmt, missing
from .calls import function_check
from .engine import Mistake, register, see

CHAPTER = 2
_ONE_INPUT = see(CHAPTER, "One neuron, one input: what $w$ and $b$ do")
_TWO_INPUTS = see(CHAPTER, "One neuron, two inputs: a soft step along a straight line")
_NETWORK = see(CHAPTER, "The 2-2-1 network")

# ----- 2.1 where the step sits ----------------------------------------------------------------
#: Exercise 2.1: the neuron σ(w x + b) and the input x at which its output is asked for.
STEP_NEURON = {"w": -4.0, "b": 6.0, "x": 2.0}


STEP_MISTAKES = [
    Mistake("x_step has the wrong sign: the step sits where w x + b = 0.",
            lambda: STEP_NEURON["b"] / STEP_NEURON["w"], _ONE_INPUT, "x_step"),
    Mistake("x_step swaps w and b: solve w x + b = 0 for x.",
            lambda: -STEP_NEURON["w"] / STEP_NEURON["b"], _ONE_INPUT, "x_step"),
    Mistake("y_hat leaves out the bias b.",
            lambda: float(ref.sigmoid(STEP_NEURON["w"] * STEP_NEURON["x"])), _ONE_INPUT, "y_hat"),
    Mistake("y_hat is the pre-activation w x + b: apply σ to it.",
            lambda: STEP_NEURON["w"] * STEP_NEURON["x"] + STEP_NEURON["b"], _ONE_INPUT, "y_hat"),
    Mistake("y_hat is σ(−(w x + b)): with w < 0 the output falls as x grows, and σ takes "
            "w x + b as it is.",
            lambda: float(ref.sigmoid(-(STEP_NEURON["w"] * STEP_NEURON["x"]
                                        + STEP_NEURON["b"]))), _ONE_INPUT, "y_hat"),
]


@register(STEP_MISTAKES)
def step_position(checker, x_step, y_hat):
    """Exercise 2.1: for σ(w x + b) with w = −4, b = 6, the input x_step where ŷ = 0.5 and
    the output y_hat at x = 2."""
    w, b, x = (STEP_NEURON[k] for k in ("w", "b", "x"))
    compare_parts([("x_step", x_step, ref.sigmoid_step(w, b)),
                   ("y_hat", y_hat, float(ref.sigmoid(w * x + b)))],
                  mistakes=STEP_MISTAKES, atol=1e-4)
    return "Correct! With w < 0 the step falls: the output is below 0.5 to the right of x_step."


# ----- 2.2 doubling w and b --------------------------------------------------------------------
DOUBLE_OPTIONS = {
    "a": (False, "the step sits where w x + b = 0, at x = −b/w, and doubling both w and b "
                 "leaves −b/w unchanged: the step does not move."),
    "b": (True, "Right: −b/w is unchanged, so the step stays put, and a larger |w| makes it "
                "steeper."),
    "c": (False, "a larger |w| makes the step steeper, not flatter: the pre-activation w x + b "
                 "changes twice as fast with x."),
    "d": (False, "the curve flips only when w changes sign; 2w has the same sign as w."),
}


@register()
def double_w_and_b(checker, answer):
    """Exercise 2.2: one letter, what doubling both w and b of σ(w x + b) does to its curve."""
    return choose(answer, DOUBLE_OPTIONS, what="answer", hint=_ONE_INPUT)


# ----- 2.3 a 2-2-1 network with new numbers ----------------------------------------------------
#: Exercise 2.3: new weights and biases for the 2-2-1 network (the hidden neurons share b1).
NET_221 = {"weights": dict(w11=0.5, w12=-1.0, w13=1.0, w14=0.5, w21=2.0, w22=-1.0),
           "b1": 0.5, "b2": -0.5, "x": (1.0, -1.0)}


@functools.lru_cache(maxsize=None)
def _net(b1=None, b2=None):
    n = NET_221
    return ref.two_two_one_values(n["weights"], x=n["x"], b1=n["b1"] if b1 is None else b1,
                                  b2=n["b2"] if b2 is None else b2)


def _transposed():
    n = NET_221
    W1 = _net()["W1"]
    return tuple(ref.sigmoid(W1.T @ _net()["x"] + n["b1"]))


def _y_from(h1, h2):
    w = NET_221["weights"]
    return float(ref.sigmoid(w["w21"] * h1 + w["w22"] * h2 + NET_221["b2"]))


FORWARD_221_MISTAKES = [
    Mistake("h1 and h2 use the transposed weights.", _transposed,
            "h1 = σ(w11 x1 + w12 x2 + b1): neuron 1 uses w11 and w12, the weights INTO it. "
            + _NETWORK, ("h1", "h2")),
    Mistake("h1 and h2 are swapped.", lambda: (_net()["h"][1], _net()["h"][0]),
            _NETWORK, ("h1", "h2")),
    Mistake("h1 and h2 leave out the shared bias b1.", lambda: tuple(_net(b1=0.0)["h"]),
            _NETWORK, ("h1", "h2")),
    Mistake("h1 is the pre-activation w11 x1 + w12 x2 + b1: apply σ to it.",
            lambda: _net()["a1"][0], _TWO_INPUTS, "h1"),
    Mistake("h2 is the pre-activation w13 x1 + w14 x2 + b1: apply σ to it.",
            lambda: _net()["a1"][1], _TWO_INPUTS, "h2"),
    Mistake("y_hat is the pre-activation w21 h1 + w22 h2 + b2: apply σ to it.",
            lambda: _net()["a2"], _NETWORK, "y_hat"),
    Mistake("y_hat leaves out the output bias b2.", lambda: _net(b2=0.0)["y_hat"],
            _NETWORK, "y_hat"),
    Mistake("y_hat uses the transposed hidden outputs: it follows from the wrong h1, h2.",
            lambda: _y_from(*_transposed()), _NETWORK, "y_hat"),
]


@register(FORWARD_221_MISTAKES)
def forward_221(checker, h1, h2, y_hat):
    """Exercise 2.3: the 2-2-1 network with the exercise's weights and biases at x = (1, −1):
    h1, h2 and ŷ."""
    v = _net()
    compare_parts([("h1", h1, v["h"][0]), ("h2", h2, v["h"][1]), ("y_hat", y_hat, v["y_hat"])],
                  mistakes=FORWARD_221_MISTAKES, atol=1e-4)
    return "Correct! Each hidden neuron adds the shared b1, the output neuron adds b2."


# ----- 2.4 a sigmoid that never overflows -------------------------------------------------------
SIGMOID_MISTAKES = [
    Mistake("you computed σ(−a) = 1/(1 + e^{a}): the sign of the exponent is flipped.",
            lambda a: ref.sigmoid(-a), _TWO_INPUTS),
]


@register(SIGMOID_MISTAKES)
def sigmoid(checker, fn):
    """Exercise 2.4: ``fn(a)`` returns σ(a) = 1/(1 + e^{−a}) element-wise, for any shape of a."""
    rng = checker.rng()
    cases = [(rng.normal(0, 3, size=7),), (rng.normal(0, 3, size=(3, 4)),),
             (np.array([-1000.0, -750.0, -30.0, 0.0, 30.0, 750.0, 1000.0]),)]
    function_check(checker, fn, cases, ref.sigmoid, "sigmoid(a)", mistakes=SIGMOID_MISTAKES,
                   warn_hint="e^{−a} overflows for a ≈ −1000. Use e^{−|a|}, which never "
                   "overflows: for a < 0, σ(a) = e^{a}/(1 + e^{a}).")
    return "Correct! Your sigmoid works for arrays of any shape and for huge |a|."


# ----- 2.5 predict, then run: the XOR network without its hidden bias ---------------------------
_XOR = see(CHAPTER, "The 2-2-1 network solves XOR")
#: Exercise 2.5: the chapter's XOR network (weights, b2) with the hidden bias b1 set to 0.
XOR_NET = {"weights": dict(w11=10.0, w12=-10.0, w13=-10.0, w14=10.0, w21=10.0, w22=10.0),
           "b1": 0.0, "b2": -5.0,
           "X": ((0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)), "y": (0, 1, 1, 0)}


@functools.lru_cache(maxsize=None)
def _xor_correct():
    """How many XOR points the network classifies right (ŷ ≥ 0.5 for label 1)."""
    n = XOR_NET
    right = 0
    for x, label in zip(n["X"], n["y"]):
        y_hat = _xor_y_hat(x, n["b1"])
        right += int((y_hat >= 0.5) == bool(label))
    return right


def _xor_y_hat(x, b1):
    v = ref.two_two_one_values(XOR_NET["weights"], x=x, b1=b1, b2=XOR_NET["b2"])
    return v["y_hat"]


XOR_MISTAKES = [
    Mistake("b1 = −5 is what kept both detectors off at (0, 0) and (1, 1). Without it each "
            "hidden neuron there gets a pre-activation of 0, so h1 = h2 = σ(0) = 0.5, and the "
            "output neuron sees 10 · 0.5 + 10 · 0.5 − 5 > 0.",
            lambda: len(XOR_NET["y"]), _XOR, "n_correct"),
    Mistake("at (1, 0) and (0, 1) one detector still gets a pre-activation of ±10: it is fully "
            "on and the other fully off, with or without b1.", lambda: 0, _XOR, "n_correct"),
]


@register(XOR_MISTAKES)
def xor_without_b1(checker, n_correct):
    """Exercise 2.5: the prediction of how many of the 4 XOR points the chapter's XOR network
    still gets right with b1 = 0."""
    if not missing(n_correct):
        n_correct = as_count(n_correct, "n_correct")
    compare_prediction(n_correct, _xor_correct(), "n_correct", atol=0, mistakes=XOR_MISTAKES,
                       claim=f"{fmt(n_correct)} points right",
                       hint="Go through the four points one by one: what are the two hidden "
                            "pre-activations at each, with b1 = 0? " + _XOR)
    return ("Right: the detectors still fire at (1, 0) and (0, 1), but at (0, 0) and (1, 1) "
            "both are half on, and the output fires there too.")
