"""Part 3 (training in practice): surfaces, augmentation, experiments, figures, accuracy."""

import os

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from ffnn_course import Network, accuracy, load_digits_split, optimizers, train  # noqa: E402
from ffnn_course import plotting  # noqa: E402
from ffnn_course.augment import augment_shifts, shift_images  # noqa: E402
from ffnn_course.experiments import (architecture_grid, layer_statistics,  # noqa: E402
                                     run_experiments, sklearn_digits_classifier,
                                     train_digits_classifier)
from ffnn_course.landscapes import SURFACES, compare_paths, optimize_path  # noqa: E402


@pytest.fixture(scope="module")
def data():
    return load_digits_split()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ----- surfaces and optimizer paths ---------------------------------------------------
@pytest.mark.parametrize("surface", list(SURFACES.values()), ids=list(SURFACES))
def test_surface_gradients_match_finite_differences(surface):
    rng = np.random.default_rng(0)
    for w in rng.uniform(-1.5, 1.5, size=(5, 2)):
        eps = 1e-6
        numeric = [(surface.f(w + eps * e) - surface.f(w - eps * e)) / (2 * eps)
                   for e in np.eye(2)]
        np.testing.assert_allclose(surface.grad(w), numeric, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(surface.grad(np.array(surface.minimum)), 0.0, atol=1e-3)


def test_optimize_path_drives_the_package_optimizers():
    surf = SURFACES["elongated"]
    path = optimize_path(optimizers.GradientDescent, surf.f, surf.grad, [2.0, 1.0], 2, lr=0.1)
    assert path.shape == (3, 2)
    np.testing.assert_allclose(path[1], [2.0 - 0.1 * 2.0, 1.0 - 0.1 * 25.0])
    with pytest.raises(ValueError, match="diverged"):
        optimize_path(optimizers.GradientDescent, surf.f, surf.grad, [2.0, 1.0], 500, lr=1.0)
    with pytest.raises(ValueError, match="2 entries"):
        optimize_path(optimizers.Adam, surf.f, surf.grad, [1.0, 2.0, 3.0], 5)


def test_paths_show_the_chapter_claims():
    two = compare_paths("two_minima")
    f = SURFACES["two_minima"].f
    assert f(two["momentum"][-1]) < -0.3 and f(two["gd"][-1]) > 0.29    # deep vs shallow
    rosen = compare_paths("rosenbrock")
    assert SURFACES["rosenbrock"].f(rosen["adagrad"][-1]) > 1.0          # AdaGrad stalls
    assert SURFACES["rosenbrock"].f(rosen["momentum"][-1]) < 0.01


# ----- augmentation -------------------------------------------------------------------
@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 6), dx=st.integers(-3, 3), dy=st.integers(-3, 3),
       seed=st.integers(0, 1000))
def test_shift_moves_pixels_and_keeps_shape(n, dx, dy, seed):
    x = np.random.default_rng(seed).random((n, 64))
    out = shift_images(x, dx, dy)
    assert out.shape == x.shape
    img, new = x.reshape(n, 8, 8), out.reshape(n, 8, 8)
    for r in range(8):
        for c in range(8):
            src_r, src_c = r - dy, c - dx
            expected = img[:, src_r, src_c] if 0 <= src_r < 8 and 0 <= src_c < 8 else 0.0
            np.testing.assert_array_equal(new[:, r, c], expected)
    np.testing.assert_array_equal(shift_images(out, -dx, -dy) * (out != 0).any() + 0,
                                  shift_images(out, -dx, -dy))


def test_augment_shifts_is_seeded_and_does_not_mutate(data):
    x, y = data.x_train[:50].copy(), data.y_train[:50].copy()
    a1 = augment_shifts(x, y, copies=3, rng=7)
    a2 = augment_shifts(x, y, copies=3, rng=7)
    np.testing.assert_array_equal(a1[0], a2[0])
    assert a1[0].shape == (200, 64) and list(a1[1][:50]) == list(y)
    np.testing.assert_array_equal(x, data.x_train[:50])
    with pytest.raises(ValueError, match="labels"):
        augment_shifts(x, y[:3])
    with pytest.raises(ValueError, match="pixels per row"):
        shift_images(np.ones((2, 10)), 1, 0)


