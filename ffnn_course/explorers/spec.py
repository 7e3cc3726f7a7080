r"""An explorer as data: its controls, its readouts, its compute function and its options.

One :class:`~ffnn_course.explorers.ExplorerSpec` is the whole contract of an explorer.  Both views read it:

* :mod:`ffnn_course.widgets` builds ipywidgets controls from the spec's ``controls``,
  calls its ``compute`` in the kernel and shows its ``readouts``;
* :mod:`ffnn_course.static_explorers` writes
  :meth:`~ffnn_course.explorers.ExplorerSpec.config` as JSON into the
  page, where ``ffnn_course/static/explorers.js`` builds the same controls, runs the same
  formulas (ported to JavaScript) and shows the same readouts.

A readout names a ``field`` of the compute function's result and where to read it
(``at``): an index (``-1`` is the last entry), ``"min"``, ``"max"``, ``"probe"`` (the
grid point the reader clicked) or ``None`` (the field is a number).  The page reads it
the same way from its own result, so a readout is written once.

>>> s = Slider("lr", 0.1, 20.0, 0.1, 3.0, "η")
>>> s.check(25.0)
Traceback (most recent call last):
    ...
ValueError: slider 'lr' (η) must be in [0.1, 20.0], got 25.0
>>> Readout("p1", "p1", ".4f", "probabilities", 0).pick({"probabilities": [0.25, 0.75]})
0.25
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

__all__ = ["Slider", "Choice", "Readout", "ExplorerSpec", "jsonable", "format_number"]


def format_number(value: float, fmt: str) -> str:
    """``format(value, fmt)``, with ``"d"`` rounding to an int first (as the page does).

    >>> format_number(100.0, "d"), format_number(0.000113, ".3e")
    ('100', '1.130e-04')
    """
    if fmt == "d":
        return format(int(round(value)), "d")
    return format(float(value), fmt)


@dataclass(frozen=True)
class Slider:
    """A numeric control; ``name`` is the compute function's keyword argument.

    ``integer`` sliders give ints; ``log`` sliders move in steps of ``step`` along
    ``log10`` of the value, rounded to two significant digits (``min`` and ``max`` are
    values, not exponents).
    ``description`` is the accessible name's longer half (read by screen readers).
    """

    name: str
    min: float
    max: float
    step: float
    value: float
    label: str = ""
    integer: bool = False
    log: bool = False
    fmt: str = ".2f"
    description: str = ""

    def __post_init__(self):
        if self.step <= 0:
            raise ValueError(f"slider {self.name!r}: step must be > 0, got {self.step}")
        if self.log and not self.min > 0:
            raise ValueError(f"slider {self.name!r}: a log slider needs min > 0, got {self.min}")
        if not self.min <= self.value <= self.max:
            raise ValueError(f"slider {self.name!r}: value {self.value} is outside "
                             f"[{self.min}, {self.max}]")

    @property
    def kind(self) -> str:
        return "log" if self.log else "slider"

    def check(self, value):
        """``value`` as this slider gives it (int or float), or ValueError naming the slider."""
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"slider {self.name!r} ({self.label or self.name}) takes a number, "
                            f"got {type(value).__name__} {value!r}")
        if not (math.isfinite(value) and self.min <= value <= self.max):
            raise ValueError(f"slider {self.name!r} ({self.label or self.name}) must be in "
                             f"[{self.min}, {self.max}], got {value}")
        return int(round(value)) if self.integer else float(value)

    def positions(self) -> list:
        """Every position the slider can take (for tests): ``min + k·step`` (or ``10**``)."""
        if self.log:
            lo, hi = math.log10(self.min), math.log10(self.max)
            n = int(round((hi - lo) / self.step))
            return [float(f"{10 ** (lo + k * self.step):.2g}") for k in range(n + 1)]
        n = int(round((self.max - self.min) / self.step))
        values = [round(self.min + k * self.step, 10) for k in range(n + 1)]
        return [int(v) for v in values] if self.integer else values


@dataclass(frozen=True)
class Choice:
    """A control with named options (a drop-down list): ``options`` is ``((value, label), ...)``."""

    name: str
    options: tuple
    value: str
    label: str = ""
    description: str = ""
    kind: str = field(default="choice", init=False)

    def __post_init__(self):
        if self.value not in self.values():
            raise ValueError(f"choice {self.name!r}: value {self.value!r} is not one of "
                             f"{self.values()}")

    def values(self) -> list:
        return [value for value, _ in self.options]

    def check(self, value):
        """``value`` if it is one of the options, else ValueError naming the control."""
        if value not in self.values():
            raise ValueError(f"choice {self.name!r} ({self.label or self.name}) must be one of "
                             f"{self.values()}, got {value!r}")
        return value

    def positions(self) -> list:
        return self.values()


@dataclass(frozen=True)
class Readout:
    """A number the explorer shows: ``label`` and ``format(value, fmt)``.

    The value is ``result[field]`` read ``at`` an index, ``"min"``, ``"max"``,
    ``"probe"`` (a grid point ``(row, column)``) or ``None`` (a plain number).
    """

    key: str
    label: str
    fmt: str
    field: str
    at: object = None

    def text(self, result: dict, probe=None) -> str:
        """The readout as shown: ``format_number(pick(result, probe), fmt)``."""
        return format_number(self.pick(result, probe), self.fmt)

    def pick(self, result: dict, probe=None) -> float:
        """The readout's value in ``result`` (a compute function's dict)."""
        x = np.asarray(result[self.field], dtype=np.float64)
        if self.at is None:
            return float(x)
        if self.at == "min":
            return float(x.min())
        if self.at == "max":
            return float(x.max())
        if self.at == "probe":
            return float(x[tuple(probe)])
        return float(x.reshape(-1)[self.at])


def jsonable(value):
    """``value`` with numpy arrays and numbers turned into lists and floats (for JSON)."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [jsonable(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (numbers.Integral,)):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    return value


