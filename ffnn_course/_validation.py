"""Input checks shared by the package: the one validation layer every public function uses.

Every public function validates what it is given *before* it computes or
changes anything, and says what it expected and what it got.  A failed call
therefore mutates nothing.  Errors are ValueError (a value of the right kind
but out of range: NaN, a wrong shape, an int too large for a float) or
TypeError (the wrong kind of thing: a string, None, complex or object data, a
network where a list of arrays was expected), each naming the argument.
"""

from __future__ import annotations

import numbers

import numpy as np

# dtype kinds that hold real numbers: bool, signed and unsigned ints, floats
_REAL_KINDS = "biuf"


def _kind_name(arr: np.ndarray) -> str:
    kinds = {"c": "complex", "O": "object", "M": "datetime", "m": "timedelta",
             "U": "string", "S": "bytes", "V": "structured"}
    return kinds.get(arr.dtype.kind, "non-numeric")


def as_float_array(value, name: str, *, ndim: tuple[int, ...] | None = None,
                   allow_empty: bool = False, finite: bool = True) -> np.ndarray:
    """Return ``value`` as a float64 array, or raise a precise error.

    Accepts numbers, lists and numpy arrays of real numbers (bool and integer
    arrays are converted).  Rejects strings, None, objects, complex numbers,
    dates, NaN and infinity (unless ``finite=False``), empty arrays and arrays
    of the wrong rank.
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be an array of real numbers, got a string {value!r}")
    if value is None:
        raise TypeError(f"{name} must be an array of real numbers, got None")
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as err:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of numbers: {err}") from None
    if arr.dtype.kind == "c":
        raise TypeError(f"{name} must hold real numbers, got complex dtype {arr.dtype}")
    if arr.dtype.kind not in _REAL_KINDS:
        raise TypeError(f"{name} must be an array of real numbers, got dtype {arr.dtype} "
                        f"({_kind_name(arr)} values)")
    arr = arr.astype(np.float64, copy=False)
    if ndim is not None and arr.ndim not in ndim:
        wanted = " or ".join(str(n) for n in ndim)
        raise ValueError(f"{name} must have {wanted} dimension(s), got shape {arr.shape}")
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty (shape {arr.shape}); expected at least one value")
    if finite and not np.isfinite(arr).all():
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


def as_real(value, name: str) -> float:
    """Return ``value`` as a finite float, or raise naming ``name``.

    Refuses bools, strings, None and complex numbers (TypeError) and NaN,
    infinity and integers too large for a float, e.g. ``10**400`` (ValueError).
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    try:
        out = float(value)
    except OverflowError:
        raise ValueError(f"{name} must be a finite real number, got an integer too large for "
                         f"a float ({len(str(abs(int(value))))} digits)") from None
    if not np.isfinite(out):
        raise ValueError(f"{name} must be a finite real number, got {out}")
    return out


def check_positive(value, name: str, *, allow_zero: bool = False) -> float:
    """Return ``value`` as a float if it is a finite real number > 0 (or >= 0)."""
    value = as_real(value, name)
    if not (value >= 0 if allow_zero else value > 0):
        raise ValueError(f"{name} must be {'>= 0' if allow_zero else '> 0'} and finite, "
                         f"got {value}")
    return value


def check_fraction(value, name: str, *, low_open: bool = False, high_open: bool = True) -> float:
    """Return ``value`` as a float if it lies in [0, 1) (ends configurable)."""
    value = as_real(value, name)
    lo_ok = value > 0 if low_open else value >= 0
    hi_ok = value < 1 if high_open else value <= 1
    if not (lo_ok and hi_ok):
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


def as_sequence(value, name: str, expected: str) -> list:
    """``list(value)`` for a list or tuple, else a TypeError saying what was expected.

    Used where a list of things is expected (layers, sizes, parameters,
    gradients), so that a single object given by mistake (a layer, a number, a
    network) is named instead of failing deep inside with "is not iterable".
    """
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be {expected}, got {type(value).__name__}")
    return list(value)


def check_real_array_list(values, name: str, like: list[np.ndarray],
                          like_name: str = "params") -> list[np.ndarray]:
    """Check one finite real array per entry of ``like``, of the same shape; return float64.

    For the gradients an optimizer is given: complex, object, NaN and wrongly
    shaped entries are refused before any parameter is touched.
    """
    values = as_sequence(values, name, f"a list of {len(like)} arrays (one per parameter)")
    if len(values) != len(like):
        raise ValueError(f"step() got {len(values)} gradient(s) for {len(like)} parameter(s) in "
                         f"{name}; expected one gradient per parameter")
    out = []
    for k, (v, p) in enumerate(zip(values, like)):
        v = as_float_array(v, f"{name}[{k}]", allow_empty=True, finite=False)
        if v.shape != p.shape:
            raise ValueError(f"{name}[{k}] has shape {v.shape} but {like_name}[{k}] has shape "
                             f"{p.shape}; expected the same shape")
        if not np.isfinite(v).all():
            raise ValueError(f"{name}[{k}] contains NaN or infinite values; expected finite "
                             f"numbers")
        out.append(v)
    return out


def check_parameter(p, name: str) -> np.ndarray:
    """A parameter an optimizer may update in place: a writable, finite float64 numpy array."""
    if not isinstance(p, np.ndarray) or p.dtype != np.float64:
        got = p.dtype if isinstance(p, np.ndarray) else type(p).__name__
        raise TypeError(f"{name} must be a float64 numpy array (updated in place), got {got}")
    if not p.flags.writeable:
        raise ValueError(f"{name} is read-only; expected a writable array (updated in place)")
    if not np.isfinite(p).all():
        raise ValueError(f"{name} contains NaN or infinite values; expected finite numbers")
    return p


def lookup(table: dict, name: str, what: str):
    """``table[name]``, or a ValueError naming the unknown ``what`` and the known names."""
    try:
        return table[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown {what} {name!r}; expected one of {sorted(table)}") from None


def as_rng(rng) -> np.random.Generator:
    """Turn ``rng`` (a Generator, an int seed or None) into a Generator."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, numbers.Integral) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise TypeError(
        f"rng must be a numpy.random.Generator, an int seed or None, got {type(rng).__name__}")