# ----- experiments --------------------------------------------------------------------
def test_layer_statistics_show_vanishing_gradients_for_deep_sigmoid(data):
    x, y = data.x_train[:200], data.y_train[:200]
    sizes = [64] + [64] * 8 + [10]
    ratios = {}
    for g, init in (("sigmoid", "xavier_normal"), ("relu", "he_normal")):
        net = Network.from_sizes(sizes, [g] * 8 + ["softmax"], init=[init] * 8 + [
            "xavier_normal"], rng=0)
        stats = layer_statistics(net, x, y)
        assert len(stats.h) == 9 and stats.grad_norm.shape == (9,)
        ratios[g] = stats.grad_norm[0] / stats.grad_norm[7]
    assert ratios["sigmoid"] < 1e-3 < 0.1 < ratios["relu"]


def test_run_experiments_same_start_and_architecture_grid(data):
    def make():
        return Network.from_sizes([64, 8, 10], ["relu", "softmax"], rng=0)
    runs = run_experiments(make, {"a": {}, "b": dict(lr=0.1)}, data, optimizer="gd",
                           lr=0.1, epochs=2, batch_size=128, rng=1)
    np.testing.assert_array_equal(runs["a"][0].W[1], runs["b"][0].W[1])   # same settings
    assert runs["a"][1].epochs == 2 and len(runs["a"][1].val_accuracy) == 2
    tr, va = architecture_grid(data, [0, 1], [4], optimizer="adam", lr=0.01, epochs=2,
                               batch_size=128)
    assert tr.shape == va.shape == (2, 1) and np.all((0 <= va) & (va <= 1))


def test_digits_classifier_reaches_97_percent(data):
    """The chapter's final model: same recipe, same seed, printed at 4 decimals."""
    net, history = train_digits_classifier(data)
    acc = accuracy(net, data.x_test, data.y_test)
    assert f"{acc:.4f}" == "0.9805"
    assert acc >= 0.97


def test_sklearn_comparison_runs_on_the_same_split(data):
    clf = sklearn_digits_classifier(data)
    assert clf.score(data.x_test, data.y_test) >= 0.95


# ----- progress bar -------------------------------------------------------------------
def test_progress_bar_silent_when_disabled(data, capsys, monkeypatch):
    monkeypatch.setenv("FFNN_COURSE_NO_PROGRESS", "1")
    net = Network.from_sizes([64, 8, 10], ["relu", "softmax"], rng=0)
    train(net, data.x_train[:64], data.y_train[:64], "cross_entropy", lr=0.1, epochs=2,
          progress="auto")
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_progress_bar_shown_when_enabled(data, capsys, monkeypatch):
    monkeypatch.delenv("FFNN_COURSE_NO_PROGRESS", raising=False)
    net = Network.from_sizes([64, 8, 10], ["relu", "softmax"], rng=0)
    train(net, data.x_train[:64], data.y_train[:64], "cross_entropy", lr=0.1, epochs=2,
          progress="auto")
    assert "training" in capsys.readouterr().err


# ----- figures ------------------------------------------------------------------------
def _check(fig):
    assert isinstance(fig, matplotlib.figure.Figure)
    assert fig.get_facecolor()[3] == 1.0
    for ax in fig.axes:
        if ax.get_label() == "<colorbar>" or not ax.get_visible():
            continue
        if ax.get_images() or ax.lines or ax.patches or ax.collections:
            assert ax.get_facecolor()[3] == 1.0


def _labelled(fig, n=None):
    axes = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    axes = axes if n is None else axes[:n]
    for ax in axes:
        assert ax.get_xlabel() and ax.get_ylabel()


