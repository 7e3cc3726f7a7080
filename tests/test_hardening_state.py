"""Hardening, family 4: a call that fails leaves everything as it was.

An optimizer step checks everything before the first update; ``train`` checks
what it can before the first update and, if it fails during training, puts
the network and the optimizer back as they were when it was called (or at
the best epoch, when early stopping kept the best weights) and says so."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ffnn_course as fc

OPTIMIZERS = ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]


def state_of(opt):
    params, t, state = opt.snapshot()
    return params, t, state


def same_state(a, b):
    (pa, ta, sa), (pb, tb, sb) = a, b
    return (ta == tb and all(np.array_equal(x, y) for x, y in zip(pa, pb))
            and len(sa) == len(sb)
            and all(d1.keys() == d2.keys() and all(np.array_equal(d1[k], d2[k]) for k in d1)
                    for d1, d2 in zip(sa, sb)))


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(OPTIMIZERS), n_params=st.integers(1, 4), seed=st.integers(0, 10**6),
       bad_at=st.integers(0, 3), kind=st.sampled_from(["nan", "shape", "complex", "read-only"]))
def test_a_failed_step_changes_nothing(name, n_params, seed, bad_at, kind):
    rng = np.random.default_rng(seed)
    params = [rng.normal(size=(2, 3)) for _ in range(n_params)]
    opt = fc.get_optimizer(name, params, lr=0.1)
    for _ in range(2):                                    # some state to protect
        opt.step([rng.normal(size=p.shape) for p in params])
    grads = [rng.normal(size=p.shape) for p in params]
    k = bad_at % n_params
    if kind == "nan":
        grads[k][0, 0] = np.nan
    elif kind == "shape":
        grads[k] = grads[k].T
    elif kind == "complex":
        grads[k] = grads[k] + 1j
    else:
        params[k].flags.writeable = False
    before = state_of(opt)
    with pytest.raises((ValueError, TypeError), match=rf"(grads|params)\[{k}\]"):
        opt.step(grads)
    assert same_state(before, state_of(opt))


def test_an_optimizer_refuses_a_read_only_parameter_up_front():
    read_only = np.ones(2)
    read_only.flags.writeable = False
    w = np.ones(2)
    with pytest.raises(ValueError, match=r"params\[1\] is read-only"):
        fc.GradientDescent([w, read_only], 0.1)
    assert np.array_equal(w, np.ones(2))


@settings(max_examples=25, deadline=None)
@given(batch_size=st.integers(2, 9), batches=st.integers(1, 4), seed=st.integers(0, 10**6))
def test_batch_norm_training_refuses_a_last_batch_of_one_row_before_any_update(
        batch_size, batches, seed):
    rng = np.random.default_rng(seed)
    n = batch_size * batches + 1                          # the last mini-batch has one row
    net = fc.batchnorm_network([3, 4, 2], rng=seed)
    before = [p.copy() for p in net.parameters() + net.buffers()]
    with pytest.raises(ValueError, match=rf"batch_size={batch_size} .* mini-batch of 1 row"):
        fc.train(net, rng.normal(size=(n, 3)), rng.integers(0, 2, n), "cross_entropy",
                 lr=0.1, batch_size=batch_size, epochs=2)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.parameters() + net.buffers()))


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10**6), name=st.sampled_from(["gd", "momentum", "adam"]),
       batchnorm=st.booleans())
def test_diverging_training_restores_the_network_and_the_optimizer(seed, name, batchnorm):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(16, 3)) * 50, rng.normal(size=(16, 1)) * 1e3
    if batchnorm:
        net = fc.batchnorm_network([3, 8, 1], output="linear", rng=seed)
    else:
        net = fc.Network.from_sizes([3, 8, 1], ["relu", "linear"], rng=seed)
    lr = (lambda t: 10.0 ** min(t, 300)) if name == "adam" else 10.0      # Adam's steps ≈ η
    opt = fc.get_optimizer(name, net.parameters(), lr=lr)
    fc.train(net, x[:4], y[:4] * 0, "mse", opt, epochs=1)          # some optimizer state
    before_net = [p.copy() for p in net.parameters() + net.buffers()]
    before_opt = state_of(opt)
    with np.errstate(over="ignore", invalid="ignore"):
        with pytest.raises(FloatingPointError, match="when train was called"):
            fc.train(net, x, y, "mse", opt, epochs=100, batch_size=4, rng=seed)
    assert all(np.array_equal(a, b) for a, b in zip(before_net, net.parameters() + net.buffers()))
    assert same_state(before_opt, state_of(opt))


def test_a_failure_after_the_best_epoch_restores_the_best_weights():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(40, 2)), rng.integers(0, 2, 40)
    net = fc.Network.from_sizes([2, 4, 2], ["tanh", "softmax"], rng=0)

    def schedule(t):                     # a rate that breaks after 5 steps (5 epochs)
        return 0.5 if t < 5 else -1.0

    with pytest.raises(ValueError, match=r"at the best epoch \(\d+, validation loss"):
        fc.train(net, x, y, "cross_entropy", lr=schedule, epochs=10, validation=(x, y),
                 early_stopping=3)
    reference = fc.Network.from_sizes([2, 4, 2], ["tanh", "softmax"], rng=0)
    history = fc.train(reference, x, y, "cross_entropy", lr=0.5, epochs=5, validation=(x, y))
    best = history.best_epoch + 1
    again = fc.Network.from_sizes([2, 4, 2], ["tanh", "softmax"], rng=0)
    fc.train(again, x, y, "cross_entropy", lr=0.5, epochs=best)
    assert all(np.array_equal(a, b) for a, b in zip(again.parameters(), net.parameters()))


def test_a_network_holding_nan_is_refused_before_training():
    net = fc.Network.from_sizes([2, 3, 2], rng=0)
    net.W[2][1, 0] = np.nan
    with pytest.raises(ValueError, match="parameter W2 holds NaN") as info:
        fc.train(net, np.ones((4, 2)), [0, 1, 0, 1], "cross_entropy", lr=0.1)
    assert "learning rate" not in str(info.value)


def test_an_overflowing_first_batch_is_not_blamed_on_the_learning_rate():
    net = fc.Network.from_sizes([1, 1], ["linear"], rng=0)
    net.W[1][...] = 1e300
    with np.errstate(over="ignore"):
        with pytest.raises(FloatingPointError, match="before any update") as info:
            fc.train(net, np.array([[1e10]]), [[0.0]], "mse", lr=0.1)
    assert "learning rate" not in str(info.value)
