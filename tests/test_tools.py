"""tools/: one home for the repository root, the _config.yml reading and the run environment.

The shell scripts source tools/common.sh and the Python tools import tools/_common.py;
both take the environment of every build and run from tools/run.env.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
sys.path.insert(0, str(TOOLS))
import _common  # noqa: E402

SHELL_SCRIPTS = sorted(TOOLS.glob("*.sh"))
OWN_TOOLS = [p for p in [*SHELL_SCRIPTS, *TOOLS.glob("*.py")]
             if p.name not in ("common.sh", "_common.py", "make_student_versions.py")]


def test_common_sh_and_common_py_agree():
    names = " ".join(f'"${name}"' for name in _common.run_env())
    out = subprocess.run(
        ["bash", "-c", f'source tools/common.sh && cd / && printf "%s\\n" "$ROOT" "$PY" {names}'],
        cwd=ROOT, capture_output=True, text=True, check=True,
        env={k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"})
    root, py, *values = out.stdout.splitlines()
    assert Path(root) == _common.ROOT == ROOT
    assert py == str(ROOT / ".venv" / "bin" / "python")
    assert values == list(_common.run_env().values())
    assert _common.run_env() == {"FFNN_COURSE_NO_PROGRESS": "1", "PYTHONHASHSEED": "0",
                                 "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
                                 "MKL_NUM_THREADS": "1"}


def test_config_is_the_books_configuration():
    assert _common.config()["repository"]["url"].startswith("https://github.com/")


@pytest.mark.parametrize("path", OWN_TOOLS, ids=lambda p: p.name)
def test_no_tool_defines_the_root_or_the_run_environment_again(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"^\s*ROOT\s*=", text, re.M), f"{path.name} defines ROOT itself"
    for name in _common.run_env():
        assert not re.search(rf"{name}\s*=|\[\"{name}\"\]\s*=", text), (
            f"{path.name} sets {name}; it belongs in tools/run.env")
    assert "_config.yml\").read_text" not in text, f"{path.name} reads _config.yml itself"


@pytest.mark.parametrize("path", SHELL_SCRIPTS, ids=lambda p: p.name)
def test_shell_scripts_parse(path):
    subprocess.run(["bash", "-n", str(path)], check=True)


def test_run_tests_sets_up_the_environment_once():
    # build_book.sh runs setup_env.sh and vendor_assets.sh; run_tests.sh only calls it.
    text = (TOOLS / "run_tests.sh").read_text(encoding="utf-8")
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert "setup_env.sh" not in code and "vendor_assets.sh" not in code
    assert code.count("tools/build_book.sh") == 1


def test_the_build_finds_what_prefill_cache_stores():
    """After a build, tools/prefill_cache.py finds every notebook of the book in the build's
    cache: it looks notebooks up the way myst-nb does (if the two keyed them differently,
    every build would execute each notebook twice)."""
    if not (ROOT / "_build" / ".jupyter_cache").is_dir():
        pytest.skip("no _build/.jupyter_cache: build the book first (bash tools/build_book.sh)")
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "prefill_cache.py"), "--check"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "every notebook is in the cache" in out.stdout
