r"""Reference formulas for the exercise checks, written independently of the package.

The exercise checks (:mod:`ffnn_course.checks`) compare a student's answer with the
right one.  If they computed the right one with the package's own functions
(``ffnn_course.sigmoid``, ``ffnn_course.Network``, the optimizers…), a bug in
the package would also be the "right answer", and a student who made the same
mistake would be told they were right.  So every formula the checks grade against is
written here a second time, on purpose, in the plainest NumPy, from the lecture's
equations (and, for the worked example of chapter 8, from Matt Mazur's *A Step by
Step Backpropagation Example*, scalar by scalar, the way the example writes it).
The package's tests compare the two implementations, so the duplication is checked,
not a drift risk.  This is the one module where a formula of the package is written
again; it takes only the lecture's *data* (networks, inputs, targets) from
:mod:`ffnn_course.examples`.

Nothing here is used by the package itself.

>>> round(float(sigmoid(0.0)), 3), softmax([0.0, 0.0]).tolist()
(0.5, [0.5, 0.5])
"""

from __future__ import annotations

import numpy as np

from . import examples

__all__ = ["sigmoid", "softmax", "log_softmax", "softmax_jacobian", "tanh_derivative",
           "softmax_backward", "sigmoid_step",
           "dense_forward", "count_parameters", "mse_sigmoid_neuron", "sigmoid_neuron_grad",
           "fit_sigmoid_neuron", "gd_step", "chain_rule_example", "output_delta",
           "hidden_delta", "weight_gradient", "two_layer_backward",
           "cross_entropy", "bce_logit_gradient", "momentum_step",
           "rmsprop_step", "adam_step", "updates_per_epoch", "step_decay", "linear_scaling",
           "xavier_bound", "l2_gradient", "inverted_dropout",
           "worked_example_values", "two_two_one_values"]


# ----- activations and output layers (chapters 2, 4, 6) --------------------------------------
def sigmoid(a):
    """σ(a) = 1/(1 + e^{−a}) in a form that never overflows (e^{−|a|} only). Chapter 2.

    >>> sigmoid(np.array([-1000.0, 0.0, 1000.0])).tolist()
    [0.0, 0.5, 1.0]
    """
    a = np.asarray(a, dtype=np.float64)
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def softmax(a):
    """softmax over the last axis, e^{a_k − m} / Σ_j e^{a_j − m} with m = max(a). Chapter 4.

    >>> softmax([1000.0, 1000.0]).tolist()
    [0.5, 0.5]
    """
    a = np.asarray(a, dtype=np.float64)
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(a):
    """log softmax(a) = (a − m) − log Σ_j e^{a_j − m}, finite for any logits. Chapter 4.

    >>> log_softmax([0.0, -1000.0]).round(3).tolist()
    [0.0, -1000.0]
    """
    z = np.asarray(a, dtype=np.float64)
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def softmax_jacobian(a):
    """J[k, j] = ∂ŷ_k/∂a_j = ŷ_k (𝟙[k = j] − ŷ_j) for one vector a (K,). Chapter 4."""
    s = softmax(a)
    return np.diag(s) - np.outer(s, s)


def softmax_backward(a, g):
    """δ = Jᵀ g row by row: the gradient with respect to the logits a (N, K) of a loss whose
    gradient with respect to ŷ = softmax(a) is g (N, K).  Built from the full Jacobian
    :func:`softmax_jacobian` of each row (no simplification). Chapter 4.

    >>> softmax_backward(np.zeros((1, 2)), np.array([[1.0, 0.0]])).tolist()
    [[0.25, -0.25]]
    """
    a, g = np.atleast_2d(np.asarray(a, dtype=np.float64)), np.atleast_2d(g)
    return np.stack([softmax_jacobian(a_n).T @ g_n for a_n, g_n in zip(a, g)])


def tanh_derivative(a):
    """tanh′(a) = 1 − tanh(a)². Chapter 6."""
    return 1.0 - np.tanh(a) ** 2


