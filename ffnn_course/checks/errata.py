r"""The slides' slips, as the checker's feedback states them: one place for every diagnosis.

The diagnoses were verified by computing (see also the book's errata page):

* **Multiclass cross-entropy slide.** Every printed value (a2 to two decimals, the
  softmax ŷ and the loss to four) follows from exact arithmetic if the printed weight
  W2[3,1] = 0.2 (row 3, column 1: w_{2,3,1}) is read as 0.3.  With 0.2, as printed,
  a2 and everything after it differ.  The printed ŷ is the softmax of the *unrounded*
  a2, not of the printed [0.32, 0.29, 0.85].
* **Binary cross-entropy slide.** ŷ = 0.7152 is σ of the slide's own rounded
  a2 = 0.921, not a truncation of the exact ŷ (which rounds to 0.7153); the loss
  1.2560 is −ln(1 − 0.7152), from that rounded ŷ.

Every number in these texts is computed here from the lecture's networks
(:mod:`ffnn_course.examples`) and the printed values (:mod:`ffnn_course.slides`).
"""

from __future__ import annotations

import functools

import numpy as np

from .. import examples
from .. import references as ref


def _printed(section, key):
    from ..slides import SLIDE_VALUES
    value = SLIDE_VALUES[section][key]
    return float(value) if isinstance(value, str) else np.array(value, dtype=float)


@functools.lru_cache(maxsize=None)
def multiclass_forward(w_2_3_1=None) -> dict:
    """The multiclass slide's forward pass (4-4-3, sigmoid then softmax), optionally with
    another value of the weight W2[3,1]; with the independent reference formulas."""
    net, x, y = examples.multiclass_ce_example()
    W1, W2 = net.W[1], net.W[2].copy()
    if w_2_3_1 is not None:
        W2[2, 0] = w_2_3_1
    h1 = ref.sigmoid(W1 @ x + net.b[1])
    a2 = W2 @ h1 + net.b[2]
    y_hat = ref.softmax(a2)
    return {"a2": a2, "y_hat": y_hat, "loss": float(-np.sum(y * np.log(y_hat))),
            "w_2_3_1": float(W2[2, 0])}


# What the slide's numbers follow from: W2[3,1] = 0.3 instead of the printed 0.2.
SLIDE_READING = 0.3


def multiclass_slip() -> str:
    """The diagnosis of the multiclass slide's numbers, with computed values."""
    read = multiclass_forward(SLIDE_READING)
    printed = multiclass_forward()
    return (f"the slide's numbers (a2, ŷ and the loss) all follow from exact arithmetic if its "
            f"weight W2[3,1] = {printed['w_2_3_1']:g} is read as {SLIDE_READING:g}: then "
            f"a2 = {np.round(read['a2'], 4).tolist()} and ℒ = {read['loss']:.4f}, as printed. "
            f"With W2[3,1] = {printed['w_2_3_1']:g}, as given here, the answer differs.")


def softmax_rounding_slip() -> str:
    """Why softmax of the printed a2 differs from the printed ŷ (computed values)."""
    read = multiclass_forward(SLIDE_READING)
    return (f"those are the slide's printed values; the slide computed them from the unrounded "
            f"a2 ≈ {np.round(read['a2'], 4).tolist()}, not from the printed "
            f"{_printed('multiclass_ce_example', 'a2').tolist()}, so they differ in the third "
            f"decimal.")


def binary_slip(which: str) -> str:
    """The diagnosis of the binary slide's ŷ (``"y_hat"``) or loss (``"loss"``)."""
    a2 = _printed("binary_ce_example", "a2")
    y_hat = _printed("binary_ce_example", "y_hat")
    if which == "y_hat":
        return (f"{y_hat:.4f} is the slide's value: σ of its own rounded a2 = {a2:g} "
                f"(σ({a2:g}) = {float(ref.sigmoid(a2)):.6f}), not a truncation; compute ŷ "
                f"from the exact a2.")
    loss = _printed("binary_ce_example", "loss")
    return (f"{loss:.4f} is the slide's value, −ln(1 − {y_hat:.4f}), computed from its rounded "
            f"ŷ = {y_hat:.4f}; compute −ln(1 − ŷ) with the exact ŷ.")


def printed(section: str, key: str):
    """A value as the slide prints it (from ``ffnn_course.slides.SLIDE_VALUES``)."""
    return _printed(section, key)
