"""Figures for the chapters (matplotlib is imported here, never by ``import ffnn_course``).

Every figure has a solid background (readable in a dark theme) and labelled
axes; the notebooks give each figure its alt text.  The functions return the
matplotlib ``Figure`` (and draw nothing else), so a chapter decides what to show.

Split by part of the book: :mod:`.surfaces` (networks as functions, softmax,
gradient descent), :mod:`.backprop` (backpropagation and cross-entropy),
:mod:`.practice` (training in practice), :mod:`.diagrams` (network diagrams),
:mod:`.graphs` (computational graphs).
"""

from ._style import new_figure  # noqa: F401
from .surfaces import *  # noqa: F401,F403
from .backprop import *  # noqa: F401,F403
from .practice import *  # noqa: F401,F403
from .diagrams import *  # noqa: F401,F403
from .graphs import *  # noqa: F401,F403
