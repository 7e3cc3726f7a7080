"""Quick questions of chapters 6–9 (chain rule, backpropagation, the worked example,
cross-entropy)."""

from __future__ import annotations

import numpy as np

from ..activations import Sigmoid, sigmoid, softmax
from ..losses import CrossEntropy, HalfSumSquaredError
from ..network import Dense, Network
from . import choice, numeric

_SIG = Sigmoid()


def _f(x, digits=4) -> str:
    return f"{float(x):.{digits}f}".replace("-", "−")


def ch06() -> list:
    w, x = 0.5, 2.0
    slope = float(_SIG.derivative(np.array(w * x)))
    dy_dw = slope * x
    return [
        numeric("ch06-inner", "ŷ = σ(w x). What is ∂ŷ/∂w at w = 0.5, x = 2? (4 decimals)",
                dy_dw, tol=5e-5,
                mistakes=[(slope, "You stopped at σ′(wx); the chain rule also multiplies by "
                           "the inner derivative ∂(wx)/∂w = x."),
                          (x, "You forgot σ′(wx), the derivative of the outer function.")],
                explain=f"σ′(1)·x = {_f(slope)}·2.",
                hint="Outer derivative at the inner value, times the inner derivative."),
        numeric("ch06-square", "f(x) = (3x + 1)². What is f′(1)?", 2 * (3 + 1) * 3, tol=1e-6,
                mistakes=[(2 * (3 + 1), "You forgot the inner derivative 3."),
                          (3.0, "You kept only the inner derivative; multiply by the outer "
                           "derivative 2(3x + 1) at x = 1.")],
                explain="2(3·1 + 1)·3.", hint="Outer: u², inner: u = 3x + 1."),
        choice("ch06-paths", "A variable x feeds two functions u(x) and v(x), and ℒ depends on "
               "both. What is ∂ℒ/∂x?", [
                   ("∂ℒ/∂u · u′(x) + ∂ℒ/∂v · v′(x)", True,
                    "Right: the multivariable chain rule sums over every path from x to ℒ."),
                   ("∂ℒ/∂u · u′(x) · ∂ℒ/∂v · v′(x)", False,
                    "Along one path the factors multiply; different paths add."),
                   ("The larger of the two path terms", False,
                    "Every path contributes; nothing is dropped."),
                   ("∂ℒ/∂u · u′(x) only, if u comes first", False,
                    "The order in which you draw the graph does not matter; both paths "
                    "count.")]),
    ]


def ch07() -> list:
    W2, delta2, a1 = np.array([[0.5, -1.0]]), np.array([0.2]), np.array([0.0, 1.0])
    layer1 = Dense(np.eye(2), np.zeros(2), "sigmoid")
    back = W2.T @ delta2                                  # ∂ℒ/∂h₁
    delta1 = layer1.activation.backward(a1, layer1.activation(a1), back)
    return [
        numeric("ch07-delta", "Layer 1 is sigmoid with pre-activation a₁ = (0, 1); "
                "W₂ = [[0.5, −1]] and δ₂ = 0.2. What is the second entry of "
                "δ₁ = (W₂ᵀδ₂) ⊙ σ′(a₁)? (4 decimals)", delta1[1], tol=5e-5,
                mistakes=[(back[1], "You forgot the factor σ′(a₁): δ₁ is the gradient with "
                           "respect to a₁, not h₁."),
                          (back[1] * float(_SIG.derivative(np.array(0.0))),
                           "You used σ′ at the first entry a₁₁ = 0; the product is element by "
                           "element.")],
                explain=f"W₂ᵀδ₂ = (0.1, −0.2), σ′(1) ≈ {_f(_SIG.derivative(np.array(1.0)))}.",
                hint="First W₂ᵀδ₂, then multiply entry by entry by σ′(a₁)."),
        choice("ch07-shape", "A network has layer sizes 4 → 5 → 3. What is the shape of "
               "∂ℒ/∂W₂ for one example?", [
                   ("(3, 5), the same as W₂: δ₂ h₁ᵀ", True,
                    "Right: a gradient has the shape of its parameter; δ₂ is 3 × 1 and h₁ᵀ is "
                    "1 × 5."),
                   ("(5, 3): h₁ δ₂ᵀ", False, "That is the transpose; W₂ is (n_out, n_in)."),
                   ("(3,): the same as δ₂", False, "That is the shape of ∂ℒ/∂b₂."),
                   ("(5, 4)", False, "That is the shape of W₁.")]),
        choice("ch07-fast", "Why is backpropagation fast compared with estimating each "
               "∂ℒ/∂w by a finite difference?", [
                   ("One backward pass gives all the gradients at about the cost of one "
                    "forward pass", True,
                    "Right: finite differences need one or two extra forward passes per "
                    "parameter, millions of passes for a large network."),
                   ("It uses the GPU", False, "Both methods can; the difference is the "
                    "number of passes."),
                   ("It skips the layers whose gradient is small", False,
                    "It computes every layer's gradient exactly."),
                   ("It approximates the gradient more coarsely", False,
                    "Backpropagation is exact (up to rounding); finite differences are the "
                    "approximation.")]),
    ]


