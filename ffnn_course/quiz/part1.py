"""Quick questions of chapters 2–5 (sigmoid neurons, networks, softmax, gradient descent)."""

from __future__ import annotations

import numpy as np

from ..activations import Sigmoid, sigmoid, softmax
from ..network import Dense, Network
from . import choice, numeric

_SIG = Sigmoid()


def _f(x, digits=4) -> str:
    return f"{float(x):.{digits}f}".replace("-", "−")


def ch02() -> list:
    w, b, x = np.array([0.5, -1.0]), 0.2, np.array([2.0, 0.5])
    a = float(w @ x + b)
    out = float(sigmoid(a))
    peak = float(_SIG.derivative(np.array(0.0)))
    return [
        numeric("ch02-neuron", "A sigmoid neuron has weights w = (0.5, −1), bias b = 0.2 and "
                "gets the input x = (2, 0.5). What is its output σ(w·x + b)? (3 decimals)",
                out, tol=5e-4,
                mistakes=[(float(sigmoid(w @ x)), "You left out the bias b: a = w·x + b."),
                          (a, "That is the pre-activation a = w·x + b; the output is σ(a).")],
                explain=f"a = 1 − 0.5 + 0.2 = {_f(a, 1)}, and σ({_f(a, 1)}) ≈ {_f(out, 3)}.",
                hint="Compute a = w·x + b first, then σ(a) = 1/(1 + e^(−a))."),
        numeric("ch02-slope", "The slope of the sigmoid is σ′(a) = σ(a)(1 − σ(a)). "
                "What is its largest value over all a?", peak, tol=1e-3,
                mistakes=[(float(sigmoid(0.0)), "0.5 is σ(0), the value of the sigmoid "
                           "where it is steepest, not its slope."),
                          (1.0, "The sigmoid rises from 0 to 1 over several units of a: "
                           "its slope never reaches 1.")],
                explain="At a = 0: σ(0)(1 − σ(0)) = 0.5 · 0.5 = 0.25, the steepest point.",
                hint="σ(a)(1 − σ(a)) is largest where σ(a) = ½."),
        choice("ch02-steep", "Multiply a sigmoid neuron's weights and bias by 100. "
               "What does it now behave like?", [
                   ("A hard threshold: a step from 0 to 1 at the same boundary w·x + b = 0", True,
                    "Right: σ(100a) is ≈ 0 for a < 0 and ≈ 1 for a > 0; the boundary "
                    "w·x + b = 0 does not move."),
                   ("The same neuron: scaling does not change σ", False,
                    f"σ(100a) ≠ σ(a): at a = 0.1, σ(0.1) ≈ {_f(sigmoid(0.1), 3)} but "
                    f"σ(10) ≈ {_f(sigmoid(10.0), 3)}."),
                   ("A linear neuron with output 100·(w·x + b)", False,
                    "σ still squashes its input into (0, 1); the output never exceeds 1."),
                   ("A neuron whose decision boundary moved 100 times farther out", False,
                    "w·x + b = 0 ⟺ 100(w·x + b) = 0: the boundary stays where it was.")]),
    ]


def _two_two_one():
    return Network([Dense([[1.0, -1.0], [0.5, 0.5]], [0.0, -1.0], "sigmoid"),
                    Dense([[2.0, -1.0]], [0.5], "sigmoid")])


def ch03() -> list:
    sizes = [4, 5, 3]
    net = Network.from_sizes(sizes, rng=0)
    n_params = sum(p.size for p in net.parameters())
    n_weights = sum(layer.W.size for layer in net.layers)
    x = np.array([1.0, 2.0])
    net2 = _two_two_one()
    y_hat = float(net2.predict(x)[0])
    W1, b1 = net2.layers[0].W, net2.layers[0].b
    h1_no_bias = sigmoid(W1 @ x)
    y_no_bias = float(sigmoid(net2.layers[1].W @ h1_no_bias + net2.layers[1].b)[0])
    y_transposed = float(sigmoid(net2.layers[1].W @ sigmoid(W1.T @ x + b1)
                                 + net2.layers[1].b)[0])
    return [
        choice("ch03-shape", "A network has layer sizes 4 → 5 → 3. What is the shape of W₂?", [
            ("(3, 5)", True, "Right: W_i has shape (n_out, n_in); layer 2 maps 5 values to 3."),
            ("(5, 3)", False, "That is the transpose: in a₂ = W₂h₁ + b₂ the rows of W₂ are the "
             "output neurons, so W₂ is (n_out, n_in)."),
            ("(5, 4)", False, "That is W₁, the matrix from the 4 inputs to the 5 hidden neurons."),
            ("(4, 3)", False, "Layer 2 takes h₁ (5 values), not the 4 inputs.")]),
        numeric("ch03-count", "How many parameters (weights and biases) does the 4 → 5 → 3 "
                "network have?", n_params, tol=0.4,
                mistakes=[(n_weights, "You counted the weights only; every neuron also has a "
                           "bias."),
                          (n_params - 3, "You forgot the biases of the output layer.")],
                explain="4·5 + 5 weights and biases in layer 1, 5·3 + 3 in layer 2.",
                hint="Layer i has n_out·n_in weights and n_out biases."),
        numeric("ch03-forward", "A 2 → 2 → 1 network with sigmoid neurons everywhere has "
                "W₁ = [[1, −1], [0.5, 0.5]], b₁ = (0, −1), W₂ = [[2, −1]], b₂ = 0.5. What is "
                "ŷ for x = (1, 2)? (3 decimals)", y_hat, tol=5e-4,
                mistakes=[(y_no_bias, "You left out the hidden biases b₁."),
                          (y_transposed, "You used W₁ᵀ: row j of W₁ holds the weights into "
                           "hidden neuron j, so a₁ = W₁x + b₁.")],
                explain=f"a₁ = (−1, 0.5), h₁ = σ(a₁), a₂ = 2h₁₁ − h₁₂ + 0.5, ŷ ≈ {_f(y_hat, 3)}.",
                hint="Layer by layer: a₁ = W₁x + b₁, h₁ = σ(a₁), then a₂ = W₂h₁ + b₂."),
    ]


