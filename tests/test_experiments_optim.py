"""Fair optimizer and batch-size experiments (chapters Optimizers and Batching): small sizes."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ffnn_course import Network, load_digits_split, optimizers
from ffnn_course.experiments import (dead_fraction, lr_sweep, momentum_roots,
                                     rmsprop_first_step, time_per_epoch, tune_paths,
                                     updates_per_epoch)
from ffnn_course.landscapes import (LR_GRID_2D, PATH_SETTINGS, SURFACES, compare_paths,
                                   optimize_path)


@pytest.fixture(scope="module")
def data():
    return load_digits_split()


def make_net(seed):
    return Network.from_sizes([64, 8, 10], ["relu", "softmax"],
                              init=["he_uniform", "xavier_uniform"], rng=seed)


# ----- momentum on a quadratic ---------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(st.floats(0.01, 1.9), st.floats(0.0, 0.95))
def test_momentum_roots_describe_the_momentum_class(eta_lambda, gamma):
    """The class's iterates obey w_{t+1} = (1+γ−ηλ) w_t − γ w_{t−1}; the roots solve it."""
    lam = 2.0
    w = np.array([1.0])
    opt = optimizers.Momentum([w], lr=eta_lambda / lam, momentum=gamma)
    ws = [w[0]]
    for _ in range(6):
        opt.step([lam * w])
        ws.append(w[0])
    b = 1.0 + gamma - eta_lambda
    for t in range(1, 6):
        assert ws[t + 1] == pytest.approx(b * ws[t] - gamma * ws[t - 1], abs=1e-12)
    r = momentum_roots(eta_lambda, gamma)
    for z in r["roots"]:
        assert abs(z * z - b * z + gamma) < 1e-9
    assert r["oscillates"] == bool(np.any(np.abs(np.imag(r["roots"])) > 0))
    assert r["rate"] == pytest.approx(max(abs(z) for z in r["roots"]))


def test_the_chapter_setting_is_underdamped_and_the_path_swings():
    r = momentum_roots(0.25, 0.9)
    assert r["oscillates"] and r["rate"] == pytest.approx(np.sqrt(0.9))
    assert not momentum_roots(0.25, 0.2)["oscillates"]          # γ below (1 − √0.25)² = 0.25
    surf = SURFACES["elongated"]
    path = optimize_path(optimizers.Momentum, surf.f, surf.grad, surf.start, 60,
                         **PATH_SETTINGS["elongated"]["momentum"])
    assert np.sum(np.diff(np.sign(path[:, 1])) != 0) >= 5       # w_2 crosses 0 again and again


# ----- RMSProp's first step -------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(st.floats(1e-3, 1.0), st.floats(0.5, 0.999), st.floats(1e-2, 1e3),
       st.sampled_from([-1.0, 1.0]))
def test_rmsprop_first_step_is_eta_over_root_one_minus_alpha(lr, alpha, size, sign):
    step = rmsprop_first_step(lr, alpha, g=sign * size)
    assert step == pytest.approx(lr / np.sqrt(1.0 - alpha), rel=1e-5)


# ----- Nesterov: the plotted points are the lecture's iterates --------------------------
def test_optimize_path_plots_the_lecture_nesterov_iterates():
    surf = SURFACES["elongated"]
    lr, gamma = 0.01, 0.9
    path = optimize_path(optimizers.Nesterov, surf.f, surf.grad, surf.start, 50,
                         lr=lr, momentum=gamma)
    w, u = np.array(surf.start), np.zeros(2)
    for t in range(50):
        u = gamma * u + lr * surf.grad(w - gamma * u)
        w = w - u
        np.testing.assert_allclose(path[t + 1], w, atol=1e-12)


# ----- tuned paths on the landscapes -----------------------------------------------------
def test_tune_paths_marks_divergence_and_supports_the_chapter():
    out = tune_paths("elongated", [0.01, 10.0], steps=100)
    assert np.isfinite(out["gd"][0]) and out["gd"][1] == np.inf     # 10 > 2/25: overflow
    # the grid holds every pictured rate, so a tuned run never ends above the pictured one
    assert all(kw["lr"] in LR_GRID_2D for s in PATH_SETTINGS.values() for kw in s.values())
    tuned = {name: tune_paths(name, LR_GRID_2D) for name in SURFACES}
    best = {name: {opt: np.min(v) for opt, v in t.items()} for name, t in tuned.items()}
    # elongated: tuned gradient descent (0.07, near 2/25) beats momentum with γ = 0.9, whose
    # roots multiply to γ; Nesterov edges below gradient descent; AdaGrad wins by far
    elong = best["elongated"]
    assert LR_GRID_2D[int(np.argmin(tuned["elongated"]["gd"]))] == 0.07
    assert elong["momentum"] > 10 * elong["gd"] and elong["nesterov"] < elong["gd"]
    assert elong["adagrad"] < 1e-20 and max(elong.values()) == elong["adam"]
    # Rosenbrock: momentum and Nesterov lowest; RMSProp never gets as low as tuned gradient
    # descent within 100 steps; AdaGrad stalls
    rosen = best["rosenbrock"]
    assert max(rosen["momentum"], rosen["nesterov"]) < min(rosen["adam"], rosen["gd"])
    assert rosen["rmsprop"] > 5 * rosen["gd"] and rosen["adam"] < rosen["gd"]
    assert rosen["adagrad"] > 1.0
    # two minima: with some rate from the grid all but AdaGrad reach the deep basin (< 0)
    assert [opt for opt, v in best["two_minima"].items() if v > 0] == ["adagrad"]
    paths = compare_paths("rosenbrock")
    step = {k: np.linalg.norm(np.diff(p[-21:], axis=0), axis=1).mean() for k, p in paths.items()}
    assert step["rmsprop"] > 3 * step["gd"]