def ch08() -> list:
    out, t, h = 0.6, 1.0, 0.5
    loss = HalfSumSquaredError()
    dE_dout = float(loss.gradient(np.array([out]), np.array([t]))[0])
    delta = dE_dout * float(_SIG.derivative(np.array(0.0), np.array(out)))
    grad_w = delta * h
    return [
        numeric("ch08-weight", "An output sigmoid neuron with E = ½(target − out)² has "
                "out = 0.6 and target = 1; the weight w feeds it the hidden output h = 0.5. "
                "What is ∂E/∂w? (4 decimals)", grad_w, tol=5e-5,
                mistakes=[(dE_dout * h, "You forgot ∂out/∂net = out(1 − out)."),
                          (delta, "That is ∂E/∂net (δ, also ∂E/∂b); multiply by ∂net/∂w = h."),
                          (-grad_w, "Sign: ∂E/∂out = out − target, negative here.")],
                explain="(out − target) · out(1 − out) · h.",
                hint="Three factors: ∂E/∂out, ∂out/∂net, ∂net/∂w."),
        numeric("ch08-bias", "Same neuron: what is ∂E/∂b for its bias b? (4 decimals)", delta,
                tol=5e-5,
                mistakes=[(grad_w, "That is ∂E/∂w: ∂net/∂b = 1, not h."),
                          (dE_dout, "You forgot ∂out/∂net = out(1 − out).")],
                explain="∂net/∂b = 1, so ∂E/∂b = (out − target)·out(1 − out).",
                hint="net = w·h + … + b: what is ∂net/∂b?"),
        choice("ch08-stale", "In the worked example you have just computed w₅⁺ = w₅ − η∂E/∂w₅. "
               "Which w₅ goes into ∂E/∂w₁?", [
                   ("The old w₅, from before any update", True,
                    "Right: all gradients of a step are computed at the same point, the "
                    "weights of the forward pass; update only after all of them."),
                   ("The new w₅⁺", False, "Stale-weight mistake: the forward pass (and so "
                    "every δ) was computed with the old weights."),
                   ("Their average", False, "No: the gradient is taken at one point, the "
                    "current weights."),
                   ("Neither: w₅ does not appear in ∂E/∂w₁", False,
                    "It does: h₁ reaches o₁ through w₅, so ∂E/∂h₁ contains δ_o1·w₅.")]),
    ]


def ch09() -> list:
    y_hat, label = np.array([0.7, 0.2, 0.1]), 1          # class 2 (index 1)
    ce = CrossEntropy()
    loss = ce.value(y_hat[np.newaxis], np.array([label]))
    a = np.log(y_hat)                                     # logits with softmax(a) = y_hat
    net = Network([Dense(np.eye(3), np.zeros(3), "softmax")])
    grads = net.gradients(a[np.newaxis], np.array([label]), "cross_entropy")
    g = float(np.ravel(grads.delta[1])[label])       # ∂ℒ/∂a for the true class
    return [
        numeric("ch09-loss", "A 3-class network outputs ŷ = (0.7, 0.2, 0.1) and the true class "
                "is class 2. What is the cross-entropy loss (natural log)? (3 decimals)", loss,
                tol=5e-4,
                mistakes=[(-np.log10(y_hat[label]), "You used log base 10; the loss uses the "
                           "natural log."),
                          (-np.log(y_hat[0]), "You took the largest probability; the loss "
                           "takes the probability of the true class."),
                          (np.log(y_hat[label]), "Sign: −log ŷ_y is positive.")],
                explain="−ln ŷ₂ = −ln 0.2.", hint="ℒ = −log ŷ_y, y the true class."),
        numeric("ch09-grad", "Same example, the outputs from softmax: what is ∂ℒ/∂a_L for "
                "the logit of the true class 2? (3 decimals)", g, tol=5e-4,
                mistakes=[(y_hat[label], "You forgot to subtract the one-hot target: "
                           "∂ℒ/∂a_L = ŷ − y, and y₂ = 1."),
                          (1 - y_hat[label], "Sign: ∂ℒ/∂a_L = ŷ − y, not y − ŷ."),
                          (-1 / y_hat[label], "That is ∂ℒ/∂ŷ₂ = −1/ŷ₂; through softmax the "
                           "gradient w.r.t. the logits simplifies to ŷ − y.")],
                explain="ŷ − y with y = (0, 1, 0).", hint="Softmax with cross-entropy: "
                "∂ℒ/∂a_L = ŷ − y."),
        choice("ch09-saturate", "A sigmoid output is confidently wrong (a = −5, target 1). "
               "Why does cross-entropy learn faster here than squared error?", [
                   ("Its gradient w.r.t. a is ŷ − y: no σ′(a) factor to make it tiny", True,
                    f"Right: σ′(−5) ≈ {_f(_SIG.derivative(np.array(-5.0)))}, which squared "
                    "error multiplies in and cross-entropy cancels."),
                   ("Its loss values are smaller", False, "They are larger here; what matters "
                    "is the gradient."),
                   ("It uses a larger learning rate", False, "The learning rate is the same; "
                    "the gradient differs."),
                   ("Squared error cannot be used with sigmoids", False,
                    "It can; it just learns slowly when the sigmoid saturates.")]),
    ]
