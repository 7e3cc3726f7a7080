"""Bad input: a ValueError or TypeError naming what was expected and what was got,
and a failed call mutates nothing."""

import numpy as np
import pytest

import ffnn_course as fc


def fresh():
    net, x, t = fc.worked_example()
    return net, x, t


def snapshot(*things):
    out = []
    for thing in things:
        if isinstance(thing, fc.Network):
            out.append([p.copy() for p in thing.parameters()])
        else:
            out.append(np.array(thing, copy=True))
    return out


def unchanged(before, *things):
    for snap, thing in zip(before, things):
        now = thing.parameters() if isinstance(thing, fc.Network) else [np.asarray(thing)]
        snap = snap if isinstance(thing, fc.Network) else [snap]
        for a, b in zip(snap, now):
            if not np.array_equal(a, b):
                return False
    return True


def _net_x_t():
    return fresh()


# Each case: (id, callable taking (net, x, t), exception, regex that names expected and got)
CASES = [
    ("forward-wrong-width", lambda n, x, t: n.forward(np.ones(3)), ValueError,
     r"x has 3 feature\(s\).*expects 2"),
    ("forward-3d", lambda n, x, t: n.forward(np.ones((2, 2, 2))), ValueError,
     r"x must have 1 or 2 dimension\(s\), got shape \(2, 2, 2\)"),
    ("forward-nan", lambda n, x, t: n.forward([np.nan, 0.1]), ValueError,
     r"x contains 1 NaN or infinite value\(s\); expected finite numbers"),
    ("forward-inf", lambda n, x, t: n.forward([[np.inf, 0.1]]), ValueError, r"NaN or infinite"),
    ("forward-empty-batch", lambda n, x, t: n.forward(np.empty((0, 2))), ValueError,
     r"x is empty \(shape \(0, 2\)\); expected at least one value"),
    ("forward-string", lambda n, x, t: n.forward("0.05, 0.10"), TypeError,
     r"x must be an array of real numbers, got a string"),
    ("forward-object", lambda n, x, t: n.forward([None, 1.0]), TypeError,
     r"x must be an array of real numbers, got dtype object"),
    ("forward-complex", lambda n, x, t: n.forward(np.array([1j, 0.1])), TypeError,
     r"x must hold real numbers, got complex dtype"),
    ("backward-target-shape", lambda n, x, t: n.gradients(x, [0.01, 0.99, 0.5], "half_sse"),
     ValueError, r"y has shape \(3,\) but the prediction y_hat has shape \(2,\)"),
    ("backward-target-nan", lambda n, x, t: n.gradients(x, [np.nan, 0.99], "half_sse"),
     ValueError, r"y \(the targets\) contains 1 NaN"),
    ("unknown-loss", lambda n, x, t: n.gradients(x, t, "hinge"), ValueError,
     r"unknown loss 'hinge'; expected one of \['binary_cross_entropy', 'cross_entropy', "),
    ("loss-wrong-type", lambda n, x, t: n.gradients(x, t, 3), TypeError,
     r"loss must be a name .* or a Loss, got int"),
    ("bce-target-out-of-range", lambda n, x, t: n.gradients(x, [0.0, 2.0], "binary_cross_entropy"),
     ValueError, r"targets must lie in \[0, 1\], got values from 0.0 to 2.0"),
    ("ce-label-out-of-range", lambda n, x, t: fc.cross_entropy.value([[0.5, 0.5]], np.array([2])),
     ValueError, r"class labels must lie in 0..1 for 2 outputs, got values from 2 to 2"),
    ("ce-negative-label", lambda n, x, t: fc.cross_entropy.value([[0.5, 0.5]], np.array([-1])),
     ValueError, r"class labels must lie in 0..1"),
    ("ce-not-one-hot", lambda n, x, t: fc.cross_entropy.value([[0.5, 0.5]], [[1.0, 1.0]]),
     ValueError, r"one-hot rows .* got rows summing to \[2.0\]"),
    ("ce-float-labels", lambda n, x, t: fc.cross_entropy.value([[0.5, 0.5], [0.2, 0.8]], [0.0, 1.0]),
     ValueError, r"y has shape \(2,\) but the prediction y_hat has shape \(2, 2\)"),
    ("unknown-activation", lambda n, x, t: fc.Dense([[1.0]], [0.0], "swish"), ValueError,
     r"unknown activation 'swish'; expected one of \['leaky_relu', 'linear', 'relu'"),
    ("dense-bias-shape", lambda n, x, t: fc.Dense(np.ones((2, 3)), np.zeros(3)), ValueError,
     r"b has shape \(3,\) but W has shape \(2, 3\): expected \(2,\)"),
    ("network-mismatch", lambda n, x, t: fc.Network([fc.Dense(np.ones((2, 3)), [0.0]),
                                                     fc.Dense(np.ones((1, 3)), [0.0])]),
     ValueError, r"W2 has shape \(1, 3\) but h1 has 2 units"),
    ("network-softmax-hidden", lambda n, x, t: fc.Network([fc.Dense(np.ones((2, 2)), [0.0], "softmax"),
                                                           fc.Dense(np.ones((1, 2)), [0.0])]),
     ValueError, r"layer 1 uses softmax, which is only supported as the output function"),
    ("network-empty", lambda n, x, t: fc.Network([]), ValueError, r"at least one layer, got none"),
    ("lr-zero", lambda n, x, t: fc.GradientDescent(n.parameters(), lr=0.0), ValueError,
     r"lr must be > 0 and finite, got 0.0"),
    ("lr-negative", lambda n, x, t: fc.train(n, x, t, "half_sse", "gd", lr=-0.5), ValueError,
     r"lr must be > 0 and finite, got -0.5"),
    ("lr-string", lambda n, x, t: fc.Adam(n.parameters(), lr="0.1"), TypeError,
     r"lr must be a positive number or a schedule t -> lr, got str '0.1'"),
    ("momentum-out-of-range", lambda n, x, t: fc.Momentum(n.parameters(), lr=0.1, momentum=1.5),
     ValueError, r"momentum must lie in \[0, 1\), got 1.5"),
    ("optimizer-unknown", lambda n, x, t: fc.train(n, x, t, "half_sse", "lbfgs", lr=0.1),
     ValueError, r"unknown optimizer 'lbfgs'; expected one of"),
    ("optimizer-int-params", lambda n, x, t: fc.GradientDescent([np.array([1, 2])], lr=0.1),
     TypeError, r"params\[0\] must be a float64 numpy array .* got int64"),
    ("step-wrong-count", lambda n, x, t: fc.GradientDescent(n.parameters(), lr=0.1).step([]),
     ValueError, r"step\(\) got 0 gradient\(s\) for 4 parameter\(s\)"),
    ("step-wrong-shape", lambda n, x, t: fc.GradientDescent([n.W[1]], lr=0.1).step([np.ones(2)]),
     ValueError, r"grads\[0\] has shape \(2,\) but params\[0\] has shape \(2, 2\)"),
    ("epochs-zero", lambda n, x, t: fc.train(n, x, t, "half_sse", lr=0.5, epochs=0), ValueError,
     r"epochs must be >= 1, got 0"),
    ("epochs-float", lambda n, x, t: fc.train(n, x, t, "half_sse", lr=0.5, epochs=2.5), TypeError,
     r"epochs must be an integer, got float 2.5"),
    ("batch-size-zero", lambda n, x, t: fc.train(n, x, t, "half_sse", lr=0.5, batch_size=0),
     ValueError, r"batch_size must be >= 1, got 0"),
    ("dropout-one", lambda n, x, t: fc.train(n, x, t, "half_sse", lr=0.5, dropout=1.0),
     ValueError, r"dropout must lie in \[0, 1\), got 1.0"),
    ("early-stopping-without-validation",
     lambda n, x, t: fc.train(n, x, t, "half_sse", lr=0.5, early_stopping=3), ValueError,
     r"early_stopping needs validation=\(x_val, y_val\)"),
    ("train-target-mismatch", lambda n, x, t: fc.train(n, np.ones((3, 2)), np.ones((2, 2)),
                                                       "half_sse", lr=0.5), ValueError,
     r"y has shape \(2, 2\) but the prediction y_hat has shape \(3, 2\)"),
    ("rng-wrong-type", lambda n, x, t: fc.xavier_uniform(2, 3, rng="seed"), TypeError,
     r"rng must be a numpy.random.Generator, an int seed or None, got str"),
    ("unknown-initializer", lambda n, x, t: fc.Network.from_sizes([2, 2], init="lecun"), ValueError,
     r"unknown initializer 'lecun'; expected one of"),
    ("sizes-too-short", lambda n, x, t: fc.Network.from_sizes([3]), ValueError,
     r"sizes needs at least 2 entries .* got \[3\]"),
    ("activations-count", lambda n, x, t: fc.Network.from_sizes([2, 3, 1], ["relu"]), ValueError,
     r"activations has 1 entries but sizes \[2, 3, 1\] make 2 layers"),
    ("schedule-bad-drop", lambda n, x, t: fc.step_decay(0.1, drop=0.0), ValueError,
     r"drop must lie in \(0, 1\], got 0.0"),
    ("trace-wrong-type", lambda n, x, t: n.backward({"h": x}, t, "half_sse"), TypeError,
     r"trace must be the Trace returned by forward\(\), got dict"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_rejected_clearly_and_mutates_nothing(case):
    _, call, exc, message = case
    net, x, t = fresh()
    before = snapshot(net, x, t)
    with pytest.raises(exc, match=message):
        call(net, x, t)
    assert unchanged(before, net, x, t)


def test_there_are_at_least_twenty_cases():
    assert len(CASES) >= 20


def test_failed_training_leaves_weights_and_optimizer_untouched():
    net, x, t = fresh()
    opt = fc.Adam(net.parameters(), lr=0.1)
    before = snapshot(net)
    with pytest.raises(ValueError):
        fc.train(net, x[None, :], [[0.5, np.nan]], "half_sse", opt)
    assert unchanged(before, net) and opt.t == 0