# ----- lr_sweep ----------------------------------------------------------------------------
def test_lr_sweep_is_seeded_and_counts_divergence(data):
    kw = dict(settings={"gd": dict(optimizer="gd"), "adam": dict(optimizer="adam")},
              lrs={"gd": [0.1, 1e300], "adam": [0.01]}, seeds=(0, 1), epochs=1, batch_size=128)
    a = lr_sweep(make_net, data, **kw)
    b = lr_sweep(make_net, data, **kw)
    np.testing.assert_array_equal(a.loss["gd"], b.loss["gd"])
    assert a.loss["gd"].shape == (2, 2) and a.loss["adam"].shape == (1, 2)
    assert np.all(np.isfinite(a.loss["gd"][0])) and a.loss["gd"][0, 0] != a.loss["gd"][0, 1]
    assert np.all(a.loss["gd"][1] == np.inf)                      # overflow: diverged
    assert a.histories["gd"][1][0] is None and np.all(a.val_accuracy["gd"][1] == 0)
    assert a.best("gd") == 0
    s = a.summary("gd")
    assert s["lr"] == 0.1 and s["loss_mean"] == pytest.approx(np.mean(a.loss["gd"][0]))
    assert a.curves("adam").shape == (2, 1)
    assert a.histories["adam"][0][0].steps[-1] == updates_per_epoch(len(data.y_train), 128)
    with pytest.raises(ValueError, match="seeds"):
        lr_sweep(make_net, data, kw["settings"], [0.1], seeds=())


def test_equal_effective_step_gives_similar_losses(data):
    """Momentum at η with γ = 0.9 is far closer to gradient descent at η/(1 − γ) than at η."""
    def wide(seed):
        return Network.from_sizes([64, 32, 10], ["relu", "softmax"],
                                  init=["he_uniform", "xavier_uniform"], rng=seed)
    kw = dict(seeds=(0, 1, 2), epochs=4, batch_size=64)
    gd = lr_sweep(wide, data, {"gd": dict(optimizer="gd")}, [0.1, 1.0], **kw)
    mom = lr_sweep(wide, data, {"m": dict(optimizer="momentum", momentum=0.9)}, [0.1], **kw)
    m = mom.loss["m"][0].mean()
    same_eta, same_step = gd.loss["gd"][0].mean(), gd.loss["gd"][1].mean()
    assert abs(same_step - m) < 0.25 * abs(same_eta - m)


# ----- batching ------------------------------------------------------------------------------
@given(st.integers(1, 5000), st.integers(1, 5000))
def test_updates_per_epoch(n, b):
    u = updates_per_epoch(n, b)
    assert (u - 1) * b < n <= u * b
    assert updates_per_epoch(n, None) == 1


def test_dead_fraction_counts_units_dead_on_every_example(data):
    net = make_net(0)
    x = data.x_train[:50]
    net.layers[0].b[:] = 1e3                                        # every unit alive
    assert dead_fraction(net, x).tolist() == [0.0]
    net.layers[0].b[:3] = -1e3                                      # 3 of 8 units dead
    assert dead_fraction(net, x).tolist() == [3 / 8]
    assert dead_fraction(net, x[:1]).tolist() == [3 / 8]
    with pytest.raises(TypeError, match="net must be a Network"):
        dead_fraction("net", x)


def test_time_per_epoch_returns_positive_milliseconds(data):
    ms = time_per_epoch(lambda: make_net(0), data.x_train[:64], data.y_train[:64], [None, 8],
                        repeats=1)
    assert set(ms) == {None, 8} and all(v > 0 for v in ms.values())


# ----- the chapters' new figures ----------------------------------------------------------
def test_sweep_figures(data):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ffnn_course.plotting import plot_coordinate_trace, plot_lr_sensitivity, plot_sweep_curves

    sw = lr_sweep(make_net, data, {"gd": dict(optimizer="gd"), "adam": dict(optimizer="adam")},
                  [0.01, 0.1], seeds=(0, 1), epochs=2, batch_size=256, track_validation=True)
    fig = plot_lr_sensitivity(sw, title="t")
    assert fig.axes[0].get_xscale() == "log" and fig.get_facecolor()[:3] == (1.0, 1.0, 1.0)
    fig = plot_sweep_curves(sw, xs=("epoch", "steps"), metrics=("loss", "val_accuracy"))
    assert len(fig.axes) == 4 and fig.axes[1].get_xlabel() == "parameter updates"
    surf = SURFACES["elongated"]
    path = optimize_path(optimizers.GradientDescent, surf.f, surf.grad, surf.start, 5, lr=0.05)
    fig = plot_coordinate_trace({"gd": path}, k=1)
    assert fig.axes[0].get_xlabel() == "step $t$"
    plt.close("all")
