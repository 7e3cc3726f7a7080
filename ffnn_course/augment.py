r"""Dataset augmentation for the 8×8 digits: small shifts of each image (numpy only).

A digit moved by one pixel is still the same digit, so shifted copies are
extra, correctly labelled training examples: the network learns that the
position of the strokes matters less than their shape.  Pixels shifted in
from outside the image are 0 (background).  Taught in the chapter
*Regularisation*.

>>> img = np.arange(64.0).reshape(1, 64)
>>> shift_images(img, dx=[1], dy=[0]).reshape(8, 8)[0]     # one pixel to the right
array([0., 0., 1., 2., 3., 4., 5., 6.])
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, as_rng, check_int

__all__ = ["shift_images", "augment_shifts"]


def shift_images(x, dx, dy, side: int = 8) -> np.ndarray:
    """Shift each flattened ``side × side`` image ``x[n]`` by ``(dx[n], dy[n])`` pixels.

    ``dx > 0`` moves right, ``dy > 0`` moves down.  ``x`` has shape
    ``(N, side²)``; the result has the same shape and is a new array.
    """
    x = as_float_array(x, "x", ndim=(2,))
    side = check_int(side, "side")
    if x.shape[1] != side * side:
        raise ValueError(f"x has {x.shape[1]} pixels per row, expected {side}×{side} = "
                         f"{side * side}")
    dx, dy = np.broadcast_to(dx, x.shape[:1]), np.broadcast_to(dy, x.shape[:1])
    images = x.reshape(-1, side, side)
    out = np.zeros_like(images)
    shifts = np.stack([dx, dy], axis=1).astype(int)
    for sx, sy in np.unique(shifts, axis=0):            # one slice copy per distinct shift
        if abs(sx) >= side or abs(sy) >= side:
            continue                                    # moved out entirely: blank
        rows = np.all(shifts == (sx, sy), axis=1)
        src = images[rows, max(0, -sy):side - max(0, sy), max(0, -sx):side - max(0, sx)]
        out[rows, max(0, sy):side - max(0, -sy), max(0, sx):side - max(0, -sx)] = src
    return out.reshape(x.shape)


def augment_shifts(x, y, copies: int = 1, max_shift: int = 1, rng=None, side: int = 8):
    """Return ``(x_aug, y_aug)``: the originals followed by ``copies`` shifted copies.

    Each copy moves every image by a random ``(dx, dy)`` with
    ``|dx|, |dy| ≤ max_shift``, drawn from ``rng``.  Labels are repeated.

    >>> x = np.eye(64)[:3]; y = np.array([0, 1, 2])
    >>> xa, ya = augment_shifts(x, y, copies=2, rng=0)
    >>> xa.shape, ya.tolist()
    ((9, 64), [0, 1, 2, 0, 1, 2, 0, 1, 2])
    """
    x = as_float_array(x, "x", ndim=(2,))
    y = np.asarray(y)
    if len(y) != len(x):
        raise ValueError(f"x has {len(x)} rows but y has {len(y)} labels")
    copies = check_int(copies, "copies", minimum=0)
    max_shift = check_int(max_shift, "max_shift", minimum=0)
    rng = as_rng(rng)
    xs, ys = [x], [y]
    for _ in range(copies):
        dx, dy = rng.integers(-max_shift, max_shift + 1, size=(2, len(x)))
        xs.append(shift_images(x, dx, dy, side=side))
        ys.append(y)
    return np.concatenate(xs), np.concatenate(ys)
