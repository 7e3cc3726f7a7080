r"""The layer protocol a :class:`~ffnn_course.network.Network` relies on, and the dense layer.

A network is a list of layers, layer 1 first.  The network knows nothing about
any particular kind of layer: it only uses what :class:`Layer` documents, so a
new kind of layer (such as :class:`~ffnn_course.batchnorm.BatchNorm`) needs no
change to :class:`~ffnn_course.network.Network`, to
:class:`~ffnn_course.network.Gradients` or to :func:`~ffnn_course.training.train`.

The protocol (every layer of the lecture's form ``a = …(h_prev)``, ``h = g(a)``):

* ``n_in``, ``n_out``: how many units come in and go out;
* ``activation``: the :class:`~ffnn_course.activations.Activation` ``g``
  applied to the layer's pre-activation ``a``;
* ``parameter_names``: the names of its learned arrays, in order (``("W",
  "b")`` for a dense layer, ``("gamma", "beta")`` for batch norm), each an
  attribute of the layer; ``bias_names``: those that ``parameters(biases=False)``
  leaves out;
* ``forward(h_prev, training, update)`` → ``(a, h)`` on a batch ``(N, n_in)``;
* ``backward(δ, h_prev, training, input_grad)`` → one gradient per name of
  ``parameter_names`` (in that order), then ``∂L/∂h_prev`` (None when
  ``input_grad`` is False), from ``δ = ∂L/∂a`` of shape ``(N, n_out)``;
* ``copy()``; and, with defaults here, ``parameters(biases)``,
  ``named_parameters()``, ``buffers()`` (state that is not learned, such as
  running statistics), ``min_batch_size`` (the smallest batch a training-mode
  forward pass accepts) and ``describe(i)`` (for error messages).

**Fast path.** ``forward`` and ``backward`` take arrays the network has already
checked (float64, the right shapes) and do no checking of their own: they are
the unchecked inner steps of :meth:`Network.forward
<ffnn_course.network.Network.forward>` and :meth:`Network.backward
<ffnn_course.network.Network.backward>`, which check once at the boundary.

Taught in the chapters *Multiple sigmoid neurons* (dense layers) and
*Regularisation* (batch norm).
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, as_real
from .activations import Activation, get_activation
from .initializers import get_initializer

__all__ = ["Layer", "Dense"]


class Layer:
    """Base class of the layer protocol (see the module docstring); Dense and BatchNorm follow it.

    A subclass sets ``parameter_names`` and ``bias_names`` and defines
    ``n_in``, ``n_out``, ``activation``, ``forward``, ``backward`` and ``copy``.
    """

    parameter_names: tuple[str, ...] = ()
    bias_names: tuple[str, ...] = ()
    min_batch_size: int = 1
    by_sizes: bool = False     # fully described by (n_in, n_out, activation) in a Network repr
    activation: Activation

    # The attributes Network checks for, to refuse an object that is not a layer.
    REQUIRED = ("n_in", "n_out", "activation", "parameter_names", "forward", "backward", "copy")

    @property
    def parameter_kinds(self) -> tuple[str, ...]:
        """The former name of ``parameter_names`` (kept working)."""
        return self.parameter_names

    def parameters(self, biases: bool = True) -> list[np.ndarray]:
        """The learned arrays in the order of ``parameter_names`` (biases left out if asked)."""
        return [getattr(self, n) for n in self.parameter_names
                if biases or n not in self.bias_names]

    def named_parameters(self) -> dict[str, np.ndarray]:
        """``{name: array}`` for every learned array, in order."""
        return {n: getattr(self, n) for n in self.parameter_names}

    def buffers(self) -> list[np.ndarray]:
        """State that is not learned by gradient descent (none by default)."""
        return []

    def describe(self, i: int) -> str:
        """How the layer's input side reads in an error message, as layer ``i``."""
        return f"layer {i} ({self!r}) expects {self.n_in} inputs"


