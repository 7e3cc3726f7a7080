"""Measured speed of ffnn_course against a plain numpy loop, scikit-learn and PyTorch.

    python benchmarks/run.py                     # A, B and import (a few minutes)
    python benchmarks/run.py --quick             # fewer repeats, smaller B (a smoke run)
    python benchmarks/run.py --only A,import     # some benchmarks only
    python benchmarks/run.py --build-and-tests   # also time the book build and the tests

Writes ``benchmarks/results/latest.json`` and prints a table.  Not part of the
test suite (``tests/test_benchmarks_smoke.py`` only runs this code at a toy size).

Every implementation gets the same data, architecture, initial weights and
batch order, in float64, with BLAS (and PyTorch) pinned to one thread.  The
implementations run side by side in rounds (the order rotates each round); a
time is the median over the rounds and a ratio is the median of the per-round
ratios, so a machine that is busier in one round than in another affects both
sides of a ratio alike.  Before timing, one epoch of each implementation is
run from the same start and the final weights are compared: the largest
difference is reported, to show that the implementations compute the same thing.

A  notebook-sized: the 1,797 8×8 digits (scikit-learn's ``load_digits``),
   64-32-10, sigmoid hidden layer, softmax output, cross-entropy, plain SGD
   lr 0.5, batch 32, 50 epochs.
B  larger: 60,000 × 784 synthetic (seeded) data, 784-256-10, ReLU hidden
   layer, softmax output, cross-entropy, SGD lr 0.1, batch 128, 3 epochs; plus
   the floor: the five matrix products an epoch needs, alone, on the same shapes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
SEED = 2024
HEAVY_MODULES = ("sympy", "matplotlib", "ipywidgets", "sklearn", "scipy", "tqdm", "torch")


# ----- the problems ------------------------------------------------------------------------
def problem_a(epochs=50):
    """The digits, 64-32-10 sigmoid/softmax, SGD lr 0.5, batch 32."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = digits.data.astype(np.float64) / 16.0
    y = digits.target.astype(np.int64)
    return dict(name="A", x=x, y=y, sizes=(64, 32, 10), hidden="sigmoid", lr=0.5,
                batch=32, epochs=epochs)


def problem_b(n=60_000, epochs=3):
    """Synthetic 784-feature data labelled by a random linear teacher, 784-256-10 ReLU."""
    rng = np.random.default_rng(SEED)
    x = rng.random((n, 784))
    y = np.argmax((x - 0.5) @ rng.standard_normal((784, 10)), axis=1).astype(np.int64)
    return dict(name="B", x=x, y=y, sizes=(784, 256, 10), hidden="relu", lr=0.1,
                batch=128, epochs=epochs)


def initial_weights(sizes, seed=SEED):
    """``[(W_1, b_1), (W_2, b_2)]`` with ``W_i`` shaped (n_out, n_in); small non-zero biases."""
    rng = np.random.default_rng(seed)
    out = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        limit = np.sqrt(6.0 / (n_in + n_out))                        # Xavier uniform
        out.append((rng.uniform(-limit, limit, (n_out, n_in)), rng.normal(0, 0.1, n_out)))
    return out


def permutations(n, epochs, seed=SEED):
    """The batch order: exactly the permutations ``ffnn_course.train(rng=seed)`` draws."""
    rng = np.random.default_rng(seed)
    return [rng.permutation(n) for _ in range(epochs)]


# ----- the implementations -----------------------------------------------------------------
# Each runner takes (problem, init, perms) and returns (seconds, [W_1, b_1, W_2, b_2]).
# Only the training loop is timed; building the model is not.

def run_ffnn(p, init, perms):
    """``ffnn_course.train`` exactly as a user calls it."""
    import ffnn_course as fc

    net = fc.Network([fc.Dense(W, b, act) for (W, b), act in zip(init, (p["hidden"], "softmax"))])
    t0 = time.perf_counter()
    fc.train(net, p["x"], p["y"], "cross_entropy", "gd", lr=p["lr"], epochs=len(perms),
             batch_size=p["batch"], shuffle=True, rng=SEED)
    seconds = time.perf_counter() - t0
    return seconds, [a for layer in net.layers for a in (layer.W, layer.b)]


