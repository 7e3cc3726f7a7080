"""Fast tests of the experiments behind chapters 12 and 13 (small networks, few epochs)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ffnn_course import Network, Split, load_digits_split, train
from ffnn_course.experiments import (compare_augmentation, compare_batchnorm,
                                     compare_regularisers, deep_network, dropout_ensemble,
                                     init_statistics, mean_sd, train_pairs, zero_init_run)


@pytest.fixture(scope="module")
def data():
    return load_digits_split()


@pytest.fixture(scope="module")
def tiny(data):
    """60 training digits: every run below takes a fraction of a second."""
    return Split(data.x_train[:60], data.y_train[:60], data.x_val[:80], data.y_val[:80],
                 data.x_test, data.y_test)


def _net(seed):
    return Network.from_sizes([64, 16, 10], ["relu", "softmax"],
                              init=["he_uniform", "xavier_uniform"], rng=seed)


# ----- chapter 12 -------------------------------------------------------------------

def test_relu_signal_halves_its_variance_per_layer_under_xavier_not_he():
    """The derivation of He's factor 2: with Xavier, ReLU loses 1/√2 of the RMS per layer."""
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(400, 256)), rng.integers(0, 10, 400)
    depth = 7
    s = init_statistics({"he": ("relu", "he_normal"), "xavier": ("relu", "xavier_normal")},
                        x, y, seeds=(0, 1), depth=depth, width=256)
    he = s["he"].h_rms[:, -1] / s["he"].h_rms[:, 0]
    xavier = s["xavier"].h_rms[:, -1] / s["xavier"].h_rms[:, 0]
    predicted = 2.0 ** (-(depth - 1) / 2)
    assert np.all((he > 0.6) & (he < 1.6))
    assert np.all((xavier > predicted / 1.6) & (xavier < predicted * 1.6))


def test_sigmoid_gradients_vanish_under_xavier_but_tanh_ones_do_not(data):
    x, y = data.x_train[:100], data.y_train[:100]
    s = init_statistics({"sigmoid": ("sigmoid", "xavier_normal"),
                         "tanh": ("tanh", "xavier_normal")}, x, y, seeds=(0, 1), depth=6,
                        width=32)
    assert s["sigmoid"].ratio.shape == (2,)
    assert np.all(s["sigmoid"].ratio < 1e-2)
    assert np.all(s["tanh"].ratio > 0.1)


def test_init_statistics_zero_gradients_give_nan_ratio_without_warning(data):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        from ffnn_course import initializers
        s = init_statistics({"zeros": ("tanh", initializers.zeros)}, data.x_train[:20],
                            data.y_train[:20], seeds=(0,), depth=3, width=4)
    assert np.isnan(s["zeros"].ratio[0])
    assert np.all(s["zeros"].h_rms == 0)


def test_zero_init_only_last_hidden_bias_and_output_layer_learn(data):
    r = zero_init_run(data, depth=3, width=8, optimizer="momentum", lr=0.05, momentum=0.9,
                      epochs=2, batch_size=64)
    moved = {k for k, v in r.changed.items() if v > 0}
    assert moved == {"b3", "W4", "b4"}
    assert r.distinct_outputs == 1
    assert r.loss >= r.prior_entropy - 1e-9          # no input-independent answer does better
    assert np.isclose(r.output.sum(), 1.0)


def test_train_pairs_is_seeded_and_reports_one_value_per_seed(tiny):
    kw = dict(seeds=(0, 1), depth=2, width=8, optimizer="gd", lr=0.1, epochs=2,
              batch_size=30)
    a = train_pairs(tiny, {"relu": ("relu", "he_normal")}, **kw)
    b = train_pairs(tiny, {"relu": ("relu", "he_normal")}, **kw)
    assert a["relu"].loss.shape == (2,)
    np.testing.assert_array_equal(a["relu"].loss, b["relu"].loss)
    assert a["relu"].loss[0] != a["relu"].loss[1]


def test_deep_network_rejects_a_bad_depth():
    with pytest.raises((TypeError, ValueError), match="depth"):
        deep_network("relu", "he_normal", depth=0)


# ----- chapter 13 -------------------------------------------------------------------

