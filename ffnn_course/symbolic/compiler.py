r"""From symbols to numbers: compile a symbolic network's expressions with ``lambdify``.

:class:`NumericEvaluation` is the numeric half of
:class:`~ffnn_course.symbolic.SymbolicNetwork`: it turns any expression of the
network (a pre-activation, the loss, a chain-rule sum) into a NumPy function of
the numeric network's arrays ``x, y, W_1, b_1, ..., W_L, b_L``, evaluates the
symbolic gradient on a batch, and lists every symbol's number for one example.

Compilation in three steps:

1. every symbol gets a Python name (``w_{1,2,1}`` -> ``w_1_2_1``);
2. the forward pass :math:`a_i = W_i h_{i-1} + b_i,\ h_i = g_i(a_i)` is written
   as assignments, layer by layer, and SymPy's common-subexpression
   elimination (``cse``) names whatever else repeats;
3. ``sympy.lambdify`` prints that code with NumPy functions, so a batch of
   examples is one call.

Taught in the chapters *Backpropagation* and *Backpropagation step by step*.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from sympy.printing.numpy import NumPyPrinter

from .formulas import BATCH_REDUCTION, SymbolicGradients

__all__ = ["NumericEvaluation"]

_CODE_NAME = str.maketrans({"{": "", "}": "", ",": "_"})
_PRINTER_SETTINGS = {"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True}


def _code_name(symbol):
    """A Python name for a symbol: ``w_{1,2,1}`` -> ``w_1_2_1``."""
    return str(symbol).translate(_CODE_NAME)


class _CodePrinter(NumPyPrinter):
    """NumPy code in which every symbol is written as its :func:`_code_name`."""

    def _print_Symbol(self, symbol):
        return _code_name(symbol)


def _is_ite(node):
    return isinstance(node, sp.ITE)


def _ite_as_and_or(node):
    return node.to_nnf()


class NumericEvaluation:
    """Numbers from a :class:`~ffnn_course.symbolic.SymbolicNetwork`: the methods
    below read its symbols (``x``, ``y``, ``parameters``, ``a_symbols``,
    ``h_symbols``, ``loss_symbol``), its ``local`` expressions and its sizes."""

    def to_function(self, expr):
        """Compile expressions to a NumPy function with ``sympy.lambdify``.

        The returned function is ``f(x, y, W_1, b_1, ..., W_L, b_L)``:

        * ``x`` shape ``(n_0,)`` or a batch ``(N, n_0)``; ``y`` shape ``(n_L,)``
          or ``(N, n_L)`` (pass ``None`` if ``expr`` has no ``y``);
        * ``W_i`` shape ``(n_i, n_{i-1})``; ``b_i`` shape ``(n_i,)``, or ``(1,)``
          for a shared bias; exactly the numeric ``Dense`` layers' arrays.

        It returns an array of shape ``batch_shape + expr_shape``: ``()`` for one
        expression, ``(n,)`` for a list of ``n``, ``(r, c)`` for a Matrix.

        ``expr`` may use the intermediate symbols ``a_{i,j}``, ``h_{i,j}``,
        ``yhat_k`` and ``L`` as well: the compiled function first runs the
        forward pass (the ``local`` expressions, layer by layer) and then
        SymPy's common-subexpression elimination (``cse``) on what is left, so a
        quantity used many times is computed once.

        Examples
        --------
        >>> import numpy as np
        >>> from ffnn_course.symbolic import SymbolicNetwork
        >>> net = SymbolicNetwork([2, 1], ["linear"])
        >>> f = net.to_function([net.a[1][0], net.loss_symbol])
        >>> f([1.0, 2.0], [11.0], np.array([[3.0, 4.0]]), np.array([0.5]))
        array([11.5  ,  0.125])
        """
        if isinstance(expr, sp.MatrixBase):
            shape, entries = expr.shape, list(expr)
        elif isinstance(expr, (list, tuple)):
            shape, entries = (len(expr),), list(expr)
        else:
            shape, entries = (), [expr]
        # Nested ReLUs give conditions "if ... then ... else" (ITE) that NumPy's
        # select() cannot take; rewrite them with and/or first.
        entries = [sp.sympify(e).replace(_is_ite, _ite_as_and_or) for e in entries]

        def forward_then_cse(exprs):
            replacements, reduced = sp.cse(exprs, order="none")
            return self._forward_pass() + replacements, reduced

        arguments = [sp.Symbol(_code_name(s)) for s in (*self.x, *self.y, *self.parameters)]
        compiled = sp.lambdify(
            arguments, entries, modules="numpy", printer=_CodePrinter(_PRINTER_SETTINGS),
            cse=forward_then_cse,
        )

        def function(x, y, *params):
            values, batch_shape = self._flat_values(x, y, params)
            columns = [np.broadcast_to(v, batch_shape) for v in compiled(*values)]
            out = np.stack(columns, axis=-1) if columns else np.zeros(batch_shape + (0,))
            return out.reshape(batch_shape + shape)

        function.__doc__ = f"f(x, y, W_1, b_1, ..., W_{self.n_layers}, b_{self.n_layers})"
        return function

    def _forward_pass(self):
        """``[(a_{1,1}, its local expression), ..., (h_{L,K}, ...), (L, loss)]`` in order."""
        steps = []
        for i in range(1, self.n_layers + 1):
            steps += [(s, self.local[s]) for s in (*self.a_symbols[i], *self.h_symbols[i])]
        return steps + [(self.loss_symbol, self.local[self.loss_symbol])]

    def _flat_values(self, x, y, params):
        """Check shapes and list the numbers in the order of ``to_function``'s arguments."""
        n, L = self.sizes, self.n_layers
        x = np.asarray(x, dtype=float)
        if x.ndim not in (1, 2) or x.shape[-1] != n[0]:
            raise ValueError(f"x has shape {x.shape} but the network has {n[0]} inputs")
        batch_shape = x.shape[:-1]
        if y is None:
            y = np.zeros(batch_shape + (n[L],))
        y = np.asarray(y, dtype=float)
        if y.shape != batch_shape + (n[L],):
            raise ValueError(f"y has shape {y.shape}, expected {batch_shape + (n[L],)}")
        if len(params) != 2 * L:
            raise ValueError(f"expected W_1, b_1, ..., W_{L}, b_{L} ({2 * L} arrays), got {len(params)}")
        values = [x[..., k] for k in range(n[0])] + [y[..., k] for k in range(n[L])]
        for i in range(1, L + 1):
            W, b = np.asarray(params[2 * i - 2], float), np.asarray(params[2 * i - 1], float)
            if W.shape != (n[i], n[i - 1]):
                raise ValueError(f"W{i} has shape {W.shape}, expected {(n[i], n[i - 1])}")
            b_shape = (1,) if self.shared_bias[i - 1] else (n[i],)
            if b.shape != b_shape:
                raise ValueError(f"b{i} has shape {b.shape}, expected {b_shape}")
            values += list(W.ravel()) + list(b)
        # Every number gets the batch's shape, so NumPy never mixes scalars and
        # arrays inside one select() or logical_or() of a ReLU's conditions.
        return [np.broadcast_to(v, batch_shape) for v in values], batch_shape

    def gradient_function(self, method="paths"):
        """A compiled ``f(x, y, W_1, b_1, ...) -> SymbolicGradients`` of NumPy
        arrays: ``dW[i]`` shaped ``batch_shape + W_i.shape``, ``db[i]`` like ``b_i``.

        Parameters
        ----------
        method : {"paths", "direct"}
            ``"paths"`` (fast): each derivative is :meth:`chain_rule_sum`, the sum
            over paths of local derivatives, evaluated after the forward pass.
            ``"direct"``: every entry of :meth:`gradients`, SymPy's derivative
            of the written-out loss (slow to build beyond a few dozen weights).

        Built once per method with :meth:`to_function` and cached.
        """
        if method not in ("paths", "direct"):
            raise ValueError(f"method must be 'paths' or 'direct', got {method!r}")
        if method not in self._gradient_functions:
            if method == "paths":
                entries = [self.chain_rule_sum(p) for p in self.parameters]
            else:
                grads = self.gradients()
                entries = []
                for i in range(1, self.n_layers + 1):
                    entries += list(grads.dW[i]) + list(grads.db[i])
            flat = self.to_function(entries)
            self._gradient_functions[method] = lambda x, y, *params: self._split(
                flat(x, y, *params)
            )
        return self._gradient_functions[method]

    def _split(self, flat):
        """Cut a flat ``(..., n_params)`` array into lists ``dW`` and ``db``."""
        dW, db, start = [None], [None], 0
        batch_shape = flat.shape[:-1]
        for i in range(1, self.n_layers + 1):
            w_shape = (self.sizes[i], self.sizes[i - 1])
            b_size = 1 if self.shared_bias[i - 1] else self.sizes[i]
            stop = start + w_shape[0] * w_shape[1]
            dW.append(flat[..., start:stop].reshape(batch_shape + w_shape))
            db.append(flat[..., stop : stop + b_size].reshape(batch_shape + (b_size,)))
            start = stop + b_size
        return SymbolicGradients(dW, db)

    def numeric_gradient(self, network, x, y, method="paths"):
        """Evaluate the symbolic gradient at a numeric network's parameters.

        For a batch ``x`` of shape ``(N, n_0)`` the per-example gradients are
        combined like the numeric loss: summed for ``half_sse``, averaged for
        ``mse``, ``binary_cross_entropy`` and ``cross_entropy``. ``method`` as
        for :meth:`gradient_function`.

        Returns
        -------
        SymbolicGradients
            NumPy arrays ``dW[i]`` shaped like ``W_i``, ``db[i]`` like ``b_i``.
        """
        params = []
        for layer in network.layers:
            params += [layer.W, layer.b]
        grads = self.gradient_function(method)(x, y, *params)
        if np.ndim(x) == 1:
            return grads
        reduce = BATCH_REDUCTION[self.loss_name]
        return SymbolicGradients(
            [None] + [reduce(g, axis=0) for g in grads.dW[1:]],
            [None] + [reduce(g, axis=0) for g in grads.db[1:]],
        )

    def values(self, network, x, y):
        """Every symbol's number for one example: inputs, targets, parameters,
        ``a_{i,j}``, ``h_{i,j}``, ``yhat_k`` and the loss ``L``.

        Use it to print the worked example's numbers next to each chain-rule
        factor: ``factor.expr.subs(net.values(network, x, y))``.

        Returns
        -------
        dict
            Symbol -> SymPy Float.
        """
        x = np.asarray(x, dtype=float)
        if x.shape != (self.sizes[0],):
            raise ValueError(f"values() takes one example x of shape ({self.sizes[0]},), got {x.shape}")
        flat, _ = self._flat_values(x, y, [p for layer in network.layers for p in (layer.W, layer.b)])
        numbers = dict(zip([*self.x, *self.y, *self.parameters], (sp.Float(float(v), 30) for v in flat)))
        for i in range(1, self.n_layers + 1):
            for s in [*self.a_symbols[i], *self.h_symbols[i]]:
                numbers[s] = self.local[s].xreplace(numbers).evalf(30)
        numbers[self.loss_symbol] = self.local[self.loss_symbol].xreplace(numbers).evalf(30)
        return numbers