# ----- networks (chapters 2, 3) -------------------------------------------------------------
def sigmoid_step(w, b):
    """Where one neuron σ(w x + b) crosses 0.5: the x with w x + b = 0, x = −b/w. Chapter 2.

    >>> sigmoid_step(2.0, -3.0)
    1.5
    """
    return -b / w


def dense_forward(W, b, h_prev):
    """One sigmoid layer on a batch: σ(h_prev Wᵀ + b), the row form of σ(W h + b). Chapter 3."""
    return sigmoid(np.asarray(h_prev) @ np.asarray(W).T + b)


def count_parameters(sizes):
    """Σ_i n_i n_{i−1} weights plus Σ_i n_i biases (no biases for the inputs). Chapter 3.

    >>> count_parameters([784, 128, 64, 10])
    109386
    """
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def two_two_one_values(weights=1, x=(1.0, 2.0), y=1.0, b1=0.0, b2=0.0):
    """The 2-2-1 network of chapter 2 at x, written out neuron by neuron, with its gradients.

    Returns a dict with ``h`` (h1, h2), ``y_hat``, ``a1``, ``a2`` and, for the loss
    ½(ŷ − y)², ``dW1`` (2, 2) and ``dW2`` (1, 2).  ``weights`` is the lecture's set 1 or 2
    (``ffnn_course.examples.TWO_TWO_ONE_WEIGHTS``) or a dict of w11 … w22; the hidden
    neurons share the bias ``b1``, the output has ``b2`` (the lecture's: both 0).
    """
    w = weights if isinstance(weights, dict) else examples.TWO_TWO_ONE_WEIGHTS[weights]
    x1, x2 = x
    a1 = np.array([w["w11"] * x1 + w["w12"] * x2 + b1, w["w13"] * x1 + w["w14"] * x2 + b1])
    h = sigmoid(a1)
    a2 = w["w21"] * h[0] + w["w22"] * h[1] + b2
    y_hat = float(sigmoid(a2))
    d2 = (y_hat - y) * y_hat * (1 - y_hat)                         # δ2 = ∂ℒ/∂a2
    d1 = np.array([w["w21"], w["w22"]]) * d2 * h * (1 - h)         # δ1 = (W2ᵀ δ2) ⊙ σ′(a1)
    return {"a1": a1, "h": h, "a2": a2, "y_hat": y_hat, "W1": np.array(
        [[w["w11"], w["w12"]], [w["w13"], w["w14"]]]), "W2": np.array([[w["w21"], w["w22"]]]),
        "x": np.array(x, dtype=float), "dW2": np.array([[d2 * h[0], d2 * h[1]]]),
        "dW1": np.outer(d1, [x1, x2])}


# ----- gradient descent on one sigmoid neuron (chapter 5) -----------------------------------
def gd_step(w, b, dw, db, lr):
    """One gradient-descent step: (w − η ∂ℒ/∂w, b − η ∂ℒ/∂b). Chapter 5."""
    return w - lr * dw, b - lr * db



def mse_sigmoid_neuron(w, b, x, y):
    """ℒ = (1/N) Σ_i (σ(w x_i + b) − y_i)². Chapter 5."""
    return float(np.mean((sigmoid(w * np.asarray(x) + b) - y) ** 2))


def sigmoid_neuron_grad(w, b, x, y):
    """(∂ℒ/∂w, ∂ℒ/∂b) = (1/N) Σ 2(f − y) f(1 − f) (x_i, 1), f = σ(w x_i + b). Chapter 5."""
    x = np.asarray(x, dtype=np.float64)
    f = sigmoid(w * x + b)
    g = 2 * (f - y) * f * (1 - f) / len(x)
    return float(np.sum(g * x)), float(np.sum(g))


def fit_sigmoid_neuron(x, y, w=0.0, b=0.0, lr=1.0, steps=1000):
    """(w, b, ℒ) after ``steps`` gradient-descent steps w ← w − η ∂ℒ/∂w. Chapter 5.

    Both gradients of a step are taken at the same point (w, b), before either moves.
    """
    for _ in range(int(steps)):
        dw, db = sigmoid_neuron_grad(w, b, x, y)
        w, b = w - lr * dw, b - lr * db
    return w, b, mse_sigmoid_neuron(w, b, x, y)


