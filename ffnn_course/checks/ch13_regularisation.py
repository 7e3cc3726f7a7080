"""The checks of the exercises of chapter 13, *Regularisation*.

The exercises are in ``exercises/13_regularisation.ipynb``.
"""

from __future__ import annotations

import numpy as np

from .. import references as ref
from .answers import as_numbers, compare_parts
from .calls import call, function_check
from .engine import Mistake, NotAttempted, Wrong, register, see

CHAPTER = 13
_L2 = see(CHAPTER, "L2 regularisation, dropout and early stopping")

L2_MISTAKES = [
    Mistake("off by a factor 2 in the penalty's gradient: with (λ/2)‖W‖² the ½ cancels the 2.",
            lambda dW, W, lam: dW + 2 * lam * W, _L2),
    Mistake("the penalty's gradient has the wrong sign: it pulls the weights towards 0 once "
            "subtracted in the update.", lambda dW, W, lam: dW - lam * W, _L2),
    Mistake("you dropped the loss gradient dW.", lambda dW, W, lam: lam * W, _L2),
]


@register(L2_MISTAKES)
def l2_gradient(checker, fn):
    """``fn(dW, W, lam)`` returns the gradient of ℒ + (λ/2)‖W‖² given dW = ∂ℒ/∂W."""
    rng = checker.rng()
    cases = [(*rng.normal(size=(2, 3, 4)), float(rng.uniform(0.001, 0.5)))
             for _ in range(checker.trials)]
    function_check(checker, fn, cases, ref.l2_gradient, "l2_gradient(dW, W, lam)",
                   mistakes=L2_MISTAKES)
    return "Correct! Weight decay: the update shrinks W by a factor (1 − ηλ) each step."


# ----- inverted dropout: find the bug (exercise 13.4) ------------------------------------
def dropout_with_a_bug(h, p, rng):
    """The function given in exercise 13.4: it divides the kept units by p, not 1 − p."""
    keep = rng.random(h.shape) >= p
    return h * keep / p


DROPOUT_MISTAKES = [
    Mistake("this is still the bug: the kept units are divided by p. Their expected value "
            "becomes h(1 − p)/p, which equals h only for p = 0.5, the value it was tested with.",
            dropout_with_a_bug, "Which scale keeps E[output] = h when a unit survives with "
            "probability 1 − p? " + _L2),
    Mistake("the kept units are not scaled at all, so a unit's expected value during training "
            "is (1 − p) h, smaller than at test time when every unit is used.",
            lambda h, p, rng: h * (rng.random(h.shape) >= p), _L2),
    Mistake("units are kept with probability p: p is the probability of DROPPING a unit.",
            lambda h, p, rng: h * (rng.random(h.shape) < p) / (1 - p), _L2),
]


