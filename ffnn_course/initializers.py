r"""Weight initializers: each returns a matrix ``W`` of shape ``(n_out, n_in)``.

* Xavier/Glorot (for sigmoid and tanh): variance ``2 / (n_in + n_out)``;
  uniform on ``[−r, r]`` with ``r = √(6 / (n_in + n_out))``, or normal.
* He (for ReLU and its relatives): variance ``2 / n_in``; uniform with
  ``r = √(6 / n_in)``, or normal.
* ``zeros``: every weight 0 (a naive choice: all neurons of a layer stay alike).
* ``normal(std)``: a fixed standard deviation (too large or too small on purpose).

Everything random takes ``rng``: a ``numpy.random.Generator``, an int seed or
None.  Taught in the chapter *Training in practice*.

>>> xavier_uniform(3, 2, rng=0).shape
(2, 3)
"""

from __future__ import annotations

import numpy as np

from ._validation import as_rng, check_int, check_positive, lookup


def _sizes(n_in, n_out):
    return check_int(n_in, "n_in"), check_int(n_out, "n_out")


def xavier_uniform(n_in: int, n_out: int, rng=None) -> np.ndarray:
    """Glorot uniform: ``W ~ U[−r, r]``, ``r = √(6 / (n_in + n_out))``."""
    n_in, n_out = _sizes(n_in, n_out)
    r = np.sqrt(6.0 / (n_in + n_out))
    return as_rng(rng).uniform(-r, r, size=(n_out, n_in))


def xavier_normal(n_in: int, n_out: int, rng=None) -> np.ndarray:
    """Glorot normal: ``W ~ N(0, 2 / (n_in + n_out))``."""
    n_in, n_out = _sizes(n_in, n_out)
    return as_rng(rng).normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_out, n_in))


def he_uniform(n_in: int, n_out: int, rng=None) -> np.ndarray:
    """He uniform: ``W ~ U[−r, r]``, ``r = √(6 / n_in)``."""
    n_in, n_out = _sizes(n_in, n_out)
    r = np.sqrt(6.0 / n_in)
    return as_rng(rng).uniform(-r, r, size=(n_out, n_in))


def he_normal(n_in: int, n_out: int, rng=None) -> np.ndarray:
    """He normal: ``W ~ N(0, 2 / n_in)``."""
    n_in, n_out = _sizes(n_in, n_out)
    return as_rng(rng).normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))


def zeros(n_in: int, n_out: int, rng=None) -> np.ndarray:
    """All weights 0 (``rng`` is accepted and ignored, for a uniform signature)."""
    n_in, n_out = _sizes(n_in, n_out)
    return np.zeros((n_out, n_in))


def normal(std: float):
    """Return an initializer drawing ``W ~ N(0, std²)`` (a naive fixed scale).

    >>> normal(0.01)(4, 2, rng=0).std() < 0.05
    np.True_
    """
    std = check_positive(std, "std")

    def init(n_in: int, n_out: int, rng=None) -> np.ndarray:
        n_in, n_out = _sizes(n_in, n_out)
        return as_rng(rng).normal(0.0, std, size=(n_out, n_in))

    init.__name__ = f"normal(std={std:g})"
    return init


INITIALIZERS = {
    "xavier_uniform": xavier_uniform,
    "xavier_normal": xavier_normal,
    "glorot_uniform": xavier_uniform,
    "glorot_normal": xavier_normal,
    "he_uniform": he_uniform,
    "he_normal": he_normal,
    "zeros": zeros,
}


def get_initializer(init):
    """Return the initializer for a name such as ``"he_normal"`` (or pass a callable through)."""
    if callable(init):
        return init
    if isinstance(init, str):
        return lookup(INITIALIZERS, init, "initializer")
    raise TypeError(
        f"init must be a name (one of {sorted(INITIALIZERS)}) or a callable "
        f"init(n_in, n_out, rng), got {type(init).__name__}")
