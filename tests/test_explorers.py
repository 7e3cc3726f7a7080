"""Tests for ffnn_course.explorers: each computation against the package, and the specs."""

import doctest
import json

import numpy as np
import pytest

from ffnn_course import (MeanSquaredError, Dense, Network, examples, explorers, softmax,
                         sigmoid_neuron_data, two_two_one)
from hypothesis import given, settings, strategies as st

from ffnn_course.explorers import (EXPLORERS, Choice, ExplorerSpec, Readout, Slider, get_spec,
                                   gradient_descent_path, optimizer_path,
                                   sigmoid_neuron_gradient, sigmoid_neuron_loss,
                                   single_neuron_surface, softmax_explorer, two_two_one_surface)
from ffnn_course.explorers import optimizer_paths, part1, spec as spec_module
from ffnn_course.explorers.spec import format_number
from ffnn_course.optimizers import OPTIMIZERS

from ffnn_course import landscapes


@pytest.mark.parametrize("module", [explorers, part1, optimizer_paths, spec_module])
def test_doctests(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("weight_set", [1, 2])
def test_two_two_one_surface_equals_network(weight_set):
    w = examples.TWO_TWO_ONE_WEIGHTS[weight_set]
    s = two_two_one_surface(**w, b1=0.3, b2=-0.2, grid=11, lim=3.0)
    net = two_two_one(weight_set, b1=0.3, b2=-0.2)
    X = np.column_stack([s["x1"].ravel(), s["x2"].ravel()])
    trace = net.forward(X)
    np.testing.assert_allclose(s["y_hat"].ravel(), trace.h[2][:, 0], atol=1e-14)
    np.testing.assert_allclose(s["h1"].ravel(), trace.h[1][:, 0], atol=1e-14)
    np.testing.assert_allclose(s["h2"].ravel(), trace.h[1][:, 1], atol=1e-14)


def test_single_neuron_surface_equals_dense_layer():
    s = single_neuron_surface(1.2, -0.7, 0.4, grid=7)
    net = Network([Dense([[1.2, -0.7]], [0.4], "sigmoid")])
    X = np.column_stack([s["x1"].ravel(), s["x2"].ravel()])
    np.testing.assert_allclose(s["y_hat"].ravel(), net.predict(X)[:, 0], atol=1e-14)


def test_grid_orientation():
    s = two_two_one_surface(grid=5, lim=2.0)
    assert s["x1"][0].tolist() == [-2.0, -1.0, 0.0, 1.0, 2.0]    # x1 along columns
    assert s["x2"][:, 0].tolist() == [-2.0, -1.0, 0.0, 1.0, 2.0]  # x2 along rows


@pytest.mark.parametrize("T", [0.1, 0.5, 1.0, 3.0])
def test_softmax_explorer_equals_package_softmax(T):
    z = np.array([3.0, 4.0, 10.0, 3.0])
    p = softmax_explorer(z, T)["probabilities"]
    np.testing.assert_allclose(p, softmax(z / T), rtol=1e-12)
    assert p.sum() == pytest.approx(1.0)


def test_softmax_explorer_is_stable_and_validates():
    p = softmax_explorer([1000.0, 999.0, -1000.0], 0.1)["probabilities"]
    assert np.all(np.isfinite(p)) and p.sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="temperature"):
        softmax_explorer([1.0, 2.0], 0.0)
    with pytest.raises(ValueError, match="logits"):
        softmax_explorer([], 1.0)


def test_gradient_descent_data_come_from_examples():
    """One home for the five points: the page's configuration carries examples' data."""
    x, y = sigmoid_neuron_data()
    config = EXPLORERS["gradient_descent"].config()
    assert config["options"]["x"] == x.tolist() and config["options"]["y"] == y.tolist()
    run = EXPLORERS["gradient_descent"].run()
    np.testing.assert_array_equal(run["x"], x)
    assert sigmoid_neuron_loss(1.0, 0.5) == sigmoid_neuron_loss(1.0, 0.5, x, y)


@pytest.mark.parametrize("w,b", [(-1.0, 2.0), (1.5, -2.0), (3.0, 3.0), (0.2, -0.1)])
def test_loss_and_gradient_equal_network_mse(w, b):
    x, y = sigmoid_neuron_data()
    net = Network([Dense([[w]], [b], "sigmoid")])
    trace = net.forward(x[:, None])
    assert sigmoid_neuron_loss(w, b) == pytest.approx(
        MeanSquaredError().value(trace.output, y[:, None]), rel=1e-12)
    grads = net.backward(trace, y[:, None], "mse")
    dw, db = sigmoid_neuron_gradient(w, b)
    assert dw == pytest.approx(grads.dW[1][0, 0], rel=1e-10)
    assert db == pytest.approx(grads.db[1][0], rel=1e-10)


def test_gradient_descent_path_follows_the_update_rule():
    p = gradient_descent_path(lr=2.0, steps=5, w0=0.5, b0=0.5)
    assert p["w"].shape == p["b"].shape == p["loss"].shape == (6,)
    for t in range(5):
        dw, db = sigmoid_neuron_gradient(p["w"][t], p["b"][t])
        assert p["w"][t + 1] == pytest.approx(p["w"][t] - 2.0 * dw)
        assert p["b"][t + 1] == pytest.approx(p["b"][t] - 2.0 * db)
    assert p["loss"][-1] < p["loss"][0]
    assert gradient_descent_path(steps=0)["w"].shape == (1,)
    with pytest.raises(ValueError, match="lr"):
        gradient_descent_path(lr=0.0)