# ----- backpropagation (chapters 6, 7) -------------------------------------------------------
def chain_rule_example(w, x, y):
    """dℒ/dw for ℒ(w) = (σ(w x) − y)²: 2(σ(a) − y) · σ(a)(1 − σ(a)) · x with a = w x. Chapter 6."""
    f = float(sigmoid(w * x))
    return 2 * (f - y) * f * (1 - f) * x


def output_delta(y_hat, y):
    """δ_L = ∂ℒ/∂a_L = (ŷ − y)/N for a linear output and the batch mean of ½‖ŷ − y‖². Chapter 7.

    (The same formula holds for softmax with the mean cross-entropy, chapter 9.)
    """
    return (y_hat - y) / len(y_hat)


def hidden_delta(W_next, delta_next, a):
    """δ_i = (W_{i+1}ᵀ δ_{i+1}) ⊙ σ′(a_i) for sigmoid hidden units, one example. Chapter 7."""
    s = sigmoid(a)
    return (np.asarray(W_next).T @ delta_next) * s * (1 - s)


def weight_gradient(delta, h_prev):
    """∂ℒ/∂W_i = δ_i h_{i−1}ᵀ, shape (n_out, n_in), one example. Chapter 7."""
    return np.outer(delta, h_prev)


def two_layer_backward(W1, W2, x, y):
    """(∂ℒ/∂W1, ∂ℒ/∂W2) for one example: h1 = σ(W1 x), ŷ = W2 h1 (linear), ℒ = ½‖ŷ − y‖².

    No biases; shapes W1 (n1, n0), W2 (n2, n1), x (n0,), y (n2,). Chapter 7.
    """
    h1 = sigmoid(np.asarray(W1) @ x)
    delta2 = np.asarray(W2) @ h1 - y                     # linear output: O' = 1
    delta1 = (np.asarray(W2).T @ delta2) * h1 * (1 - h1)
    return np.outer(delta1, x), np.outer(delta2, h1)


# ----- the worked example (chapter 8, after Mazur) ------------------------------------------
def worked_example_values(numbers: dict | None = None) -> dict:
    """Matt Mazur's 2-2-2 example, scalar by scalar: forward pass, E_total and all gradients.

    The weights, biases, inputs and targets come from
    :func:`ffnn_course.examples.worked_example`, or from ``numbers`` (keys ``i``, ``W1``,
    ``b1``, ``W2``, ``b2``, ``t``, ``lr``: the same network with other numbers, as in the
    exercises of chapter 8); every formula is written out as in the example (``net`` =
    pre-activation, ``out`` = σ(net), E = Σ ½(target − out)²).

    >>> v = worked_example_values()
    >>> round(v["out_o1"], 8), round(v["dE_dw5"], 9), round(v["dE_dw1"], 9)
    (0.75136507, 0.082167041, 0.000438568)
    """
    if numbers is None:
        net, x, t = examples.worked_example()
        (w1, w2), (w3, w4) = net.W[1].tolist()
        (w5, w6), (w7, w8) = net.W[2].tolist()
        b1, b2 = float(net.b[1][0]), float(net.b[2][0])
        i1, i2 = x.tolist()
        t1, t2 = t.tolist()
        lr = examples.WORKED_LR
    else:
        (w1, w2), (w3, w4) = numbers["W1"]
        (w5, w6), (w7, w8) = numbers["W2"]
        b1, b2, lr = numbers["b1"], numbers["b2"], numbers["lr"]
        (i1, i2), (t1, t2) = numbers["i"], numbers["t"]
    out_h1 = float(sigmoid(w1 * i1 + w2 * i2 + b1))
    out_h2 = float(sigmoid(w3 * i1 + w4 * i2 + b1))
    out_o1 = float(sigmoid(w5 * out_h1 + w6 * out_h2 + b2))
    out_o2 = float(sigmoid(w7 * out_h1 + w8 * out_h2 + b2))
    E_total = 0.5 * (t1 - out_o1) ** 2 + 0.5 * (t2 - out_o2) ** 2
    delta_o1 = (out_o1 - t1) * out_o1 * (1 - out_o1)          # ∂E/∂net_o1
    delta_o2 = (out_o2 - t2) * out_o2 * (1 - out_o2)          # ∂E/∂net_o2
    dE_dout_h1 = delta_o1 * w5 + delta_o2 * w7                # both paths out of h1
    delta_h1 = dE_dout_h1 * out_h1 * (1 - out_h1)
    return {"i1": i1, "i2": i2, "t1": t1, "t2": t2, "lr": lr,
            "w1": w1, "w5": w5, "w7": w7, "b1": b1, "b2": b2,
            "out_h1": out_h1, "out_h2": out_h2, "out_o1": out_o1, "out_o2": out_o2,
            "E_total": E_total, "delta_o1": delta_o1, "delta_o2": delta_o2,
            "dE_dw5": delta_o1 * out_h1, "dE_dout_h1": dE_dout_h1, "delta_h1": delta_h1,
            "dE_dw1": delta_h1 * i1}


