#!/usr/bin/env python3
"""Rewrite every notebook's set-up cell from _config.yml's repository URL and the version.

The repository URL is set in one place, ``repository: url:`` in ``_config.yml`` (Jupyter
Book's launch buttons read it too), and the version in ``pyproject.toml`` (which must equal
``ffnn_course.__version__``). Each notebook's first code cell installs exactly that
release when the package is missing (Colab, Binder)::

    %pip install -q "ffnn-course[book] @ git+<url>@v<version>"

    python tools/sync_setup_cells.py           # rewrite stale set-up cells
    python tools/sync_setup_cells.py --check   # exit 1 if any set-up cell is stale

Notebooks: book/*.ipynb, exercises/*.ipynb and exercises/student/*.ipynb. Only the cell's
source changes (outputs and metadata are left alone); a notebook that is already in sync
is not rewritten. The ``git clone <url>`` line of the book's introduction is kept in sync
the same way. tests/test_publish.py fails while anything is stale.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tools/, also when loaded by a test
from _common import ROOT, config  # noqa: E402  (tools/_common.py: root, _config.yml, run.env)
NOTEBOOK_GLOBS = ("book/*.ipynb", "exercises/*.ipynb", "exercises/student/*.ipynb")
SETUP_MARK = "# Set-up:"
SETUP_TEMPLATE = (
    "# Set-up: on Colab or Binder without the course package, install it (does nothing otherwise).\n"
    "try:\n"
    "    import ffnn_course\n"
    "except ImportError:\n"
    '    %pip install -q "ffnn-course[book] @ {spec}"\n'
    "    import ffnn_course"
)
GIT_CLONE = re.compile(r"git clone (\S+)")


def repository_url(root: Path = ROOT) -> str:
    """``repository: url:`` of _config.yml, without a trailing slash or ``.git``."""
    url = str(config(root)["repository"]["url"]).strip().rstrip("/")
    return url[:-4] if url.endswith(".git") else url


def package_version(root: Path = ROOT) -> str:
    """The version in pyproject.toml; it must equal ``__version__`` in the package."""
    import tomllib

    with open(root / "pyproject.toml", "rb") as f:
        version = tomllib.load(f)["project"]["version"]
    init = (root / "ffnn_course" / "__init__.py").read_text(encoding="utf-8")
    m = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', init, re.M)
    if not m or m.group(1) != version:
        raise SystemExit(f"pyproject.toml says version {version!r} but ffnn_course/__init__.py "
                         f"says {m.group(1) if m else None!r}: make them agree")
    return version


def install_spec(root: Path = ROOT) -> str:
    """``git+<url>@v<version>``: what every set-up cell installs."""
    return f"git+{repository_url(root)}@v{package_version(root)}"


def setup_source(root: Path = ROOT) -> str:
    return SETUP_TEMPLATE.format(spec=install_spec(root))


def notebooks(root: Path = ROOT) -> list[Path]:
    return sorted(p for pattern in NOTEBOOK_GLOBS for p in root.glob(pattern))


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _as_lines(text: str) -> list[str]:
    """Source as nbformat stores it: a list of lines, each but the last ending in \\n."""
    return text.splitlines(keepends=True)


def setup_cell(nb: dict):
    """The first code cell, if it is a set-up cell (starts with ``# Set-up:``)."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            return cell if _source(cell).lstrip().startswith(SETUP_MARK) else None
    return None


def sync(path: Path, root: Path = ROOT, write: bool = True) -> list[str]:
    """Bring one notebook in sync; return what was (or, with write=False, would be) changed."""
    text = path.read_text(encoding="utf-8")
    nb = json.loads(text)
    changes = []
    cell = setup_cell(nb)
    if cell is None:
        changes.append("no set-up cell (the first code cell must start with '# Set-up:')")
    elif _source(cell) != setup_source(root):
        cell["source"] = _as_lines(setup_source(root))
        changes.append("set-up cell")
    url = repository_url(root)
    for c in nb.get("cells", []):
        if c.get("cell_type") == "markdown":
            src = _source(c)
            new = GIT_CLONE.sub(lambda m: f"git clone {url}" if m.group(1) != url else m.group(0),
                                src)
            if new != src:
                c["source"] = _as_lines(new)
                changes.append("git clone URL")
    if changes and cell is not None and write:
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return changes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if any notebook is out of sync")
    args = parser.parse_args(argv)
    print(f"set-up cells install: ffnn-course[book] @ {install_spec()}")
    stale = 0
    for path in notebooks():
        changes = sync(path, write=not args.check)
        if changes:
            stale += 1
            verb = "stale" if args.check else "updated"
            print(f"{verb}: {path.relative_to(ROOT)} ({', '.join(changes)})")
    if args.check and stale:
        print(f"{stale} notebook(s) out of sync: run python tools/sync_setup_cells.py",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