def test_figures(data):
    paths = [compare_paths(k, steps=10) for k in SURFACES]
    fig = plotting.plot_optimizer_paths(list(SURFACES.values()), paths)
    _check(fig)
    _labelled(fig)
    net_runs = run_experiments(lambda: Network.from_sizes([64, 8, 10], ["relu", "softmax"],
                                                          rng=0),
                               {"gd": {}, "sgd": dict(batch_size=16)}, data,
                               optimizer="gd", lr=0.1, epochs=2, batch_size=128, rng=1,
                               record_steps=True, x=data.x_train[:128],
                               y=data.y_train[:128])
    for fig in (plotting.plot_histories(net_runs, metrics=("loss", "val_accuracy")),
                plotting.plot_histories(net_runs, metrics="loss", x="examples_seen"),
                plotting.plot_step_losses(net_runs, 128, smooth=2),
                plotting.plot_schedules({"c": lambda t: 0.1}, 10),
                plotting.plot_layer_statistics({"a": [1.0, 0.0, 0.1]}, ylabel="norm")):
        _check(fig)
        _labelled(fig)
    fig = plotting.plot_accuracy_grid([1, 2], [4, 8], np.full((2, 2), 0.9), np.eye(2))
    _check(fig)
    _labelled(fig)
    fig = plotting.plot_layer_histograms({"x": [np.zeros(5), np.ones(5)],
                                          "y": [np.arange(4.0)]})
    _check(fig)
    assert fig.axes[0].get_ylabel() == "x" and fig.axes[-1].get_xlabel()
    fig = plotting.plot_digits(data.x_train[:3], ["a", "b", "c"], ncols=3)
    _check(fig)
    assert fig.axes[0].get_xlabel() and fig.axes[0].get_ylabel()
    with pytest.raises(ValueError, match="val_loss"):
        from ffnn_course.training import History
        plotting.plot_histories({"h": History(loss=[1.0])}, metrics="val_loss")


def test_notebook_environment_flag_is_documented():
    assert "FFNN_COURSE_NO_PROGRESS" in open(
        os.path.join(os.path.dirname(__file__), "..", "ffnn_course", "training.py")).read()


def test_activation_function_figure_draws_g_and_its_derivative():
    from ffnn_course.activations import LeakyReLU
    fig = plotting.plot_activation_functions(("sigmoid", "tanh", "relu", LeakyReLU(alpha=0.1)))
    ax_g, ax_d = fig.axes
    assert ax_g.get_ylabel() == "$g(a)$" and ax_d.get_ylabel() == "$g'(a)$"
    labels = [line.get_label() for line in ax_g.get_lines() if not line.get_label().startswith("_")]
    assert labels == ["Sigmoid", "Tanh", "ReLU", "LeakyReLU(alpha=0.1)"]
    a, d = ax_d.get_lines()[0].get_data()                    # sigmoid's derivative peaks at 1/4
    assert np.isclose(np.nanmax(d), 0.25, atol=1e-4)
    a, d = ax_d.get_lines()[3].get_data()                    # leaky ReLU: alpha, then 1
    assert np.isclose(d[0], 0.1) and np.isclose(d[-1], 1.0)
    assert fig.get_facecolor()[3] == 1.0


def test_seed_bands_average_the_seeds_still_running():
    fig = plotting.plot_seed_bands({"a": [[1.0, 2.0, 3.0], [3.0, 4.0]], "b": [[1.0], [1.0]]},
                                   ylabel="loss")
    ax = fig.axes[0]
    line = ax.get_lines()[0]
    np.testing.assert_allclose(line.get_ydata(), [2.0, 3.0, 3.0])
    assert line.get_label() == "a (2 seeds)"
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss"
    fig2, axes = plotting.new_figure(ncols=2)
    assert plotting.plot_seed_bands({"a": [[1.0, 2.0]]}, ylabel="x", ax=axes[1]) is fig2
