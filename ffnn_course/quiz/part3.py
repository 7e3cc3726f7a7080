"""Quick questions of chapters 10–13 (optimisers, batching and schedules, initialisation
and activations, regularisation)."""

from __future__ import annotations

import numpy as np

from ..activations import Tanh, sigmoid
from ..optimizers import AdaGrad, Adam, Momentum
from ..schedules import step_decay
from . import choice, numeric


def _f(x, digits=4) -> str:
    return f"{float(x):.{digits}f}".replace("-", "−")


def _steps(optimizer_class, grads, **kwargs):
    """The successive steps wₜ₋₁ − w_t of one scalar parameter under the given gradients."""
    w = np.zeros(1)
    opt = optimizer_class([w], **kwargs)
    steps = []
    for g in grads:
        before = float(w[0])
        opt.step([np.array([g])])
        steps.append(before - float(w[0]))
    return steps


def ch10() -> list:
    gamma = 0.9
    long_run = _steps(Momentum, [1.0] * 400, lr=1.0, momentum=gamma)[-1]     # → η/(1 − γ)
    lr_adam = 0.0025         # not a number the chapter prints
    adam_first = _steps(Adam, [0.02], lr=lr_adam)[0]
    m, v = (1 - 0.9) * 0.02, (1 - 0.999) * 0.02 ** 2
    adam_uncorrected = lr_adam * m / (np.sqrt(v) + 1e-8)
    ada = _steps(AdaGrad, [2.0, 2.0], lr=0.1)
    return [
        numeric("ch10-momentum", "Momentum with γ = 0.9 and a gradient that stays constant: "
                "after many steps, each step is how many times η·g?", long_run, tol=0.01,
                mistakes=[(1 + gamma, "That is the second step (1 + γ); the steps keep "
                           "growing towards the sum of the geometric series."),
                          (1 / gamma, "The series is 1 + γ + γ² + … = 1/(1 − γ), not 1/γ."),
                          (gamma, "Momentum makes steps larger, not smaller, when the "
                           "gradient keeps its direction.")],
                explain="u = γu + ηg settles where u = γu + ηg, i.e. u = ηg/(1 − γ): ten "
                "times η g for γ = 0.9.", hint="Solve u = γu + ηg for the steady step u."),
        numeric("ch10-adam", "Adam with η = 0.0025, β₁ = 0.9, β₂ = 0.999 and ε = 10⁻⁸ sees a "
                "first gradient g = 0.02. By how much does w move in the first step? "
                "(give the size, e.g. 0.0005)", adam_first, tol=2e-6,
                mistakes=[(adam_uncorrected, "Without the bias correction: m₁ = 0.1g and "
                           "v₁ = 0.001g² are biased towards their zero start; divide by "
                           "1 − β₁ and 1 − β₂."),
                          (lr_adam * 0.02, "That is a plain gradient step ηg; Adam divides by "
                           "√v̂, so the first step has size ≈ η whatever g is.")],
                explain="m̂₁ = g and v̂₁ = g², so the step is η g/|g| = η (up to ε).",
                hint="Compute m₁, v₁, then m̂₁ = m₁/(1 − β₁), v̂₁ = v₁/(1 − β₂)."),
        numeric("ch10-adagrad", "AdaGrad with η = 0.1 sees the gradient 2 twice. What is the "
                "size of the second step? (4 decimals)", ada[1], tol=5e-5,
                mistakes=[(ada[0], "That is the first step; the sum of squares now holds "
                           "2² + 2² = 8."),
                          (0.1 * 2 / 8, "Divide by the square root of the sum of squares, "
                           "√8, not by 8.")],
                explain="v = 2² + 2² = 8; step = η·2/√8.",
                hint="vₜ = vₜ₋₁ + gₜ²; step = η gₜ / √vₜ."),
        choice("ch10-nesterov", "Where does Nesterov's method evaluate the gradient?", [
            ("At the look-ahead point w − γuₜ₋₁", True,
             "Right: it first moves by the momentum it already has, then corrects with the "
             "gradient found there, which damps overshooting."),
            ("At the current w, like momentum", False,
             "That is plain momentum; Nesterov looks ahead first."),
            ("At the previous point wₜ₋₁", False, "Nesterov looks forward, not back."),
            ("At the point halfway to the minimum", False,
             "The method does not know where the minimum is.")]),
    ]


