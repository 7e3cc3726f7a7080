"""Property-based gradient checks: backprop agrees with central finite differences.

Random architectures (1–4 layers, widths 1–8), every activation, every loss,
batch sizes 1–16, float64: relative error ≤ 1e-6 for every parameter array.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ffnn_course as fc

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
# (output function, loss) pairs a course would use, plus mismatched ones that
# exercise the general chain rule through O (e.g. softmax with squared error).
OUTPUT_LOSS = [
    ("sigmoid", "half_sse"), ("sigmoid", "mse"), ("sigmoid", "binary_cross_entropy"),
    ("softmax", "cross_entropy"), ("softmax", "mse"), ("softmax", "half_sse"),
    ("linear", "mse"), ("linear", "half_sse"), ("tanh", "mse"),
    ("relu", "mse"), ("leaky_relu", "half_sse"),
]


def _targets(rng, loss, n, k):
    if loss == "cross_entropy":
        kind = rng.integers(0, 3)
        if kind == 0:
            return rng.integers(0, k, size=n)                       # class labels
        if kind == 1:
            return np.eye(k)[rng.integers(0, k, n)]                 # one-hot rows
        # probability rows, off from summing to 1 by up to 5e-6 (accepted within 1e-5)
        return rng.dirichlet(np.ones(k), size=n) * (1 + rng.uniform(-5e-6, 5e-6, (n, 1)))
    if loss == "binary_cross_entropy":
        return rng.random((n, k))            # soft targets in [0, 1]
    return rng.normal(size=(n, k))


EPS, ORDER = 1e-3, 4


def _away_from_kinks(net, x):
    """False when a finite-difference perturbation moves a ReLU-type unit across its kink.

    There the loss has no derivative and finite differences measure a mix of
    two slopes, so such draws say nothing about backprop.
    """
    kinked = [i for i, layer in enumerate(net.layers, 1)
              if layer.activation.name in ("relu", "leaky_relu")]
    if not kinked:
        return True
    signs = lambda: [net.forward(x).a[i] > 0 for i in kinked]  # noqa: E731
    base, crossed = signs(), []

    def probe():
        crossed.append(any(np.any(s != b) for s, b in zip(signs(), base)))
        return 0.0

    for p in net.parameters():
        fc.numerical_gradient(probe, p, EPS, ORDER)
    return not any(crossed)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    widths=st.lists(st.integers(1, 8), min_size=2, max_size=5),
    hidden=st.lists(st.sampled_from(HIDDEN), min_size=3, max_size=3),
    output_loss=st.sampled_from(OUTPUT_LOSS),
    batch=st.integers(1, 16),
    single=st.booleans(),
    shared_bias=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_backprop_matches_finite_differences(widths, hidden, output_loss, batch, single,
                                             shared_bias, seed):
    output, loss = output_loss
    if output == "softmax" and widths[-1] < 2:
        widths = widths[:-1] + [2]
    rng = np.random.default_rng(seed)
    n_layers = len(widths) - 1
    acts = [hidden[i % 3] for i in range(n_layers - 1)] + [output]
    layers = []
    for n_in, n_out, g in zip(widths[:-1], widths[1:], acts):
        # Weights of the usual scale (variance 1/n_in) keep units out of deep saturation.
        b = rng.normal(0.0, 0.5, size=1 if shared_bias else n_out)
        layers.append(fc.Dense(rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_out, n_in)), b, g))
    net = fc.Network(layers)
    x = rng.normal(size=widths[0]) if single else rng.normal(size=(batch, widths[0]))
    n = 1 if single else batch
    y = _targets(rng, loss, n, widths[-1])
    if single:
        y = y[0]
    if not _away_from_kinks(net, x):
        return
    # The four-point stencil keeps finite-difference noise near 1e-12, far below
    # the 1e-6 tolerance even for small gradient entries.
    report = fc.gradient_check(net, x, y, loss, eps=EPS, order=ORDER)
    for name, err, a, n in zip(report.names, report.relative_error, report.analytic,
                               report.numeric):
        # Relative error ≤ 1e-6; where a gradient is too small for finite
        # differences to resolve (a bias a softmax ignores), agreement to 1e-10.
        assert err <= 1e-6 or np.linalg.norm(a - n) <= 1e-10, (name, err, a, n)
    assert report.passed(tol=1e-6, atol=1e-10)


def test_gradient_check_detects_a_wrong_gradient():
    """The check is able to fail: drop the σ'(a) factor from the hidden layer."""
    net, x, t = fc.worked_example()

    class NoDerivative(fc.Sigmoid):
        def derivative(self, a, h=None):
            return np.ones_like(a)

    net.layers[0].activation = NoDerivative()
    report = fc.gradient_check(net, x, t, "half_sse")
    assert report.relative_error[0] > 1e-2         # W1 is wrong
    assert report.relative_error[2] < 1e-8         # W2 is still right
    assert not report.passed()