@dataclass(frozen=True)
class ExplorerSpec:
    """An explorer: controls, readouts, a compute function, its options and a figure.

    ``compute(**values, **options())`` takes one keyword per control plus the options
    (grids, data: things the reader does not move) and returns a dict of arrays.
    ``plot`` is ``"module:function"`` under ``ffnn_course`` (matplotlib, for the
    ipywidgets view).  ``page_data()`` is extra JSON for drawing in the page; ``probe``
    the starting grid point of a surface explorer's probe (``None``: no probe).
    """

    name: str
    title: str
    controls: tuple
    compute: Callable[..., dict]
    plot: str
    readouts: tuple
    options: Callable[[], dict] = dict
    page_data: Callable[[], dict] = dict
    probe: tuple | None = None
    alt: str = ""

    @property
    def sliders(self) -> tuple:
        """The controls (sliders and choices), in order."""
        return self.controls

    def initial(self) -> dict:
        """The controls' initial values, ``{name: value}``."""
        return {c.name: c.check(c.value) for c in self.controls}

    def control(self, name: str):
        for c in self.controls:
            if c.name == name:
                return c
        raise KeyError(f"explorer {self.name!r} has no slider {name!r}; it has "
                       f"{[c.name for c in self.controls]}")

    slider = control

    def values(self, **values) -> dict:
        """The initial values updated with ``values``, each checked by its control."""
        unknown = set(values) - {c.name for c in self.controls}
        if unknown:
            raise ValueError(f"explorer {self.name!r} has no slider(s) {sorted(unknown)}; "
                             f"it has {[c.name for c in self.controls]}")
        out = self.initial()
        for key, value in values.items():
            out[key] = self.control(key).check(value)
        return out

    def run(self, **values) -> dict:
        """``compute`` at these control values (others at their initial values)."""
        return self.compute(**self.values(**values), **self.options())

    def readout_values(self, result: dict, probe=None) -> dict[str, tuple[float, str]]:
        """``{key: (value, format spec)}`` for every readout of ``result``."""
        probe = self.probe if probe is None else probe
        return {r.key: (r.pick(result, probe), r.fmt) for r in self.readouts}

    def config(self, **values) -> dict:
        """Everything the page needs, as JSON-ready data (see ``static/explorers.js``)."""
        current = self.values(**values)
        controls = []
        for c in self.controls:
            item = {"name": c.name, "label": c.label or c.name, "kind": c.kind,
                    "value": current[c.name], "description": c.description}
            if c.kind == "choice":
                item["options"] = [list(o) for o in c.options]
            else:
                item.update(min=c.min, max=c.max, step=c.step, integer=c.integer, fmt=c.fmt)
            controls.append(item)
        return jsonable({
            "name": self.name, "title": self.title, "alt": self.alt or self.title,
            "controls": controls,
            "readouts": [{"key": r.key, "label": r.label, "fmt": r.fmt, "field": r.field,
                          "at": r.at} for r in self.readouts],
            "options": self.options(), "data": self.page_data(),
            "probe": list(self.probe) if self.probe is not None else None,
        })
