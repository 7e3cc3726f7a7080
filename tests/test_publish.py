"""Ready to publish: one repository URL, one version, set-up cells and CI files that agree.

The repository URL lives in _config.yml (``repository: url:``); Jupyter Book's Binder and
Colab buttons read it, and every notebook's set-up cell must install exactly
``git+<url>@v<version>`` (tools/sync_setup_cells.py rewrites them after a change).
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest

import ffnn_course

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
URL = CONFIG["repository"]["url"].rstrip("/")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]


def _load_sync():
    spec = importlib.util.spec_from_file_location("sync_setup_cells",
                                                  ROOT / "tools" / "sync_setup_cells.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sync_setup_cells = _load_sync()
NOTEBOOKS = sync_setup_cells.notebooks()


def test_one_version():
    assert ffnn_course.__version__ == VERSION, "pyproject.toml and ffnn_course.__version__"
    assert re.fullmatch(r"\d+\.\d+\.\d+([ab]|rc)?\d*", VERSION)


def test_repository_url_is_a_github_repository():
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", URL), URL
    assert not URL.endswith(".git")
    assert CONFIG["repository"].get("branch") == "main"
    assert CONFIG["html"]["use_repository_button"] is True
    buttons = CONFIG["launch_buttons"]
    assert buttons["binderhub_url"] == "https://mybinder.org"
    assert buttons["colab_url"] == "https://colab.research.google.com"


def test_the_notebooks_are_found():
    names = {p.relative_to(ROOT).as_posix() for p in NOTEBOOKS}
    assert any(n.startswith("book/") for n in names)
    assert any(n.startswith("exercises/student/") for n in names) or not list(
        (ROOT / "exercises").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_setup_cell_installs_this_repository_at_this_version(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    first_code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    source = "".join(first_code["source"])
    assert source.startswith("# Set-up:"), f"{path.name}: the first code cell is not the set-up cell"
    installs = re.findall(r"%pip install .*?\"ffnn-course\[book\] @ (\S+)\"", source)
    assert installs == [f"git+{URL}@v{VERSION}"], (
        f"{path.relative_to(ROOT)} installs {installs}; run python tools/sync_setup_cells.py")
    assert source == sync_setup_cells.setup_source(), (
        f"{path.relative_to(ROOT)}: set-up cell differs from the template; "
        "run python tools/sync_setup_cells.py")
    # the cell does nothing when the package is importable: the install is in the except
    assert re.search(r"try:\n\s+import ffnn_course\nexcept ImportError:\n\s+%pip", source)
    # and no other cell or text points at another copy of the repository
    text = path.read_text(encoding="utf-8")
    for clone in re.findall(r"git clone (\S+?)(?:\\n|\s|\")", text):
        assert clone == URL, f"{path.name}: git clone {clone}"


def test_sync_tool_check_passes():
    assert sync_setup_cells.main(["--check"]) == 0


def test_sync_tool_rewrites_source_only(tmp_path):
    """Change the URL in a copy of the project: one command updates the set-up cells."""
    for name in ("_config.yml", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "ffnn_course").mkdir()
    shutil.copy(ROOT / "ffnn_course" / "__init__.py", tmp_path / "ffnn_course" / "__init__.py")
    (tmp_path / "book").mkdir()
    chapter = sorted((ROOT / "book").glob("*.ipynb"))[0]
    copy = tmp_path / "book" / chapter.name
    shutil.copy(chapter, copy)
    config = (tmp_path / "_config.yml").read_text(encoding="utf-8")
    (tmp_path / "_config.yml").write_text(
        config.replace(f"url: {URL}", "url: https://github.com/someone/my-fork"), encoding="utf-8")

    assert sync_setup_cells.sync(copy, root=tmp_path, write=False)       # stale
    assert sync_setup_cells.sync(copy, root=tmp_path) == sync_setup_cells.sync(
        chapter, root=tmp_path, write=False)
    assert not sync_setup_cells.sync(copy, root=tmp_path)                 # now in sync
    before, after = (json.loads(p.read_text(encoding="utf-8")) for p in (chapter, copy))
    changed = [i for i, (a, b) in enumerate(zip(before["cells"], after["cells"])) if a != b]
    setup_index = next(i for i, c in enumerate(before["cells"]) if c["cell_type"] == "code")
    assert setup_index in changed
    for i in changed:
        a, b = before["cells"][i], after["cells"][i]
        assert {k: v for k, v in a.items() if k != "source"} == \
               {k: v for k, v in b.items() if k != "source"}, "only sources may change"
    assert f"git+https://github.com/someone/my-fork@v{VERSION}" in "".join(
        after["cells"][setup_index]["source"])


# --- CI and Binder files -------------------------------------------------------------------
def test_workflows():
    tests = yaml.safe_load((ROOT / ".github/workflows/tests.yml").read_text(encoding="utf-8"))
    book = yaml.safe_load((ROOT / ".github/workflows/book.yml").read_text(encoding="utf-8"))
    steps = [s for job in tests["jobs"].values() for s in job["steps"]]
    runs = "\n".join(s.get("run", "") for s in steps)
    uses = [s.get("uses", "") for s in steps]
    assert "bash tools/run_tests.sh" in runs
    assert "apt-get install -y -qq chromium" in runs
    # Debian's chromium: the job runs in a Debian container with Python 3.11
    assert [job["container"] for job in tests["jobs"].values()] == ["python:3.11-bookworm"]
    assert any(u.startswith("actions/setup-node@") for u in uses)
    book_steps = [s for job in book["jobs"].values() for s in job["steps"]]
    book_uses = [s.get("uses", "") for s in book_steps]
    assert any(s.get("with", {}).get("python-version") == "3.11" for s in book_steps)
    assert "bash tools/build_book.sh" in "\n".join(s.get("run", "") for s in book_steps)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in book_uses)
    assert any(u.startswith("actions/deploy-pages@") for u in book_uses)
    upload = next(s for s in book_steps if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "_build/html"
    # "on" parses as True in YAML 1.1
    triggers = book.get("on", book.get(True))
    assert "push" in triggers
    assert book["permissions"]["pages"] == "write" and book["permissions"]["id-token"] == "write"


def test_binder_configuration():
    binder = ROOT / "binder"
    reqs = (binder / "requirements.txt").read_text(encoding="utf-8").split()
    assert reqs == ["-r", "../requirements.txt"]
    post = (binder / "postBuild").read_text(encoding="utf-8")
    assert post.startswith("#!") and "pip install" in post and "." in post.split("pip install")[1]
    assert (binder / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"
    runtime = (binder / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime == "python-3.11"
