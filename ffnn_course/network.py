r"""Feed-forward networks: the forward pass and backpropagation over a list of layers.

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

The network only uses the layer protocol of :mod:`ffnn_course.layers`
(:class:`~ffnn_course.layers.Dense`, :class:`~ffnn_course.batchnorm.BatchNorm`
or any other layer that follows it).

**Checked and fast paths.** :meth:`Network.forward`, :meth:`Network.output_delta`
and :meth:`Network.backward` check their input, then run
:meth:`Network.forward_unchecked` and :meth:`Network.backward_unchecked`, which
take a checked float64 batch and do no checking at all.  The training loop
checks its data once and calls the unchecked forms (the same formulas).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._validation import as_batch, as_rng, as_sequence, check_fraction, check_int
from .activations import Activation, get_activation
from .initializers import get_initializer
from .layers import Dense, Layer  # noqa: F401  (Dense: from ffnn_course.network import Dense)
from .losses import get_loss

__all__ = ["Trace", "Gradients", "Network"]     # Dense and Layer live in .layers


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


class Gradients:
    """The gradients of one backward pass, by layer and by parameter name.

    ``layers[i]`` holds layer ``i``'s gradients in the order of its
    ``parameter_names`` (index 0 is None); ``delta[i] = δ_i = ∂L/∂a_i``.
    ``grads["W"]`` lists ``∂L/∂W_i`` by layer (None for a layer without a
    ``W``), and so for any parameter name; the lecture's lists are ``dW``,
    ``db`` (and ``dgamma``, ``dbeta`` for batch norm).
    """

    def __init__(self, layers: list, delta: list, network_layers: list):
        self.layers = layers
        self.delta = delta
        self._network_layers = network_layers

    def __getitem__(self, name: str) -> list:
        out = [None]
        for grads, layer in zip(self.layers[1:], self._network_layers):
            names = layer.parameter_names
            out.append(grads[names.index(name)] if name in names else None)
        return out

    dW = property(lambda self: self["W"], doc="``dW[i] = ∂L/∂W_i`` (``dW[0]`` is None).")
    db = property(lambda self: self["b"], doc="``db[i] = ∂L/∂b_i`` (``db[0]`` is None).")
    dgamma = property(lambda self: self["gamma"], doc="``∂L/∂γ_i`` of batch-norm layers.")
    dbeta = property(lambda self: self["beta"], doc="``∂L/∂β_i`` of batch-norm layers.")

    def as_list(self, biases: bool = True) -> list[np.ndarray]:
        """The gradients in the order of :meth:`Network.parameters`."""
        if biases:
            return [g for grads in self.layers[1:] for g in grads]
        return [g for grads, layer in zip(self.layers[1:], self._network_layers)
                for name, g in zip(layer.parameter_names, grads) if name not in layer.bias_names]

    def __repr__(self) -> str:
        names = [list(layer.parameter_names) for layer in self._network_layers]
        return f"Gradients(layers={names})"


def _named(resolve, value, name: str):
    """``resolve(value)``, with ``name`` (e.g. ``activations[1]``) put in front of any error."""
    try:
        return resolve(value)
    except (TypeError, ValueError) as err:
        raise type(err)(f"{name}: {err}") from None


class Network:
    """A feed-forward network: a list of layers (:mod:`ffnn_course.layers`), layer 1 first.

    Build it from explicit layers (to reproduce the slides) or with
    :meth:`Network.from_sizes` (from initializers).

    >>> net = Network.from_sizes([2, 3, 1], ["relu", "sigmoid"], rng=0)
    >>> net
    Network([2, 3, 1], activations=['relu', 'sigmoid'])
    >>> net.predict([[0.5, -1.0], [1.0, 2.0]]).shape
    (2, 1)
    """

    def __init__(self, layers):
        layers = as_sequence(layers, "layers", "a list of layers, e.g. [Dense(...), Dense(...)] "
                             "(wrap a single layer in a list)")
        if not layers:
            raise ValueError("a Network needs at least one layer, got none")
        for i, layer in enumerate(layers, start=1):
            if not all(hasattr(layer, attr) for attr in Layer.REQUIRED):
                raise TypeError(f"layer {i} (layers[{i - 1}]) must be a Dense (or BatchNorm) "
                                f"layer, or another ffnn_course.layers.Layer, got "
                                f"{type(layer).__name__}")
        for i in range(1, len(layers)):
            if layers[i].n_in != layers[i - 1].n_out:
                raise ValueError(
                    f"{layers[i].describe(i + 1)} but h{i} has {layers[i - 1].n_out} units: "
                    f"expected layer {i + 1} to take {layers[i - 1].n_out} inputs")
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
        if isinstance(sizes, (range, np.ndarray)):
            sizes = list(sizes)
        sizes = as_sequence(sizes, "sizes", "a list of layer sizes [n_0, n_1, ..., n_L]")
        sizes = [check_int(n, f"sizes[{k}]") for k, n in enumerate(sizes)]
        if len(sizes) < 2:
            raise ValueError(f"sizes needs at least 2 entries (inputs and outputs), got {sizes}")
        n_layers = len(sizes) - 1
        acts = cls._per_layer(activations, "activations", n_layers, sizes,
                              single=lambda v: isinstance(v, (str, Activation)),
                              expected="an activation name, an Activation")
        inits = cls._per_layer(init, "init", n_layers, sizes,
                               single=lambda v: isinstance(v, str) or callable(v),
                               expected="an initializer name, a callable")
        acts = [_named(get_activation, g, f"activations[{k}]") for k, g in enumerate(acts)]
        inits = [_named(get_initializer, w, f"init[{k}]") for k, w in enumerate(inits)]
        rng = as_rng(rng)
        return cls([Dense.init(n_in, n_out, g, w, rng=rng, bias=bias)
                    for n_in, n_out, g, w in zip(sizes[:-1], sizes[1:], acts, inits)])

    @staticmethod
    def _per_layer(value, name, n_layers, sizes, single, expected) -> list:
        """One ``value`` per layer: repeated if it is a single one, else a list of one per layer."""
        if single(value):
            return [value] * n_layers
        values = as_sequence(value, name, f"{expected} or a list with one per layer")
        if len(values) != n_layers:
            raise ValueError(
                f"{name} has {len(values)} entries but sizes {sizes} make {n_layers} layers")
        return values

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

    @property
    def output_activation(self) -> Activation:
        """``O``, the output function of the last layer."""
        return self.layers[-1].activation

    def parameters(self, biases: bool = True) -> list[np.ndarray]:
        """``[W_1, b_1, W_2, b_2, …]`` (or only the weights): the arrays an optimizer updates."""
        return [p for layer in self.layers for p in layer.parameters(biases)]

    def named_parameters(self) -> list[tuple[str, np.ndarray]]:
        """``[("W1", W_1), ("b1", b_1), …]``: each parameter with its name and layer number."""
        return [(f"{name}{i}", p) for i, layer in enumerate(self.layers, start=1)
                for name, p in layer.named_parameters().items()]

    def buffers(self) -> list[np.ndarray]:
        """State that is not learned by gradient descent (batch-norm running statistics)."""
        return [buf for layer in self.layers for buf in layer.buffers()]

    def check_finite(self) -> None:
        """Raise a ValueError naming the first parameter or buffer holding NaN or infinity."""
        named = self.named_parameters() + [(f"buffer {k}", b)
                                           for k, b in enumerate(self.buffers())]
        for name, p in named:
            if not np.isfinite(p).all():
                raise ValueError(
                    f"the network's parameter {name} holds NaN or infinite values; expected "
                    f"finite numbers (set it again, or rebuild the network)")

    def copy(self) -> "Network":
        """A deep copy (the layers' arrays are copied)."""
        return Network([layer.copy() for layer in self.layers])

    def __repr__(self) -> str:
        if not all(layer.by_sizes for layer in self.layers):
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
        if training:
            self.check_batch_size(X.shape[0], "x")
        trace = self.forward_unchecked(X, p, as_rng(rng) if p > 0 else None, bool(training),
                                       bool(update))
        if single:
            trace.a = [None] + [v[0] for v in trace.a[1:]]
            trace.h = [v[0] for v in trace.h]
            trace.masks = [None if m is None else m[0] for m in trace.masks]
            trace.single = True
        return trace

    def check_batch_size(self, n: int, name: str) -> None:
        """Refuse a training-mode batch of ``n`` rows smaller than a layer's ``min_batch_size``."""
        need = max(layer.min_batch_size for layer in self.layers)
        if n < need:
            raise ValueError(f"{name}: a batch of {n} row(s) in training mode, but this "
                             f"network's layers need at least {need} (batch normalisation)")

    def forward_unchecked(self, X: np.ndarray, dropout: float = 0.0, rng=None,
                          training: bool = False, update: bool = True) -> Trace:
        """The forward pass on a checked batch (fast path: no checks).

        ``X`` is a float64 array ``(N, n_0)``, ``dropout`` a float in [0, 1),
        ``rng`` a Generator when ``dropout > 0``.  :meth:`forward` checks, then runs this.
        """
        a, h, masks = [None], [X], [None]
        last = len(self.layers)
        for i, layer in enumerate(self.layers, start=1):
            a_i, h_i = layer.forward(h[-1], training=training, update=update)
            mask = None
            if dropout > 0 and i < last:
                mask = (rng.random(h_i.shape) >= dropout) / (1.0 - dropout)
                h_i = h_i * mask
            a.append(a_i)
            h.append(h_i)
            masks.append(mask)
        return Trace(a=a, h=h, masks=masks, single=False, training=training)

    def predict(self, x) -> np.ndarray:
        """``f(x) = h_L``: the network's output for one example or a batch."""
        return self.forward(x).output

    def loss(self, x, y, loss) -> float:
        """The loss of the network's prediction on ``x`` against targets ``y``."""
        return get_loss(loss).value(self.predict(x), y)

    # ----- backward ---------------------------------------------------------
    def check_trace(self, trace) -> None:
        """Refuse anything but a trace of this network's shapes (from :meth:`forward`)."""
        if not isinstance(trace, Trace):
            raise TypeError(f"trace must be the Trace returned by forward(), got "
                            f"{type(trace).__name__}")
        sizes = self.sizes
        got = [np.shape(h)[-1] if np.ndim(h) else None for h in trace.h]
        if got != sizes or len(trace.a) != len(sizes):
            raise ValueError(f"trace has layer widths {got} but this network has {sizes}; "
                             f"expected a trace from this network's forward()")

    def output_delta(self, trace: Trace, y, loss) -> np.ndarray:
        """``δ_L = ∂L/∂a_L`` for the output layer (batch form, shape (N, n_L)).

        When the loss matches the output function (softmax with
        cross-entropy, sigmoid with binary cross-entropy) the product
        ``∂L/∂ŷ · ∂ŷ/∂a_L`` simplifies to ``(ŷ − y)/N``, which the code uses
        directly (stable for saturated outputs).  Otherwise it applies the
        chain rule through ``O``: ``δ_L = O'(a_L)ᵀ ∂L/∂ŷ``.  The formula is
        the loss's :meth:`~ffnn_course.losses.Loss.output_delta_unchecked`.
        """
        self.check_trace(trace)
        loss = get_loss(loss)
        y_hat, y, n = loss.check(trace.h[-1], y)
        delta = loss.output_delta_unchecked(trace.a[-1], y_hat, y, n, self.output_activation)
        return delta[np.newaxis, :] if trace.single else delta

    def backward(self, trace: Trace, y, loss) -> Gradients:
        """Backpropagation: all ``∂L/∂W_i``, ``∂L/∂b_i`` and ``δ_i`` from one forward trace.

        Vectorised over the batch: one matrix product per layer and direction.
        """
        delta_L = self.output_delta(trace, y, loss)               # batch form, (N, n_L)
        grads = self.backward_unchecked(trace.as_batch(), delta_L)
        if trace.single:
            grads.delta = [None if d is None else d[0] for d in grads.delta]
        return grads

    def backward_unchecked(self, trace: Trace, delta: np.ndarray) -> Gradients:
        """Backpropagate ``delta = δ_L`` through a batch trace of this network (fast path).

        :meth:`backward` checks the trace and the targets, then runs this.
        """
        L = len(self.layers)
        layers, deltas = [None] * (L + 1), [None] * (L + 1)
        for i in range(L, 0, -1):
            layer = self.layers[i - 1]
            *param_grads, grad_h = layer.backward(delta, trace.h[i - 1], training=trace.training,
                                                  input_grad=i > 1)
            layers[i] = param_grads
            deltas[i] = delta
            if i > 1:                                                      # δ_{i-1}
                g = self.layers[i - 2].activation
                a, h, mask = trace.a[i - 1], trace.h[i - 1], trace.masks[i - 1]
                if mask is not None:               # dropout: only kept units pass gradient
                    grad_h, h = grad_h * mask, g.value(a)
                delta = g.backward(a, h, grad_h)
        return Gradients(layers, deltas, list(self.layers))

    def gradients(self, x, y, loss) -> Gradients:
        """Forward then backward: the gradients of ``loss`` at ``(x, y)``."""
        return self.backward(self.forward(x), y, loss)
