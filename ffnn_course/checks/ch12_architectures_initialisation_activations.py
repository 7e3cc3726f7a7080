"""The checks of the exercises of chapter 12, *Architecture, initialisation and activations*.

The exercises are in ``exercises/12_architectures_initialisation_activations.ipynb``.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import references as ref
from .answers import as_numbers, fmt, missing
from .calls import call
from .engine import Mistake, NotAttempted, Wrong, register, see

CHAPTER = 12
_INIT = see(CHAPTER, "Initialisation: keeping the signal alive")


@register()
def xavier_uniform(checker, fn):
    """``fn(n_in, n_out, rng)`` returns W (n_out, n_in) ~ U[−r, r], r = √(6/(n_in + n_out))."""
    rng = checker.rng()
    n_in, n_out = int(rng.integers(300, 400)), int(rng.integers(100, 200))
    seed = int(rng.integers(2**31))
    what = "xavier_uniform(n_in, n_out, rng)"
    got, _ = call(checker, fn, n_in, n_out, np.random.default_rng(seed), what=what)
    W = as_numbers(got, "W")
    if W.shape == (n_in, n_out):
        raise Wrong(f"W has shape {W.shape} = (n_in, n_out): transposed.",
                    "The lecture's W is (n_out, n_in). " + _INIT)
    if W.shape != (n_out, n_in):
        raise Wrong(f"W has shape {W.shape} instead of (n_out, n_in) = {(n_out, n_in)}.")
    again, _ = call(checker, fn, n_in, n_out, np.random.default_rng(seed), what=what)
    if not np.array_equal(as_numbers(again, "W"), W):
        raise Wrong("two calls with the same rng seed gave different weights.",
                    "Draw from the rng you are given (rng.uniform), not np.random.")
    r = ref.xavier_bound(n_in, n_out)
    std = float(W.std())
    if abs(std - np.sqrt(2.0 / n_in)) < 0.02 * std:
        raise Wrong("that is He's scale √(2/n_in); Xavier uses 2/(n_in + n_out).", _INIT)
    if np.abs(W).max() > r * (1 + 1e-9) or abs(std - r / np.sqrt(3)) > 0.03 * r / np.sqrt(3):
        raise Wrong(f"the weights do not look like U[−r, r] with r = √(6/(n_in + n_out)): for "
                    f"n_in = {n_in}, n_out = {n_out} their standard deviation is {std:.4f}, "
                    f"expected about {r / np.sqrt(3):.4f}.", _INIT)
    return "Correct! Variance r²/3 = 2/(n_in + n_out)."


#: Exercise 12.1: for each activation, the rule whose derivation fits it ("neither" for
#: sigmoid: chapter 12 shows that Xavier's assumptions fail for it, and He's factor 2 is made
#: for ReLU's lost half).
_EXPECTED_INIT = {"sigmoid": "neither", "tanh": "xavier", "relu": "he"}
_RULES = ("xavier", "he", "neither")
_ALIASES = {"glorot": "xavier", "none": "neither", "kaiming": "he"}
_VANISHING = see(CHAPTER, "Activation functions and vanishing gradients")
#: (activation, wrong answer) -> why it is wrong, and the chapter's sections that say so.
_WHY = {
    ("sigmoid", "xavier"): (
        "Xavier's derivation assumes slope 1 at 0 and zero-centred units; sigmoid has slope ¼ "
        "and sits around ½. The chapter's deep sigmoid network with Xavier weights passes "
        "almost no gradient to its first layer and does not learn",
        (_INIT, _VANISHING)),
    ("sigmoid", "he"): (
        "He's factor 2 makes up for the half of the signal that ReLU zeroes; sigmoid zeroes "
        "nothing, and its slope ¼ and mean ½ break this derivation as they break Xavier's. "
        "The chapter's fix for sigmoid, Xavier's weights times 4, is not He's rule",
        (_INIT, _VANISHING)),
    ("tanh", "he"): (
        "tanh zeroes nothing: near 0 it is the identity, zero-centred with slope 1, exactly "
        "what Xavier's derivation assumes. He's larger weights also trained well in the "
        "chapter's runs, but He's rule was derived for ReLU", (_INIT, _VANISHING)),
    ("tanh", "neither"): (
        "near 0 tanh is the identity, zero-centred with slope 1: that is what Xavier's "
        "derivation assumes", (_INIT,)),
    ("relu", "xavier"): (
        "ReLU zeroes the negative half, so E[h²] = ½ Var(a): with Xavier's variance the signal "
        "halves in every layer (the chapter measures it); He's 2/n_in makes up for that half",
        (_INIT,)),
    ("relu", "neither"): (
        "He's derivation is ReLU's: E[max(0, a)²] = ½ Var(a), hence Var(w) = 2/n_in", (_INIT,)),
}


@register()
def choose_init(checker, answers):
    """Exercise 12.1: a dict mapping "sigmoid", "tanh", "relu" to the rule whose derivation
    fits the activation: "xavier", "he" or "neither"."""
    if missing(answers):
        raise NotAttempted
    if not isinstance(answers, dict):
        raise Wrong(f"expected a dict like {{'sigmoid': 'xavier', …}}, got {fmt(answers)}.")
    parts, notes, hints = {}, [], []
    for key, good in _EXPECTED_INIT.items():
        value = answers.get(key)
        if missing(value):
            parts[key] = "not attempted"
            continue
        if not isinstance(value, str):
            raise Wrong(f"answers[{key!r}] is {fmt(value)}; use 'xavier', 'he' or 'neither'.")
        value = value.strip().lower()
        value = _ALIASES.get(value, value)
        if value not in _RULES:
            raise Wrong(f"answers[{key!r}] is {fmt(answers.get(key))}; use 'xavier', 'he' or "
                        "'neither'.")
        parts[key] = "correct" if value == good else "wrong"
        if value != good:
            why, sections = _WHY[key, value]
            notes.append(f"not {value!r} for {key}: {why}")
            hints += [s for s in sections if s not in hints]
    if all(s == "not attempted" for s in parts.values()):
        raise NotAttempted
    if all(s == "correct" for s in parts.values()):
        return ("Correct! Xavier was derived for units like tanh (zero-centred, slope 1 at 0), "
                "He for ReLU (half the signal zeroed); sigmoid fits neither, which is why the "
                "chapter's deep sigmoid network does not learn.")
    right = [k for k, s in parts.items() if s == "correct"]
    todo = [k for k, s in parts.items() if s == "not attempted"]
    text = ([f"{', '.join(right)}: right"] if right else []) + notes
    text += [f"{', '.join(todo)}: not done yet"] if todo else []
    raise Wrong("; ".join(text) + ".", " ".join(hints),
                status="wrong" if notes else "partly done", parts=parts)


# ----- dead ReLU units (exercise 12.3) --------------------------------------------------------
_ACT = see(CHAPTER, "Activation functions and vanishing gradients")
#: Exercise 12.3: a batch X (5 examples, 3 inputs) into a ReLU layer with W (4, 3) and b.
RELU_LAYER = {
    "X": ((1.0, 0.5, -1.0), (0.2, -0.3, 0.8), (-0.5, 1.0, 0.4), (0.9, 0.1, 0.2), (-1.0, -0.6, 0.5)),
    "W": ((0.5, -0.2, 0.1), (-0.3, -0.4, -0.2), (0.2, 0.1, -0.1), (1.0, 1.0, 1.0)),
    "b": (0.1, -1.5, -0.8, -0.5)}


def _relu_layer(bias=True):
    """h = relu(X Wᵀ + b) with the package's ReLU, and the number of units dead on the batch."""
    from ..activations import relu
    X, W, b = (np.array(RELU_LAYER[k]) for k in ("X", "W", "b"))
    h = relu(X @ W.T + (b if bias else 0.0))
    return h, int(np.sum(np.all(h == 0, axis=0)))


