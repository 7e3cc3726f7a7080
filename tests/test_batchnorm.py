"""Batch normalisation: forward statistics, running averages, and gradient checks."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ffnn_course import Dense, Network, gradient_check, train
from ffnn_course.batchnorm import BatchNorm, batchnorm_network
from ffnn_course.gradcheck import relative_error


def _perturbed_bn_net(sizes, activations, seed):
    """A Dense→BatchNorm net with γ, β moved away from 1, 0 (a stronger check)."""
    rng = np.random.default_rng(seed)
    net = batchnorm_network(sizes, activations=activations, rng=seed)
    for layer in net.layers:
        if isinstance(layer, BatchNorm):
            layer.gamma[:] = rng.uniform(0.5, 1.5, layer.n_in)
            layer.beta[:] = rng.uniform(-0.5, 0.5, layer.n_in)
    return net, rng


@settings(max_examples=25, deadline=None)
@given(n_in=st.integers(1, 5), hidden=st.lists(st.integers(1, 5), min_size=1, max_size=3),
       n_out=st.integers(2, 4), batch=st.integers(2, 7),
       act=st.sampled_from(["tanh", "sigmoid", "leaky_relu", "linear"]),
       seed=st.integers(0, 2**16))
def test_batchnorm_network_passes_gradient_check(n_in, hidden, n_out, batch, act, seed):
    net, rng = _perturbed_bn_net([n_in] + hidden + [n_out], act, seed)
    x = rng.normal(size=(batch, n_in)) * rng.uniform(0.5, 3.0)
    y = rng.integers(0, n_out, size=batch)
    before = [p.copy() for p in net.parameters() + net.buffers()]
    report = gradient_check(net, x, y, "cross_entropy")
    before_bn = {f"b{i}" for i, layer in enumerate(net.layers[1:], start=1)
                 if isinstance(layer, BatchNorm)}
    for name, err, a, n in zip(report.names, report.relative_error, report.analytic,
                               report.numeric):
        if name in before_bn:
            # a bias right before a batch norm is cancelled by the mean: zero gradient
            assert np.linalg.norm(a) <= 1e-9 and np.linalg.norm(n) <= 1e-8, name
        else:
            # relative error ≤ 1e-6, unless the gradient itself is below the
            # finite-difference noise floor (~1e-10 per entry; e.g. W before a batch norm of
            # 2 examples, which only moves the output through ε)
            assert err <= 1e-6 or np.linalg.norm(a - n) <= 1e-8, (name, err)
    assert any(name.startswith("gamma") for name in report.names)
    for p, q in zip(net.parameters() + net.buffers(), before):   # left unchanged
        np.testing.assert_array_equal(p, q)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 6), batch=st.integers(2, 8), seed=st.integers(0, 2**16),
       training=st.booleans())
def test_layer_backward_matches_finite_differences(n, batch, training, seed):
    """The layer alone, with a random linear read-out L = Σ c ⊙ a, in both modes."""
    rng = np.random.default_rng(seed)
    bn = BatchNorm(n, "linear", gamma=rng.uniform(0.5, 2, n), beta=rng.normal(size=n))
    bn.running_mean[:] = rng.normal(size=n)
    bn.running_var[:] = rng.uniform(0.5, 2.0, n)
    h = rng.normal(size=(batch, n)) * 2 + 1
    c = rng.normal(size=(batch, n))

    def loss():
        return float(np.sum(c * bn.forward(h, training=training, update=False)[0]))

    d_gamma, d_beta, grad_h = bn.backward(c, h, training=training)
    eps = 1e-6
    for analytic, array in ((d_gamma, bn.gamma), (d_beta, bn.beta), (grad_h, h)):
        numeric = np.zeros_like(array)
        for idx in np.ndindex(array.shape):
            old = array[idx]
            array[idx] = old + eps
            plus = loss()
            array[idx] = old - eps
            minus = loss()
            array[idx] = old
            numeric[idx] = (plus - minus) / (2 * eps)
        # relative error ≤ 1e-6, or below the finite-difference noise floor (a batch
        # of 2 is standardised to ±1 whatever h is: ∂L/∂h then only comes through ε)
        assert (relative_error(analytic, numeric) <= 1e-6
                or np.linalg.norm(analytic - numeric) <= 1e-8)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 6), batch=st.integers(2, 10), seed=st.integers(0, 2**16))
def test_training_mode_standardises_and_updates_running_averages(n, batch, seed):
    rng = np.random.default_rng(seed)
    h = rng.normal(3.0, 2.0, size=(batch, n))
    bn = BatchNorm(n, "linear", eps=1e-12, momentum=0.25)
    a, out = bn.forward(h, training=True)
    assert a.shape == out.shape == (batch, n)
    np.testing.assert_allclose(a.mean(axis=0), 0.0, atol=1e-9)
    spread = h.std(axis=0) > 1e-3
    np.testing.assert_allclose(a.std(axis=0)[spread], 1.0, rtol=1e-6)
    np.testing.assert_allclose(bn.running_mean, 0.25 * h.mean(axis=0))
    np.testing.assert_allclose(bn.running_var, 0.75 + 0.25 * h.var(axis=0, ddof=1))


def test_inference_mode_uses_running_statistics_and_ignores_the_batch():
    bn = BatchNorm(2, "linear", gamma=[2.0, 1.0], beta=[0.0, 1.0], eps=1e-5)
    bn.running_mean[:] = [1.0, -1.0]
    bn.running_var[:] = [4.0, 1.0]
    h = np.array([[3.0, 0.0], [1.0, 1.0]])
    a, _ = bn.forward(h)
    expected = np.array([2.0, 1.0]) * (h - [1.0, -1.0]) / np.sqrt(np.array([4.0, 1.0]) + 1e-5) + [0, 1]
    np.testing.assert_allclose(a, expected)
    np.testing.assert_allclose(bn.forward(h[:1])[0], expected[:1])   # one row, same answer
    assert np.all(bn.running_mean == [1.0, -1.0])                       # not updated


def test_training_mode_needs_two_examples():
    with pytest.raises(ValueError, match="at least 2 examples"):
        BatchNorm(3).forward(np.ones((1, 3)), training=True)


@pytest.mark.parametrize("kwargs, message", [
    (dict(n=0), "n must be >= 1"), (dict(n=2, eps=0.0), "eps"),
    (dict(n=2, momentum=1.5), "momentum"), (dict(n=2, gamma=[1.0]), "gamma has shape"),
])
def test_invalid_arguments_are_rejected(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        BatchNorm(**kwargs)


def test_network_with_batchnorm_structure_copy_and_errors():
    net = batchnorm_network([4, 3, 2], rng=0)
    assert [type(layer).__name__ for layer in net.layers] == ["Dense", "BatchNorm", "Dense"]
    assert net.sizes == [4, 3, 3, 2]
    assert net.W[2] is None and net.b[2] is None
    assert [p.shape for p in net.parameters()] == [(3, 4), (3,), (3,), (3,), (2, 3), (2,)]
    clone = net.copy()
    clone.layers[1].gamma[:] = 5.0
    clone.layers[1].running_mean[:] = 5.0
    assert np.all(net.layers[1].gamma == 1.0) and np.all(net.layers[1].running_mean == 0.0)
    with pytest.raises(ValueError, match="expects 5 inputs"):
        Network([Dense.init(4, 3, "linear", rng=0), BatchNorm(5)])
    with pytest.raises(TypeError, match="must be a Dense"):
        Network([object()])


def test_gradients_keep_lecture_lists_for_batchnorm_layers():
    net = batchnorm_network([4, 3, 2], rng=0)
    x = np.random.default_rng(1).normal(size=(5, 4))
    grads = net.backward(net.forward(x, training=True), [0, 1, 1, 0, 1], "cross_entropy")
    assert grads.dW[2] is None and grads.dgamma[2].shape == (3,)
    assert grads.dgamma[1] is None and grads.dW[1].shape == (3, 4)
    assert [g.shape for g in grads.as_list()] == [p.shape for p in net.parameters()]


def test_train_uses_training_mode_and_validation_uses_running_statistics():
    rng = np.random.default_rng(0)
    x = rng.normal(2.0, 3.0, size=(64, 4))
    y = (x[:, 0] + x[:, 1] > 4).astype(np.int64)
    net = batchnorm_network([4, 8, 2], rng=0)
    history = train(net, x, y, "cross_entropy", "adam", lr=0.05, epochs=30, batch_size=16,
                    rng=1, validation=(x, y))
    bn = net.layers[1]
    assert not np.allclose(bn.running_mean, 0.0)          # running averages were updated
    assert history.val_accuracy[-1] >= 0.9
    # inference mode: a prediction does not depend on the rest of the batch
    np.testing.assert_allclose(net.predict(x[:1]), net.predict(x)[:1])


def test_early_stopping_restores_running_statistics_with_the_weights():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 3))
    y = rng.integers(0, 2, 40)                              # noise: val loss soon rises
    net = batchnorm_network([3, 16, 2], rng=0)
    history = train(net, x[:20], y[:20], "cross_entropy", "adam", lr=0.05, epochs=60,
                    batch_size=10, rng=1, validation=(x[20:], y[20:]), early_stopping=3)
    assert history.stopped_early
    assert net.loss(x[20:], y[20:], "cross_entropy") == pytest.approx(
        history.val_loss[history.best_epoch])
