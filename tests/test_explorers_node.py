"""The page's JavaScript formulas, run in Node, against the Python explorers.

For every explorer of :data:`ffnn_course.explorers.EXPLORERS`, at its starting values,
at each control's ends and at random positions (seeded), the compute function of
``ffnn_course/static/explorers.js`` (the very text the pages embed) runs in Node with
the spec's JSON configuration; its arrays and its readouts must equal the Python
compute function's (values to 1e-9 relative, readout texts exactly).

Some settings are chaotic (gradient descent with a huge learning rate): there a
difference in the last bit of one ``exp`` grows until the paths part, in Python alone
too.  So each case is also run in Python with every float slider moved by one part in
1e13; arrays are compared up to the step where that twin run parts from the first, and
readouts only where the twin run agrees.  Nearly every case is compared in full (a test
checks), so this cannot hide a wrong formula.  So a changed
default, grid, datum or formula on either side fails here, in the ordinary test run,
without building the book.  Skipped only when ``node`` is not installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import numpy as np
import pytest

from ffnn_course.explorers import EXPLORERS
from ffnn_course.explorers.spec import format_number
from ffnn_course.static_explorers import explorer_config, explorer_js

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node (Node.js) is not installed: "
                                "`apt-get install -y nodejs` to check the page's formulas")

RUNNER = r"""
globalThis.window = globalThis;
const fs = require("fs");
eval(fs.readFileSync(process.argv[2], "utf8"));
const cases = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const out = cases.map(c => {
  const r = window.ffnnExplorers.compute(c.config.name, c.values, c.config.options, c.config.data);
  const fields = {};
  for (const [k, v] of Object.entries(r)) {
    if (typeof v === "number") fields[k] = v;
    else if (v && typeof v.length === "number" && typeof v[0] === "number") fields[k] = Array.from(v);
  }
  return {fields, readouts: window.ffnnExplorers.readouts(c.config, r, c.probe)};
});
process.stdout.write(JSON.stringify(out, (k, v) =>
  typeof v === "number" && !isFinite(v) ? String(v) : v));