def ch04() -> list:
    a = np.array([2.0, 0.0, -1.0])
    p = softmax(a)
    ratio = a[0] / a.sum()
    return [
        numeric("ch04-softmax", "The logits of a 3-class network are a_L = (2, 0, −1). What "
                "probability does softmax give class 1? (3 decimals)", p[0], tol=5e-4,
                mistakes=[(ratio, "You divided the logits by their sum; softmax divides "
                           "the exponentials e^(a_k) by their sum."),
                          (float(sigmoid(a[0])), "That is σ(2), one sigmoid per class; softmax "
                           "normalises over all three classes.")],
                explain="e²/(e² + e⁰ + e⁻¹), the exponentials normalised to sum to 1.",
                hint="softmax(a)_k = e^(a_k) / Σ_j e^(a_j)."),
        choice("ch04-shift", "Add 10 to every logit. What happens to the softmax "
               "probabilities?", [
                   ("Nothing: they are unchanged", True,
                    "Right: e^(a_k + 10) = e¹⁰ e^(a_k), and the factor e¹⁰ cancels between the "
                    "numerator and the sum; this is why implementations subtract max(a)."),
                   ("They all grow", False, "They still sum to 1, so they cannot all grow."),
                   ("The largest one grows, the others shrink", False,
                    "That happens when you multiply the logits by a number > 1, not when you "
                    "add one."),
                   ("They become 1/K each", False, "Only if all logits were equal to start "
                    "with.")]),
        choice("ch04-divide", "Why does softmax exponentiate before normalising, instead of "
               "a_k / Σ_j a_j?", [
                   ("Logits can be negative or sum to 0; e^(a) is always positive", True,
                    f"Right: with a = (2, 0, −1), a₁/Σa = {_f(ratio, 2)} > 1 and a₃/Σa < 0, "
                    "not probabilities."),
                   ("Exponentials are faster to compute", False,
                    "They are slower; they are used because they make every term positive."),
                   ("It makes the probabilities sum to 1", False,
                    "Dividing by the sum does that already; the exponential makes every "
                    "term positive."),
                   ("It makes the largest probability exactly 1", False,
                    "Softmax never gives exactly 1 for finite logits.")]),
    ]


def ch05() -> list:
    from ..optimizers import GradientDescent
    w = np.array([1.0])
    GradientDescent([w], lr=0.1).step([2 * (w - 3.0)])
    w1 = float(w[0])
    factors = {lr: abs(1 - 2 * lr) for lr in (0.1, 0.5, 0.9, 1.1)}
    return [
        numeric("ch05-step", "ℒ(w) = (w − 3)². Start at w = 1 and take one gradient-descent "
                "step with η = 0.1. What is the new w?", w1, tol=1e-6,
                mistakes=[(1.0 - 0.1 * 2 * (1.0 - 3.0) * -1, "You moved uphill: w ← w − η ℒ′(w) "
                           "subtracts the gradient."),
                          (1.0 + 0.1 * (3.0 - 1.0), "You forgot the factor 2 of the "
                           "derivative: ℒ′(w) = 2(w − 3)."),
                          (1.0 - 2 * (1.0 - 3.0), "You forgot the learning rate η.")],
                explain="ℒ′(1) = 2(1 − 3) = −4, so w ← 1 − 0.1·(−4).",
                hint="ℒ′(w) = 2(w − 3); then w ← w − η ℒ′(w)."),
        choice("ch05-diverge", "Gradient descent on ℒ(w) = w² multiplies w by (1 − 2η) each "
               "step. For which η does it diverge?", [
                   ("η = 1.1", True, f"Right: |1 − 2η| = {_f(factors[1.1], 1)} > 1, so |w| "
                    "grows every step, flipping sign each time."),
                   ("η = 0.1", False, f"|1 − 2η| = {_f(factors[0.1], 1)}: it converges, "
                    "slowly and without overshooting."),
                   ("η = 0.5", False, f"|1 − 2η| = {_f(factors[0.5], 1)}: it lands on the "
                    "minimum in one step."),
                   ("η = 0.9", False, f"|1 − 2η| = {_f(factors[0.9], 1)}: it overshoots and "
                    "oscillates, but the oscillation shrinks.")]),
        choice("ch05-sign", "At the current w the derivative ℒ′(w) is negative. Which way "
               "does gradient descent move w?", [
                   ("w increases", True, "Right: w ← w − ηℒ′(w) with ℒ′(w) < 0 adds a positive "
                    "amount: the loss falls to the right."),
                   ("w decreases", False, "That is the direction of the gradient, uphill: "
                    "the loss rises to the left when ℒ′(w) < 0."),
                   ("w stays where it is", False, "Only where ℒ′(w) = 0."),
                   ("It depends on the sign of w", False, "Only the sign of ℒ′(w) matters.")]),
    ]