def test_epoch_by_epoch_recording_gives_the_same_run_as_one_call(tiny):
    """The weight-norm recording must not change the run it records."""
    r = compare_regularisers(_net, {"L2": dict(l2=0.01, dropout=0.2)}, tiny, seeds=(3,),
                             epochs=3, lr=0.05, momentum=0.9, batch_size=16)
    net = _net(3)
    h = train(net, tiny.x_train, tiny.y_train, "cross_entropy", "momentum", epochs=3,
              rng=4, lr=0.05, momentum=0.9, batch_size=16, l2=0.01, dropout=0.2,
              validation=(tiny.x_val, tiny.y_val))
    for p, q in zip(net.parameters(), r["L2"].nets[0].parameters()):
        np.testing.assert_allclose(p, q, rtol=0, atol=1e-12)
    np.testing.assert_allclose(h.loss, r["L2"].histories[0].loss)
    np.testing.assert_allclose(h.val_loss, r["L2"].histories[0].val_loss)
    assert r["L2"].histories[0].steps == h.steps
    weights = np.sqrt(sum(np.sum(w ** 2) for w in net.parameters(biases=False)))
    assert np.isclose(r["L2"].weight_norm[0][-1], weights)
    assert len(r["L2"].weight_norm[0]) == 3


def test_l2_shrinks_the_weights_and_every_setting_gets_the_same_updates(tiny):
    r = compare_regularisers(_net, {"none": {}, "L2": dict(l2=0.5),
                                    "early": dict(early_stopping=1)},
                             tiny, seeds=(0, 1), epochs=5, evaluation=(tiny.x_test,
                                                                        tiny.y_test),
                             lr=0.05, momentum=0.9, batch_size=20)
    assert np.all(r["none"].updates == 15) and np.all(r["L2"].updates == 15)
    for k in range(2):
        assert r["L2"].weight_norm[k][-1] < r["none"].weight_norm[k][-1]
    assert np.all(r["early"].epochs <= 5)
    assert r["early"].weight_norm[0].size == 0
    assert r["none"].eval_loss.shape == (2,)


def test_augmentation_runs_get_equal_updates(tiny):
    x_aug = np.concatenate([tiny.x_train] * 3)
    y_aug = np.concatenate([tiny.y_train] * 3)
    r = compare_augmentation(_net, tiny, x_aug, y_aug, seeds=(0,), updates=36, batch_size=20,
                             optimizer="gd", lr=0.1)
    assert r["original"].updates.tolist() == r["augmented"].updates.tolist() == [36]
    assert r["original"].epochs.tolist() == [12] and r["augmented"].epochs.tolist() == [4]


def test_augmentation_rejects_updates_that_do_not_divide(tiny):
    with pytest.raises(ValueError, match="updates must be a multiple"):
        compare_augmentation(_net, tiny, tiny.x_train, tiny.y_train, updates=7, batch_size=20,
                             optimizer="gd", lr=0.1)


def test_compare_batchnorm_keys_and_shapes(tiny):
    r = compare_batchnorm(tiny, sizes=(64, 8, 8, 10), lrs=(0.1,), seeds=(0, 1), epochs=1,
                          batch_size=20)
    assert set(r) == {(0.1, "plain"), (0.1, "batch norm")}
    assert r[(0.1, "batch norm")].val_accuracy.shape == (2,)
    assert "BatchNorm" in repr(r[(0.1, "batch norm")].nets[0])


def test_dropout_ensemble_without_dropout_is_the_full_network(data):
    net = _net(0)
    r = dropout_ensemble(net, data.x_val[:50], data.y_val[:50], 0.0, masks=3)
    assert np.all(r["thinned"] == r["full"]) and r["ensemble"] == r["full"]
    assert r["prob_gap"] < 1e-15
    r = dropout_ensemble(net, data.x_val[:50], data.y_val[:50], 0.5, masks=3)
    assert r["prob_gap"] > 0


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=8))
def test_mean_sd_uses_the_sample_standard_deviation(values):
    m, s = mean_sd(values, digits=6).split(" ± ")
    assert np.isclose(float(m), np.mean(values), atol=1e-6)
    assert np.isclose(float(s), np.std(values, ddof=1), atol=1e-6)
