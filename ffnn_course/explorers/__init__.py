r"""The book's interactive explorers: one specification each, read by both views (numpy only).

An explorer is one :class:`~ffnn_course.explorers.ExplorerSpec`: its controls
(sliders and choices, with labels and accessible descriptions), its readouts (label and
format), its options (grids, data) and a compute function in plain numpy.

* :mod:`ffnn_course.widgets` builds the ipywidgets view from the spec (a live kernel);
* :mod:`ffnn_course.static_explorers` writes the spec as JSON into the page, where
  ``ffnn_course/static/explorers.js`` (the formulas ported to JavaScript, and the
  drawing) builds the same controls and readouts without a kernel.

``tests/test_explorers_node.py`` runs the JavaScript formulas in Node against these
compute functions at many slider positions, so the two cannot drift apart.

Modules: :mod:`ffnn_course.explorers.spec` (the data types),
:mod:`ffnn_course.explorers.part1` (chapters 2, 4 and 5) and
:mod:`ffnn_course.explorers.optimizer_paths` (chapter 10); everything public is
imported here.

>>> sorted(EXPLORERS)
['gradient_descent', 'optimizer_paths', 'single_neuron', 'softmax', 'two_two_one']
>>> spec = EXPLORERS["softmax"]
>>> [f"{p:.4f}" for p in spec.run()["probabilities"]]
['0.0009', '0.0025', '0.9957', '0.0009']
"""

from __future__ import annotations

from .optimizer_paths import METHODS, OPTIMIZER_PATHS, optimizer_path
from .part1 import (PART1, SURFACE_GRID, gradient_descent_explorer, gradient_descent_path,
                    sigmoid_neuron_gradient, sigmoid_neuron_loss, sigmoid_neuron_loss_surface,
                    single_neuron_surface, softmax_explorer, softmax_from_sliders,
                    two_two_one_surface)
from .spec import Choice, ExplorerSpec, Readout, Slider, jsonable

__all__ = [
    "Slider", "Choice", "Readout", "ExplorerSpec", "EXPLORERS", "get_spec", "jsonable",
    "SURFACE_GRID", "METHODS",
    "two_two_one_surface", "single_neuron_surface",
    "softmax_explorer", "softmax_from_sliders",
    "sigmoid_neuron_loss", "sigmoid_neuron_gradient", "sigmoid_neuron_loss_surface",
    "gradient_descent_path", "gradient_descent_explorer", "optimizer_path",
]

#: Every explorer, keyed by name (chapter 2 ``two_two_one`` and ``single_neuron``,
#: chapter 4 ``softmax``, chapter 5 ``gradient_descent``, chapter 10 ``optimizer_paths``).
#:
#: :meta hide-value:
EXPLORERS = {spec.name: spec for spec in PART1 + (OPTIMIZER_PATHS,)}


def get_spec(name: str) -> ExplorerSpec:
    """The spec of explorer ``name``, or ValueError listing the names."""
    try:
        return EXPLORERS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown explorer {name!r}; choose one of {sorted(EXPLORERS)}") \
            from None