# ----- cross-entropy (chapter 9) ------------------------------------------------------------
def cross_entropy(y_hat, y):
    """Mean cross-entropy −(1/N) Σ_n Σ_k y_nk ln ŷ_nk over batch rows. Chapter 9."""
    return float(-np.sum(y * np.log(y_hat)) / len(y_hat))


def bce_logit_gradient(a, y):
    """∂ℒ/∂a = (σ(a) − y)/N for the mean binary cross-entropy of σ(a). Chapter 9."""
    return (sigmoid(a) - y) / len(a)


# ----- optimizers, batching, schedules (chapters 10, 11) ------------------------------------
def momentum_step(w, u, g, lr, gamma):
    """The lecture's momentum: u ← γ u + η g, w ← w − u. Returns (w_new, u_new). Chapter 10."""
    u_new = gamma * u + lr * g
    return w - u_new, u_new


def rmsprop_step(w, v, g, lr, beta, eps):
    """v ← β v + (1 − β) g², w ← w − η g/(√v + ε). Returns (w_new, v_new). Chapter 10."""
    v_new = beta * v + (1 - beta) * g ** 2
    return w - lr * g / (np.sqrt(v_new) + eps), v_new


def adam_step(w, m, v, g, t, lr, beta1, beta2, eps):
    """Adam step t (from 1): moments, bias correction, update. Returns (w_new, m_new, v_new)."""
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g ** 2
    m_hat, v_hat = m_new / (1 - beta1 ** t), v_new / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


def updates_per_epoch(n_examples, batch_size):
    """⌈N/B⌉ updates per epoch (the last mini-batch may be smaller). Chapter 11."""
    return -(-n_examples // batch_size)


def step_decay(t, lr0, drop, every):
    """η_t = η_0 · drop^⌊t/every⌋. Chapter 11."""
    return lr0 * drop ** (t // every)


def linear_scaling(lr, batch_size, new_batch_size):
    """The linear scaling rule: a batch k times larger gets k times the rate. Chapter 11."""
    return lr * new_batch_size / batch_size


# ----- initialisation and regularisation (chapters 12, 13) ----------------------------------
def xavier_bound(n_in, n_out):
    """r = √(6/(n_in + n_out)): U[−r, r] has variance r²/3 = 2/(n_in + n_out). Chapter 12."""
    return float(np.sqrt(6.0 / (n_in + n_out)))


def l2_gradient(dW, W, lam):
    """∂/∂W [ℒ + (λ/2)‖W‖²] = ∂ℒ/∂W + λW. Chapter 13."""
    return dW + lam * W


def inverted_dropout(h, p, rng):
    """Keep each entry of h where a uniform draw u ≥ p, scaled by 1/(1 − p). Chapter 13.

    One draw ``rng.random(h.shape)`` per entry, so that the same generator state
    gives the same mask as the exercise's function.
    """
    keep = rng.random(np.shape(h)) >= p
    return np.asarray(h, dtype=np.float64) * keep / (1.0 - p)