def run_numpy(p, init, perms):
    """A plain vectorised numpy loop: the same computation, written out by hand.

    Like ``train`` it gathers each mini-batch and computes the batch loss.
    """
    (W1, b1), (W2, b2) = [(W.copy(), b.copy()) for W, b in init]
    x, lr, bs = p["x"], p["lr"], p["batch"]
    Y = np.eye(p["sizes"][-1])[p["y"]]
    relu = p["hidden"] == "relu"
    t0 = time.perf_counter()
    for perm in perms:
        total = 0.0
        for start in range(0, len(perm), bs):
            idx = perm[start:start + bs]
            xb, yb = x[idx], Y[idx]
            a1 = xb @ W1.T + b1
            h1 = np.maximum(a1, 0.0) if relu else 1.0 / (1.0 + np.exp(-a1))
            a2 = h1 @ W2.T + b2
            e = np.exp(a2 - a2.max(axis=1, keepdims=True))
            y_hat = e / e.sum(axis=1, keepdims=True)
            total -= np.sum(yb * np.log(y_hat))
            d2 = (y_hat - yb) / len(idx)
            g1 = d2 @ W2
            d1 = g1 * (a1 > 0) if relu else g1 * h1 * (1.0 - h1)
            W2 -= lr * (d2.T @ h1)
            b2 -= lr * d2.sum(axis=0)
            W1 -= lr * (d1.T @ xb)
            b1 -= lr * d1.sum(axis=0)
    seconds = time.perf_counter() - t0
    return seconds, [W1, b1, W2, b2]


