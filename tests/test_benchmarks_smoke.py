"""Keep benchmarks/run.py working: its code paths at a toy size.

No timing is asserted here (speed is measured by ``python benchmarks/run.py``);
these tests only check that the implementations still run and still compute
the same thing.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("sklearn")
pytest.importorskip("threadpoolctl")

RUN = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("ffnn_benchmarks_run", RUN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def toy(problem, rows, epochs=1):
    p = dict(problem)
    p["x"], p["y"], p["epochs"] = p["x"][:rows], p["y"][:rows], epochs
    return p


def runners(bench):
    return {"ffnn_course": bench.run_ffnn, "numpy": bench.run_numpy,
            "sklearn": bench.run_sklearn}


def test_a_implementations_compute_the_same_weights(bench):
    p = toy(bench.problem_a(epochs=1), rows=200)
    eq = bench.equivalence(p, runners(bench))
    assert eq["weights_moved_by"] > 1e-3
    for name, diff in eq["max_abs_difference_vs_ffnn_course"].items():
        assert diff < 1e-10, name


def test_b_benchmark_runs_at_toy_size(bench):
    p = toy(bench.problem_b(n=400, epochs=1), rows=400)
    timed = dict(runners(bench), gemm_floor=bench.run_gemm_floor)
    res = bench.benchmark(p, timed, rounds=1, verbose=False)
    assert set(res["ms_per_epoch"]) == set(timed)
    assert all(ms > 0 for ms in res["ms_per_epoch"].values())
    assert "ffnn_course/gemm_floor" in res["ratios"]
    res["equivalence"] = bench.equivalence(p, runners(bench), n_rows=256)
    for diff in res["equivalence"]["max_abs_difference_vs_ffnn_course"].values():
        assert diff < 1e-10
    table = bench.table({"B": res})
    assert "| B | ffnn_course |" in table
    assert "B: ffnn_course ahead of scikit-learn" in bench.goals({"B": res})


def test_torch_is_optional_and_matches_when_installed(bench):
    if not bench.torch_available():
        pytest.skip("PyTorch is not installed; the benchmark skips it the same way")
    p = toy(bench.problem_a(epochs=1), rows=100)
    eq = bench.equivalence(p, {"ffnn_course": bench.run_ffnn, "torch": bench.run_torch})
    assert eq["max_abs_difference_vs_ffnn_course"]["torch"] < 1e-10


def test_machine_info_names_the_blas(bench):
    info = bench.machine_info()
    assert info["versions"]["numpy"] == np.__version__
    assert all(lib["num_threads"] == 1 for lib in info["blas_one_thread"])


def test_stage_breakdown_runs_the_same_computation_on_both_sides():
    spec = importlib.util.spec_from_file_location(
        "ffnn_benchmarks_stages", RUN.parent / "stages.py")
    stages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stages)
    p = toy(stages.run.problem_a(epochs=1), rows=150)
    init = stages.run.initial_weights(p["sizes"])
    perms = stages.run.permutations(150, 2)
    ns_f, w_f = stages.stages_ffnn(p, init, perms)
    ns_n, w_n = stages.stages_numpy(p, init, perms)
    assert stages.run.max_weight_difference(w_f, w_n) < 1e-12
    assert stages.run.max_weight_difference(w_f, [a for pair in init for a in pair]) > 1e-3
    assert ns_f.shape == ns_n.shape == (len(stages.STAGES),) and (ns_f > 0).all()
    us = stages.main(["--epochs", "1", "--rounds", "1"])
    assert set(us) == {"ffnn_course", "numpy"}