@register(DROPOUT_MISTAKES)
def inverted_dropout(checker, fn):
    """``fn(h, p, rng)`` zeroes each unit with probability p and scales the rest by 1/(1 − p).

    The fixed function of exercise 13.4 is tested with a p far from 0.5 (where the
    given bug hides).  An answer that draws its mask the same way as the given function
    is compared exactly; any other way of drawing is judged by the fraction of units
    dropped and the scale of the survivors.
    """
    rng = checker.rng()
    p = float(rng.choice([rng.uniform(0.15, 0.35), rng.uniform(0.65, 0.8)]))
    h = rng.uniform(0.5, 1.5, size=(200, 100))
    seed = int(rng.integers(2**31))
    got, _ = call(checker, fn, h, p, np.random.default_rng(seed),
                  what="inverted_dropout(h, p, rng)")
    out = as_numbers(got, "the output")
    if out.shape != h.shape:
        raise Wrong(f"the output has shape {out.shape} instead of the input's {h.shape}.")
    shown = f"(test input: h of shape {h.shape}, p = {p:.2f})"
    for mistake in DROPOUT_MISTAKES:            # the same draws as the given function
        if np.allclose(out, mistake.answer(h, p, np.random.default_rng(seed))):
            raise Wrong(f"{mistake.message} {shown}", mistake.hint)
    if np.allclose(out, ref.inverted_dropout(h, p, np.random.default_rng(seed))):
        return "Correct! E[output] = h for every p, so nothing changes at test time."
    dropped = float(np.mean(out == 0))
    kept = out != 0
    if abs(dropped - (1 - p)) < 0.03:
        raise Wrong(f"{DROPOUT_MISTAKES[2].message} {shown}", DROPOUT_MISTAKES[2].hint)
    if abs(dropped - p) > 0.03:
        raise Wrong(f"{dropped:.0%} of the units were dropped, expected about {p:.0%} "
                    f"{shown}.", _L2)
    for mistake, scale in ((DROPOUT_MISTAKES[0], 1 / p), (DROPOUT_MISTAKES[1], 1.0)):
        if np.allclose(out[kept], h[kept] * scale):
            raise Wrong(f"{mistake.message} {shown}", mistake.hint)
    if not np.allclose(out[kept], h[kept] / (1 - p)):
        raise Wrong(f"the kept units are not h / (1 − p) {shown}.", _L2)
    return "Correct! E[output] = h for every p, so nothing changes at test time."


# ----- early stopping -----------------------------------------------------------------------
#: Exercise 13.3: validation losses after epochs 1, 2, …, and the patience.
EARLY = {"val_loss": (0.92, 0.74, 0.63, 0.59, 0.61, 0.57, 0.58, 0.60, 0.62, 0.55, 0.54),
         "patience": 3}


def stop_and_best(val_loss, patience):
    """(epoch at which training stops, epoch whose weights are kept), epochs counted from 1.

    Training stops after the first epoch that ends ``patience`` epochs in a row without a
    new lowest validation loss; the weights kept are those of the lowest loss so far.
    """
    best, best_epoch, waited = np.inf, 0, 0
    for epoch, loss in enumerate(val_loss, start=1):
        if loss < best:
            best, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited == patience:
                return epoch, best_epoch
    return len(val_loss), best_epoch


def _first_rise(val_loss):
    return next(e for e in range(2, len(val_loss) + 1) if val_loss[e - 1] > val_loss[e - 2])


_STOP = stop_and_best(EARLY["val_loss"], EARLY["patience"])
EARLY_MISTAKES = [
    Mistake("best_epoch is the epoch where training stopped: keep the weights of the lowest "
            "validation loss, not the last ones.", lambda: _STOP[0], _L2, "best_epoch"),
    Mistake("stop_epoch is the first rise of the validation loss; a rise can be noise, which "
            "is why early stopping waits `patience` epochs.",
            lambda: _first_rise(EARLY["val_loss"]), _L2, "stop_epoch"),
    Mistake("best_epoch looks at epochs after the stop; training never sees them.",
            lambda: int(np.argmin(EARLY["val_loss"])) + 1, _L2, "best_epoch"),
    Mistake("stop_epoch is one epoch early: wait for `patience` epochs without improvement.",
            lambda: _STOP[0] - 1, _L2, "stop_epoch"),
]


@register(EARLY_MISTAKES)
def early_stopping(checker, stop_epoch, best_epoch):
    """Early stopping with patience 3 on the losses of exercise 13.3: when, and which weights."""
    compare_parts([("stop_epoch", stop_epoch, _STOP[0]), ("best_epoch", best_epoch, _STOP[1])],
                  atol=1e-9, rtol=0, mistakes=EARLY_MISTAKES)
    return "Correct! Wait `patience` epochs for a new best, then keep the best epoch's weights."


