"""The exercise checks (ffnn_course.checks): right answers pass, typical mistakes get the
intended diagnosis, stubs are "not attempted", and no answer of any type makes a check raise."""

import math
import subprocess
import sys

import numpy as np
import pytest

import ffnn_course as fc
from ffnn_course.checks import Verdict, check


@pytest.fixture(autouse=True)
def _seeded():
    """Reproducible random test inputs for these tests (students get fresh entropy)."""
    old = check.seed
    check.seed = 12345
    yield
    check.seed = old


def sig(a):
    return fc.sigmoid(np.asarray(a, dtype=float))


def softmax(a):
    z = a - np.max(a, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


# ----- reference answers --------------------------------------------------------------------
def _worked():
    """Exercises 8.1–8.4: the worked example's network with the exercises' new numbers."""
    i = np.array([0.20, 0.70])
    h = sig(np.array([[0.35, -0.15], [0.10, 0.45]]) @ i + 0.25)
    out = sig(np.array([[-0.30, 0.65], [0.55, 0.20]]) @ h + -0.10)
    return h, out, np.array([0.80, 0.10])


H1, OUT, T = _worked()
W5G = (OUT[0] - 0.80) * OUT[0] * (1 - OUT[0]) * H1[0]
D_O = (OUT - T) * OUT * (1 - OUT)
W1G = (D_O[0] * -0.30 + D_O[1] * 0.55) * H1[0] * (1 - H1[0]) * 0.20


def _net221():
    net = fc.two_two_one(1)
    x, y = np.array([1.0, 2.0]), np.array([1.0])
    g = net.gradients(x, y, "half_sse")
    return net.forward(x).h, g.dW[1], g.dW[2]


H221, DW1, DW2 = _net221()
# Exercise 2.3: the 2-2-1 network with new weights and biases at x = (1, −1).
N221 = (sig(0.5 + 1.0 + 0.5), sig(1.0 - 0.5 + 0.5),
        sig(2.0 * sig(2.0) - sig(1.0) - 0.5))


def _dL_da(w, b, x, y):
    f = sig(w * x + b)
    return 2 * (f - y) * f * (1 - f) / len(x)


def _descend_right(w, b, x, y, lr, steps):
    for _ in range(steps):
        g = _dL_da(w, b, x, y)
        w, b = w - lr * np.sum(g * x), b - lr * np.sum(g)
    return w, b


def _descend_stale_b(w, b, x, y, lr, steps):
    for _ in range(steps):
        w = w - lr * np.sum(_dL_da(w, b, x, y) * x)
        b = b - lr * np.sum(_dL_da(w, b, x, y))
    return w, b


def _bce_by_hand(biases=True):
    """Exercise 9.1 neuron by neuron: the 4-4-1 sigmoid network's ŷ with the new numbers."""
    x = [0.5, -0.4, 0.8, 0.1]
    W1 = [[0.3, -0.6, 0.2, 0.5], [0.7, 0.1, -0.4, 0.2], [-0.2, 0.4, 0.6, -0.3],
          [0.5, 0.3, 0.1, -0.7]]
    b1, w2, b2 = [0.1, -0.3, 0.2, -0.1], [0.6, -0.5, 0.9, 0.4], 0.3
    h = [1 / (1 + math.exp(-(sum(w * xi for w, xi in zip(row, x)) + b * biases)))
         for row, b in zip(W1, b1)]
    return 1 / (1 + math.exp(-(sum(w * hj for w, hj in zip(w2, h)) + b2 * biases)))


def _mc_by_hand(output="softmax"):
    """Exercise 9.2 neuron by neuron: the 4-4-3 network's ŷ with the new numbers."""
    x = [0.2, 0.9, -0.5, 0.3]
    W1 = [[0.4, -0.3, 0.6, 0.1], [-0.5, 0.2, 0.3, 0.8], [0.2, 0.7, -0.4, -0.6],
          [0.6, -0.1, 0.5, 0.3]]
    b1 = [0.1, 0.0, -0.2, 0.1]
    W2 = [[-0.3, 0.5, 0.4, -0.6], [0.7, -0.4, 0.9, 0.2], [0.1, 0.3, -0.5, 0.4]]
    b2 = [-0.1, 0.2, 0.0]
    h = [1 / (1 + math.exp(-(sum(w * xi for w, xi in zip(row, x)) + b)))
         for row, b in zip(W1, b1)]
    a = [sum(w * hj for w, hj in zip(row, h)) + b for row, b in zip(W2, b2)]
    if output == "logits":
        return np.array(a)
    if output == "sigmoid":
        return np.array([1 / (1 + math.exp(-ak)) for ak in a])
    e = [math.exp(ak) for ak in a]
    return np.array([ek / sum(e) for ek in e])


BCE_P, BCE_P_NO_B = _bce_by_hand(), _bce_by_hand(biases=False)
MC_P = _mc_by_hand()
# Exercise 4.1: softmax of the new logits, written out.
_E41 = np.array([math.exp(1.2), math.exp(-0.3), math.exp(0.4)])
SOFTMAX_41 = _E41 / _E41.sum()
SX, SY = fc.sigmoid_neuron_data()


def sympy_answers():
    import sympy as sp
    x, a = sp.Symbol("x"), sp.Symbol("a")
    return x, a, sp.diff(sp.exp(1 / x ** 2), x), sp.diff(1 / (1 + sp.exp(-a)), a)


def numgrad(f, theta, eps=1e-6):
    g = np.zeros_like(theta)
    for k in range(theta.size):
        e = np.zeros_like(theta)
        e.flat[k] = eps
        g.flat[k] = (f(theta + e) - f(theta - e)) / (2 * eps)
    return g


def numgrad_forward(f, theta, eps=1e-6):
    g = np.zeros_like(theta)
    for k in range(theta.size):
        e = np.zeros_like(theta)
        e.flat[k] = eps
        g.flat[k] = (f(theta + e) - f(theta)) / eps
    return g


def _dropout(h, p, rng):
    return h * (rng.random(h.shape) >= p) / (1 - p)


# name -> (correct arguments, [(wrong arguments, expected words in the message), ...])
CASES = {
    "sigmoid": ((lambda a: sig(a),), [
        ((lambda a: 1 / (1 + np.exp(-a)),), "overflow"),
        ((lambda a: 1 / (1 + np.exp(a)),), "σ(−a)"),
        ((lambda a: np.asarray(a).reshape(-1)[:1] * 0 + 0.5,), "shape")]),
    "step_position": ((1.5, sig(-2.0)), [
        ((-1.5, sig(-2.0)), "wrong sign"), ((1.5, sig(-8.0)), "bias"),
        ((1.5, -2.0), "pre-activation"), ((1.5, 0.5), "not right yet")]),
    "double_w_and_b": (("b",), [(("a",), "does not move"), (("c",), "steeper"),
                                (("d",), "sign"), (("ab",), "one letter")]),
    "xor_without_b1": ((2,), [((4,), "kept both detectors off"),
                              ((0,), "fully on"), ((3,), "does not bear out")]),
    "forward_221": ((N221[0], N221[1], N221[2]), [
        ((N221[0], N221[1], 2 * N221[0] - N221[1] - 0.5), "pre-activation"),
        ((sig(1.5), sig(0.5), N221[2]), "bias b1"),
        ((N221[0], N221[1], sig(2 * N221[0] - N221[1])), "output bias"),
        ((*sig(np.array([[0.5, -1.0], [1.0, 0.5]]).T @ np.array([1.0, -1.0]) + 0.5), N221[2]),
         "transposed"),
        ((N221[1], N221[0], N221[2]), "swapped")]),
    "matrix_example": (([-0.2, -0.5], 0.2), [
        ((np.array([[0.4, -0.1], [0.3, 0.2]]) @ [1.0, -2.0], 0.2), "transpose"),
        (([-0.2, -0.5], 0.36), "transposed a1"),
        (([-0.2, -0.5], 1.7), "directly"),
        (([-0.2, -0.5], 0.19), "not right yet")]),
    "layer_shapes": (([(128, 784), (64, 128), (10, 64)],), [
        (([(784, 128), (128, 64), (64, 10)],), "transposed"),
        (([(128, 784), (64, 128)],), "3 shapes")]),
    "dense_forward": ((lambda W, b, h: sig(h @ W.T + b),), [
        ((lambda W, b, h: h @ W.T + b,), "pre-activation"),
        ((lambda W, b, h: sig(h @ W.T),), "bias"),
        ((lambda W, b, h: sig(W @ h.T + b).T,), "bug is still there"),
        ((lambda W, b, h: sig(h @ W.T) + b,), "after the sigmoid"),
        ((lambda W, b, h: sig(W @ h + b),), "raised")]),
    "count_parameters": ((lambda s: sum(a * b + b for a, b in zip(s[:-1], s[1:])),), [
        ((lambda s: sum(a * b for a, b in zip(s[:-1], s[1:])),), "weights only"),
        ((lambda s: sum(a * b + a for a, b in zip(s[:-1], s[1:])),), "per INPUT")]),
    "linear_stack": (("c",), [(("a",), "biases collapse too"), (("b",), "non-linear g"),
                              (("d",), "width does not help"), (("cd",), "choose one")]),
    "softmax": ((softmax,), [
        ((lambda a: np.exp(a) / np.exp(a).sum(axis=-1, keepdims=True),), "large logits"),
        ((lambda a: np.exp(a - a.max()) / np.exp(a - a.max()).sum(axis=0, keepdims=True),),
         "wrong axis"),
        ((lambda a: np.exp(a - a.max()) / np.exp(a - a.max()).sum(),), "bug is still there"),
        ((lambda a: np.exp(a - a.max()) / np.exp(a - a.max()).sum(axis=-1, keepdims=True),),
         "rows lie far apart")]),
    "softmax_properties": (({"a", "d"},), [(("abd",), "sharper"), (("acd",), "element-wise"),
                                          (("ade",), "common scale")]),
    "softmax_values": ((SOFTMAX_41,), [
        ((np.array([1.2, -0.3, 0.4]) / 1.3,), "a / Σa"),
        ((_E41,), "divide them by their sum"),
        ((_E41 / 1.3,), "sum of the logits"),
        ((sig([1.2, -0.3, 0.4]),), "each logit on its own"),
        ((softmax(np.array([-1.2, 0.3, -0.4])),), "signs of the logits")]),
    "log_softmax": ((lambda a: np.log(softmax(a)) if np.ptp(a) < 50 else
                     (a - a.max(-1, keepdims=True))
                     - np.log(np.exp(a - a.max(-1, keepdims=True)).sum(-1, keepdims=True)),), [
        ((lambda a: np.log(softmax(a)),), "-inf"),
        ((lambda a: a - np.log(np.exp(a - a.max(-1, keepdims=True)).sum(-1, keepdims=True)),),
         "off by m")]),
    "softmax_backward": ((lambda a, g: softmax(a) * (g - np.sum(softmax(a) * g, axis=-1,
                                                                  keepdims=True)),), [
        ((lambda a, g: softmax(a) * (1 - softmax(a)) * g,), "element-wise"),
        ((lambda a, g: -softmax(a) * (g - np.sum(softmax(a) * g, axis=-1, keepdims=True)),),
         "sign"),
        ((lambda a, g: softmax(a) * (g - np.sum(softmax(a) * g)),), "whole batch"),
        ((lambda a, g: np.stack([(np.diag(p) - np.outer(p, p)) for p in softmax(a)]),),
         "shape")]),
    "sigmoid_neuron_grad": ((lambda w, b, x, y: (
        np.sum(2 * (sig(w * x + b) - y) * sig(w * x + b) * (1 - sig(w * x + b)) * x) / len(x),
        np.sum(2 * (sig(w * x + b) - y) * sig(w * x + b) * (1 - sig(w * x + b))) / len(x)),), [
        ((lambda w, b, x, y: (np.sum(2 * (sig(w * x + b) - y) * x) / len(x),
                              np.sum(2 * (sig(w * x + b) - y)) / len(x)),), "σ'(a)"),
        ((lambda w, b, x, y: (1.0, 2.0, 3.0),), "2 values")]),
    "gd_step": ((lambda w, b, dw, db, lr: (w - lr * dw, b - lr * db),), [
        ((lambda w, b, dw, db, lr: (w + lr * dw, b + lr * db),), "uphill"),
        ((lambda w, b, dw, db, lr: (w - dw, b - db),), "learning rate")]),
    "plateau": (("b",), [(("a",), "minimum"), (("c",), "overshooting"),
                         (("d",), "errors f(x_i) − y_i are large: f ≈ 0")]),
    "one_step": ((1.2 - 0.4 * 0.3, -0.5 + 0.4 * 0.4, 0.30 - 0.4 * 0.25), [
        ((1.2 + 0.4 * 0.3, -0.5 - 0.4 * 0.4, 0.2), "uphill"),
        ((0.9, -0.1, 0.2), "learning rate"),
        ((1.08, -0.34, 0.30 - 0.4 * 0.5), "‖g‖²"),
        ((1.08, -0.34, 0.30 + 0.4 * 0.25), "lowers the loss"),
        ((1.08, -0.34, 0.30 - 0.25), "learning rate η")]),
    "descend": ((_descend_right,), [
        ((_descend_stale_b,), "bug is still there"),
        ((lambda w, b, x, y, lr, steps: _descend_right(w, b, x, y, lr, 1),), "one step"),
        ((lambda w, b, x, y, lr, steps: _descend_right(w, b, x, y, -lr, steps),), "uphill")]),
    "steps_ratio": ((10,), [((100,), "grows with η"), ((1,), "a tenth as far"), ((0.1,), "upside down"),
                            ((1000,), "TIMES"), ((3,), "does not bear out")]),
    "chain_rule_numeric": ((2 * (sig(-0.6) - 1) * sig(-0.6) * (1 - sig(-0.6)) * 1.5,), [
        ((2 * (sig(-0.6) - 1) * 1.5,), "σ'(a)"),
        ((2 * (sig(-0.6) - 1) * sig(-0.6) * (1 - sig(-0.6)),), "∂a/∂w = x"),
        (((sig(-0.6) - 1) * sig(-0.6) * (1 - sig(-0.6)) * 1.5,), "no ½")]),
    "tanh_derivative": ((lambda a: 1 - np.tanh(a) ** 2,), [
        ((lambda a: 1 - np.tanh(a),), "1 − t(a)"),
        ((lambda a: (1 - np.tanh(a) ** 2) / 2,), "factor 2"),
        ((lambda a: 4 * sig(a) * (1 - sig(a)),), "inner value, 2a")]),
    "output_delta": ((lambda yh, y: (yh - y) / len(yh),), [
        ((lambda yh, y: yh - y,), "1/N"),
        ((lambda yh, y: (y - yh) / len(yh),), "sign")]),
    "hidden_delta": ((lambda W, d, a: (W.T @ d) * sig(a) * (1 - sig(a)),), [
        ((lambda W, d, a: W.T @ d,), "σ'(a_i)"),
        ((lambda W, d, a: (W @ d) * sig(a) * (1 - sig(a)),), "raised")]),
    "backward_needs": (("abc",), [(("abcd",), "never reads W_2"), (("ace",), "neither δ_2"),
                                  (("bcd",), "one step later")]),
    "weight_gradient": ((lambda d, h: np.outer(d, h),), [
        ((lambda d, h: np.outer(h, d),), "transpose")]),
    "two_layer_backward": ((lambda W1, W2, x, y: (
        np.outer((W2.T @ (W2 @ sig(W1 @ x) - y)) * sig(W1 @ x) * (1 - sig(W1 @ x)), x),
        np.outer(W2 @ sig(W1 @ x) - y, sig(W1 @ x))),), [
        ((lambda W1, W2, x, y: (
            np.outer((W2.T @ (W2 @ sig(W1 @ x) - y)) * (W1 @ x) * (1 - W1 @ x), x),
            np.outer(W2 @ sig(W1 @ x) - y, sig(W1 @ x))),), "pre-activation"),
        ((lambda W1, W2, x, y: (np.outer(W2.T @ (W2 @ sig(W1 @ x) - y), x),
                                np.outer(W2 @ sig(W1 @ x) - y, sig(W1 @ x))),), "σ'(a1)"),
        ((lambda W1, W2, x, y: (np.outer(x, (W2.T @ (W2 @ sig(W1 @ x) - y)) * sig(W1 @ x)
                                         * (1 - sig(W1 @ x))),
                                np.outer(W2 @ sig(W1 @ x) - y, sig(W1 @ x))),), "transpose")]),
    "backprop_221": ((DW1, DW2), [
        ((DW1.T, DW2), "transpose"),
        ((np.outer(np.array([[1.0, -1.0]]).T @ (DW2[0, :1] / H221[1][:1]), [1.0, 2.0]), DW2),
         "σ'(a1)")]),
    "worked_forward": ((OUT[0], OUT[1], 0.5 * np.sum((T - OUT) ** 2)), [
        ((OUT[0], OUT[1], np.sum((T - OUT) ** 2)), "factor 2")]),
    "worked_w5": ((W5G, -0.30 - 0.5 * W5G), [
        (((OUT[0] - 0.80) * H1[0], -0.30 - 0.5 * W5G), "out_o1(1 − out_o1)"),
        ((W5G, -0.30 + 0.5 * W5G), "subtract")]),
    "worked_w1": ((W1G, 0.35 - 0.5 * W1G), [
        ((D_O[0] * -0.30 * H1[0] * (1 - H1[0]) * 0.20, 0.35), "only the path through o1")]),
    "numerical_gradient": ((numgrad,), [
        ((numgrad_forward,), "one-sided"),
        ((lambda f, t: np.zeros_like(t),), "relative error")]),
    "binary_ce": ((BCE_P, -math.log(1 - BCE_P)), [
        ((BCE_P, -math.log(BCE_P)), "y = 1"),
        ((BCE_P, -math.log10(1 - BCE_P)), "base 10"),
        ((BCE_P_NO_B, -math.log(1 - BCE_P_NO_B)), "y_hat and loss leave out the biases"),
        ((BCE_P_NO_B, -math.log(1 - BCE_P)), "y_hat leaves out the biases")]),
    "multiclass_ce": ((MC_P, -math.log(MC_P[2]), 2), [
        ((MC_P, -np.sum(np.log(MC_P)), 2), "true class"),
        ((MC_P, -math.log(MC_P[1]), 2), "largest ŷ_k"),
        ((_mc_by_hand("sigmoid"), -math.log(MC_P[2]), 2), "do not sum to 1"),
        ((_mc_by_hand("logits"), -math.log(MC_P[2]), 2), "logits"),
        ((MC_P, -math.log(MC_P[2]), 1), "counts from 0"),
        ((MC_P, -math.log(MC_P[2]), 3), "true class, from y")]),
    "cross_entropy": ((lambda yh, y: -np.sum(y * np.log(yh)) / len(yh),), [
        ((lambda yh, y: np.sum(y * np.log(yh)) / len(yh),), "sign"),
        ((lambda yh, y: -np.sum(y * np.log(yh)),), "constant factor")]),
    "bce_logit_gradient": ((lambda a, y: (sig(a) - y) / len(a),), [
        ((lambda a, y: (sig(a) - y) * sig(a) * (1 - sig(a)) / len(a),), "cancels")]),
    "saturated_start": (("a",), [(("c",), "squared error does"), (("b",), "does not shrink"),
                                 (("d",), "already almost 1"), (("ab",), "choose one")]),
    "momentum_step": ((lambda w, u, g, lr, gm: (w - (gm * u + lr * g), gm * u + lr * g),), [
        ((lambda w, u, g, lr, gm: (w - lr * (gm * u + g), gm * u + g),), "PyTorch"),
        ((lambda w, u, g, lr, gm: (w - (u + lr * g), u + lr * g),), "decay")]),
    "rmsprop_step": ((lambda w, v, g, lr, b, e: (
        w - lr * g / (np.sqrt(b * v + (1 - b) * g ** 2) + e), b * v + (1 - b) * g ** 2),), [
        ((lambda w, v, g, lr, b, e: (w - lr * g / (np.sqrt(v + g ** 2) + e), v + g ** 2),),
         "AdaGrad")]),
    "adam_step": ((lambda w, m, v, g, t, lr, b1, b2, e: (
        w - lr * ((b1 * m + (1 - b1) * g) / (1 - b1 ** t))
        / (np.sqrt((b2 * v + (1 - b2) * g ** 2) / (1 - b2 ** t)) + e),
        b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g ** 2),), [
        ((lambda w, m, v, g, t, lr, b1, b2, e: (
            w - lr * (b1 * m + (1 - b1) * g) / (np.sqrt(b2 * v + (1 - b2) * g ** 2) + e),
            b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g ** 2),), "bias correction"),
        ((lambda w, m, v, g, t, lr, b1, b2, e: (
            w - lr * ((b1 * m + (1 - b1) * g) / (1 - b1 ** t))
            / (np.sqrt((b2 * v + (1 - b2) * g ** 2) / (1 - b2 ** t)) + e),
            (b1 * m + (1 - b1) * g) / (1 - b1 ** t),
            (b2 * v + (1 - b2) * g ** 2) / (1 - b2 ** t)),),
         "still the bug")]),
    "updates_per_epoch": ((lambda n, b: math.ceil(n / b),), [
        ((lambda n, b: n // b,), "round up")]),
    "step_decay": ((lambda t, lr, d, e: lr * d ** (t // e),), [
        ((lambda t, lr, d, e: lr * d ** (t / e),), "whole number")]),
    "xavier_uniform": ((lambda i, o, rng: rng.uniform(-np.sqrt(6 / (i + o)), np.sqrt(6 / (i + o)),
                                                      size=(o, i)),), [
        ((lambda i, o, rng: rng.uniform(-np.sqrt(6 / (i + o)), np.sqrt(6 / (i + o)),
                                        size=(i, o)),), "transposed"),
        ((lambda i, o, rng: rng.normal(0, np.sqrt(2 / i), size=(o, i)),), "He"),
        ((lambda i, o, rng: np.random.default_rng().uniform(-0.1, 0.1, size=(o, i)),),
         "same rng seed")]),
    "choose_init": (({"sigmoid": "neither", "tanh": "Glorot", "relu": "he"},), [
        (({"sigmoid": "neither", "tanh": "xavier", "relu": "xavier"},), "halves in every layer"),
        (({"sigmoid": "xavier", "tanh": "xavier", "relu": "he"},), "slope ¼"),
        (({"sigmoid": "he", "tanh": "xavier", "relu": "he"},), "zeroes nothing"),
        (({"sigmoid": "neither", "tanh": "he", "relu": "he"},), "derived for ReLU"),
        (({"sigmoid": "neither", "tanh": "none", "relu": "he"},), "identity")]),
    "l2_gradient": ((lambda dW, W, lam: dW + lam * W,), [
        ((lambda dW, W, lam: dW + 2 * lam * W,), "factor 2")]),
    "inverted_dropout": ((_dropout,), [
        ((lambda h, p, rng: h * (rng.random(h.shape) >= p),), "not scaled"),
        ((lambda h, p, rng: h * (rng.random(h.shape) < p) / p,), "DROPPING"),
        ((lambda h, p, rng: h * (rng.random(h.shape) >= p) / p,), "still the bug"),
        ((lambda h, p, rng: h * (rng.random(h.shape) >= p) / (1 + p),), "not h / (1 − p)")]),
}



# ----- the newer checks: right answers written out independently of ffnn_course.checks -------
def _variant_by_hand(stale=False, biases=False):
    """Exercise 8.7 scalar by scalar: ∂E/∂w1, w1 after the step, E_total after the step."""
    i1, i2, (w1, w2, w3, w4), b1 = 0.30, 0.80, (0.10, -0.20, 0.40, 0.25), 0.10
    (w5, w6, w7, w8), b2, (t1, t2) = (0.60, -0.35, 0.30, 0.70), -0.20, (0.90, 0.20)

    def forward(w1, w2, w3, w4, w5, w6, w7, w8, b1, b2):
        h1, h2 = sig(w1 * i1 + w2 * i2 + b1), sig(w3 * i1 + w4 * i2 + b1)
        return h1, h2, sig(w5 * h1 + w6 * h2 + b2), sig(w7 * h1 + w8 * h2 + b2)

    h1, h2, o1, o2 = forward(w1, w2, w3, w4, w5, w6, w7, w8, b1, b2)
    d1, d2 = (o1 - t1) * o1 * (1 - o1), (o2 - t2) * o2 * (1 - o2)
    out_w = [w - 0.5 * g for w, g in zip((w5, w6, w7, w8), (d1 * h1, d1 * h2, d2 * h1, d2 * h2))]
    back = out_w if stale else (w5, w6, w7, w8)
    e1 = (d1 * back[0] + d2 * back[2]) * h1 * (1 - h1)
    e2 = (d1 * back[1] + d2 * back[3]) * h2 * (1 - h2)
    hid_w = [w - 0.5 * g for w, g in zip((w1, w2, w3, w4), (e1 * i1, e1 * i2, e2 * i1, e2 * i2))]
    if biases:
        b1, b2 = b1 - 0.5 * (e1 + e2), b2 - 0.5 * (d1 + d2)
    *_, p1, p2 = forward(*hid_w, *out_w, b1, b2)
    return e1 * i1, hid_w[0], 0.5 * (t1 - p1) ** 2 + 0.5 * (t2 - p2) ** 2


VG, VW1, VE = _variant_by_hand()
SG, SW1, SE = _variant_by_hand(stale=True)
BE = _variant_by_hand(biases=True)[2]
ADAM_G = -0.5
ADAM_W1 = 1.0 - 0.01 * ADAM_G / (abs(ADAM_G) + 1e-8)      # m̂ = g, v̂ = g²


_RELU_X = np.array([[1.0, 0.5, -1.0], [0.2, -0.3, 0.8], [-0.5, 1.0, 0.4], [0.9, 0.1, 0.2],
                    [-1.0, -0.6, 0.5]])
_RELU_W = np.array([[0.5, -0.2, 0.1], [-0.3, -0.4, -0.2], [0.2, 0.1, -0.1], [1.0, 1.0, 1.0]])
RELU_H = np.maximum(_RELU_X @ _RELU_W.T + [0.1, -1.5, -0.8, -0.5], 0.0)
RELU_H_NO_B = np.maximum(_RELU_X @ _RELU_W.T, 0.0)


def _nesterov(w, u, grad, lr, gm):
    u_new = gm * u + lr * grad(w - gm * u)
    return w - u_new, u_new


CASES.update({
    "worked_b2": ((D_O[0] + D_O[1],), [
        ((D_O[0],), "both δ_o"), (((D_O[0] + D_O[1]) * H1[0],), "∂net/∂b = 1")]),
    "stale_run": (("a",), [(("b",), "only one step"), (("c",), "nothing here makes"),
                           (("d",), "exact gradients")]),
    "variant_step": ((VG, VW1, VE), [
        ((SG, SW1, SE), "updated w5⁺ … w8⁺ for the hidden layer's gradients (stale weights)"),
        ((SG, SW1, None), "updated w5⁺ and w7⁺ (stale weights)"),
        ((VG, VW1, SE), "E_new comes from a step with stale weights"),
        ((VG, 0.10 + 0.5 * VG, VE), "uphill"),
        ((VG, VW1, BE), "also moved the biases")]),
    "momentum_effective_lr": ((0.02 / (1 - 0.95),), [
        ((0.02 * 1.95,), "second step"), ((0.02 / 0.95,), "geometric series")]),
    "quadratic_prediction": (("b",), [(("c",), "grows by a factor 1.5"),
                                      (("a",), "gradient descent multiplies"),
                                      ((" D ",), "momentum's recurrence")]),
    "adam_first_step": ((ADAM_G, ADAM_G ** 2, ADAM_W1), [
        ((0.1 * ADAM_G, ADAM_G ** 2, ADAM_W1), "divide it by 1 − β₁"),
        ((ADAM_G, ADAM_G ** 2, 2.0 - ADAM_W1), "uphill")]),
    "nesterov_step": ((_nesterov,), [
        ((lambda w, u, grad, lr, gm: (w - (gm * u + lr * grad(w)), gm * u + lr * grad(w)),),
         "plain momentum")]),
    "adagrad_step": ((lambda w, v, g, lr, e: (w - lr * g / (np.sqrt(v + g ** 2) + e),
                                              v + g ** 2),), [
        ((lambda w, v, g, lr, e: (w - lr * g / (np.sqrt(v) + e), v + g ** 2),), "old sum"),
        ((lambda w, v, g, lr, e: (w - lr * g / (v + g ** 2 + e), v + g ** 2),), "square root")]),
    "early_stopping": ((9, 6), [((9, 9), "lowest validation loss"), ((5, 6), "first rise"),
                                ((9, 11), "after the stop")]),
    "augmentation_keeps_label": (({"a", "b", "e"},), [
        (({"a", "b", "c", "e"},), "6 into a 9"), (("abde",), "mirrored")]),
    "linear_scaling": ((0.05 * 128 / 16,), [((0.05 * 16 / 128,), "went down"),
                                            ((0.05 * math.sqrt(8),), "square root"),
                                            ((0.05,), "unchanged")]),
    "noise_prediction": (("b",), [(("a",), "jittering"), (("c",), "do not end equally")]),
    "two_schedules": ((0.4 * math.exp(-0.05 * 40), 0.4 / (1 + 0.05 * 40)), [
        ((0.4 * 0.95 ** 40, 0.4 / 3), "η₀(1 − rate)ᵗ"),
        ((0.4 * math.exp(-2), 0.2), "leaves out the 1")]),
    "vanishing_prediction": (("c",), [(("a",), "σ′(a) ≤ ¼"), (("b",), "equally small"),
                                      (("D",), "equally small")]),
    "dead_relu": ((RELU_H, 2), [((RELU_H, 3), "first example"),
                                ((RELU_H_NO_B, 0), "leaves out the bias")]),
    "bn_bias_gradient": ((np.zeros(3),), [
        ((np.sum(np.array([[0.5, -1.2, 2.0], [1.5, 0.3, -0.4], [-0.7, 0.8, 1.1],
                           [0.2, -0.5, 0.6]]) + [0.3, -0.2, 0.1]
                 - np.array([[1.0, 0.0, -1.0], [0.5, 1.0, 0.0], [-1.0, 0.5, 1.0],
                             [0.0, -1.0, 0.5]]), axis=0),), "without the batch")]),
})

def _sympy_cases():
    x, a, dx, da = sympy_answers()
    import sympy as sp
    s = 1 / (1 + sp.exp(-a))
    return {
        "exp_chain_sympy": ((dx, x), [
            ((-sp.exp(1 / x ** 2) / x ** 4, x), "2x"),
            ((2 * sp.exp(1 / x ** 2) / x ** 3, x), "sign"),
            ((dx, a), "other symbols")]),
        "sigmoid_derivative_sympy": ((da, a), [
            ((1 - s, a), "−1/s²"),
            ((-sp.exp(-a) / (1 + sp.exp(-a)) ** 2, a), "sign"),
            ((s * s, a), "σ²")]),
    }


def all_cases():
    return {**CASES, **_sympy_cases()}


def is_choice(name):
    """A multiple-choice check (``checks.answers.choose``): its right answer is letters
    (one letter, or a set of letters)."""
    right = CASES.get(name, ((0,),))[0]
    return all(isinstance(a, str) or (isinstance(a, (set, frozenset)) and a
                                      and all(isinstance(x, str) for x in a)) for a in right)


def test_every_check_has_cases():
    assert sorted(all_cases()) == check.names()
    assert len(check.names()) >= 30


@pytest.mark.parametrize("name", sorted(CASES) + ["exp_chain_sympy", "sigmoid_derivative_sympy"])
def test_correct_answer_passes(name):
    args, _ = all_cases()[name]
    verdict = check(name, *args)
    assert isinstance(verdict, Verdict)
    assert verdict.passed, verdict
    assert verdict.status == "correct"
    assert repr(verdict).startswith("✓")


@pytest.mark.parametrize("name", sorted(CASES) + ["exp_chain_sympy", "sigmoid_derivative_sympy"])
def test_typical_mistakes_get_their_message(name):
    _, wrongs = all_cases()[name]
    assert wrongs, f"{name} has no typical mistake tested"
    for args, words in wrongs:
        verdict = check(name, *args)
        assert verdict.status == "wrong", (name, args, verdict)
        if words is not None:
            assert words in verdict.message + " " + verdict.hint, (name, words, verdict)


def _stub(*args):
    raise NotImplementedError("Your answer here")


@pytest.mark.parametrize("name", sorted(CASES) + ["exp_chain_sympy", "sigmoid_derivative_sympy"])
def test_stubs_are_not_attempted(name):
    args, _ = all_cases()[name]
    # The student versions' stubs: None for values, a function raising NotImplementedError.
    stubbed = [_stub if callable(a) else None for a in args]
    if name in ("exp_chain_sympy", "sigmoid_derivative_sympy"):
        stubbed = [None, args[1]]                       # the symbol is given, not answered
    verdict = check(name, *stubbed)
    assert verdict.status == "not attempted", verdict
    assert "not attempted yet" in repr(verdict)


def _raiser(*args):
    raise ZeroDivisionError("boom")


GARBAGE = [None, Ellipsis, [1, 2], "0.5", float("nan"), np.full((7, 3), np.nan), np.zeros((7, 3)),
           {}, object(), _raiser, (lambda *a: None), (lambda *a: "text"), (lambda *a: [[1], [2, 3]]),
           (lambda *a: np.full((2, 2), np.nan)), (lambda *a: (1,)), -1, True, 1e308, [None]]


@pytest.mark.parametrize("name", sorted(CASES) + ["exp_chain_sympy", "sigmoid_derivative_sympy"])
def test_garbage_never_raises(name):
    args, _ = all_cases()[name]
    for k in range(len(args)):
        for junk in GARBAGE:
            trial = list(args)
            trial[k] = junk
            verdict = check(name, *trial)
            assert isinstance(verdict, Verdict)
            assert verdict.status in ("wrong", "not attempted", "partly done"), \
                (name, k, junk, verdict)
            assert isinstance(repr(verdict), str) and isinstance(verdict._repr_html_(), str)
    # Wrong number of arguments, keyword typos: a verdict, not an exception.
    for trial_args, kwargs in (((), {}), (tuple(args) + (1,), {}), ((), {"nonsense": 1})):
        verdict = check(name, *trial_args, **kwargs)
        assert isinstance(verdict, Verdict) and not verdict.passed


def test_hard_coded_function_answers_fail():
    fixed = softmax(np.array([1.0, 2.0, 3.0]))
    assert not check.softmax(lambda a: fixed).passed
    assert not check.tanh_derivative(lambda a: np.array([0.5, 0.5])).passed


def test_fresh_inputs_by_default():
    check.seed = None
    seen = []
    check.tanh_derivative(lambda a: seen.append(a.copy()) or 1 - np.tanh(a) ** 2)
    check.tanh_derivative(lambda a: seen.append(a.copy()) or 1 - np.tanh(a) ** 2)
    half = len(seen) // 2
    assert not all(np.array_equal(p, q) for p, q in zip(seen[:half], seen[half:]))


def test_student_functions_cannot_spoil_the_check_by_mutating():
    def mutating(a):
        out = 1 - np.tanh(a) ** 2
        a[...] = 0.0
        return out
    assert check.tanh_derivative(mutating).passed


def test_shape_diagnoses():
    v = check.softmax_values(SOFTMAX_41.reshape(3, 1))
    assert v.passed                        # (3, 1) accepted where the shape is not the point
    v = check.dense_forward(lambda W, b, h: sig(h @ W.T + b).T)
    assert v.status == "wrong" and "transpose" in v.message
    v = check.hidden_delta(lambda W, d, a: ((W.T @ d) * sig(a) * (1 - sig(a)))[:, None])
    assert v.status == "wrong" and "shape (" in v.message and "instead of" in v.message


def test_verdict_display():
    good = check.gd_step(lambda w, b, dw, db, lr: (w - lr * dw, b - lr * db))
    bad = check.gd_step(lambda w, b, dw, db, lr: (w + lr * dw, b + lr * db))
    todo = check.gd_step(None)
    assert "✓" in good._repr_html_() and "#1a7f37" in good._repr_html_()
    assert "✗" in bad._repr_html_() and "Hint:" in bad._repr_html_()
    assert repr(bad).startswith("✗ gd_step:") and "\n  Hint: " in repr(bad)
    assert repr(todo).startswith("… gd_step: not attempted yet")
    assert not bad.passed and not todo.passed and good.passed
    assert "<script" not in check.gd_step(lambda *a: "<script>x</script>")._repr_html_()


def test_unknown_check_name():
    v = check("no_such_exercise", 1)
    assert not v.passed and "no check called" in v.message


def test_checks_import_numpy_only():
    code = ("import sys, ffnn_course.checks; "
            "bad = [m for m in ('sympy', 'matplotlib', 'ipywidgets') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# ----- chapters 10-13: the given buggy functions, answers drawn another way -----------------
@pytest.mark.parametrize("notebook, given, name", [
    ("10_optimizers", "adam_step_with_a_bug", "adam_step"),
    ("13_regularisation", "dropout_with_a_bug", "inverted_dropout")])
def test_the_given_bug_is_named_by_its_check(notebook, given, name):
    """Find-the-bug: the function the notebook gives, handed in unchanged, is named as the bug."""
    import nbformat
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "exercises" / f"{notebook}.ipynb"
    cell = next(c for c in nbformat.read(path, as_version=4).cells
                if c.cell_type == "code" and c.source.startswith(f"def {given}("))
    namespace = {"np": np}
    exec(cell.source, namespace)
    verdict = check(name, namespace[given])
    assert verdict.status == "wrong" and "still the bug" in verdict.message, verdict


def test_dropout_drawn_another_way_passes():
    """The exact comparison is a shortcut: a right dropout drawn differently passes too."""
    assert check.inverted_dropout(lambda h, p, rng: h * (rng.random(h.shape) < 1 - p)
                                  / (1 - p)).passed
    assert check.inverted_dropout(lambda h, p, rng: h * rng.binomial(1, 1 - p, h.shape)
                                  / (1 - p)).passed
    v = check.inverted_dropout(lambda h, p, rng: h * rng.binomial(1, 1 - p, h.shape) / p)
    assert v.status == "wrong" and "still the bug" in v.message
