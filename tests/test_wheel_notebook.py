"""A chapter runs outside the repository, with ffnn_course installed from a built wheel.

1. Copy the package's sources to a temporary folder and build a wheel there
   (``python -m build --wheel --no-isolation``: setuptools is already here), so the
   checkout is not touched.
2. Make a fresh virtual environment (no ``--system-site-packages``: it must not see the
   editable install) and install the wheel plus the pinned numpy / matplotlib /
   ipykernel / nbclient from requirements.txt (PyPI or a local cache), with uv when
   tools/setup_env.sh put it beside this Python (seconds instead of half a minute), else pip.
3. Copy book/03_feedforward_networks.ipynb to another temporary folder and run it there
   with nbclient in that environment.

Passes if every cell runs, the set-up cell does nothing (the package is importable, so it
prints nothing and installs nothing), ffnn_course comes from the venv's site-packages, the
wheel ships the in-page explorers' script, and the outputs equal the stored ones. Takes
15-60 s; needs the network only when the cache lacks a wheel.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = ROOT / "book" / "03_feedforward_networks.ipynb"
PINNED = ("numpy", "matplotlib", "ipykernel", "nbclient", "nbformat")



def _pins() -> list[str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if m:
            pins[m.group(1).lower()] = f"{m.group(1)}=={m.group(2)}"
    return [pins.get(name, name) for name in PINNED]


def _run(cmd, **kw):
    result = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(map(str, cmd))} failed ({result.returncode}):\n"
                    f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def _clean_env() -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONSTARTUP")}
    env["FFNN_COURSE_NO_PROGRESS"] = "1"
    env["PYTHONHASHSEED"] = "0"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    # the fresh venv gets no .pyc files from uv: let its first imports write them
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


RUNNER = r'''
import json, sys
import nbformat
from nbclient import NotebookClient

nb = nbformat.read(sys.argv[1], as_version=4)
nb.cells.append(nbformat.v4.new_code_cell(
    "import ffnn_course, os\n"
    "print('FFNN_COURSE_FILE=' + os.path.realpath(ffnn_course.__file__))\n"
    "from ffnn_course.static_explorers import explorer_js\n"
    "print('STATIC_JS_CHARS=%d' % len(explorer_js()))"))
NotebookClient(nb, timeout=300, kernel_name="python3").execute()
nbformat.write(nb, sys.argv[2])
'''


def _text_outputs(cell) -> list[str]:
    out = []
    for o in cell.get("outputs", []):
        if o["output_type"] == "stream":
            out.append("".join(o["text"]))
        elif o["output_type"] in ("execute_result", "display_data"):
            out.append("".join(o.get("data", {}).get("text/plain", "")))
        elif o["output_type"] == "error":
            out.append(f"{o['ename']}: {o['evalue']}")
    return out


def test_chapter_runs_from_a_wheel_outside_the_repository(tmp_path):
    # 1. build the wheel from a copy of the sources
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).is_file():
            shutil.copy(ROOT / name, src / name)
    if not (src / "README.md").is_file():
        (src / "README.md").write_text("ffnn-course\n", encoding="utf-8")
    shutil.copytree(ROOT / "ffnn_course", src / "ffnn_course",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = tmp_path / "dist"
    # --no-isolation: the build backend (setuptools, wheel) is already in this environment
    _run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist),
          str(src)], cwd=tmp_path, env=_clean_env())
    wheels = list(dist.glob("ffnn_course-*.whl"))
    assert len(wheels) == 1, wheels
    with zipfile.ZipFile(wheels[0]) as zf:
        names = zf.namelist()
    assert "ffnn_course/static/explorers.js" in names, "the wheel lacks the package data"
    assert not any(n.startswith(("tests/", "book/", "tools/")) for n in names)

    # 2. a fresh venv: the wheel and the pinned notebook runtime
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], env=_clean_env())
    py = venv / "bin" / "python"
    uv = Path(sys.executable).parent / "uv"       # tools/setup_env.sh installs it; pip else
    install = ([str(uv), "pip", "install", "--python", str(py)] if uv.is_file()
               else [str(py), "-m", "pip", "install"])
    _run([*install, "-q", str(wheels[0]), *_pins()], cwd=tmp_path, env=_clean_env())

    # 3. run a copy of the chapter in a folder that is not the repository
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(CHAPTER, work / CHAPTER.name)
    (work / "runner.py").write_text(RUNNER, encoding="utf-8")
    executed = work / "executed.ipynb"
    _run([str(py), "runner.py", CHAPTER.name, executed.name], cwd=work, env=_clean_env(),
         timeout=600)

    nb = json.loads(executed.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    setup, last = code[0], code[-1]
    assert "".join(setup["source"]).startswith("# Set-up:")
    assert setup["outputs"] == [], f"the set-up cell did something: {setup['outputs']}"
    report = "".join(_text_outputs(last))
    where = Path(re.search(r"FFNN_COURSE_FILE=(.*)", report).group(1).strip())
    assert venv.resolve() in where.parents, f"ffnn_course imported from {where}"
    assert ROOT not in where.parents
    assert int(re.search(r"STATIC_JS_CHARS=(\d+)", report).group(1)) > 1000

    # the outputs equal the stored ones (the repository layout played no part)
    stored = [c for c in json.loads(CHAPTER.read_text(encoding="utf-8"))["cells"]
              if c["cell_type"] == "code"]
    assert len(stored) == len(code) - 1
    for k, (want, got) in enumerate(zip(stored, code)):
        assert _text_outputs(got) == _text_outputs(want), f"cell {k} differs"