DEAD_MISTAKES = [
    Mistake("h leaves out the bias b.", lambda: _relu_layer(bias=False)[0], _ACT, "h"),
    Mistake("dead counts the units without their bias; the bias is what pushes them below 0.",
            lambda: _relu_layer(bias=False)[1], _ACT, "dead"),
    Mistake("dead counts the units that are 0 for the first example; a dead unit is 0 for "
            "every example of the batch.", lambda: int(np.sum(_relu_layer()[0][0] == 0)), _ACT,
            "dead"),
]


@register(DEAD_MISTAKES)
def dead_relu(checker, h, dead):
    """The ReLU layer's output for the batch of exercise 12.3, and how many units are dead."""
    from .answers import compare_parts
    h_right, dead_right = _relu_layer()
    compare_parts([("h", h, h_right), ("dead", dead, dead_right, {"rtol": 0, "atol": 1e-9})],
                  rtol=1e-9, atol=1e-12, mistakes=DEAD_MISTAKES)
    return ("Correct! Those units pass no gradient back for any example: their weights stop "
            "learning (a dying ReLU).")


# ----- predict, then run: which gradients vanish? (exercise 12.4) ---------------------------
#: Exercise 12.4: two fresh networks of ``depth`` hidden layers of ``width`` units on the first
#: ``examples`` training digits: A is tanh with weights N(0, sigma²), B sigmoid with He.
VANISH = {"depth": 6, "width": 32, "sigma": 0.05, "examples": 200, "seeds": (0, 1, 2)}