def run_sklearn(p, init, perms):
    """``MLPClassifier`` (plain SGD, no momentum, no L2), one ``partial_fit`` per epoch.

    scikit-learn stores ``W`` as (n_in, n_out): the initial weights go in transposed.
    """
    import warnings

    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(hidden_layer_sizes=(p["sizes"][1],),
                        activation="logistic" if p["hidden"] == "sigmoid" else "relu",
                        solver="sgd", learning_rate="constant", learning_rate_init=p["lr"],
                        momentum=0.0, nesterovs_momentum=False, batch_size=p["batch"],
                        alpha=0.0, max_iter=1, shuffle=False, warm_start=True,
                        random_state=0)
    x, y = p["x"], p["y"]
    classes = np.arange(p["sizes"][-1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one_each = [int(np.flatnonzero(y == c)[0]) for c in classes]
        clf.partial_fit(x[one_each], y[one_each], classes=classes)      # builds the model
    for coef, intercept, (W, b) in zip(clf.coefs_, clf.intercepts_, init):
        coef[...] = W.T
        intercept[...] = b
    del clf._optimizer                      # a fresh optimizer, as on a first call
    t0 = time.perf_counter()
    for perm in perms:
        clf.partial_fit(x[perm], y[perm])
    seconds = time.perf_counter() - t0
    (W1, W2), (b1, b2) = clf.coefs_, clf.intercepts_
    return seconds, [W1.T, b1, W2.T, b2]


def run_torch(p, init, perms):
    """PyTorch: ``nn.Sequential`` + ``F.cross_entropy`` + ``optim.SGD``, float64, 1 thread."""
    import torch

    torch.set_num_threads(1)
    (W1, b1), (W2, b2) = init
    act = torch.nn.Sigmoid() if p["hidden"] == "sigmoid" else torch.nn.ReLU()
    model = torch.nn.Sequential(torch.nn.Linear(*W1.shape[::-1]), act,
                                torch.nn.Linear(*W2.shape[::-1])).double()
    with torch.no_grad():
        for layer, (W, b) in zip((model[0], model[2]), init):
            layer.weight.copy_(torch.from_numpy(W))
            layer.bias.copy_(torch.from_numpy(b))
    opt = torch.optim.SGD(model.parameters(), lr=p["lr"])
    x, y = torch.from_numpy(p["x"]), torch.from_numpy(p["y"])
    orders = [torch.from_numpy(perm) for perm in perms]
    bs = p["batch"]
    t0 = time.perf_counter()
    for order in orders:
        for start in range(0, len(order), bs):
            idx = order[start:start + bs]
            loss = torch.nn.functional.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    seconds = time.perf_counter() - t0
    return seconds, [t.detach().numpy().copy() for t in
                     (model[0].weight, model[0].bias, model[2].weight, model[2].bias)]


def run_gemm_floor(p, init, perms):
    """The floor: only the matrix products of an epoch, on the same shapes, into
    preallocated arrays (forward ``X W1ᵀ``, ``H W2ᵀ``; backward ``δ2ᵀ H``, ``δ2 W2``,
    ``δ1ᵀ X``).  No gather, no activation, no update: a lower bound."""
    (W1, _), (W2, _) = init
    x, bs = p["x"], p["batch"]
    n, (n0, n1, n2) = x.shape[0], p["sizes"]
    H, D1, D2 = np.ones((bs, n1)), np.ones((bs, n1)), np.ones((bs, n2))
    A2 = np.empty((bs, n2))
    dW1, dW2 = np.empty((n1, n0)), np.empty((n2, n1))
    t0 = time.perf_counter()
    for _ in perms:
        for start in range(0, n, bs):
            xb = x[start:start + bs]
            m = xb.shape[0]
            np.matmul(xb, W1.T, out=H[:m])
            np.matmul(H[:m], W2.T, out=A2[:m])
            np.matmul(D2[:m].T, H[:m], out=dW2)
            np.matmul(D2[:m], W2, out=D1[:m])
            np.matmul(D1[:m].T, xb, out=dW1)
    return time.perf_counter() - t0, None


def torch_available():
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


# ----- measuring ---------------------------------------------------------------------------
def max_weight_difference(a, b):
    return max(float(np.max(np.abs(np.asarray(u) - np.asarray(v)))) for u, v in zip(a, b))


def equivalence(p, runners, n_rows=None):
    """Train one epoch with each implementation from the same start; compare the weights."""
    q = dict(p)
    if n_rows is not None:
        q["x"], q["y"] = p["x"][:n_rows], p["y"][:n_rows]
    init = initial_weights(q["sizes"])
    perms = permutations(len(q["y"]), 1)
    weights = {name: run(q, init, perms)[1] for name, run in runners.items()}
    ref = weights["ffnn_course"]
    moved = max_weight_difference(ref, [a for pair in init for a in pair])
    return {"rows": len(q["y"]), "epochs": 1, "weights_moved_by": moved,
            "max_abs_difference_vs_ffnn_course": {
                name: max_weight_difference(ref, w) for name, w in weights.items()
                if name != "ffnn_course"}}


def benchmark(p, runners, rounds, verbose=True):
    """Time every runner ``rounds`` times, interleaved; medians of times and of ratios."""
    init = initial_weights(p["sizes"])
    perms = permutations(len(p["y"]), p["epochs"])
    names = list(runners)
    one = permutations(len(p["y"]), 1)
    for name in names:                                       # warm-up: imports, caches
        runners[name](p, init, one)
    per_epoch = {name: [] for name in names}
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            seconds, _ = runners[name](p, init, perms)
            per_epoch[name].append(seconds / p["epochs"] * 1e3)
        if verbose:
            print(f"  {p['name']} round {r + 1}/{rounds}: " + ", ".join(
                f"{n} {per_epoch[n][-1]:.1f}" for n in names) + " ms/epoch", flush=True)
    ms = {name: statistics.median(v) for name, v in per_epoch.items()}
    ratios = {}
    for name in names:
        if name != "ffnn_course":
            ratios[f"ffnn_course/{name}"] = statistics.median(
                f / o for f, o in zip(per_epoch["ffnn_course"], per_epoch[name]))
    return {"ms_per_epoch": ms, "ratios": ratios, "all_ms_per_epoch": per_epoch,
            "rounds": rounds, "epochs": p["epochs"], "n": len(p["y"]),
            "sizes": list(p["sizes"]), "batch": p["batch"], "lr": p["lr"],
            "hidden": p["hidden"]}


def run_problem(p, rounds, with_floor, check_rows=None, torch_ok=True):
    from threadpoolctl import threadpool_limits

    runners = {"ffnn_course": run_ffnn, "numpy": run_numpy, "sklearn": run_sklearn}
    if torch_ok:
        runners["torch"] = run_torch
    with threadpool_limits(limits=1):
        eq = equivalence(p, runners, check_rows)
        timed = dict(runners)
        if with_floor:
            timed["gemm_floor"] = run_gemm_floor
        res = benchmark(p, timed, rounds)
    res["equivalence"] = eq
    return res


def median_seconds(cmd, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_import(runs=10):
    """``import ffnn_course`` in a fresh process, against ``import numpy`` alone."""
    py = sys.executable
    env = dict(os.environ)
    numpy_s, ffnn_s = [], []
    for _ in range(runs):                                    # interleaved
        numpy_s.append(median_seconds([py, "-c", "import numpy"], 1))
        ffnn_s.append(median_seconds([py, "-c", "import ffnn_course"], 1))
    out = subprocess.run([py, "-X", "importtime", "-c", "import ffnn_course"],
                         capture_output=True, text=True, env=env, check=True).stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in out.splitlines()
                if line.startswith("import time:") and "|" in line][1:]
    heavy = sorted({m.split(".")[0].strip() for m in imported
                    if m.split(".")[0].strip() in HEAVY_MODULES})
    return {"runs": runs, "numpy_s": statistics.median(numpy_s),
            "ffnn_course_s": statistics.median(ffnn_s),
            "difference_s": statistics.median(f - n for f, n in zip(ffnn_s, numpy_s)),
            "heavy_modules_imported": heavy, "modules_imported": len(imported)}


def bench_build_and_tests():
    """Cold and cached book builds (into a fresh output folder) and the test suite."""
    out = {}
    build = ROOT / "tools" / "build_book.sh"
    env = dict(os.environ, VIRTUAL_ENV=os.environ.get("VIRTUAL_ENV", str(Path(sys.executable).parent.parent)))
    if not build.exists():
        return {"skipped": "tools/build_book.sh does not exist"}
    target = Path(tempfile.mkdtemp(prefix="ffnn-bench-build-"))
    try:
        for label in ("cold_build_s", "cached_build_s"):
            t0 = time.perf_counter()
            proc = subprocess.run(["bash", str(build), "--path-output", str(target)], cwd=ROOT,
                                  env=env, capture_output=True, text=True)
            out[label] = time.perf_counter() - t0
            if proc.returncode != 0:          # e.g. a warning under -W: the book is still
                out[label + "_failed"] = (proc.stdout + proc.stderr)[-2000:]   # built
                if not (target / "_build" / "html" / "index.html").exists():
                    break
    finally:
        shutil.rmtree(target, ignore_errors=True)
    notebooks = sorted(str(q.relative_to(ROOT)) for q in (ROOT / "book").rglob("*.ipynb")
                       if ".ipynb_checkpoints" not in q.parts and "_build" not in q.parts)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    if notebooks:
        cmd += ["--nbval", "--nbval-current-env", "--nbval-sanitize-with",
                "tests/nbval_sanitize.cfg", "book"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=dict(env, FFNN_COURSE_NO_PROGRESS="1",
                                                 PYTHONHASHSEED="0"),
                          capture_output=True, text=True)
    out["tests_s"] = time.perf_counter() - t0
    out["tests_command"] = " ".join(cmd[1:])
    out["tests_summary"] = (proc.stdout.strip().splitlines() or [""])[-1]
    out["tests_returncode"] = proc.returncode
    return out


# ----- the machine -------------------------------------------------------------------------
def machine_info():
    from threadpoolctl import threadpool_info, threadpool_limits

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {"python": platform.python_version(), "numpy": np.__version__}
    for mod in ("sklearn", "torch", "threadpoolctl"):
        try:
            versions[mod] = __import__(mod).__version__
        except ImportError:
            versions[mod] = None
    import ffnn_course
    versions["ffnn_course"] = ffnn_course.__version__
    with threadpool_limits(limits=1):
        blas = [{k: lib.get(k) for k in ("user_api", "internal_api", "prefix", "version",
                                          "architecture", "threading_layer", "num_threads")}
                | {"file": Path(lib["filepath"]).name} for lib in threadpool_info()]
    env = {k: v for k, v in sorted(os.environ.items())
           if k.startswith(("OPENBLAS", "OMP_", "MKL", "BLIS", "NVPL", "GOTO", "VECLIB",
                            "PYTHONHASHSEED", "FFNN_COURSE"))}
    return {"cpu": cpu, "logical_cpus": os.cpu_count(),
            "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
            else os.cpu_count(),
            "platform": platform.platform(), "versions": versions, "blas_one_thread": blas,
            "env": env, "load_average_start": os.getloadavg()}


# ----- reporting ---------------------------------------------------------------------------
def table(results):
    lines = ["| benchmark | implementation | ms / epoch | ffnn_course ÷ it |",
             "| --- | --- | ---: | ---: |"]
    for key in ("A", "B"):
        if key not in results:
            continue
        r = results[key]
        for name, ms in r["ms_per_epoch"].items():
            ratio = r["ratios"].get(f"ffnn_course/{name}")
            lines.append(f"| {key} | {name} | {ms:.2f} | "
                         f"{'' if ratio is None else f'{ratio:.2f}'} |")
    if "import" in results:
        im = results["import"]
        lines.append(f"| import | `import numpy` | {im['numpy_s'] * 1e3:.0f} ms | |")
        lines.append(f"| import | `import ffnn_course` | {im['ffnn_course_s'] * 1e3:.0f} ms | |")
        lines.append(f"| import | difference (median of pairs) | "
                     f"{im['difference_s'] * 1e3:.0f} ms | |")
    return "\n".join(lines)


def goals(results):
    g = {}
    if "A" in results:
        r = results["A"]["ratios"]
        g["A: ffnn_course within 1.2x of the numpy loop"] = r["ffnn_course/numpy"] <= 1.2
        g["A: ffnn_course at most half of scikit-learn"] = r["ffnn_course/sklearn"] <= 0.5
    if "B" in results:
        r = results["B"]["ratios"]
        g["B: ffnn_course within 1.3x of the GEMM floor"] = r["ffnn_course/gemm_floor"] <= 1.3
        g["B: ffnn_course ahead of scikit-learn"] = r["ffnn_course/sklearn"] < 1.0
        if "ffnn_course/torch" in r:
            g["B: ffnn_course ahead of PyTorch"] = r["ffnn_course/torch"] < 1.0
    if "import" in results:
        im = results["import"]
        g["import: fresh process within 0.15 s"] = im["ffnn_course_s"] <= 0.15
        # numpy's own import (~0.09 s on an idle machine) swells with the machine's load;
        # what ffnn_course adds on top of it does not depend on that as much.
        g["import: at most 0.06 s on top of numpy"] = im["difference_s"] <= 0.06
        g["import: no sympy/matplotlib/ipywidgets/sklearn"] = not im["heavy_modules_imported"]
    if "build_and_tests" in results and "cold_build_s" in results["build_and_tests"]:
        bt = results["build_and_tests"]
        g["build: cold book build within 3 min"] = bt["cold_build_s"] <= 180
        if "cached_build_s" in bt:
            g["build: cached rebuild within 15 s"] = bt["cached_build_s"] <= 15
        if "tests_s" in bt:
            g["tests: full suite within 3 min"] = bt["tests_s"] <= 180
    return g


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="A,B,import",
                    help="comma-separated subset of A, B, import (default: all three)")
    ap.add_argument("--rounds", type=int, default=None,
                    help="timed rounds per benchmark (default 7 for A, 3 for B; --quick: 2, 1)")
    ap.add_argument("--quick", action="store_true",
                    help="a fast smoke run: fewer rounds, 5 epochs for A, 6,000 rows for B")
    ap.add_argument("--build-and-tests", action="store_true",
                    help="also time a cold and a cached book build and the test suite")
    ap.add_argument("--no-torch", action="store_true", help="leave PyTorch out")
    ap.add_argument("--output", default=str(RESULTS / "latest.json"))
    args = ap.parse_args(argv)
    only = {s.strip() for s in args.only.split(",") if s.strip()}

    results = {"machine": machine_info(), "date": time.strftime("%Y-%m-%d %H:%M:%S %Z")}
    torch_ok = torch_available() and not args.no_torch
    if not torch_ok:
        results["torch"] = "not installed: skipped" if not args.no_torch else "left out"
    print(f"CPU: {results['machine']['cpu']}, {results['machine']['usable_cpus']} usable; "
          f"numpy {np.__version__}; BLAS pinned to 1 thread", flush=True)
    if "A" in only:
        p = problem_a(epochs=5 if args.quick else 50)
        results["A"] = run_problem(p, args.rounds or (2 if args.quick else 7),
                                   with_floor=False, torch_ok=torch_ok)
    if "B" in only:
        p = problem_b(n=6_000 if args.quick else 60_000, epochs=1 if args.quick else 3)
        results["B"] = run_problem(p, args.rounds or (1 if args.quick else 3), with_floor=True,
                                   check_rows=2048, torch_ok=torch_ok)
    if "import" in only:
        results["import"] = bench_import(runs=3 if args.quick else 10)
    if args.build_and_tests:
        print("timing the book build (cold, cached) and the tests ...", flush=True)
        results["build_and_tests"] = bench_build_and_tests()
    results["machine"]["load_average_end"] = os.getloadavg()
    results["goals_met"] = goals(results)

    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=float) + "\n")
    print()
    print(table(results))
    for key in ("A", "B"):
        if key in results:
            eq = results[key]["equivalence"]
            diffs = ", ".join(f"{k} {v:.1e}" for k, v in
                              eq["max_abs_difference_vs_ffnn_course"].items())
            print(f"{key}: same weights after 1 epoch on {eq['rows']} rows "
                  f"(weights moved by {eq['weights_moved_by']:.2f}); max |difference|: {diffs}")
    if "import" in results:
        print(f"import: heavy modules imported: {results['import']['heavy_modules_imported']}")
    if "build_and_tests" in results:
        print("build and tests:", json.dumps(results["build_and_tests"], indent=1, default=str))
    for goal, ok in results["goals_met"].items():
        print(f"  [{'met' if ok else 'NOT met'}] {goal}")
    print(f"wrote {out}")
    return results


if __name__ == "__main__":
    main()
