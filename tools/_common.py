"""What the Python tools share: the repository root, the book's configuration, the run environment.

    from _common import ROOT, config, run_env      # tools/ is on sys.path when a tool runs

The shell scripts get the same from ``tools/common.sh``; both read the run environment
from ``tools/run.env``, its one home.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def config(root: Path = ROOT) -> dict:
    """``_config.yml`` as a dict."""
    import yaml

    return yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8")) or {}


def run_env(root: Path = ROOT) -> dict[str, str]:
    """``tools/run.env`` as ``{NAME: value}``: the environment of every build and run."""
    env = {}
    for line in (root / "tools" / "run.env").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    return env