def _vanish_pairs():
    """The two networks of exercise 12.4, as ``init_statistics`` pairs."""
    from ..initializers import normal
    return {"A: tanh, N(0, 0.05²)": ("tanh", normal(VANISH["sigma"])),
            "B: sigmoid, He": ("sigmoid", "he_normal")}


@functools.lru_cache(maxsize=None)
def _vanish_ratios():
    """‖∂ℒ/∂W_1‖ / ‖∂ℒ/∂W_depth‖ of A and B, the mean over the seeds (the package's run)."""
    from ..data import load_digits_split
    from ..experiments import init_statistics
    data, n = load_digits_split(), VANISH["examples"]
    stats = init_statistics(_vanish_pairs(), data.x_train[:n], data.y_train[:n],
                            seeds=VANISH["seeds"], depth=VANISH["depth"], width=VANISH["width"])
    return tuple(float(np.mean(s.ratio)) for s in stats.values())


def _vanish_options():
    """The options of exercise 12.4; which is right comes from running the networks."""
    ratio_a, ratio_b = _vanish_ratios()
    far_a, far_b = ratio_a < 0.01, ratio_b < 0.01        # "far below 1" in the options
    depth, width, sigma = VANISH["depth"], VANISH["width"], VANISH["sigma"]
    factor = np.sqrt(width) * sigma
    why_a = (f"in A, tanh is nearly the identity at these small values and each layer scales "
             f"the signal by about √{width} · {sigma:g} ≈ {factor:.2f}: δ_i shrinks by that "
             f"factor per layer on the way back, but h_(i−1) shrank by it on the way forward, and "
             f"∂ℒ/∂W_i = δ_i h_(i−1)ᵀ multiplies the two: every layer's gradient is equally small")
    why_b = (f"in B, backpropagation multiplies δ by σ′(a) ≤ ¼ in each of the {depth - 1} layers "
             f"from δ_{depth} down to δ_1, while the activations stay around ½ (nothing shrinks "
             f"on the way forward to make up for it); He's weights give back only about √2 per "
             f"layer")
    options = {"a": (False, False), "b": (True, False), "c": (False, True), "d": (True, True)}
    out = {}
    for letter, (a, b) in options.items():
        wrong = [w for w, ok in ((why_a, a == far_a), (why_b, b == far_b)) if not ok]
        why = ("; ".join(wrong) + "." if wrong else
               "Correct! A's gradients are equally small in every layer (all tiny, so nothing "
               "learns, but nothing vanishes relative to the last layer); B's shrink layer by "
               "layer towards the input (σ′ ≤ ¼ each time): the vanishing gradient.")
        out[letter] = ((a, b) == (far_a, far_b), why)
    return out


@register()
def vanishing_prediction(checker, prediction):
    """The letter predicted in exercise 12.4: in which network the gradient vanishes."""
    from .answers import choose
    return choose(prediction, _vanish_options(), what="prediction", hint=_ACT)