class Dense(Layer):
    """A fully connected layer ``h = g(W h_prev + b)``.

    Parameters
    ----------
    W : array, shape (n_out, n_in)
        ``W[j, k]`` is the lecture's ``w_{i,j+1,k+1}``: the weight from input
        ``k`` into neuron ``j`` of this layer (numbered from 0 in code).
    b : array, shape (n_out,) or (1,)
        One bias per neuron, or a single bias shared by every neuron of the
        layer (the step-by-step example uses ``b_1 = 0.35`` for both hidden
        neurons).  A shared bias gets the sum of the neurons' gradients.
    activation : str or Activation
        ``g`` for a hidden layer, ``O`` for the output layer.

    The arrays are copied, so the caller's data are never changed by training.

    >>> layer = Dense([[0.15, 0.20], [0.25, 0.30]], [0.35], "sigmoid")
    >>> layer.forward([0.05, 0.10])[0]          # a = W x + b
    array([0.3775, 0.3925])
    """

    parameter_names = ("W", "b")
    bias_names = ("b",)
    by_sizes = True

    def __init__(self, W, b, activation="sigmoid"):
        W = as_float_array(W, "W", ndim=(2,))
        b = as_float_array(b, "b", ndim=(0, 1))
        b = b.reshape(1) if b.ndim == 0 else b
        if b.shape not in ((W.shape[0],), (1,)):
            raise ValueError(
                f"b has shape {b.shape} but W has shape {W.shape}: expected ({W.shape[0]},) "
                f"(one bias per neuron) or (1,) (one shared bias)")
        self.W = W.copy()
        self.b = b.copy()
        self.activation: Activation = get_activation(activation)

    @classmethod
    def init(cls, n_in: int, n_out: int, activation="sigmoid", init="xavier_uniform",
             rng=None, bias: float = 0.0) -> "Dense":
        """A layer with weights from an initializer and every bias set to ``bias``."""
        bias = as_real(bias, "bias")
        activation = get_activation(activation)
        W = get_initializer(init)(n_in, n_out, rng=rng)
        return cls(W, np.full(n_out, bias), activation)

    @property
    def n_in(self) -> int:
        return self.W.shape[1]

    @property
    def n_out(self) -> int:
        return self.W.shape[0]

    @property
    def shared_bias(self) -> bool:
        return self.b.shape == (1,) and self.n_out > 1

    def copy(self) -> "Dense":
        return Dense(self.W, self.b, self.activation)

    def describe(self, i: int) -> str:
        return f"W{i} has shape {self.W.shape}"

    def forward(self, h_prev: np.ndarray, training: bool = False,
                update: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(a, h)`` with ``a = W h_prev + b`` and ``h = g(a)``; rows are examples.

        ``training`` and ``update`` are part of the layer protocol and change
        nothing here.
        """
        h_prev = np.asarray(h_prev, dtype=np.float64)
        a = h_prev @ self.W.T + self.b
        return a, self.activation.value(a)

    def backward(self, delta: np.ndarray, h_prev: np.ndarray, training: bool = False,
                 input_grad: bool = True):
        """From ``δ = ∂L/∂a`` (shape (N, n_out)) return ``(∂L/∂W, ∂L/∂b, ∂L/∂h_prev)``.

        ``∂L/∂W = δᵀ h_prev`` (the batch form of ``δ h_{i−1}ᵀ``), ``∂L/∂b = Σ_n δ``
        and ``∂L/∂h_prev = δ W`` (the batch form of ``Wᵀ δ``).  With
        ``input_grad=False`` the last one is skipped (None): the first layer's
        ``∂L/∂x`` is never used, and for a wide input it is a large product.
        """
        dW = delta.T @ h_prev
        db = delta.sum(axis=0)
        if self.b.shape == (1,):
            db = np.array([db.sum()])
        return dW, db, (delta @ self.W if input_grad else None)

    def __repr__(self) -> str:
        bias = "shared bias" if self.shared_bias else "biases"
        return f"Dense({self.n_in} -> {self.n_out}, {self.activation.name}, {bias})"
