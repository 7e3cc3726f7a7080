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
loss.  The ``*_with_logits`` forms take the pre-activation ``a_L`` instead and
are exact and stable for logits of any size; their gradient with respect to
the logits is the famous ``(ŷ − y)/N``.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, lookup

_EPS = np.finfo(np.float64).eps


def _log_sum_exp(a: np.ndarray) -> np.ndarray:
    """``log Σ_j e^{a_j}`` over the last axis, stable for large logits."""
    m = np.max(a, axis=-1, keepdims=True)
    return (m + np.log(np.sum(np.exp(a - m), axis=-1, keepdims=True)))[..., 0]


class Loss:
    """Base class: ``value(ŷ, y)`` is ``L``; ``gradient(ŷ, y)`` is ``∂L/∂ŷ``.

    The public methods check their input, then apply the subclass's formula
    (``_value``, ``_gradient``), which takes checked arrays and the number of
    examples ``N``.  Each formula is written once, in those methods; the
    training loop, which checks its data once up front, calls them directly.

    ``output`` names the output activation for which the gradient with
    respect to the logits simplifies (``ŷ − y`` up to the 1/N), or ``None``;
    the network then uses ``_output_delta(ŷ, y, N)`` for ``∂L/∂a``.
    """

    name = "loss"
    output: str | None = None

    def value(self, y_hat, y) -> float:
        """``L(ŷ, y)`` (see the class docstring for the formula)."""
        return self._value(*self.check(y_hat, y))

    def gradient(self, y_hat, y) -> np.ndarray:
        """``∂L/∂ŷ``, the shape of ``ŷ``."""
        return self._gradient(*self.check(y_hat, y))

    # ----- validation, shared by every loss -------------------------------
    def check(self, y_hat, y) -> tuple[np.ndarray, np.ndarray, int]:
        """Return ``(ŷ, y, N)`` as float arrays of the same shape, or raise."""
        y_hat = as_float_array(y_hat, "y_hat (the prediction)", ndim=(1, 2))
        n = 1 if y_hat.ndim == 1 else y_hat.shape[0]
        y = self._targets(y, y_hat)
        return y_hat, y, n

    def _targets(self, y, y_hat: np.ndarray) -> np.ndarray:
        y = as_float_array(y, "y (the targets)", ndim=(0, 1, 2))
        if y.shape != y_hat.shape:
            if y.size == y_hat.size and y.ndim == y_hat.ndim - 1 and y_hat.shape[-1] == 1:
                y = y.reshape(y_hat.shape)           # (N,) targets for (N, 1) outputs
            elif y.ndim == 0 and y_hat.shape == (1,):
                y = y.reshape(1)
            else:
                raise ValueError(
                    f"y has shape {y.shape} but the prediction y_hat has shape {y_hat.shape}; "
                    f"expected the same shape")
        return y

    def _output_delta(self, y_hat, y, n):
        """``∂L/∂a = (ŷ − y)/N`` when ``ŷ = O(a)`` with ``O`` the loss's matching ``output``.

        The product ``∂L/∂ŷ · ∂ŷ/∂a`` simplifies to this for softmax with
        cross-entropy and for sigmoid with binary cross-entropy; computed from
        ``ŷ`` directly it is also stable for saturated outputs.
        """
        return (y_hat - y) / n

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

    def _value(self, y_hat, y, n):
        return float(0.5 * np.sum((y - y_hat) ** 2))

    def _gradient(self, y_hat, y, n):
        return y_hat - y


class MeanSquaredError(Loss):
    r"""``L = (1/N) Σ_n Σ_k (ŷ − y)²``; ``∂L/∂ŷ = 2 (ŷ − y) / N``.

    >>> MeanSquaredError().value([[0.5], [0.0]], [[1.0], [0.0]])
    0.125
    """

    name = "mse"

    def _value(self, y_hat, y, n):
        return float(np.sum((y_hat - y) ** 2) / n)

    def _gradient(self, y_hat, y, n):
        return 2.0 * (y_hat - y) / n


