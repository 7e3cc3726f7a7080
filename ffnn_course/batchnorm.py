r"""Batch normalisation: a layer that standardises each unit over the mini-batch.

Batch normalisation (Ioffe & Szegedy, 2015) acts on a layer's pre-activation
``a_i = W_i h_{i−1} + b_i``, not on its input ``h_{i−1}``: it standardises
each unit of ``a_i`` over the mini-batch, rescales it, and only then applies
the activation.  Written with ``z = W_i h_{i−1} + b_i`` for the linear part
and a mini-batch of ``N`` rows, for every unit ``j``::

    μ_j  = (1/N) Σ_n z[n, j]                          batch mean
    σ²_j = (1/N) Σ_n (z[n, j] − μ_j)²                 batch variance (biased)
    ẑ    = (z − μ) / √(σ² + ε)                         standardised pre-activation
    a_i  = γ ⊙ ẑ + β                                   the normalised pre-activation
    h_i  = g(a_i)                                      the layer's activation

``γ`` (``gamma``, initialised to 1) and ``β`` (``beta``, initialised to 0) are
learned like weights and biases.  In this package the two halves are two
layers of the :class:`~ffnn_course.network.Network` (see
:mod:`ffnn_course.layers`): a :class:`~ffnn_course.layers.Dense` layer with
the linear activation computes ``z = W_i h_{i−1} + b_i``, and the
:class:`BatchNorm` layer after it receives ``z`` as its input (its ``h_prev``
below) and computes ``a_i`` and ``h_i = g(a_i)``.  So
``Dense(linear) → BatchNorm(relu)`` does what ``Dense(relu)`` did, with the
normalisation of ``W_i h_{i−1} + b_i`` in between.

**Training mode** uses the batch statistics above and updates running
averages, as PyTorch's ``BatchNorm1d`` does (``momentum`` 0.1, the unbiased
variance for the running estimate)::

    running_mean ← (1 − m) running_mean + m μ
    running_var  ← (1 − m) running_var  + m σ² N/(N − 1)

**Inference mode** (``predict``, validation) uses ``running_mean`` and
``running_var`` in place of ``μ`` and ``σ²``, so a prediction does not depend
on the other examples in the batch.

**Backward pass** (training mode), from ``δ = ∂L/∂a_i`` of shape ``(N, n)``::

    ∂L/∂γ = Σ_n δ ⊙ ẑ          ∂L/∂β = Σ_n δ          ∂L/∂ẑ = δ ⊙ γ
    ∂L/∂z = (1 / (N √(σ² + ε))) · (N ∂L/∂ẑ − Σ_n ∂L/∂ẑ − ẑ ⊙ Σ_n (∂L/∂ẑ ⊙ ẑ))

The last line is the chain rule through ``ẑ``, ``μ`` and ``σ²`` together
(every ``z[n, j]`` moves the batch mean and variance too).  One
consequence: the gradient of a bias added just before a batch norm is zero, as
any constant shift is removed with the mean.  In inference mode the layer is
a fixed affine map and ``∂L/∂z = δ ⊙ γ / √(running_var + ε)``.

Taught in the chapter *Regularisation* (part 3, training in practice).
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_fraction, check_int, check_positive
from .activations import Activation, get_activation
from .initializers import get_initializer
from .layers import Layer

__all__ = ["BatchNorm", "batchnorm_network"]


class BatchNorm(Layer):
    """Batch normalisation of ``n`` pre-activation units followed by an activation ``g``.

    Its input ``h_prev`` is ``z = W_i h_{i−1} + b_i`` from the linear
    :class:`~ffnn_course.layers.Dense` layer before it; it follows the layer
    protocol of :mod:`ffnn_course.layers`.

    Parameters
    ----------
    n : int
        Number of units (the layer maps ``n`` inputs to ``n`` outputs).
    activation : str or Activation
        ``g`` applied after the normalisation, e.g. ``"relu"``.
    eps : float
        Added to the variance before the square root (PyTorch's default 1e-5).
    momentum : float
        Weight of the newest batch in the running averages (PyTorch's 0.1).

    >>> bn = BatchNorm(2, "linear")
    >>> a, h = bn.forward(np.array([[1.0, 10.0], [3.0, 30.0]]), training=True)
    >>> np.round(a, 4)                       # each column standardised
    array([[-1., -1.],
           [ 1.,  1.]])
    >>> bn.running_mean                      # 0.9·0 + 0.1·μ
    array([0.2, 2. ])
    """

    parameter_names = ("gamma", "beta")
    bias_names = ("beta",)
    min_batch_size = 2                  # the variance of one example is 0

    def __init__(self, n: int, activation="linear", eps: float = 1e-5, momentum: float = 0.1,
                 gamma=None, beta=None):
        n = check_int(n, "n")
        self.eps = check_positive(eps, "eps")
        self.momentum = check_fraction(momentum, "momentum", high_open=False)
        self.gamma = np.ones(n) if gamma is None else self._vector(gamma, "gamma", n)
        self.beta = np.zeros(n) if beta is None else self._vector(beta, "beta", n)
        self.running_mean = np.zeros(n)
        self.running_var = np.ones(n)
        self.activation: Activation = get_activation(activation)

    @staticmethod
    def _vector(value, name, n):
        value = as_float_array(value, name, ndim=(1,))
        if value.shape != (n,):
            raise ValueError(f"{name} has shape {value.shape}, expected ({n},)")
        return value.copy()

    @property
    def n_in(self) -> int:
        return self.gamma.shape[0]

    @property
    def n_out(self) -> int:
        return self.gamma.shape[0]

    def buffers(self) -> list[np.ndarray]:
        """The running statistics: state that is not learned by gradient descent."""
        return [self.running_mean, self.running_var]

    def copy(self) -> "BatchNorm":
        """A deep copy, running statistics included."""
        new = BatchNorm(self.n_in, self.activation, self.eps, self.momentum,
                        self.gamma, self.beta)
        new.running_mean[...] = self.running_mean
        new.running_var[...] = self.running_var
        return new

    def _statistics(self, h_prev: np.ndarray, training: bool):
        """``(μ, σ²)``: of the batch in training mode, the running ones otherwise."""
        if not training:
            return self.running_mean, self.running_var
        if h_prev.shape[0] < 2:
            raise ValueError(
                "batch normalisation in training mode needs at least 2 examples per batch "
                f"(got {h_prev.shape[0]}): the variance of one example is 0")
        return h_prev.mean(axis=0), h_prev.var(axis=0)

    def forward(self, h_prev: np.ndarray, training: bool = False, update: bool = True):
        """Return ``(a, h)`` with ``a = γ ⊙ ẑ + β`` and ``h = g(a)``; rows are examples.

        ``h_prev`` is the pre-activation ``z = W_i h_{i−1} + b_i`` of the
        linear layer before (see the module docstring).

        In training mode the running averages are updated too (unless
        ``update=False``, as in a gradient check).
        """
        h_prev = np.asarray(h_prev, dtype=np.float64)
        mean, var = self._statistics(h_prev, training)
        z_hat = (h_prev - mean) / np.sqrt(var + self.eps)
        a = self.gamma * z_hat + self.beta
        if training and update:
            n, m = h_prev.shape[0], self.momentum
            self.running_mean *= 1.0 - m
            self.running_mean += m * mean
            self.running_var *= 1.0 - m
            self.running_var += m * var * n / (n - 1)
        return a, self.activation.value(a)

    def backward(self, delta: np.ndarray, h_prev: np.ndarray, training: bool = False,
                 input_grad: bool = True):
        """From ``δ = ∂L/∂a`` (shape (N, n)) return ``(∂L/∂γ, ∂L/∂β, ∂L/∂z)`` (``z = h_prev``).

        The statistics are recomputed from ``h_prev``, exactly as the forward
        pass in the same mode computed them.  ``input_grad=False`` skips
        ``∂L/∂h_prev`` (None), as for a first layer.
        """
        h_prev = np.asarray(h_prev, dtype=np.float64)
        mean, var = self._statistics(h_prev, training)
        inv_std = 1.0 / np.sqrt(var + self.eps)
        z_hat = (h_prev - mean) * inv_std
        d_gamma = np.sum(delta * z_hat, axis=0)
        d_beta = np.sum(delta, axis=0)
        if not input_grad:
            return d_gamma, d_beta, None
        d_z_hat = delta * self.gamma
        if not training:
            return d_gamma, d_beta, d_z_hat * inv_std
        n = h_prev.shape[0]
        grad_h = inv_std / n * (n * d_z_hat - d_z_hat.sum(axis=0)
                                - z_hat * np.sum(d_z_hat * z_hat, axis=0))
        return d_gamma, d_beta, grad_h

    def __repr__(self) -> str:
        return f"BatchNorm({self.n_in}, {self.activation.name})"


def batchnorm_network(sizes, activations="relu", output="softmax", init="he_uniform",
                      rng=None, eps: float = 1e-5, momentum: float = 0.1):
    """A network ``Dense(linear) → BatchNorm(g)`` per hidden layer, then ``Dense(output)``.

    ``sizes = [n_0, n_1, …, n_L]`` as for :meth:`~ffnn_course.network.Network.from_sizes`; each
    hidden layer becomes two layers of the :class:`~ffnn_course.network.Network`
    (the linear map, then the normalisation with its activation), so the
    returned network has ``2(L − 1) + 1`` layers.

    >>> batchnorm_network([64, 32, 10], rng=0)
    Network([Dense(64 -> 32, linear, biases), BatchNorm(32, relu), Dense(32 -> 10, softmax, biases)])
    """
    from ._validation import as_rng
    from .network import Dense, Network

    sizes = list(sizes)
    if len(sizes) < 3:
        raise ValueError(f"batchnorm_network needs at least one hidden layer, got sizes {sizes}")
    hidden = len(sizes) - 2
    acts = [activations] * hidden if isinstance(activations, (str, Activation)) \
        else list(activations)
    if len(acts) != hidden:
        raise ValueError(f"activations has {len(acts)} entries for {hidden} hidden layer(s)")
    rng = as_rng(rng)
    init = get_initializer(init)
    layers = []
    for n_in, n_out, g in zip(sizes[:-2], sizes[1:-1], acts):
        layers.append(Dense.init(n_in, n_out, "linear", init, rng=rng))
        layers.append(BatchNorm(n_out, g, eps=eps, momentum=momentum))
    layers.append(Dense.init(sizes[-2], sizes[-1], output, "xavier_uniform", rng=rng))
    return Network(layers)
