r"""Feed-forward networks: dense layers, the forward pass and backpropagation.

The lecture's computation, layer by layer (layers numbered from 1, ``h_0 = x``)::

    a_i = W_i h_{i-1} + b_i        pre-activation of layer i
    h_i = g(a_i)                   activation of layer i
    f(x) = h_L = O(a_L)            the output layer uses the output function O

``W_i`` has shape ``(n_out, n_in)``, exactly the lecture's matrix (and the
shape of ``torch.nn.Linear.weight``).  Data are batch-first rows, so for a
batch ``H_{i-1}`` of shape ``(N, n_in)`` the same formula reads
``A_i = H_{i-1} W_iᵀ + b_i``.  One example ``(n_in,)`` in gives the same rank out.

Backpropagation (chapter *Backpropagation*), with ``δ_i = ∂L/∂a_i``::

    δ_L = ∂L/∂a_L                                  (= (ŷ − y)/N for softmax + cross-entropy
                                                      and for sigmoid + binary cross-entropy)
    δ_i = (W_{i+1}ᵀ δ_{i+1}) ⊙ g'(a_i)             for i = L−1, …, 1
    ∂L/∂W_i = δ_i h_{i−1}ᵀ      ∂L/∂b_i = δ_i       (summed over the batch)

A layer is anything with ``n_in``, ``n_out``, ``activation``, ``parameters()``,
``forward(h_prev, training)`` returning ``(a, h)`` and ``backward(δ, h_prev,
training)`` returning its parameter gradients and ``∂L/∂h_prev``: a
:class:`Dense` layer, or a :class:`~ffnn_course.batchnorm.BatchNorm` layer
(whose parameters are ``γ_i, β_i`` instead of ``W_i, b_i``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._validation import as_batch, as_float_array, as_rng, check_fraction
from .activations import Activation, get_activation
from .initializers import get_initializer
from .losses import Loss, get_loss


class Dense:
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

    parameter_kinds = ("W", "b")

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
        W = get_initializer(init)(n_in, n_out, rng=rng)
        return cls(W, np.full(n_out, float(bias)), activation)

    @property
    def n_in(self) -> int:
        return self.W.shape[1]

    @property
    def n_out(self) -> int:
        return self.W.shape[0]

    @property
    def shared_bias(self) -> bool:
        return self.b.shape == (1,) and self.n_out > 1

    def parameters(self, biases: bool = True) -> list[np.ndarray]:
        return [self.W, self.b] if biases else [self.W]

    def copy(self) -> "Dense":
        return Dense(self.W, self.b, self.activation)

    def forward(self, h_prev: np.ndarray, training: bool = False,
                update: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(a, h)`` with ``a = W h_prev + b`` and ``h = g(a)``; rows are examples.

        ``training`` and ``update`` are accepted for a uniform layer interface
        and change nothing here.
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


@dataclass
class Trace:
    """Everything the forward pass computed, numbered as in the lecture.

    ``h[0]`` is the input ``x``; ``a[i]`` and ``h[i]`` belong to layer ``i``
    (``a[0]`` is None).  ``h[-1]`` is the output ``ŷ = f(x)``.
    ``masks[i]`` is layer i's dropout mask (already divided by the keep
    probability), or None.  ``training`` records the mode of the pass
    (batch or running statistics in a batch-norm layer).
    """

    a: list
    h: list
    masks: list = field(default_factory=list)
    single: bool = False
    training: bool = False

    @property
    def output(self) -> np.ndarray:
        return self.h[-1]

    def as_batch(self) -> "Trace":
        """This trace in batch form: a single example's vectors become rows of shape (1, n)."""
        if not self.single:
            return self
        row = lambda v: None if v is None else v[np.newaxis, :]     # noqa: E731
        return Trace(a=[row(v) for v in self.a], h=[row(v) for v in self.h],
                     masks=[row(m) for m in self.masks], training=self.training)


@dataclass
class Gradients:
    """``dW[i] = ∂L/∂W_i``, ``db[i] = ∂L/∂b_i`` and ``delta[i] = δ_i = ∂L/∂a_i``.

    Index ``i`` is layer ``i`` (index 0 is None), as in the lecture.  For a
    batch-norm layer ``i``, ``dgamma[i]`` and ``dbeta[i]`` hold its gradients
    and ``dW[i]``, ``db[i]`` are None (and the other way round for a dense layer).
    """

    dW: list
    db: list
    delta: list
    dgamma: list = field(default_factory=list)
    dbeta: list = field(default_factory=list)

    def as_list(self, biases: bool = True) -> list[np.ndarray]:
        """The gradients in the order of :meth:`Network.parameters`."""
        out = []
        for i, (dW, db) in enumerate(zip(self.dW[1:], self.db[1:]), start=1):
            if dW is None and i < len(self.dgamma) and self.dgamma[i] is not None:
                dW, db = self.dgamma[i], self.dbeta[i]
            out.extend([dW, db] if biases else [dW])
        return out


