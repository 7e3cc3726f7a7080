r"""The lecture's networks and data, ready to compute with.

Each constructor returns fresh arrays, so a chapter may train or modify
what it gets without affecting the next call.

* :func:`two_two_one`: the 2-2-1 sigmoid network of *Multiple sigmoid neurons*
  with either of the slides' two weight sets.
* :func:`matrix_example`: the matrix-multiplication slide
  ``[2 3]·[[0.11, 0.12], [0.21, 0.08]] = [0.85 0.48]``, then ``· [0.14, 0.15] = 0.191``.
* :func:`divide_by_sum`: the naive normalisation that softmax replaces.
* :func:`worked_example`: the 2-2-2 network of *Backpropagation step by step*
  (after Matt Mazur's "A Step by Step Backpropagation Example").
* :func:`binary_ce_example`, :func:`multiclass_ce_example`: the two worked
  networks of *Cross-entropy*.

The numbers as the slides print them, and their comparison with the exact
values computed from these networks, are in :mod:`ffnn_course.slides`.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array
from .activations import sigmoid
from .network import Dense, Network

# The 2-2-1 network: h1 = σ(w11 x1 + w12 x2 + b1), h2 = σ(w13 x1 + w14 x2 + b1),
# ŷ = σ(w21 h1 + w22 h2 + b2).  Both hidden neurons share b1.
TWO_TWO_ONE_WEIGHTS = {
    1: dict(w11=-2.0, w12=1.0, w13=-1.5, w14=1.5, w21=1.0, w22=-1.0),
    2: dict(w11=2.0, w12=-1.0, w13=2.0, w14=-2.0, w21=1.0, w22=-1.0),
}


def two_two_one(weights=1, b1: float = 0.0, b2: float = 0.0) -> Network:
    """The 2-2-1 sigmoid network with slide weight set 1 or 2 (or a dict of w11…w22).

    >>> net = two_two_one(1)
    >>> net.W[1]
    array([[-2. ,  1. ],
           [-1.5,  1.5]])
    >>> round(float(net.predict([0.0, 0.0])[0]), 4)   # σ(1·0.5 − 1·0.5) = σ(0)
    0.5
    """
    if isinstance(weights, dict):
        unknown = sorted(set(weights) - set(TWO_TWO_ONE_WEIGHTS[1]), key=str)
        if unknown:
            raise ValueError(f"weights has unknown key(s) {unknown}; expected some of "
                             f"{sorted(TWO_TWO_ONE_WEIGHTS[1])} (lower case)")
        w = {**TWO_TWO_ONE_WEIGHTS[1], **weights}
    elif isinstance(weights, int) and not isinstance(weights, bool) \
            and weights in TWO_TWO_ONE_WEIGHTS:
        w = TWO_TWO_ONE_WEIGHTS[weights]
    else:
        raise ValueError(f"weights must be 1, 2 or a dict of w11..w22, got {weights!r}")
    W1 = [[w["w11"], w["w12"]], [w["w13"], w["w14"]]]
    W2 = [[w["w21"], w["w22"]]]
    return Network([Dense(W1, [b1], "sigmoid"), Dense(W2, [b2], "sigmoid")])


def matrix_example() -> tuple[Network, np.ndarray]:
    """The matrix-multiplication slide as a linear 2-2-1 network without biases.

    The slide multiplies a row vector from the left, ``x M``; in the lecture's
    (and this package's) convention ``W = Mᵀ`` is shaped (n_out, n_in).

    >>> net, x = matrix_example()
    >>> trace = net.forward(x)
    >>> trace.a[1].round(2), trace.a[2].round(3)
    (array([0.85, 0.48]), array([0.191]))
    """
    M1 = np.array([[0.11, 0.12], [0.21, 0.08]])
    M2 = np.array([[0.14], [0.15]])
    net = Network([Dense(M1.T, [0.0], "linear"), Dense(M2.T, [0.0], "linear")])
    return net, np.array([2.0, 3.0])


def divide_by_sum(a) -> np.ndarray:
    """Naive normalisation ``a_k / Σ_j a_j`` (not a probability once an entry is negative).

    >>> divide_by_sum([3, 4, 10, 3])
    array([0.15, 0.2 , 0.5 , 0.15])
    >>> divide_by_sum([7, -2, 4, 1])
    array([ 0.7, -0.2,  0.4,  0.1])
    """
    a = as_float_array(a, "a", ndim=(1, 2))
    total = np.sum(a, axis=-1, keepdims=True)
    if np.any(total == 0):
        raise ValueError("divide_by_sum is undefined when the entries sum to 0")
    return a / total


def worked_example() -> tuple[Network, np.ndarray, np.ndarray]:
    """The step-by-step backpropagation example: ``(net, x, t)``.

    Inputs ``i1 = 0.05, i2 = 0.10``, targets ``0.01, 0.99``; weights
    ``w1…w4`` into the hidden layer and ``w5…w8`` into the output layer, one
    bias per layer shared by its neurons (``b1 = 0.35``, ``b2 = 0.60``),
    sigmoid everywhere, loss ``E = Σ ½ (target − out)²`` (``"half_sse"``),
    learning rate 0.5 (``WORKED_LR``); only the weights are updated.

    >>> net, x, t = worked_example()
    >>> net.W[1], net.b[1]
    (array([[0.15, 0.2 ],
           [0.25, 0.3 ]]), array([0.35]))
    """
    W1 = [[0.15, 0.20], [0.25, 0.30]]      # [[w1, w2], [w3, w4]]
    W2 = [[0.40, 0.45], [0.50, 0.55]]      # [[w5, w6], [w7, w8]]
    net = Network([Dense(W1, [0.35], "sigmoid"), Dense(W2, [0.60], "sigmoid")])
    return net, np.array([0.05, 0.10]), np.array([0.01, 0.99])


WORKED_LR = 0.5


def binary_ce_example() -> tuple[Network, np.ndarray, np.ndarray]:
    """The binary cross-entropy slide: a 4-4-1 sigmoid network, ``(net, x, y)`` with ``y = 0``.

    The slide's ``b = [0.5 0.3]`` is one shared bias per layer.

    >>> net, x, y = binary_ce_example()
    >>> net.forward(x).a[1].round(2)
    array([0.01, 0.71, 0.42, 0.63])
    """
    W1 = [[0.9, 0.2, 0.4, 0.3],
          [-0.5, 0.4, 0.3, 0.3],
          [0.1, 0.1, -0.1, 0.2],
          [-0.2, 0.5, 0.5, 0.7]]
    W2 = [[0.5, 0.8, -0.6, 0.3]]
    net = Network([Dense(W1, [0.5], "sigmoid"), Dense(W2, [0.3], "sigmoid")])
    return net, np.array([-0.6, -0.6, 0.2, 0.3]), np.array([0.0])


def multiclass_ce_example() -> tuple[Network, np.ndarray, np.ndarray]:
    """The multiclass cross-entropy slide: 4-4-3, sigmoid then softmax, ``y = [0 0 1]``.

    >>> net, x, y = multiclass_ce_example()
    >>> net.forward(x).a[1].round(2)
    array([ 0.62,  0.09,  0.2 , -0.15])
    """
    W1 = [[0.1, 0.3, 0.8, -0.4],
          [-0.3, -0.2, 0.5, 0.5],
          [-0.3, 0.1, 0.5, 0.4],
          [0.2, 0.5, -0.9, 0.7]]
    W2 = [[0.3, 0.8, -0.2, -0.4],
          [0.5, -0.2, -0.3, 0.5],
          [0.2, 0.1, 0.6, 0.6]]
    net = Network([Dense(W1, [0.0], "sigmoid"), Dense(W2, [0.0], "softmax")])
    return net, np.array([0.6, 0.4, 0.6, 0.1]), np.array([0.0, 0.0, 1.0])


def sigmoid_neuron_data() -> tuple[np.ndarray, np.ndarray]:
    """Five points ``(x_i, y_i)`` for fitting one sigmoid neuron ``f(x) = σ(w x + b)``.

    The targets come from ``σ(1.5 x − 2)`` rounded to two decimals, so a
    good fit exists near ``w = 1.5, b = −2``.

    >>> x, y = sigmoid_neuron_data()
    >>> x, y
    (array([0.5, 1. , 1.5, 2. , 2.5]), array([0.22, 0.38, 0.56, 0.73, 0.85]))
    """
    x = np.array([0.5, 1.0, 1.5, 2.0, 2.5])
    return x, np.round(sigmoid(1.5 * x - 2.0), 2)