# ----- augmentation --------------------------------------------------------------------------
_AUGMENT = see(CHAPTER, "Dataset augmentation")
#: Exercise 13.2: transformations of a handwritten-digit image; True if they keep its label.
TRANSFORMS = {
    "a": ("shift by two pixels", True, ""),
    "b": ("rotate by 10°", True, ""),
    "c": ("rotate by 180°", False, "(c) turns a 6 into a 9 (and a 9 into a 6): the label "
          "changes."),
    "d": ("mirror left to right", False, "(d) makes mirrored 2s, 3s, 7s: not digits the "
          "network will ever be shown."),
    "e": ("add a little random noise to the pixels", True, ""),
    "f": ("crop out the middle half of the image", False, "(f) can cut away what tells a 1 "
          "from a 7 or a 3 from an 8."),
}


@register()
def augmentation_keeps_label(checker, letters):
    """The set of letters of the transformations (exercise 13.2) that keep a digit's label."""
    from .answers import missing
    if missing(letters):
        raise NotAttempted
    if isinstance(letters, str):
        letters = [c for c in letters if not c.isspace() and c != ","]
    try:
        chosen = {str(x).strip().lower() for x in letters}
    except TypeError:
        raise Wrong("give the letters as a set, e.g. {'a', 'b'}.") from None
    unknown = sorted(chosen - set(TRANSFORMS))
    if unknown:
        raise Wrong(f"{', '.join(unknown)} is not one of the options a–f.")
    right = {k for k, (_, keeps, _) in TRANSFORMS.items() if keeps}
    wrong_in = sorted(chosen - right)
    if wrong_in:
        raise Wrong(" ".join(TRANSFORMS[k][2] for k in wrong_in),
                    "An augmentation must keep the label. " + _AUGMENT)
    if chosen != right:
        raise Wrong(f"everything you chose keeps the label, but {len(right - chosen)} more "
                    f"option(s) do too.", "A small change a writer could make keeps the "
                    "label. " + _AUGMENT, status="partly done")
    return "Correct! Small shifts, rotations and noise are changes a writer could make."


# ----- a bias before batch normalisation ----------------------------------------------------
_BN = see(CHAPTER, "Batch normalisation")
#: Exercise 13.5: a mini-batch of pre-activations a = W h (4 examples, 3 units), the bias b,
#: and the targets Y of the loss ℒ = ½ Σ (BN(a + b) − Y)² (γ = 1, β = 0, ε = 1e-5).
BN_DATA = {"A": ((0.5, -1.2, 2.0), (1.5, 0.3, -0.4), (-0.7, 0.8, 1.1), (0.2, -0.5, 0.6)),
           "b": (0.3, -0.2, 0.1),
           "Y": ((1.0, 0.0, -1.0), (0.5, 1.0, 0.0), (-1.0, 0.5, 1.0), (0.0, -1.0, 0.5))}


def _bn_loss_gradient_b(normalise=True):
    """∂ℒ/∂b through the package's BatchNorm (or, if not ``normalise``, without it)."""
    A, b, Y = (np.array(BN_DATA[k], dtype=np.float64) for k in ("A", "b", "Y"))
    a = A + b
    if not normalise:
        return np.sum(a - Y, axis=0)
    from ..batchnorm import BatchNorm
    bn = BatchNorm(3)
    out, _ = bn.forward(a, training=True, update=False)
    _, _, grad_a = bn.backward(out - Y, a, training=True)
    return np.sum(grad_a, axis=0)                   # ∂a/∂b = 1 for every example


BN_MISTAKES = [
    Mistake("db is the gradient of ½ Σ (a + b − Y)², without the batch normalisation.",
            lambda: _bn_loss_gradient_b(normalise=False), _BN, "db"),
]


@register(BN_MISTAKES)
def bn_bias_gradient(checker, db):
    """∂ℒ/∂b of exercise 13.5 (a bias followed by batch normalisation), shape (3,)."""
    compare_parts([("db", db, _bn_loss_gradient_b(), {"atol": 1e-6, "rtol": 0})],
                  mistakes=BN_MISTAKES)
    return ("Correct! Batch norm subtracts the batch mean, and with it any constant b: "
            "b gets no gradient, and β takes its place.")
