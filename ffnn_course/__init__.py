"""ffnn_course: the companion package of the course on feed-forward neural networks.

The chapters show and explain; this package holds the logic.  It follows the
lecture's notation: ``a_i = W_i h_{i-1} + b_i``, ``h_i = g(a_i)``,
``f(x) = h_L = O(a_L)``, layers numbered from 1, ``h_0 = x``, ``W_i`` shaped
``(n_out, n_in)``, data batch-first.

``import ffnn_course`` needs numpy only.  The modules ``symbolic`` (SymPy),
``plotting`` (matplotlib) and ``widgets`` (ipywidgets) are imported on first
use, e.g. ``ffnn_course.symbolic``; so is ``slides``, the slides' printed
numbers beside the exact ones (bookkeeping for the book and the tests).
"""

from importlib import import_module

from .activations import (ACTIVATIONS, Activation, LeakyReLU, Linear, ReLU, Sigmoid, Softmax,
                          Tanh, get_activation, leaky_relu, linear, relu, sigmoid, softmax, tanh)
from .batchnorm import BatchNorm, batchnorm_network
from .data import Split, load_digits_split
from .examples import (WORKED_LR, binary_ce_example, divide_by_sum, matrix_example,
                       multiclass_ce_example, sigmoid_neuron_data, two_two_one, worked_example)
from .gradcheck import GradCheckReport, gradient_check, numerical_gradient, relative_error
from .initializers import (INITIALIZERS, get_initializer, he_normal, he_uniform, normal,
                           xavier_normal, xavier_uniform, zeros)
from .losses import (LOSSES, BinaryCrossEntropy, CrossEntropy, HalfSumSquaredError, Loss,
                     MeanSquaredError, binary_cross_entropy, cross_entropy, get_loss, half_sse,
                     mse)
from .layers import Dense, Layer
from .network import Gradients, Network, Trace
from .optimizers import (OPTIMIZERS, AdaGrad, Adam, GradientDescent, Momentum, Nesterov,
                         Optimizer, RMSProp, get_optimizer)
from .schedules import constant, exponential_decay, inverse_time_decay, step_decay
from .training import History, accuracy, train

__version__ = "0.1.0"

_LAZY_MODULES = ("symbolic", "plotting", "widgets", "slides")


def __getattr__(name):
    """Import the heavy optional modules (SymPy, matplotlib, ipywidgets) on first use."""
    if name in _LAZY_MODULES:
        return import_module(f".{name}", __name__)
    raise AttributeError(f"module 'ffnn_course' has no attribute {name!r}")