def test_specs_are_consistent():
    for name, spec in EXPLORERS.items():
        assert isinstance(spec, ExplorerSpec) and spec.name == name
        result = spec.run()
        assert isinstance(result, dict) and result
        assert len({s.name for s in spec.sliders}) == len(spec.sliders)
        assert len({r.key for r in spec.readouts}) == len(spec.readouts) > 0
        for r in spec.readouts:                      # every readout reads a real field
            assert np.isfinite(r.pick(result, spec.probe)), (name, r.key)
        for s in spec.sliders:
            assert s.description, (name, s.name)     # an accessible name beyond the label
            if isinstance(s, Slider):
                assert s.min <= s.value <= s.max and s.step > 0
        json.dumps(spec.config(), allow_nan=False)   # the page's configuration is JSON
    assert EXPLORERS["two_two_one"].initial() == {**examples.TWO_TWO_ONE_WEIGHTS[1],
                                                   "b1": 0.0, "b2": 0.0}
    assert isinstance(EXPLORERS["gradient_descent"].initial()["steps"], int)
    with pytest.raises(KeyError, match="no slider"):
        EXPLORERS["softmax"].slider("nope")


def test_slider_validation():
    with pytest.raises(ValueError, match="outside"):
        Slider("a", 0.0, 1.0, 0.1, 2.0)
    with pytest.raises(ValueError, match="step"):
        Slider("a", 0.0, 1.0, 0.0, 0.5)
    with pytest.raises(ValueError, match="log slider needs min > 0"):
        Slider("a", 0.0, 1.0, 0.1, 0.5, log=True)
    with pytest.raises(ValueError, match="not one of"):
        Choice("m", (("gd", "GD"),), "adam")
    assert Slider("lr", 0.001, 1.0, 0.1, 0.01, log=True).positions()[:4] == \
        [0.001, 0.0013, 0.0016, 0.002]
    assert Slider("n", 0, 3, 1, 1, integer=True).positions() == [0, 1, 2, 3]


def test_values_are_checked_and_named():
    spec = EXPLORERS["optimizer_paths"]
    with pytest.raises(ValueError, match=r"'lr' \(η\) must be in \[0.001, 1.0\], got 2.0"):
        spec.values(lr=2.0)
    with pytest.raises(TypeError, match="'lr'.*takes a number, got str"):
        spec.values(lr="fast")
    with pytest.raises(ValueError, match="'method'.*must be one of"):
        spec.values(method="lbfgs")
    with pytest.raises(ValueError, match="no slider"):
        spec.values(beta=0.9)
    with pytest.raises(ValueError, match="unknown explorer"):
        get_spec("nope")
    assert spec.values(steps=7.0)["steps"] == 7 and isinstance(spec.values()["lr"], float)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(EXPLORERS)), st.data())
def test_any_value_in_range_is_accepted_and_any_outside_refused(name, data):
    spec = EXPLORERS[name]
    control = data.draw(st.sampled_from([c for c in spec.controls if isinstance(c, Slider)]))
    inside = data.draw(st.floats(control.min, control.max))
    assert spec.values(**{control.name: inside})[control.name] == pytest.approx(inside, abs=0.5)
    outside = data.draw(st.one_of(st.floats(max_value=control.min, exclude_max=True),
                                  st.floats(min_value=control.max, exclude_min=True)))
    before = spec.initial()
    with pytest.raises(ValueError, match=repr(control.name)):
        spec.values(**{control.name: outside})
    assert spec.initial() == before


def test_format_number_is_pythons_format():
    assert format_number(0.000113671, ".3e") == "1.137e-04"
    assert format_number(100.0, "d") == "100" and format_number(-0.5, ".2f") == "-0.50"
    assert Readout("k", "k", ".2f", "v", "max").text({"v": [1.0, 3.0]}) == "3.00"


@pytest.mark.parametrize("method", [m for m, _ in optimizer_paths.METHODS])
@pytest.mark.parametrize("surface", sorted(landscapes.SURFACES))
def test_optimizer_path_is_the_package_optimizer(method, surface):
    """Without divergence, the explorer's path is landscapes.optimize_path's."""
    surf = landscapes.SURFACES[surface]
    kw = {"lr": 0.005}
    if method in ("momentum", "nesterov"):
        kw["momentum"] = 0.8
    if method == "rmsprop":
        kw["alpha"] = 0.9
    want = landscapes.optimize_path(OPTIMIZERS[method], surf.f, surf.grad, surf.start, 40, **kw)
    got = optimizer_path(method, lr=0.005, momentum=0.8, surface=surface, steps=40)
    np.testing.assert_array_equal(np.column_stack([got["w1"], got["w2"]]), want)
    np.testing.assert_allclose(got["loss"], [surf.f(w) for w in want])
    assert got["steps_taken"] == 40 and got["diverged"] == 0


def test_optimizer_path_stops_when_it_diverges():
    r = optimizer_path("gd", lr=0.5, surface="elongated", steps=100)   # |1 − 25·0.5| > 1
    assert r["diverged"] == 1 and 0 < r["steps_taken"] < 100
    assert len(r["w1"]) == len(r["loss"]) == r["steps_taken"] + 1
    assert np.all(r["loss"] <= 1e6)
    assert optimizer_path(steps=0)["steps_taken"] == 0
    with pytest.raises(ValueError, match="method"):
        optimizer_path("newton")
    with pytest.raises(ValueError, match="surface"):
        optimizer_path(surface="flat")


def test_import_stays_numpy_only():
    import subprocess
    import sys
    code = ("import sys, ffnn_course.explorers; "
            "bad = [m for m in ('matplotlib', 'ipywidgets', 'sympy') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