def test_gradient_check_leaves_the_network_unchanged():
    net, x, t = fc.worked_example()
    before = [p.copy() for p in net.parameters()]
    fc.gradient_check(net, x, t, "half_sse")
    for p, q in zip(net.parameters(), before):
        assert np.array_equal(p, q)


@pytest.mark.parametrize("loss,output", [("cross_entropy", "softmax"),
                                         ("binary_cross_entropy", "sigmoid")])
def test_fused_output_delta_equals_general_chain_rule(loss, output):
    """δ_L = (ŷ − y)/N (fused) equals O'(a_L)ᵀ ∂L/∂ŷ (general) for unsaturated outputs."""
    rng = np.random.default_rng(3)
    net = fc.Network.from_sizes([3, 4, 3], ["tanh", output], rng=rng)
    x = rng.normal(size=(5, 3))
    y = np.eye(3)[rng.integers(0, 3, 5)] if loss == "cross_entropy" else rng.random((5, 3))
    trace = net.forward(x)
    fused = net.output_delta(trace, y, loss)
    lf = fc.get_loss(loss)
    general = net.layers[-1].activation.backward(trace.a[-1], trace.h[-1],
                                                 lf.gradient(trace.h[-1], y))
    np.testing.assert_allclose(fused, general, rtol=1e-10, atol=1e-14)


def test_dropout_gradients_match_finite_differences_with_a_fixed_mask():
    """With the same dropout mask, backprop through dropout is exact."""
    rng = np.random.default_rng(0)
    net = fc.Network.from_sizes([4, 6, 5, 3], ["tanh", "sigmoid", "softmax"], rng=rng)
    x = rng.normal(size=(7, 4))
    y = rng.integers(0, 3, 7)
    trace = net.forward(x, dropout=0.3, rng=1)
    grads = net.backward(trace, y, "cross_entropy").as_list()

    def loss_with_same_mask():
        return fc.cross_entropy.value(net.forward(x, dropout=0.3, rng=1).output, y)

    for p, g in zip(net.parameters(), grads):
        numeric = fc.numerical_gradient(loss_with_same_mask, p)
        assert fc.relative_error(g, numeric) < 1e-7


def test_cross_entropy_rescales_probability_rows_to_sum_to_one():
    """Rows accepted within 1e-5 of summing to 1 are rescaled, so δ_L = (ŷ − y)/N is exact."""
    rng = np.random.default_rng(5)
    net = fc.Network.from_sizes([3, 4, 3], ["tanh", "softmax"], rng=rng)
    x = rng.normal(size=(6, 3))
    y = rng.dirichlet(np.ones(3), size=6)
    off = y * (1 + 8e-6)                       # every row sums to 1.000008
    before = off.copy()
    trace = net.forward(x)
    assert fc.cross_entropy.value(trace.output, off) == pytest.approx(
        fc.cross_entropy.value(trace.output, y), rel=1e-12)
    np.testing.assert_allclose(net.output_delta(trace, off, "cross_entropy"),
                               (trace.output - y) / 6, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(off, before)            # the caller's targets are unchanged