"""


def _cases(seed: int = 20241202, random_positions: int = 6) -> list[dict]:
    rng = np.random.default_rng(seed)
    cases = []
    for name, spec in EXPLORERS.items():
        initial = spec.initial()
        positions = [{}]
        for c in spec.controls:                         # each control at its ends
            ends = c.positions()
            positions += [{c.name: ends[0]}, {c.name: ends[-1]}]
        for _ in range(random_positions):              # everything moved at once
            positions.append({c.name: c.positions()[rng.integers(len(c.positions()))]
                              for c in spec.controls})
        if name == "optimizer_paths":                  # every method on every surface
            for method in spec.control("method").values():
                for surface in spec.control("surface").values():
                    lr = spec.control("lr").positions()
                    positions.append({"method": method, "surface": surface,
                                      "lr": lr[rng.integers(len(lr))],
                                      "momentum": float(rng.choice([0.0, 0.5, 0.9, 0.99]))})
        for position in positions:
            probe = None
            if spec.probe is not None:
                n = spec.options()["grid"]
                probe = [int(rng.integers(n)), int(rng.integers(n))]
            cases.append({"name": name, "values": {**initial, **position}, "probe": probe,
                          "config": explorer_config(name)})
    return cases


def _sensitive(value: float, fmt: str) -> bool:
    """True if ``value`` sits within 1e-9 (relative) of a rounding boundary of ``fmt``."""
    return len({format_number(value * (1 + e), fmt) for e in (-1e-9, 0.0, 1e-9)}) > 1


@pytest.fixture(scope="module")
def node_results(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("node")
    cases = _cases()
    (tmp / "explorers.js").write_text(explorer_js(), encoding="utf-8")
    (tmp / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    (tmp / "run.js").write_text(RUNNER, encoding="utf-8")
    proc = subprocess.run([NODE, str(tmp / "run.js"), str(tmp / "explorers.js"),
                           str(tmp / "cases.json")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return cases, json.loads(proc.stdout)


def test_the_cases_cover_every_explorer_and_control(node_results):
    cases, _ = node_results
    assert {c["name"] for c in cases} == set(EXPLORERS)
    for name, spec in EXPLORERS.items():
        for control in spec.controls:                  # every control really moves
            seen = {json.dumps(c["values"][control.name]) for c in cases if c["name"] == name}
            assert len(seen) >= 3, (name, control.name, seen)


def _close(a, b):
    return np.isclose(a, b, rtol=1e-9, atol=1e-12)


def _twin(spec, values: dict) -> dict:
    """The same run with every float slider moved by one part in 1e13."""
    moved = {k: v * (1 + 1e-13) if isinstance(v, float) else v for k, v in values.items()}
    return spec.compute(**moved, **spec.options())


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_page_formulas_equal_python(node_results, name):
    cases, results = node_results
    spec = EXPLORERS[name]
    checked = in_full = 0
    for case, got in zip(cases, results):
        if case["name"] != name:
            continue
        where = f"{name} at {case['values']} (probe {case['probe']})"
        want = spec.compute(**case["values"], **spec.options())
        twin = _twin(spec, case["values"])
        common = set(got["fields"]) & set(want)
        assert {r.field for r in spec.readouts} <= common, (where, sorted(got["fields"]))
        full = True
        for key in sorted(common):
            expected = np.asarray(want[key], dtype=np.float64).ravel()
            actual = np.asarray(got["fields"][key], dtype=np.float64).ravel()
            assert actual.shape == expected.shape, (where, key)
            other = np.asarray(twin[key], dtype=np.float64).ravel()
            n = expected.size
            if other.shape == expected.shape and not _close(other, expected).all():
                n = int(np.argmin(_close(other, expected)))     # where the twin parts
                full = False
            np.testing.assert_allclose(actual[:n], expected[:n], rtol=1e-9, atol=1e-12,
                                       err_msg=f"{where}: field {key!r}")
        values = spec.readout_values(want, case["probe"])
        twin_values = spec.readout_values(twin, case["probe"])
        assert [row[0] for row in got["readouts"]] == list(values), where
        for key, label, value, text in got["readouts"]:
            expected, fmt = values[key]
            assert label == spec.readouts[[r.key for r in spec.readouts].index(key)].label
            if not _close(twin_values[key][0], expected):
                continue                                 # ill-conditioned: Python disagrees too
            assert float(value) == pytest.approx(expected, rel=1e-9, abs=1e-12), (where, key)
            if not _sensitive(expected, fmt):
                assert text == format_number(expected, fmt), (where, key, text)
        checked += 1
        in_full += full
    assert checked >= 5 and in_full >= 0.8 * checked, (checked, in_full)


def test_a_changed_formula_is_caught(tmp_path):
    """The comparison can fail: a one-character change in the page's sigmoid is seen."""
    js = explorer_js().replace("return a >= 0 ? 1.0 / (1.0 + e)", "return a >= 0 ? 1.0 / (1.01 + e)")
    assert js != explorer_js()
    case = {"name": "single_neuron", "values": EXPLORERS["single_neuron"].initial(),
            "probe": [30, 45], "config": explorer_config("single_neuron")}
    (tmp_path / "explorers.js").write_text(js, encoding="utf-8")
    (tmp_path / "cases.json").write_text(json.dumps([case]), encoding="utf-8")
    (tmp_path / "run.js").write_text(RUNNER, encoding="utf-8")
    out = json.loads(subprocess.run([NODE, str(tmp_path / "run.js"), str(tmp_path / "explorers.js"),
                                     str(tmp_path / "cases.json")], capture_output=True,
                                    text=True, timeout=60, check=True).stdout)
    want = EXPLORERS["single_neuron"].run()["y_hat"].ravel()
    assert not np.allclose(out[0]["fields"]["y_hat"], want, rtol=1e-9)