# What Network needs from a layer (Dense and BatchNorm provide it).
_LAYER_INTERFACE = ("n_in", "n_out", "activation", "parameter_kinds", "parameters", "forward",
                    "backward")


class Network:
    """A feed-forward network: a list of :class:`Dense` layers, layer 1 first.

    Build it from explicit layers (to reproduce the slides) or with
    :meth:`Network.from_sizes` (from initializers).

    >>> net = Network.from_sizes([2, 3, 1], ["relu", "sigmoid"], rng=0)
    >>> net
    Network([2, 3, 1], activations=['relu', 'sigmoid'])
    >>> net.predict([[0.5, -1.0], [1.0, 2.0]]).shape
    (2, 1)
    """

    def __init__(self, layers):
        layers = list(layers)
        if not layers:
            raise ValueError("a Network needs at least one layer, got none")
        for i, layer in enumerate(layers, start=1):
            if not all(hasattr(layer, attr) for attr in _LAYER_INTERFACE):
                raise TypeError(f"layer {i} must be a Dense (or BatchNorm) layer, got "
                                f"{type(layer).__name__}")
        for i in range(1, len(layers)):
            if layers[i].n_in != layers[i - 1].n_out and isinstance(layers[i], Dense):
                raise ValueError(
                    f"W{i + 1} has shape {layers[i].W.shape} but h{i} has "
                    f"{layers[i - 1].n_out} units: expected W{i + 1} with {layers[i - 1].n_out} "
                    f"columns")
            if layers[i].n_in != layers[i - 1].n_out:
                raise ValueError(
                    f"layer {i + 1} ({layers[i]!r}) expects {layers[i].n_in} inputs but h{i} "
                    f"has {layers[i - 1].n_out} units")
        for i, layer in enumerate(layers[:-1], start=1):
            if not layer.activation.elementwise:
                raise ValueError(
                    f"layer {i} uses {layer.activation.name}, which is only supported as the "
                    f"output function of the last layer")
        self.layers = layers

    @classmethod
    def from_sizes(cls, sizes, activations="sigmoid", init="xavier_uniform", rng=None,
                   bias: float = 0.0) -> "Network":
        """A network with layer sizes ``[n_0, n_1, …, n_L]`` and initialised weights.

        ``activations`` is one name for every layer or a list with one per
        layer (e.g. ``["relu", "relu", "softmax"]``); ``init`` is an
        initializer name, a callable, or a list with one per layer.
        """
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"sizes needs at least 2 entries (inputs and outputs), got {sizes}")
        n_layers = len(sizes) - 1
        acts = [activations] * n_layers if isinstance(activations, (str, Activation)) \
            else list(activations)
        inits = [init] * n_layers if isinstance(init, str) or callable(init) else list(init)
        for what, values in (("activations", acts), ("init", inits)):
            if len(values) != n_layers:
                raise ValueError(
                    f"{what} has {len(values)} entries but sizes {sizes} make {n_layers} layers")
        rng = as_rng(rng)
        return cls([Dense.init(n_in, n_out, g, w, rng=rng, bias=bias)
                    for n_in, n_out, g, w in zip(sizes[:-1], sizes[1:], acts, inits)])

    # ----- structure --------------------------------------------------------
    @property
    def sizes(self) -> list[int]:
        return [self.layers[0].n_in] + [layer.n_out for layer in self.layers]

    @property
    def W(self) -> list:
        """``W[i]`` is layer i's weight matrix (``W[0]`` is None)."""
        return [None] + [getattr(layer, "W", None) for layer in self.layers]

    @property
    def b(self) -> list:
        """``b[i]`` is layer i's bias vector (``b[0]`` is None)."""
        return [None] + [getattr(layer, "b", None) for layer in self.layers]

    def parameters(self, biases: bool = True) -> list[np.ndarray]:
        """``[W_1, b_1, W_2, b_2, …]`` (or only the weights): the arrays an optimizer updates."""
        return [p for layer in self.layers for p in layer.parameters(biases)]

    def buffers(self) -> list[np.ndarray]:
        """State that is not learned by gradient descent (batch-norm running statistics)."""
        return [buf for layer in self.layers for buf in getattr(layer, "buffers", list)()]

    def copy(self) -> "Network":
        """A deep copy (the layers' arrays are copied)."""
        return Network([layer.copy() for layer in self.layers])

    def __repr__(self) -> str:
        if not all(isinstance(layer, Dense) for layer in self.layers):
            return f"Network([{', '.join(repr(layer) for layer in self.layers)}])"
        names = [layer.activation.name for layer in self.layers]
        return f"Network({self.sizes}, activations={names})"

    # ----- forward ----------------------------------------------------------
    def forward(self, x, dropout: float = 0.0, rng=None, training: bool = False,
                update: bool = True) -> Trace:
        """Run the forward pass and keep every ``a_i`` and ``h_i``.

        ``x`` is one example ``(n_0,)`` or a batch ``(N, n_0)``.  With
        ``dropout = p > 0`` each hidden unit is zeroed with probability ``p``
        and the survivors are scaled by ``1/(1 − p)`` (inverted dropout, used
        only while training).  ``training=True`` makes batch-norm layers use
        the batch statistics (and update their running averages unless
        ``update=False``); a network of dense layers computes the same either way.
        """
        X, single = as_batch(x, "x", self.layers[0].n_in)
        p = check_fraction(dropout, "dropout")
        trace = self._forward(X, p, as_rng(rng) if p > 0 else None, training, update)
        if single:
            trace.a = [None] + [v[0] for v in trace.a[1:]]
            trace.h = [v[0] for v in trace.h]
            trace.masks = [None if m is None else m[0] for m in trace.masks]
            trace.single = True
        return trace

    def _forward(self, X, p, rng, training, update) -> Trace:
        """The forward pass on a checked batch ``X`` (what :meth:`forward` runs)."""
        a, h, masks = [None], [X], [None]
        for i, layer in enumerate(self.layers, start=1):
            a_i, h_i = layer.forward(h[-1], training=training, update=update)
            mask = None
            if p > 0 and i < len(self.layers):
                mask = (rng.random(h_i.shape) >= p) / (1.0 - p)
                h_i = h_i * mask
            a.append(a_i)
            h.append(h_i)
            masks.append(mask)
        return Trace(a=a, h=h, masks=masks, single=False, training=bool(training))

    def predict(self, x) -> np.ndarray:
        """``f(x) = h_L``: the network's output for one example or a batch."""
        return self.forward(x).output

    def loss(self, x, y, loss) -> float:
        """The loss of the network's prediction on ``x`` against targets ``y``."""
        return get_loss(loss).value(self.predict(x), y)

    # ----- backward ---------------------------------------------------------
    def output_delta(self, trace: Trace, y, loss) -> np.ndarray:
        """``δ_L = ∂L/∂a_L`` for the output layer (batch form, shape (N, n_L)).

        When the loss matches the output function (softmax with
        cross-entropy, sigmoid with binary cross-entropy) the product
        ``∂L/∂ŷ · ∂ŷ/∂a_L`` simplifies to ``(ŷ − y)/N``, which the code uses
        directly (stable for saturated outputs).  Otherwise it applies the
        chain rule through ``O``: ``δ_L = O'(a_L)ᵀ ∂L/∂ŷ``.
        """
        loss = get_loss(loss)
        y_hat, y, n = loss.check(trace.h[-1], y)
        delta = self._output_delta(trace.a[-1], y_hat, y, n, loss)
        return delta[np.newaxis, :] if trace.single else delta

    def _output_delta(self, a_L, y_hat, y, n, loss: Loss) -> np.ndarray:
        """``δ_L`` from checked outputs ``ŷ = h_L`` and targets (what :meth:`output_delta` runs)."""
        out = self.layers[-1].activation
        if loss.output is not None and loss.output == out.name:
            return loss._output_delta(y_hat, y, n)                 # (ŷ − y)/N
        return out.backward(a_L, y_hat, loss._gradient(y_hat, y, n))

    def backward(self, trace: Trace, y, loss) -> Gradients:
        """Backpropagation: all ``∂L/∂W_i``, ``∂L/∂b_i`` and ``δ_i`` from one forward trace.

        Vectorised over the batch: one matrix product per layer and direction.
        """
        if not isinstance(trace, Trace):
            raise TypeError(f"trace must be the Trace returned by forward(), got "
                            f"{type(trace).__name__}")
        delta_L = self.output_delta(trace, y, loss)               # batch form, (N, n_L)
        grads = self._backward(trace.as_batch(), delta_L)
        if trace.single:
            grads.delta = [None if d is None else d[0] for d in grads.delta]
        return grads

    def _backward(self, trace: Trace, delta: np.ndarray) -> Gradients:
        """Backpropagate ``delta = δ_L`` through every layer of a batch trace."""
        L = len(self.layers)
        grads = {kind: [None] * (L + 1) for kind in ("W", "b", "gamma", "beta", "delta")}
        for i in range(L, 0, -1):
            layer = self.layers[i - 1]
            first, second = layer.parameter_kinds          # ("W", "b") or ("gamma", "beta")
            grads[first][i], grads[second][i], grad_h = layer.backward(
                delta, trace.h[i - 1], training=trace.training, input_grad=i > 1)
            grads["delta"][i] = delta
            if i > 1:                                                      # δ_{i-1}
                g = self.layers[i - 2].activation
                a, h, mask = trace.a[i - 1], trace.h[i - 1], trace.masks[i - 1]
                if mask is not None:               # dropout: only kept units pass gradient
                    grad_h, h = grad_h * mask, g.value(a)
                delta = g.backward(a, h, grad_h)
        return Gradients(dW=grads["W"], db=grads["b"], delta=grads["delta"],
                         dgamma=grads["gamma"], dbeta=grads["beta"])

    def gradients(self, x, y, loss) -> Gradients:
        """Forward then backward: the gradients of ``loss`` at ``(x, y)``."""
        return self.backward(self.forward(x), y, loss)