class BinaryCrossEntropy(Loss):
    r"""``L = −(1/N) Σ [y log ŷ + (1 − y) log(1 − ŷ)]`` for sigmoid outputs.

    Targets lie in [0, 1] (usually 0 or 1).  Gradient
    ``∂L/∂ŷ = (ŷ − y) / (ŷ (1 − ŷ) N)``; through a sigmoid output it becomes
    ``∂L/∂a = (ŷ − y)/N``.

    >>> round(BinaryCrossEntropy().value([0.7152], [0.0]), 4)   # the slide's example
    1.256
    """

    name = "binary_cross_entropy"
    output = "sigmoid"

    def _targets(self, y, y_hat):
        y = super()._targets(y, y_hat)
        if np.any((y < 0) | (y > 1)):
            raise ValueError(
                f"binary cross-entropy targets must lie in [0, 1], got values from "
                f"{y.min()} to {y.max()}")
        return y

    def _value(self, y_hat, y, n):
        p = np.clip(y_hat, _EPS, 1.0 - _EPS)
        return float(-np.sum(y * np.log(p) + (1.0 - y) * np.log1p(-p)) / n)

    def _gradient(self, y_hat, y, n):
        p = np.clip(y_hat, _EPS, 1.0 - _EPS)
        return (p - y) / (p * (1.0 - p) * n)

    def value_from_logits(self, a, y):
        """The same loss from the logits ``a``, with ``ŷ = σ(a)``:
        ``(1/N) Σ [softplus(a) − y a]``, exact for any ``a``."""
        a, y, n = self.check(a, y)
        softplus = np.maximum(a, 0.0) + np.log1p(np.exp(-np.abs(a)))
        return float(np.sum(softplus - y * a) / n)

    def gradient_from_logits(self, a, y):
        """``∂L/∂a = (σ(a) − y) / N``."""
        from .activations import sigmoid

        a, y, n = self.check(a, y)
        return self._output_delta(sigmoid.value(a), y, n)


class CrossEntropy(Loss):
    r"""``L = −(1/N) Σ_n Σ_k y_k log ŷ_k`` for softmax outputs.

    Targets are one-hot rows (or probability rows summing to 1), or integer
    class labels ``0 … K−1`` (one per example).  ``∂L/∂ŷ = −y / (ŷ N)``;
    through a softmax output it becomes ``∂L/∂a = (ŷ Σ_k y_k − y)/N``, which is
    ``(ŷ − y)/N`` because every target row sums to 1: probability rows are
    accepted within 1e-5 of 1 and rescaled to sum to 1.

    >>> round(CrossEntropy().value([0.2718, 0.2634, 0.4648], [0, 0, 1]), 4)
    0.7661
    >>> CrossEntropy().value([[0.9, 0.1], [0.2, 0.8]], [0, 1]) > 0   # labels
    True
    """

    name = "cross_entropy"
    output = "softmax"

    def _targets(self, y, y_hat):
        k = y_hat.shape[-1]
        raw = np.asarray(y) if not isinstance(y, (str, bytes)) else y
        if (isinstance(raw, np.ndarray) and raw.dtype.kind in "iu"
                and raw.ndim == y_hat.ndim - 1):
            labels = raw.reshape(-1)
            if np.any((labels < 0) | (labels >= k)):
                raise ValueError(
                    f"class labels must lie in 0..{k - 1} for {k} outputs, got values from "
                    f"{labels.min()} to {labels.max()}")
            one_hot = np.eye(k)[labels]
            return one_hot[0] if y_hat.ndim == 1 else one_hot
        y = super()._targets(y, y_hat)
        sums = np.sum(y, axis=-1)
        # |sum − 1| ≤ 1e-5: np.allclose's tolerance, without its per-call overhead
        if np.any(y < 0) or not np.all(np.abs(sums - 1.0) <= 1e-5):
            got = ("negative values" if np.any(y < 0)
                   else f"rows summing to {np.unique(np.round(sums, 6))[:4].tolist()}")
            raise ValueError(
                "cross-entropy targets must be one-hot rows (or probabilities summing to 1) "
                f"or integer class labels 0..{k - 1}; got {got}")
        return y / sums[..., np.newaxis]          # exactly y for one-hot rows

    def _value(self, y_hat, y, n):
        p = np.maximum(y_hat, _EPS)            # probabilities are ≤ 1 already
        return float(-(y * np.log(p)).sum() / n)

    def _gradient(self, y_hat, y, n):
        p = np.maximum(y_hat, _EPS)
        return -y / (p * n)

    def value_from_logits(self, a, y):
        """The same loss from the logits ``a``, with ``ŷ = softmax(a)``:
        ``(1/N) Σ_n [log Σ_j e^{a_j} − Σ_k y_k a_k]`` (as ``Σ_k y_k = 1``)."""
        a, y, n = self.check(a, y)
        return float((np.sum(_log_sum_exp(a)) - np.sum(y * a)) / n)

    def gradient_from_logits(self, a, y):
        """``∂L/∂a = (softmax(a) − y) / N``."""
        from .activations import softmax

        a, y, n = self.check(a, y)
        return self._output_delta(softmax.value(a), y, n)


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
