r"""Loss functions ``L(ŷ, y)``, each with its gradient ``∂L/∂ŷ`` beside it.

Shapes: ``ŷ`` is one example ``(K,)`` or a batch ``(N, K)``.  ``N`` below is
the number of examples (1 for a single example).  Targets ``y`` have the
shape of ``ŷ``; a network with one output may also be given ``y`` of shape
``(N,)``; multiclass cross-entropy also takes integer class labels.

The two squared-error conventions of the lecture:

* ``half_sse``: ``E = Σ_n Σ_k ½ (y − ŷ)²``, the worked example's ``E_total``
  (summed, not averaged; the ½ cancels the 2 of the derivative).
* ``mse``: ``L = (1/N) Σ_n Σ_k (ŷ − y)²``, the lecture's
  ``L = 1/5 Σ_{i=1}^{5} (f(x_i) − y_i)²``.

The cross-entropies (chapter *Cross-entropy*):

* ``binary_cross_entropy``: ``L = −(1/N) Σ [y log ŷ + (1 − y) log(1 − ŷ)]``,
  i.e. ``−log ŷ`` if ``y = 1`` and ``−log(1 − ŷ)`` if ``y = 0``.
* ``cross_entropy``: ``L = −(1/N) Σ_n Σ_k y_k log ŷ_k``.

Probabilities are clipped to ``[ε, 1 − ε]`` with the float64 machine epsilon
before a logarithm, so a prediction of exactly 0 or 1 gives a large but finite
loss.  The ``*_from_logits`` forms take the pre-activation ``a_L`` instead and
compute the loss from the log-probability of the target class, written so
that no step loses precision (log-softmax and log-sigmoid forms with
``log1p``): they agree with the exact value to a few rounding units for logits
of any size.  Their gradient with respect to the logits is the famous
``(ŷ − y)/N``.

**Checked and fast paths.**  ``value`` and ``gradient`` check their input
(:meth:`Loss.check`: the prediction with :meth:`Loss.check_prediction`, the
targets with :meth:`Loss.check_targets`), then run ``value_unchecked`` and
``gradient_unchecked``, which take checked float arrays and the number of
examples ``N`` and check nothing.  The training loop checks its targets once
and calls the unchecked forms, and :meth:`Loss.output_delta_unchecked`.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, lookup
from .activations import Activation, sigmoid, softmax

_EPS = np.finfo(np.float64).eps
_SUM_TOLERANCE = 1e-5          # target rows: |Σ_k y_k − 1| ≤ this (np.allclose's tolerance)
_PREDICTION_SUM_TOLERANCE = 1e-3   # predicted rows: allows probabilities rounded for print


def _softplus(a: np.ndarray) -> np.ndarray:
    """``log(1 + e^a) = −log σ(−a)``, exact for every ``a``: ``max(a, 0) + log1p(e^{−|a|})``."""
    return np.maximum(a, 0.0) + np.log1p(np.exp(-np.abs(a)))


class Loss:
    """Base class: ``value(ŷ, y)`` is ``L``; ``gradient(ŷ, y)`` is ``∂L/∂ŷ``.

    The public methods check their input, then apply the subclass's formula
    (``value_unchecked``, ``gradient_unchecked``), which takes checked arrays
    and the number of examples ``N``.  Each formula is written once, in those
    methods; the training loop, which checks its data once up front, calls
    them directly (the fast path).

    ``output`` names the output activation for which the gradient with
    respect to the logits simplifies (``ŷ − y`` up to the 1/N), or ``None``;
    :meth:`output_delta_unchecked` then uses ``(ŷ − y)/N`` for ``∂L/∂a``.
    """

    name = "loss"
    output: str | None = None

    def value(self, y_hat, y) -> float:
        """``L(ŷ, y)`` (see the class docstring for the formula)."""
        return self.value_unchecked(*self.check(y_hat, y))

    def gradient(self, y_hat, y) -> np.ndarray:
        """``∂L/∂ŷ``, the shape of ``ŷ``."""
        return self.gradient_unchecked(*self.check(y_hat, y))

    # ----- validation ------------------------------------------------------
    def check(self, y_hat, y) -> tuple[np.ndarray, np.ndarray, int]:
        """Return ``(ŷ, y, N)`` as float arrays of the same shape, or raise."""
        y_hat = self.check_prediction(y_hat)
        n = 1 if y_hat.ndim == 1 else y_hat.shape[0]
        return y_hat, self.check_targets(y, y_hat.shape), n

    def check_prediction(self, y_hat) -> np.ndarray:
        """``ŷ`` as a float array ``(K,)`` or ``(N, K)`` of finite numbers (subclasses add more)."""
        return as_float_array(y_hat, "y_hat (the prediction)", ndim=(1, 2))

    def check_targets(self, y, shape: tuple[int, ...]) -> np.ndarray:
        """The targets ``y`` for predictions of shape ``shape``, as a float array of that shape.

        ``(N,)`` targets are accepted for ``(N, 1)`` predictions; subclasses
        add the range their formula needs (and cross-entropy class labels).
        """
        y = as_float_array(y, "y (the targets)", ndim=(0, 1, 2))
        if y.shape != shape:
            if y.size == int(np.prod(shape)) and y.ndim == len(shape) - 1 and shape[-1] == 1:
                y = y.reshape(shape)                 # (N,) targets for (N, 1) outputs
            elif y.ndim == 0 and shape == (1,):
                y = y.reshape(1)
            else:
                raise ValueError(
                    f"y has shape {y.shape} but the prediction y_hat has shape {shape}; "
                    f"expected the same shape")
        return y

    # ----- fast path: checked arrays in, no checks -------------------------
    def value_unchecked(self, y_hat, y, n) -> float:
        raise NotImplementedError

    def gradient_unchecked(self, y_hat, y, n) -> np.ndarray:
        raise NotImplementedError

    def output_delta_unchecked(self, a, y_hat, y, n, output: Activation) -> np.ndarray:
        """``δ_L = ∂L/∂a`` for ``ŷ = O(a)``, with ``O`` the network's output function.

        When ``O`` is the loss's matching ``output`` (softmax with
        cross-entropy, sigmoid with binary cross-entropy) the product
        ``∂L/∂ŷ · ∂ŷ/∂a`` simplifies to ``(ŷ − y)/N``; computed from ``ŷ``
        directly it is also stable for saturated outputs.  Otherwise the chain
        rule through ``O``: ``O.backward(a, ŷ, ∂L/∂ŷ)``.
        """
        if self.output is not None and self.output == output.name:
            return (y_hat - y) / n
        return output.backward(a, y_hat, self.gradient_unchecked(y_hat, y, n))

    def __call__(self, y_hat, y) -> float:
        return self.value(y_hat, y)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class HalfSumSquaredError(Loss):
    r"""``E = Σ ½ (y − ŷ)²`` summed over outputs and examples; ``∂E/∂ŷ = ŷ − y``.

    The worked example's total error:

    >>> HalfSumSquaredError().value([0.75136507, 0.772928465], [0.01, 0.99])
    0.2983711...
    """

    name = "half_sse"

    def value_unchecked(self, y_hat, y, n):
        return float(0.5 * np.sum((y - y_hat) ** 2))

    def gradient_unchecked(self, y_hat, y, n):
        return y_hat - y


class MeanSquaredError(Loss):
    r"""``L = (1/N) Σ_n Σ_k (ŷ − y)²``; ``∂L/∂ŷ = 2 (ŷ − y) / N``.

    >>> MeanSquaredError().value([[0.5], [0.0]], [[1.0], [0.0]])
    0.125
    """

    name = "mse"

    def value_unchecked(self, y_hat, y, n):
        return float(np.sum((y_hat - y) ** 2) / n)

    def gradient_unchecked(self, y_hat, y, n):
        return 2.0 * (y_hat - y) / n


def _check_unit_interval(values: np.ndarray, what: str) -> None:
    if (values < 0).any() or (values > 1).any():
        raise ValueError(f"{what} must lie in [0, 1], got values from {values.min()} to "
                         f"{values.max()}")


class BinaryCrossEntropy(Loss):
    r"""``L = −(1/N) Σ [y log ŷ + (1 − y) log(1 − ŷ)]`` for sigmoid outputs.

    Predictions and targets lie in [0, 1] (targets usually 0 or 1).  Gradient
    ``∂L/∂ŷ = (ŷ − y) / (ŷ (1 − ŷ) N)``; through a sigmoid output it becomes
    ``∂L/∂a = (ŷ − y)/N``.

    >>> round(BinaryCrossEntropy().value([0.7152], [0.0]), 4)   # the slide's example
    1.256
    """

    name = "binary_cross_entropy"
    output = "sigmoid"

    def check_prediction(self, y_hat):
        y_hat = super().check_prediction(y_hat)
        _check_unit_interval(y_hat, "binary cross-entropy predictions y_hat (probabilities)")
        return y_hat

    def check_targets(self, y, shape):
        y = super().check_targets(y, shape)
        _check_unit_interval(y, "binary cross-entropy targets")
        return y

    def value_unchecked(self, y_hat, y, n):
        p = np.clip(y_hat, _EPS, 1.0 - _EPS)
        return float(-np.sum(y * np.log(p) + (1.0 - y) * np.log1p(-p)) / n)

    def gradient_unchecked(self, y_hat, y, n):
        p = np.clip(y_hat, _EPS, 1.0 - _EPS)
        return (p - y) / (p * (1.0 - p) * n)

    def value_from_logits(self, a, y):
        """The same loss from the logits ``a``, with ``ŷ = σ(a)``, exact for any ``a``.

        ``−log σ(a) = softplus(−a)`` and ``−log(1 − σ(a)) = softplus(a)``, so
        ``L = (1/N) Σ [y softplus(−a) + (1 − y) softplus(a)]``: two
        non-negative terms, each computed without cancellation
        (``softplus(x) = max(x, 0) + log1p(e^{−|x|})``).

        >>> BinaryCrossEntropy().value_from_logits([40.0], [1.0])   # e^{−40}, not 0
        4.248354255291589e-18
        """
        a = as_float_array(a, "a (the logits)", ndim=(1, 2))
        y = self.check_targets(y, a.shape)
        n = 1 if a.ndim == 1 else a.shape[0]
        return float(np.sum(y * _softplus(-a) + (1.0 - y) * _softplus(a)) / n)

    def gradient_from_logits(self, a, y):
        """``∂L/∂a = (σ(a) − y) / N``, the gradient of :meth:`value_from_logits`."""
        a = as_float_array(a, "a (the logits)", ndim=(1, 2))
        y = self.check_targets(y, a.shape)
        n = 1 if a.ndim == 1 else a.shape[0]
        return self.output_delta_unchecked(a, sigmoid.value(a), y, n, sigmoid)


class CrossEntropy(Loss):
    r"""``L = −(1/N) Σ_n Σ_k y_k log ŷ_k`` for softmax outputs.

    Targets are one-hot rows (or probability rows summing to 1), or integer
    class labels ``0 … K−1`` (one per example).  Predictions are probability
    rows (entries in [0, 1] summing to 1, within 1e-3 for printed values).
    ``∂L/∂ŷ = −y / (ŷ N)``; through a softmax output it becomes
    ``∂L/∂a = (ŷ Σ_k y_k − y)/N``, which is ``(ŷ − y)/N`` because every target
    row sums to 1: probability rows are accepted within 1e-5 of 1 and
    rescaled to sum to 1.

    >>> round(CrossEntropy().value([0.2718, 0.2634, 0.4648], [0, 0, 1]), 4)
    0.7661
    >>> CrossEntropy().value([[0.9, 0.1], [0.2, 0.8]], [0, 1]) > 0   # labels
    True
    """

    name = "cross_entropy"
    output = "softmax"

    def check_prediction(self, y_hat):
        y_hat = super().check_prediction(y_hat)
        _check_unit_interval(y_hat, "cross-entropy predictions y_hat (probabilities)")
        sums = y_hat.sum(axis=-1)
        if not (np.abs(sums - 1.0) <= _PREDICTION_SUM_TOLERANCE).all():
            raise ValueError(
                "cross-entropy predictions y_hat must be probability rows summing to 1 "
                f"(e.g. softmax outputs); got rows summing to "
                f"{np.unique(np.round(sums, 6))[:4].tolist()}")
        return y_hat

    def check_targets(self, y, shape):
        k = shape[-1]
        raw = np.asarray(y) if not isinstance(y, (str, bytes)) else y
        if (isinstance(raw, np.ndarray) and raw.dtype.kind in "iu"
                and raw.ndim == len(shape) - 1):
            labels = raw.reshape(-1)
            if np.any((labels < 0) | (labels >= k)):
                raise ValueError(
                    f"class labels must lie in 0..{k - 1} for {k} outputs, got values from "
                    f"{labels.min()} to {labels.max()}")
            one_hot = np.eye(k)[labels]
            return one_hot[0] if len(shape) == 1 else one_hot
        y = super().check_targets(y, shape)
        sums = np.sum(y, axis=-1)
        if np.any(y < 0) or not np.all(np.abs(sums - 1.0) <= _SUM_TOLERANCE):
            got = ("negative values" if np.any(y < 0)
                   else f"rows summing to {np.unique(np.round(sums, 6))[:4].tolist()}")
            raise ValueError(
                "cross-entropy targets must be one-hot rows (or probabilities summing to 1) "
                f"or integer class labels 0..{k - 1}; got {got}")
        return y / sums[..., np.newaxis]          # exactly y for one-hot rows

    def value_unchecked(self, y_hat, y, n):
        p = np.maximum(y_hat, _EPS)            # probabilities are ≤ 1 already
        return float(-(y * np.log(p)).sum() / n)

    def gradient_unchecked(self, y_hat, y, n):
        p = np.maximum(y_hat, _EPS)
        return -y / (p * n)

    def value_from_logits(self, a, y):
        """The same loss from the logits ``a``, with ``ŷ = softmax(a)``, exact for any ``a``.

        With ``m = max_j a_j`` and ``s = Σ_{j ≠ argmax} e^{a_j − m}``, the
        log-probability of class ``k`` is ``log ŷ_k = (a_k − m) − log1p(s)``, so
        ``L = (1/N) Σ_n [Σ_k y_k (m − a_k) + log1p(s)]`` (as ``Σ_k y_k = 1``):
        non-negative terms only, no cancellation, so the result is exact to a
        few rounding units even when the loss is tiny next to the logits.

        >>> CrossEntropy().value_from_logits([[1e4, 9970.0, 9960.0]], [0])  # log1p(e^-30 + e^-40)
        9.358047804265265e-14
        """
        a = as_float_array(a, "a (the logits)", ndim=(1, 2))
        y = self.check_targets(y, a.shape)
        n = 1 if a.ndim == 1 else a.shape[0]
        A, Y = np.atleast_2d(a), np.atleast_2d(y)
        top = A.argmax(axis=-1)
        rows = np.arange(A.shape[0])
        gap = A[rows, top][:, np.newaxis] - A                  # m − a_k ≥ 0
        e = np.exp(-gap)
        e[rows, top] = 0.0                                     # the argmax's e^0 = 1 is the "1 +"
        return float((np.sum(Y * gap) + np.sum(np.log1p(e.sum(axis=-1)))) / n)

    def gradient_from_logits(self, a, y):
        """``∂L/∂a = (softmax(a) − y) / N``, the gradient of :meth:`value_from_logits`."""
        a = as_float_array(a, "a (the logits)", ndim=(1, 2))
        y = self.check_targets(y, a.shape)
        n = 1 if a.ndim == 1 else a.shape[0]
        return self.output_delta_unchecked(a, softmax.value(a), y, n, softmax)


LOSSES = {
    "half_sse": HalfSumSquaredError,
    "mse": MeanSquaredError,
    "binary_cross_entropy": BinaryCrossEntropy,
    "cross_entropy": CrossEntropy,
}


def get_loss(loss) -> Loss:
    """Return the :class:`Loss` for a name such as ``"cross_entropy"`` (or pass one through).

    >>> get_loss("mse")
    MeanSquaredError()
    """
    if isinstance(loss, Loss):
        return loss
    if isinstance(loss, str):
        return lookup(LOSSES, loss, "loss")()
    raise TypeError(
        f"loss must be a name (one of {sorted(LOSSES)}) or a Loss, got {type(loss).__name__}")


half_sse = HalfSumSquaredError()
mse = MeanSquaredError()
binary_cross_entropy = BinaryCrossEntropy()
cross_entropy = CrossEntropy()
