"""Network shapes, the worked example's update, training, determinism, import cost."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ffnn_course as fc


@settings(max_examples=40, deadline=None)
@given(sizes=st.lists(st.integers(1, 8), min_size=2, max_size=5), n=st.integers(1, 16),
       seed=st.integers(0, 1000))
def test_shapes_follow_the_lecture(sizes, n, seed):
    net = fc.Network.from_sizes(sizes, "tanh", rng=seed)
    x = np.random.default_rng(seed).normal(size=(n, sizes[0]))
    trace = net.forward(x)
    assert trace.a[0] is None and trace.h[0] is x or np.array_equal(trace.h[0], x)
    for i in range(1, len(sizes)):
        assert net.W[i].shape == (sizes[i], sizes[i - 1])        # (n_out, n_in)
        assert trace.a[i].shape == trace.h[i].shape == (n, sizes[i])
    one = net.forward(x[0])                                      # same rank out
    assert one.output.shape == (sizes[-1],)
    np.testing.assert_allclose(one.output, trace.output[0])
    grads = net.backward(one, np.zeros(sizes[-1]), "mse")
    assert [g.shape for g in grads.as_list()] == [p.shape for p in net.parameters()]
    assert grads.delta[-1].shape == (sizes[-1],)


def test_batch_equals_mean_of_single_examples():
    """Vectorised backprop over a batch = the average of per-example gradients (mean losses)."""
    rng = np.random.default_rng(1)
    net = fc.Network.from_sizes([3, 5, 4], ["relu", "softmax"], rng=rng)
    x, y = rng.normal(size=(6, 3)), rng.integers(0, 4, 6)
    batch = net.gradients(x, y, "cross_entropy").as_list()
    singles = [net.gradients(x[k], int(y[k]), "cross_entropy").as_list() for k in range(6)]
    for k, g in enumerate(batch):
        np.testing.assert_allclose(g, np.mean([s[k] for s in singles], axis=0), atol=1e-14)


def test_worked_example_one_update_of_the_weights_only():
    net, x, t = fc.worked_example()
    grads = net.gradients(x, t, "half_sse")
    opt = fc.GradientDescent(net.parameters(biases=False), lr=fc.WORKED_LR)
    opt.step(grads.as_list(biases=False))
    assert f"{net.W[2][0, 0]:.8f}" == "0.35891648"
    assert f"{net.W[1][0, 0]:.9f}" == "0.149780716"
    np.testing.assert_array_equal(net.b[1], [0.35])
    np.testing.assert_array_equal(net.b[2], [0.60])


def test_train_with_a_weights_only_optimizer_reproduces_the_worked_update():
    net, x, t = fc.worked_example()
    opt = fc.GradientDescent(net.parameters(biases=False), lr=fc.WORKED_LR)
    fc.train(net, x[None, :], t[None, :], "half_sse", opt, epochs=1)
    assert f"{net.W[2][1, 1]:.9f}" == "0.561370121"
    np.testing.assert_array_equal(net.b[2], [0.60])


def _toy_classification(seed=0, n=120):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    y = (x[:, 0] * x[:, 1] > 0).astype(int)       # XOR-like quadrants
    return x, y


def test_training_learns_xor_like_data_and_returns_a_history():
    x, y = _toy_classification()
    net = fc.Network.from_sizes([2, 16, 2], ["tanh", "softmax"], rng=0)
    hist = fc.train(net, x, y, "cross_entropy", "adam", lr=0.05, epochs=150, batch_size=32,
                    rng=0, validation=(x, y))
    assert hist.epochs == 150 and hist.loss[-1] < 0.5 * hist.loss[0]
    assert fc.accuracy(net, x, y) > 0.9
    assert hist.steps[-1] == 150 * 4 and hist.examples_seen[-1] == 150 * 120
    assert len(hist.val_loss) == len(hist.val_accuracy) == 150


@pytest.mark.parametrize("batch_size,steps_per_epoch", [(None, 1), (32, 4), (1, 120)])
def test_strategies_batch_minibatch_stochastic(batch_size, steps_per_epoch):
    x, y = _toy_classification()
    net = fc.Network.from_sizes([2, 8, 2], ["tanh", "softmax"], rng=0)
    hist = fc.train(net, x, y, "cross_entropy", "gd", lr=0.1, epochs=3, batch_size=batch_size,
                    rng=0, record_steps=True)
    assert hist.steps == [steps_per_epoch * e for e in (1, 2, 3)]
    assert len(hist.step_loss) == 3 * steps_per_epoch


def test_same_seed_gives_bit_identical_histories():
    x, y = _toy_classification()

    def run():
        net = fc.Network.from_sizes([2, 8, 8, 2], ["relu", "tanh", "softmax"],
                                    init="he_normal", rng=7)
        hist = fc.train(net, x, y, "cross_entropy", "momentum", lr=0.05, epochs=5,
                        batch_size=16, rng=7, dropout=0.2, l2=1e-3, validation=(x, y),
                        record_steps=True)
        return hist, net

    (h1, n1), (h2, n2) = run(), run()
    assert h1.loss == h2.loss and h1.step_loss == h2.step_loss and h1.val_loss == h2.val_loss
    for p, q in zip(n1.parameters(), n2.parameters()):
        assert np.array_equal(p, q)


def test_early_stopping_restores_the_best_weights():
    x, y = _toy_classification(0)
    xv, yv = _toy_classification(1, n=60)
    net = fc.Network.from_sizes([2, 32, 2], ["tanh", "softmax"], rng=0)
    hist = fc.train(net, x, y, "cross_entropy", "adam", lr=0.2, epochs=300, batch_size=8,
                    rng=0, validation=(xv, yv), early_stopping=5)
    assert hist.stopped_early and hist.epochs < 300
    best = min(hist.val_loss)
    assert hist.val_loss[hist.best_epoch] == best
    assert net.loss(xv, yv, "cross_entropy") == pytest.approx(best, rel=1e-12)


def test_l2_penalty_shrinks_weights():
    x, y = _toy_classification()
    norms = []
    for l2 in (0.0, 0.1):
        net = fc.Network.from_sizes([2, 16, 2], ["tanh", "softmax"], rng=0)
        fc.train(net, x, y, "cross_entropy", "gd", lr=0.2, epochs=50, rng=0, l2=l2)
        norms.append(sum(np.sum(W ** 2) for W in net.W[1:]))
    assert norms[1] < 0.8 * norms[0]


def test_training_does_not_touch_the_callers_arrays():
    x, y = _toy_classification()
    W = np.array([[0.1, 0.2], [0.3, -0.4]])
    x_before, W_before = x.copy(), W.copy()
    net = fc.Network([fc.Dense(W, [0.0, 0.0], "softmax")])
    fc.train(net, x, y, "cross_entropy", "gd", lr=0.5, epochs=3)
    assert np.array_equal(x, x_before) and np.array_equal(W, W_before)
    assert not np.array_equal(net.W[1], W_before)


def test_progress_bar_is_opt_in_and_silenced_by_the_environment(capsys, monkeypatch):
    pytest.importorskip("tqdm")
    x, y = _toy_classification()
    net = fc.Network.from_sizes([2, 4, 2], ["tanh", "softmax"], rng=0)
    fc.train(net, x, y, "cross_entropy", lr=0.1, epochs=2)
    assert capsys.readouterr() == ("", "")
    monkeypatch.setenv("FFNN_COURSE_NO_PROGRESS", "1")
    fc.train(net, x, y, "cross_entropy", lr=0.1, epochs=2, progress="auto")
    assert capsys.readouterr() == ("", "")
    monkeypatch.delenv("FFNN_COURSE_NO_PROGRESS")
    fc.train(net, x, y, "cross_entropy", lr=0.1, epochs=2, progress=True)
    assert "training" in capsys.readouterr().err


def test_import_is_light():
    """`import ffnn_course` pulls in no SymPy, matplotlib, ipywidgets, scikit-learn or tqdm."""
    code = ("import sys, ffnn_course; heavy = [m for m in ('sympy', 'matplotlib', 'ipywidgets', "
            "'sklearn', 'tqdm', 'IPython') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    importtime = subprocess.run([sys.executable, "-X", "importtime", "-c", "import ffnn_course"],
                                capture_output=True, text=True, check=True).stderr
    for heavy in ("sympy", "matplotlib", "ipywidgets", "sklearn"):
        assert f" {heavy}" not in importtime


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
def test_divergence_stops_training_with_a_clear_error():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(20, 3)) * 100
    y = rng.normal(size=(20, 1))
    net = fc.Network.from_sizes([3, 1], "linear", rng=0)
    with pytest.raises(FloatingPointError, match=r"training diverged: the loss became .* "
                                                   r"try a smaller learning rate"):
        fc.train(net, x, y, "mse", "gd", lr=10.0, epochs=50)


class _Scale(fc.Layer):
    """A third kind of layer, written only against the layer protocol: ``a = s ⊙ h_prev + c``."""

    parameter_names = ("s", "c")
    bias_names = ("c",)

    def __init__(self, n, activation="tanh", rng=0):
        self.s = np.random.default_rng(rng).uniform(0.5, 1.5, n)
        self.c = np.zeros(n)
        self.activation = fc.get_activation(activation)

    n_in = property(lambda self: self.s.shape[0])
    n_out = property(lambda self: self.s.shape[0])

    def forward(self, h_prev, training=False, update=True):
        a = h_prev * self.s + self.c
        return a, self.activation.value(a)

    def backward(self, delta, h_prev, training=False, input_grad=True):
        return (delta * h_prev).sum(axis=0), delta.sum(axis=0), \
            (delta * self.s if input_grad else None)

    def copy(self):
        new = _Scale(self.n_in, self.activation)
        new.s, new.c = self.s.copy(), self.c.copy()
        return new


def test_a_new_kind_of_layer_needs_no_change_to_network_or_train():
    rng = np.random.default_rng(0)
    net = fc.Network([fc.Dense.init(3, 4, "linear", rng=0), _Scale(4, "tanh"),
                      fc.Dense.init(4, 2, "softmax", rng=1)])
    x, y = rng.normal(size=(6, 3)), rng.integers(0, 2, 6)
    assert fc.gradient_check(net, x, y, "cross_entropy").passed()
    grads = net.gradients(x, y, "cross_entropy")
    assert grads["s"][2].shape == (4,) and grads.dW[2] is None
    assert [g.shape for g in grads.as_list(biases=False)] == [(4, 3), (4,), (2, 4)]
    history = fc.train(net, x, y, "cross_entropy", lr=0.5, epochs=30)
    assert history.loss[-1] < history.loss[0]
    assert repr(net).startswith("Network([Dense(3 -> 4")
