"""Real data for the experiments: the handwritten digits shipped with scikit-learn.

``load_digits`` reads 1,797 8×8 images from scikit-learn's own files: nothing
is downloaded.  scikit-learn is imported only when this function is called.
Taught in the chapter *Training in practice*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import as_rng, check_fraction


@dataclass
class Split:
    """A fixed train/validation/test split; ``x`` rows in [0, 1], ``y`` integer labels."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    @property
    def n_classes(self) -> int:
        return int(max(self.y_train.max(), self.y_val.max(), self.y_test.max()) + 1)


def load_digits_split(val: float = 0.2, test: float = 0.2, rng=0) -> Split:
    """The digits data, pixels scaled to [0, 1], split at random with a fixed seed.

    >>> d = load_digits_split()
    >>> d.x_train.shape, d.x_val.shape, d.x_test.shape
    ((1079, 64), (359, 64), (359, 64))
    """
    from sklearn.datasets import load_digits

    val = check_fraction(val, "val")
    test = check_fraction(test, "test")
    if val + test >= 1:
        raise ValueError(f"val + test must be < 1, got {val} + {test}")
    digits = load_digits()
    x = digits.data.astype(np.float64) / 16.0
    y = digits.target.astype(np.int64)
    order = as_rng(rng).permutation(len(y))
    n_test = int(round(test * len(y)))
    n_val = int(round(val * len(y)))
    te, va, tr = order[:n_test], order[n_test:n_test + n_val], order[n_test + n_val:]
    return Split(x[tr], y[tr], x[va], y[va], x[te], y[te])
