"""Where the time of one mini-batch goes: ffnn_course's steps beside the plain numpy loop's.

    python benchmarks/stages.py                  # benchmark A's problem, 7 rounds of 10 epochs
    python benchmarks/stages.py --epochs 2 --rounds 1     # a smoke run

``run.py`` says *how much* slower ``train`` is than the bare loop; this says
*where*.  Both sides run the same mini-batches of benchmark A (same data,
initial weights and batch order, float64, one BLAS thread) and put a clock
around the same six steps:

gather    ``x[idx]``, ``y[idx]``
forward   ``Network.forward_unchecked`` | ``a = h W_iᵀ + b_i``, ``h = g(a)`` for each layer
loss      ``Loss.value_unchecked`` and the finiteness check | ``−Σ y log ŷ``
delta     ``Loss.output_delta_unchecked`` | ``(ŷ − y)/N``
backward  ``Network.backward_unchecked(…).as_list()`` | the products and sums of backprop
step      ``Optimizer.step_unchecked`` | ``w −= η g`` for every parameter

The ffnn_course column calls exactly the internals that the loop in
``ffnn_course.training.train`` calls, in the same order.  The clock itself
costs the same on both sides, so the per-step *differences* are the cost of
the package's structure: method calls, the ``Trace`` and ``Gradients`` objects,
the optimizer's per-parameter loop, the overflow guards of sigmoid and softmax
and the clip before the logarithm.  Medians over rounds, the two sides
interleaved.  Prints a table (microseconds per mini-batch); writes nothing.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from pathlib import Path
from time import perf_counter_ns

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (the benchmark's problems, weights and batch order)

STAGES = ("gather", "forward", "loss", "delta", "backward", "step")


def stages_ffnn(p, init, perms):
    """Nanoseconds per stage, summed over every mini-batch, for ``train``'s internals."""
    import ffnn_course as fc

    net = fc.Network([fc.Dense(W, b, act) for (W, b), act in zip(init, (p["hidden"], "softmax"))])
    loss = fc.get_loss("cross_entropy")
    opt = fc.optimizers.get_optimizer("gd", net.parameters(), lr=p["lr"])
    x, bs = p["x"], p["batch"]
    y = np.eye(p["sizes"][-1])[p["y"]]
    ns = np.zeros(len(STAGES), dtype=np.int64)
    for perm in perms:
        for start in range(0, len(perm), bs):
            t0 = perf_counter_ns()
            idx = perm[start:start + bs]
            xb, yb, m = x[idx], y[idx], len(idx)
            t1 = perf_counter_ns()
            trace = net.forward_unchecked(xb, 0.0, None, True, True)
            y_hat = trace.h[-1]
            t2 = perf_counter_ns()
            batch_loss = loss.value_unchecked(y_hat, yb, m)
            if not math.isfinite(batch_loss):
                raise FloatingPointError("diverged")
            t3 = perf_counter_ns()
            delta_L = loss.output_delta_unchecked(trace.a[-1], y_hat, yb, m, net.output_activation)
            t4 = perf_counter_ns()
            grads = net.backward_unchecked(trace, delta_L).as_list()
            t5 = perf_counter_ns()
            opt.step_unchecked(grads)
            t6 = perf_counter_ns()
            ns += (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5)
    return ns, [a for layer in net.layers for a in (layer.W, layer.b)]


def stages_numpy(p, init, perms):
    """Nanoseconds per stage for the plain loop of ``run.run_numpy`` (sigmoid hidden layer)."""
    (W1, b1), (W2, b2) = [(W.copy(), b.copy()) for W, b in init]
    x, lr, bs = p["x"], p["lr"], p["batch"]
    y = np.eye(p["sizes"][-1])[p["y"]]
    ns = np.zeros(len(STAGES), dtype=np.int64)
    for perm in perms:
        for start in range(0, len(perm), bs):
            t0 = perf_counter_ns()
            idx = perm[start:start + bs]
            xb, yb, m = x[idx], y[idx], len(idx)
            t1 = perf_counter_ns()
            a1 = xb @ W1.T + b1
            h1 = 1.0 / (1.0 + np.exp(-a1))
            a2 = h1 @ W2.T + b2
            e = np.exp(a2 - a2.max(axis=1, keepdims=True))
            y_hat = e / e.sum(axis=1, keepdims=True)
            t2 = perf_counter_ns()
            batch_loss = -np.sum(yb * np.log(y_hat)) / m
            t3 = perf_counter_ns()
            d2 = (y_hat - yb) / m
            t4 = perf_counter_ns()
            g1 = d2 @ W2
            d1 = g1 * h1 * (1.0 - h1)
            grads = [d1.T @ xb, d1.sum(axis=0), d2.T @ h1, d2.sum(axis=0)]
            t5 = perf_counter_ns()
            for w, g in zip((W1, b1, W2, b2), grads):
                w -= lr * g
            t6 = perf_counter_ns()
            ns += (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5)
    del batch_loss
    return ns, [W1, b1, W2, b2]


def measure(epochs=10, rounds=7):
    """Median microseconds per mini-batch for each stage: ``{"ffnn_course": [...], "numpy": [...]}``."""
    from threadpoolctl import threadpool_limits

    p = run.problem_a(epochs)
    init = run.initial_weights(p["sizes"])
    perms = run.permutations(len(p["x"]), epochs)
    batches = epochs * math.ceil(len(p["x"]) / p["batch"])
    sides = {"ffnn_course": stages_ffnn, "numpy": stages_numpy}
    per_round = {name: [] for name in sides}
    with threadpool_limits(1):
        ends = {name: f(p, init, perms[:1])[1] for name, f in sides.items()}   # warm-up
        diff = run.max_weight_difference(ends["ffnn_course"], ends["numpy"])
        if diff > 1e-12:
            raise AssertionError(f"the two sides computed different weights (max |Δ| {diff:.1e})")
        for r in range(rounds):
            order = list(sides) if r % 2 == 0 else list(sides)[::-1]
            for name in order:
                per_round[name].append(sides[name](p, init, perms)[0] / batches / 1e3)
    return {name: [statistics.median(v[k] for v in rows) for k in range(len(STAGES))]
            for name, rows in per_round.items()}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--epochs", type=int, default=10, help="epochs per round (default 10)")
    ap.add_argument("--rounds", type=int, default=7, help="rounds, sides interleaved (default 7)")
    args = ap.parse_args(argv)
    us = measure(args.epochs, args.rounds)
    print(f"benchmark A, µs per mini-batch of 32 (median of {args.rounds} rounds of "
          f"{args.epochs} epochs)\n")
    print("| step | ffnn_course | numpy loop | difference |")
    print("| --- | ---: | ---: | ---: |")
    for k, stage in enumerate(STAGES + ("total",)):
        f = us["ffnn_course"][k] if k < len(STAGES) else sum(us["ffnn_course"])
        n = us["numpy"][k] if k < len(STAGES) else sum(us["numpy"])
        print(f"| {stage} | {f:.1f} | {n:.1f} | {f - n:+.1f} |")
    return us


if __name__ == "__main__":
    main()
