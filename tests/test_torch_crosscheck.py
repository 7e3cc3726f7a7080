"""Optional: the package's backpropagation against PyTorch's autograd.

An independent implementation (PyTorch) computes the same gradients as
``Network.backward``. Skipped cleanly when PyTorch is not installed
(``pip install torch==2.13.0`` gives the CPU build).
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import ffnn_course as fc  # noqa: E402
from ffnn_course.examples import WORKED_LR  # noqa: E402


def torch_gradients(net, x, y, loss):
    """Rebuild ``net`` in PyTorch (float64), run autograd, return numpy ``(dW, db)`` lists."""
    Ws = [torch.tensor(layer.W, dtype=torch.float64, requires_grad=True) for layer in net.layers]
    bs = [torch.tensor(layer.b, dtype=torch.float64, requires_grad=True) for layer in net.layers]
    h = torch.tensor(np.atleast_2d(x), dtype=torch.float64)
    for layer, W, b in zip(net.layers, Ws, bs):
        a = h @ W.T + b                      # a shared bias of shape (1,) broadcasts
        name = layer.activation.name
        h = {"sigmoid": torch.sigmoid, "softmax": lambda z: torch.softmax(z, dim=-1),
             "tanh": torch.tanh, "relu": torch.relu, "linear": lambda z: z}[name](a)
    t = torch.tensor(np.atleast_2d(y), dtype=torch.float64)
    n = h.shape[0]
    if loss == "half_sse":
        L = 0.5 * ((t - h) ** 2).sum()
    elif loss == "binary_cross_entropy":
        L = torch.nn.functional.binary_cross_entropy(h, t, reduction="sum") / n
    elif loss == "cross_entropy":
        L = -(t * torch.log(h)).sum() / n
    else:
        raise ValueError(loss)
    L.backward()
    return ([None] + [W.grad.numpy() for W in Ws], [None] + [b.grad.numpy() for b in bs],
            float(L.detach()))


@pytest.mark.parametrize("example,loss", [
    (fc.worked_example, "half_sse"),
    (fc.binary_ce_example, "binary_cross_entropy"),
    (fc.multiclass_ce_example, "cross_entropy"),
])
def test_backprop_matches_autograd(example, loss):
    net, x, y = example()
    dW, db, L = torch_gradients(net, x, y, loss)
    grads = net.gradients(x, y, loss)
    assert net.loss(x, y, loss) == pytest.approx(L, rel=1e-12)
    for i in range(1, len(net.layers) + 1):
        np.testing.assert_allclose(grads.dW[i], dW[i], rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(grads.db[i], db[i], rtol=1e-10, atol=1e-15)


def test_worked_example_slide_gradients_and_update():
    net, x, t = fc.worked_example()
    dW, _, L = torch_gradients(net, x, t, "half_sse")
    assert f"{L:.9f}" == "0.298371109"
    assert f"{dW[2][0, 0]:.9f}" == "0.082167041"
    assert f"{dW[1][0, 0]:.9f}" == "0.000438568"
    assert f"{0.4 - WORKED_LR * dW[2][0, 0]:.8f}" == "0.35891648"
    assert f"{0.15 - WORKED_LR * dW[1][0, 0]:.9f}" == "0.149780716"


def test_batch_with_per_neuron_biases():
    net = fc.Network.from_sizes([3, 4, 2], ["tanh", "softmax"], rng=3, bias=0.1)
    rng = np.random.default_rng(4)
    x = rng.normal(size=(5, 3))
    y = np.eye(2)[rng.integers(0, 2, size=5)]
    dW, db, _ = torch_gradients(net, x, y, "cross_entropy")
    grads = net.gradients(x, y, "cross_entropy")
    for i in (1, 2):
        np.testing.assert_allclose(grads.dW[i], dW[i], rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(grads.db[i], db[i], rtol=1e-10, atol=1e-15)
