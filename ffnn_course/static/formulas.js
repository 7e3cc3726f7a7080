/*
 * ffnn_course static explorers, part 1 of 2: the formulas (no page, no drawing).
 *
 * Ported from ffnn_course/explorers/ with the same order of operations; the grids, data
 * and constants they use come from the explorer's specification in Python
 * (ffnn_course.explorers.ExplorerSpec.config, as JSON), never from this file.
 * tests/test_explorers_node.py runs these functions in Node against the Python ones.
 * Part 2 (explorers.js) draws and builds the controls; ffnn_course.static_explorers
 * embeds both in the page. Self-contained: loads nothing.
 */
(function () {
  "use strict";
  var VERSION = "2";
  var root = typeof window !== "undefined" ? window : globalThis;
  if (root.ffnnExplorerFormulas && root.ffnnExplorerFormulas.version === VERSION) return;

  // ----- formulas: ported from ffnn_course/explorers/ -------------------------------------
  function sigmoid(a) {                      // activations.sigmoid, in a form that never overflows
    var e = Math.exp(-Math.abs(a));
    return a >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
  }

  function linspace(start, stop, num) {      // as numpy.linspace (endpoint=True)
    var out = new Float64Array(num), step = (stop - start) / (num - 1), i;
    for (i = 0; i < num; i++) out[i] = i * step + start;
    out[num - 1] = stop;
    return out;
  }

  function argmin(arr) { var k = 0; for (var i = 1; i < arr.length; i++) if (arr[i] < arr[k]) k = i; return k; }
  function argmax(arr) { var k = 0; for (var i = 1; i < arr.length; i++) if (arr[i] > arr[k]) k = i; return k; }

  // A grid over [-lim, lim]^2, row-major: row i is x2 = t[i], column j is x1 = t[j]
  // (numpy.meshgrid). f(x1, x2) returns an object of numbers; each becomes a field.
  function overGrid(o, names, f) {
    var t = linspace(-o.lim, o.lim, o.grid), n = o.grid * o.grid, out = { t: t, ncols: o.grid };
    names.forEach(function (k) { out[k] = new Float64Array(n); });
    for (var i = 0; i < o.grid; i++) {
      for (var j = 0; j < o.grid; j++) {
        var k = i * o.grid + j, r = f(t[j], t[i]);
        names.forEach(function (name) { out[name][k] = r[name]; });
      }
    }
    return out;
  }

  function twoTwoOne(v, x1, x2) {            // explorers.two_two_one_surface
    var h1 = sigmoid(v.w11 * x1 + v.w12 * x2 + v.b1);
    var h2 = sigmoid(v.w13 * x1 + v.w14 * x2 + v.b1);
    return { x1: x1, x2: x2, h1: h1, h2: h2, y_hat: sigmoid(v.w21 * h1 + v.w22 * h2 + v.b2) };
  }

  function singleNeuron(v, x1, x2) {         // explorers.single_neuron_surface
    return { x1: x1, x2: x2, y_hat: sigmoid(v.w1 * x1 + v.w2 * x2 + v.b) };
  }

  function softmax(v) {                      // explorers.softmax_explorer
    var z = [v.a1, v.a2, v.a3, v.a4], T = v.temperature, s = [], m = -Infinity, i;
    for (i = 0; i < z.length; i++) { s.push(z[i] / T); if (s[i] > m) m = s[i]; }
    var e = [], total = 0.0;
    for (i = 0; i < s.length; i++) { e.push(Math.exp(s[i] - m)); total += e[i]; }
    return { logits: z, temperature: T, probabilities: e.map(function (x) { return x / total; }) };
  }

  function neuronLoss(w, b, o) {             // (1/N) sum (sigma(w x + b) - y)^2
    var total = 0.0;
    for (var i = 0; i < o.x.length; i++) {
      var d = sigmoid(w * o.x[i] + b) - o.y[i];
      total += d * d;
    }
    return total / o.x.length;
  }

  function neuronGradient(w, b, o) {         // (2/N) sum (f - y) f (1 - f) [x, 1]
    var sw = 0.0, sb = 0.0, n = o.x.length;
    for (var i = 0; i < n; i++) {
      var f = sigmoid(w * o.x[i] + b), r = (f - o.y[i]) * f * (1.0 - f);
      sw += r * o.x[i];
      sb += r;
    }
    return [2.0 / n * sw, 2.0 / n * sb];
  }

  function gradientDescentPath(v, o) {       // explorers.gradient_descent_path
    var steps = Math.round(v.steps), w = [v.w0], b = [v.b0], loss = [];
    for (var t = 0; t < steps; t++) {
      var g = neuronGradient(w[t], b[t], o);
      w.push(w[t] - v.lr * g[0]);
      b.push(b[t] - v.lr * g[1]);
    }
    for (var k = 0; k < w.length; k++) loss.push(neuronLoss(w[k], b[k], o));
    return { w: w, b: b, loss: loss, lr: v.lr };
  }

  // The loss surfaces of chapter 10 (ffnn_course.landscapes): value and gradient.
  var LANDSCAPES = {
    elongated: {
      f: function (w) { return 0.5 * (w[0] * w[0] + 25.0 * w[1] * w[1]); },
      grad: function (w) { return [w[0], 25.0 * w[1]]; }
    },
    rosenbrock: {
      f: function (w) { var d = w[1] - w[0] * w[0]; return (1.0 - w[0]) * (1.0 - w[0]) + 10.0 * d * d; },
      grad: function (w) {
        return [-2.0 * (1.0 - w[0]) - 40.0 * w[0] * (w[1] - w[0] * w[0]), 20.0 * (w[1] - w[0] * w[0])];
      }
    },
    two_minima: {
      f: function (w) { var d = w[0] * w[0] - 1.0; return d * d + 0.3 * w[0] + w[1] * w[1]; },
      grad: function (w) { return [4.0 * w[0] * (w[0] * w[0] - 1.0) + 0.3, 2.0 * w[1]]; }
    }
  };

  // The update rules of ffnn_course.optimizers, on one parameter vector w (updated in place):
  // g the gradient, s the per-parameter state, t the step number (from 1), h the
  // hyper-parameters (lr, momentum, alpha, and eps and betas from the classes' defaults).
  var UPDATES = {
    gd: function (w, g, s, t, h) { for (var i = 0; i < w.length; i++) w[i] -= h.lr * g[i]; },
    momentum: function (w, g, s, t, h) {
      s.u = s.u || [0, 0];
      for (var i = 0; i < w.length; i++) { s.u[i] = h.momentum * s.u[i] + h.lr * g[i]; w[i] -= s.u[i]; }
    },
    nesterov: function (w, g, s, t, h) {           // the stored point is the look-ahead point
      s.u = s.u || [0, 0];
      for (var i = 0; i < w.length; i++) {
        s.u[i] = h.momentum * s.u[i] + h.lr * g[i];
        w[i] -= h.momentum * s.u[i] + h.lr * g[i];
      }
    },
    adagrad: function (w, g, s, t, h) {
      s.v = s.v || [0, 0];
      for (var i = 0; i < w.length; i++) {
        s.v[i] += g[i] * g[i];
        w[i] -= h.lr * g[i] / (Math.sqrt(s.v[i]) + h.eps.adagrad);
      }
    },
    rmsprop: function (w, g, s, t, h) {
      s.v = s.v || [0, 0];
      for (var i = 0; i < w.length; i++) {
        s.v[i] = h.alpha * s.v[i] + (1.0 - h.alpha) * g[i] * g[i];
        w[i] -= h.lr * g[i] / (Math.sqrt(s.v[i]) + h.eps.rmsprop);
      }
    },
    adam: function (w, g, s, t, h) {
      var b1 = h.betas[0], b2 = h.betas[1];
      s.m = s.m || [0, 0]; s.v = s.v || [0, 0];
      for (var i = 0; i < w.length; i++) {
        s.m[i] = b1 * s.m[i] + (1.0 - b1) * g[i];
        s.v[i] = b2 * s.v[i] + (1.0 - b2) * g[i] * g[i];
        var mHat = s.m[i] / (1.0 - Math.pow(b1, t)), vHat = s.v[i] / (1.0 - Math.pow(b2, t));
        w[i] -= h.lr * mHat / (Math.sqrt(vHat) + h.eps.adam);
      }
    }
  };

  function optimizerPath(v, o, d) {          // explorers.optimizer_path
    var surf = LANDSCAPES[v.surface], update = UPDATES[v.method], state = {};
    var w = d.surfaces[v.surface].start.slice(), w1 = [w[0]], w2 = [w[1]], loss = [surf.f(w)];
    var steps = Math.round(v.steps), diverged = 0;
    var h = { lr: v.lr, momentum: v.momentum, alpha: o.alpha, eps: d.eps, betas: d.betas };
    for (var t = 1; t <= steps; t++) {
      update(w, surf.grad(w), state, t, h);
      // Nesterov stores the look-ahead point; the path shows the lecture's iterates
      // w_t = p_t + γ u_{t−1} (optimizers.Nesterov.lecture_params), as the chapter does.
      var p = v.method === "nesterov" ? [w[0] + h.momentum * state.u[0], w[1] + h.momentum * state.u[1]] : w;
      var value = surf.f(p);
      if (!(isFinite(value) && value <= o.diverged_above)) { diverged = 1; break; }
      w1.push(p[0]); w2.push(p[1]); loss.push(value);
    }
    return { w1: w1, w2: w2, loss: loss, steps_taken: loss.length - 1, diverged: diverged,
             lr: v.lr, momentum: v.momentum };
  }

  var COMPUTE = {
    two_two_one: function (v, o) {
      return overGrid(o, ["x1", "x2", "h1", "h2", "y_hat"], function (x1, x2) { return twoTwoOne(v, x1, x2); });
    },
    single_neuron: function (v, o) {
      return overGrid(o, ["x1", "x2", "y_hat"], function (x1, x2) { return singleNeuron(v, x1, x2); });
    },
    softmax: softmax,
    gradient_descent: gradientDescentPath,
    optimizer_paths: optimizerPath
  };

  // ----- readouts: as ffnn_course.explorers.spec.Readout.pick -------------------------------
  function pick(result, readout, probe) {
    var x = result[readout.field], at = readout.at;
    if (at === null || at === undefined) return x;
    if (at === "min") return x[argmin(x)];
    if (at === "max") return x[argmax(x)];
    if (at === "probe") return x[probe[0] * result.ncols + probe[1]];
    return x[at < 0 ? x.length + at : at];
  }

  function readouts(config, result, probe) {
    return config.readouts.map(function (r) {
      var value = pick(result, r, probe);
      return [r.key, r.label, value, format(value, r.fmt)];
    });
  }

  // ----- formatting like Python's format(x, ".4f") / format(x, ".3e") / format(n, "d") ------
  function format(x, spec) {
    if (!isFinite(x)) return isNaN(x) ? "nan" : (x > 0 ? "inf" : "-inf");
    if (spec === "d") return String(Math.round(x));
    var m = /^(\+?)\.(\d+)([fe])$/.exec(spec);
    if (!m) throw new Error("unsupported format " + spec);
    var digits = +m[2], s;
    if (m[3] === "f") {
      s = x.toFixed(digits);
    } else {
      s = x.toExponential(digits).replace(/e([+-])(\d)$/, "e$10$2");   // e-4 -> e-04
    }
    if (m[1] === "+" && s.charAt(0) !== "-") s = "+" + s;
    return s;
  }

  root.ffnnExplorerFormulas = {
    version: VERSION, linspace: linspace, argmin: argmin, argmax: argmax,
    twoTwoOne: twoTwoOne, singleNeuron: singleNeuron, neuronLoss: neuronLoss,
    landscapes: LANDSCAPES, compute: COMPUTE, readouts: readouts, format: format
  };
})();
