"""Two versions of ``ffnn_course`` side by side on benchmark A (or B): did a change cost speed?

On a shared, busy machine the times of two runs made minutes apart are not
comparable (the load changes), and even ratios to the numpy loop move.  This
script puts the other version in the same process, under another name, and
interleaves the three in every round (this checkout's ``ffnn_course``, the
other version, the numpy loop of ``run.py``), rotating the order; a ratio is
the median of the per-round ratios, so the load of a round slows all three.

    git archive <commit> ffnn_course | tar -x -C /tmp/old    # the other version
    python benchmarks/versions.py /tmp/old                  # A, 15 rounds
    python benchmarks/versions.py /tmp/old --problem B --rows 6000 --rounds 5

The package's modules import each other relatively, so the copy in
``/tmp/old/ffnn_course`` loads as the package ``ffnn_course_other``.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (benchmarks/run.py: the problems and the numpy loop)


def load_other(folder: Path):
    """Import ``folder/ffnn_course`` as the package ``ffnn_course_other``."""
    init = folder / "ffnn_course" / "__init__.py"
    spec = importlib.util.spec_from_file_location(
        "ffnn_course_other", init, submodule_search_locations=[str(init.parent)])
    module = importlib.util.module_from_spec(spec)
    sys.modules["ffnn_course_other"] = module
    spec.loader.exec_module(module)
    return module


def runner(fc):
    def run_version(p, init, perms):
        net = fc.Network([fc.Dense(W, b, act)
                          for (W, b), act in zip(init, (p["hidden"], "softmax"))])
        t0 = time.perf_counter()
        fc.train(net, p["x"], p["y"], "cross_entropy", "gd", lr=p["lr"], epochs=len(perms),
                 batch_size=p["batch"], shuffle=True, rng=run.SEED)
        return time.perf_counter() - t0, [a for layer in net.layers for a in (layer.W, layer.b)]
    return run_version


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="folder holding the other ffnn_course/")
    parser.add_argument("--problem", default="A", choices=["A", "B"])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--rows", type=int, default=60_000, help="B only")
    args = parser.parse_args(argv)
    import ffnn_course
    from threadpoolctl import threadpool_limits

    p = (run.problem_a(args.epochs) if args.problem == "A"
         else run.problem_b(n=args.rows, epochs=max(1, args.epochs // 10)))
    runners = {"this": runner(ffnn_course), "other": runner(load_other(args.other)),
               "numpy": run.run_numpy}
    with threadpool_limits(limits=1):
        init, one = run.initial_weights(p["sizes"]), run.permutations(len(p["y"]), 1)
        same = run.max_weight_difference(runners["this"](p, init, one)[1],
                                         runners["other"](p, init, one)[1])
        result = run.benchmark(p, {"ffnn_course": runners["this"], "other": runners["other"],
                                   "numpy": runners["numpy"]}, args.rounds)
    other_numpy = statistics.median(o / n for o, n in zip(result["all_ms_per_epoch"]["other"],
                                                         result["all_ms_per_epoch"]["numpy"]))
    print(f"{args.problem}: max |weight difference| after one epoch, this vs other: {same:.1e}")
    print(f"{args.problem}: this ÷ numpy {result['ratios']['ffnn_course/numpy']:.3f}, "
          f"other ÷ numpy {other_numpy:.3f}, this ÷ other "
          f"{result['ratios']['ffnn_course/other']:.3f} (medians of per-round ratios, "
          f"{args.rounds} rounds)")
    print("ms/epoch (median): "
          + ", ".join(f"{k} {v:.2f}" for k, v in result["ms_per_epoch"].items()))


if __name__ == "__main__":
    main()
