"""Input checks shared by the package.

Every public function validates what it is given *before* it computes or
changes anything, and says what it expected and what it got.  A failed call
therefore mutates nothing.
"""

from __future__ import annotations

import numbers

import numpy as np


def as_float_array(value, name: str, *, ndim: tuple[int, ...] | None = None,
                   allow_empty: bool = False) -> np.ndarray:
    """Return ``value`` as a float64 array, or raise a precise error.

    Accepts numbers, lists and numpy arrays of real numbers (bool and integer
    arrays are converted).  Rejects strings, objects, complex numbers, NaN and
    infinity, empty arrays and arrays of the wrong rank.
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be an array of real numbers, got a string {value!r}")
    try:
        arr = np.asarray(value)
    except ValueError as err:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of numbers: {err}") from None
    if arr.dtype == object or arr.dtype.kind in "USV":
        raise TypeError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    if arr.dtype.kind == "c":
        raise TypeError(f"{name} must hold real numbers, got complex dtype {arr.dtype}")
    arr = arr.astype(np.float64, copy=False)
    if ndim is not None and arr.ndim not in ndim:
        wanted = " or ".join(str(n) for n in ndim)
        raise ValueError(f"{name} must have {wanted} dimension(s), got shape {arr.shape}")
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty (shape {arr.shape}); expected at least one value")
    if not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s); expected finite numbers")
    return arr


def as_batch(x, name: str, n_features: int | None = None) -> tuple[np.ndarray, bool]:
    """Return ``(X, single)`` where ``X`` has shape ``(N, n)``.

    ``single`` is True when one example of shape ``(n,)`` was given, so the
    caller can return the same rank it received.
    """
    arr = as_float_array(x, name, ndim=(1, 2))
    single = arr.ndim == 1
    batch = arr[np.newaxis, :] if single else arr
    if n_features is not None and batch.shape[1] != n_features:
        raise ValueError(
            f"{name} has {batch.shape[1]} feature(s) per example (shape {arr.shape}), "
            f"but the network expects {n_features}")
    return batch, single


def check_positive(value, name: str, *, allow_zero: bool = False) -> float:
    """Return ``value`` as a float if it is a real number > 0 (or >= 0)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    ok = value >= 0 if allow_zero else value > 0
    if not np.isfinite(value) or not ok:
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be {bound} and finite, got {value}")
    return value


def check_fraction(value, name: str, *, low_open: bool = False, high_open: bool = True) -> float:
    """Return ``value`` as a float if it lies in [0, 1) (ends configurable)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    lo_ok = value > 0 if low_open else value >= 0
    hi_ok = value < 1 if high_open else value <= 1
    if not (np.isfinite(value) and lo_ok and hi_ok):
        interval = ("(" if low_open else "[") + "0, 1" + (")" if high_open else "]")
        raise ValueError(f"{name} must lie in {interval}, got {value}")
    return value


def check_int(value, name: str, *, minimum: int = 1) -> int:
    """Return ``value`` if it is an integer >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def lookup(table: dict, name: str, what: str):
    """``table[name]``, or a ValueError naming the unknown ``what`` and the known names."""
    try:
        return table[name]
    except KeyError:
        raise ValueError(f"unknown {what} {name!r}; expected one of {sorted(table)}") from None


def as_rng(rng) -> np.random.Generator:
    """Turn ``rng`` (a Generator, an int seed or None) into a Generator."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, numbers.Integral) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise TypeError(
        f"rng must be a numpy.random.Generator, an int seed or None, got {type(rng).__name__}")