def ch11() -> list:
    n, batch = 1000, 64
    updates = -(-n // batch)
    lr25 = step_decay(0.1, drop=0.5, every=10)(25)
    return [
        numeric("ch11-updates", "1000 training examples, mini-batches of 64 (the last batch "
                "may be smaller). How many updates is one epoch?", updates, tol=0.4,
                mistakes=[(n // batch, "You dropped the last, smaller mini-batch: it still "
                           "makes an update."),
                          (n, "That is stochastic gradient descent, one update per "
                           "example.")],
                explain="⌈1000/64⌉.", hint="Round the number of batches up."),
        numeric("ch11-decay", "Step decay: η₀ = 0.1, halved every 10 epochs (epochs counted "
                "from 0). What is η at epoch 25?", lr25, tol=1e-9,
                mistakes=[(0.1 * 0.5 ** 3, "Three halvings happen at epochs 10, 20 and 30: "
                           "epoch 25 has had two."),
                          (0.1 * 0.5 ** 2.5, "The decay is in steps: ⌊25/10⌋ = 2 halvings, "
                           "not 2.5.")],
                explain="η₀ · 0.5^⌊25/10⌋.", hint="η_t = η₀ · drop^⌊t/every⌋."),
        choice("ch11-batch", "You raise the mini-batch size from 16 to 256, nothing else "
               "changed. What happens?", [
                   ("Each gradient is less noisy, but an epoch makes 16 times fewer updates",
                    True, "Right: a larger batch averages more examples (less noise) but "
                    "takes fewer steps per pass over the data; the learning rate often needs "
                    "retuning."),
                   ("Each update becomes 16 times larger", False,
                    "The gradient is an average over the batch, so its size does not grow "
                    "with the batch."),
                   ("Training always reaches a lower loss per epoch", False,
                    "Fewer updates per epoch often means a higher loss after the same number "
                    "of epochs."),
                   ("Nothing changes: the gradient is the same on average", False,
                    "The mean is the same, but the noise and the number of updates are "
                    "not.")]),
    ]


def ch12() -> list:
    n_in, n_out = 100, 50
    r = float(np.sqrt(6.0 / (n_in + n_out)))     # the bound of initializers.xavier_uniform
    tanh = Tanh()
    d = float(tanh.derivative(np.array(0.5)))
    s = float(sigmoid(0.5))
    return [
        numeric("ch12-xavier", "Xavier (Glorot) uniform initialisation draws W ~ U[−r, r] with "
                "r = √(6/(n_in + n_out)). What is r for a layer with 100 inputs and 50 "
                "outputs? (3 decimals)", r, tol=5e-4,
                mistakes=[(np.sqrt(6.0 / n_in), "Use n_in + n_out, both fan-in and fan-out."),
                          (np.sqrt(2.0 / (n_in + n_out)), "√(2/(n_in + n_out)) is the standard "
                           "deviation; the uniform bound is √3 times larger.")],
                explain="√(6/150).", hint="Add the fan-in and the fan-out."),
        numeric("ch12-tanh", "What is tanh′(0.5)? (4 decimals)", d, tol=5e-5,
                mistakes=[(1 - np.tanh(0.5), "tanh′(a) = 1 − tanh²(a): square the tanh."),
                          (s * (1 - s), "That is σ′(0.5), the sigmoid's slope.")],
                explain="1 − tanh²(0.5).", hint="tanh′(a) = 1 − tanh(a)²."),
        choice("ch12-zeros", "All weights of a hidden layer start at the same value. What "
               "goes wrong?", [
                   ("Its neurons compute the same thing and get the same gradient, so they "
                    "stay identical", True,
                    "Right: nothing breaks the symmetry; random initialisation does."),
                   ("The gradients explode", False, "Equal weights do not make gradients "
                    "large; they make them equal."),
                   ("Nothing: training separates the neurons after a few steps", False,
                    "Identical neurons receive identical updates, so they never separate."),
                   ("Only ReLU networks are affected", False, "Any activation: the symmetry "
                    "comes from the equal weights.")]),
    ]


def ch13() -> list:
    dW, W, lam = 0.3, 3.0, 0.01
    grad = dW + lam * W                  # as ffnn_course.train(l2=λ): ℒ + (λ/2)Σ‖W_i‖²
    return [
        numeric("ch13-l2", "With L2 regularisation the loss is ℒ + (λ/2)‖W‖². A weight "
                "w = 3 has ∂ℒ/∂w = 0.3 and λ = 0.01. What is the gradient of the regularised "
                "loss with respect to w?", grad, tol=1e-9,
                mistakes=[(dW + 2 * lam * W, "You differentiated λ‖W‖² (no ½): the ½ cancels "
                           "the 2 from the square."),
                          (dW + lam * W ** 2 / 2, "That adds the penalty itself, not its "
                           "derivative λw."),
                          (dW - lam * W, "Sign: the penalty's gradient λw points away from "
                           "zero, so gradient descent shrinks w.")],
                explain="∂ℒ/∂w + λw.", hint="∂/∂w of (λ/2)w² is λw."),
        choice("ch13-early", "Early stopping: when do you stop, and which weights do you "
               "keep?", [
                   ("When the validation loss has not improved for a few epochs; keep the "
                    "weights of the best validation epoch", True,
                    "Right: the validation loss estimates the test loss; the best epoch "
                    "is the one to keep, and the patience avoids stopping on noise."),
                   ("When the training loss stops falling; keep the last weights", False,
                    "The training loss keeps falling while the model overfits; watch the "
                    "validation loss."),
                   ("At the first epoch where the validation loss rises; keep the last "
                    "weights", False, "One rise can be noise, and the last weights are "
                    "already past the best."),
                   ("When the test accuracy peaks", False, "Choosing with the test set "
                    "makes the test score optimistic; use a validation set.")]),
        choice("ch13-bn-bias", "A dense layer a = Wh + b is followed by batch normalisation. "
               "What is ∂ℒ/∂b?", [
                   ("Zero: batch norm subtracts the batch mean, which removes any constant b",
                    True, "Right: (a + b) − mean(a + b) does not depend on b, so b gets no "
                    "gradient; batch norm's own shift β takes its role."),
                   ("The same as without batch norm", False,
                    "Batch norm subtracts the mean over the batch; a constant added to every "
                    "example is subtracted away."),
                   ("It is divided by the batch standard deviation", False,
                    "That is what happens to the gradient of W; b disappears entirely."),
                   ("It is multiplied by γ", False, "γ scales the normalised value; b "
                    "never reaches it.")]),
        choice("ch13-augment", "Which data augmentation is safe for handwritten digits?", [
            ("Small shifts or rotations by a few degrees", True,
             "Right: they keep the label, and teach the network that position and slant "
             "do not matter."),
            ("Rotating by 180°", False, "A 6 becomes a 9: the label changes."),
            ("Mirroring left–right", False, "Mirrored digits (2, 3, 7) are not digits the "
             "network will meet."),
            ("Adding the test images", False, "That is not augmentation; it leaks the test "
             "set into training.")]),
    ]
