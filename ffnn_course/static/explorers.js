/*
 * ffnn_course static explorers: the book's explorers running in the page, no kernel.
 *
 * A line-by-line port of ffnn_course/explorers.py (same formulas, same order of
 * operations, same grids), so the numbers shown equal the package's at the precision
 * shown; tests/test_browser.py checks that in a real browser. Each explorer is a
 * <div class="ffnn-explorer" data-explorer="NAME"> holding a JSON config (sliders and
 * their values, written by ffnn_course.static_explorers) followed by this script and a
 * call to window.ffnnExplorers.mount(div).
 *
 * Every number shown is an element [data-key=KEY] with its text formatted like Python's
 * format(value, spec) and the full value in data-value (shortest round-trip form).
 * Self-contained: loads nothing.
 */
(function () {
  "use strict";
  var VERSION = "1";
  if (window.ffnnExplorers && window.ffnnExplorers.version === VERSION) return;

  // ----- numerics: ported from explorers.py ---------------------------------------------
  function sigmoid(a) {                      // never overflows, as explorers.sigmoid
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

  // Grids are row-major: row i is x2 = t[i], column j is x1 = t[j] (numpy.meshgrid).
  function twoTwoOne(v, grid, lim) {
    var t = linspace(-lim, lim, grid), n = grid * grid;
    var h1 = new Float64Array(n), h2 = new Float64Array(n), y = new Float64Array(n);
    for (var i = 0; i < grid; i++) {
      for (var j = 0; j < grid; j++) {
        var x1 = t[j], x2 = t[i], k = i * grid + j;
        h1[k] = sigmoid(v.w11 * x1 + v.w12 * x2 + v.b1);
        h2[k] = sigmoid(v.w13 * x1 + v.w14 * x2 + v.b1);
        y[k] = sigmoid(v.w21 * h1[k] + v.w22 * h2[k] + v.b2);
      }
    }
    return { t: t, grid: grid, h1: h1, h2: h2, y_hat: y };
  }

  function singleNeuron(v, grid, lim) {
    var t = linspace(-lim, lim, grid), y = new Float64Array(grid * grid);
    for (var i = 0; i < grid; i++)
      for (var j = 0; j < grid; j++)
        y[i * grid + j] = sigmoid(v.w1 * t[j] + v.w2 * t[i] + v.b);
    return { t: t, grid: grid, y_hat: y };
  }

  function softmax(v) {
    var z = [v.z1, v.z2, v.z3, v.z4], T = v.temperature, s = [], m = -Infinity, i;
    for (i = 0; i < z.length; i++) { s.push(z[i] / T); if (s[i] > m) m = s[i]; }
    var e = [], total = 0.0;
    for (i = 0; i < s.length; i++) { e.push(Math.exp(s[i] - m)); total += e[i]; }
    return { logits: z, temperature: T, probabilities: e.map(function (x) { return x / total; }) };
  }

  var DATA_X = [0.5, 1.0, 1.5, 2.0, 2.5];
  var DATA_Y = [0.22, 0.38, 0.56, 0.73, 0.85];

  function neuronLoss(w, b) {                // (1/N) sum (sigma(w x + b) - y)^2
    var total = 0.0;
    for (var i = 0; i < DATA_X.length; i++) {
      var d = sigmoid(w * DATA_X[i] + b) - DATA_Y[i];
      total += d * d;
    }
    return total / DATA_X.length;
  }

  function neuronGradient(w, b) {            // (2/N) sum (f - y) f (1 - f) [x, 1]
    var sw = 0.0, sb = 0.0, n = DATA_X.length;
    for (var i = 0; i < n; i++) {
      var f = sigmoid(w * DATA_X[i] + b), r = (f - DATA_Y[i]) * f * (1.0 - f);
      sw += r * DATA_X[i];
      sb += r;
    }
    return [2.0 / n * sw, 2.0 / n * sb];
  }

  function gradientDescentPath(v) {
    var steps = Math.round(v.steps), w = [v.w0], b = [v.b0], loss = [];
    for (var t = 0; t < steps; t++) {
      var g = neuronGradient(w[t], b[t]);
      w.push(w[t] - v.lr * g[0]);
      b.push(b[t] - v.lr * g[1]);
    }
    for (var k = 0; k < w.length; k++) loss.push(neuronLoss(w[k], b[k]));
    return { w: w, b: b, loss: loss, lr: v.lr };
  }

  var lossSurfaceCache = null;
  function lossSurface() {                   // L(w, b) on an 81 x 81 grid over [-4, 4]^2
    if (!lossSurfaceCache) {
      var t = linspace(-4.0, 4.0, 81), L = new Float64Array(81 * 81);
      for (var i = 0; i < 81; i++) for (var j = 0; j < 81; j++) L[i * 81 + j] = neuronLoss(t[j], t[i]);
      lossSurfaceCache = { t: t, loss: L, min: L[argmin(L)], max: L[argmax(L)] };
    }
    return lossSurfaceCache;
  }

  // ----- formatting like Python's format(x, ".4f") / format(x, ".3e") -------------------
  function format(x, spec) {
    var m = /^(\+?)\.(\d+)([fe])$/.exec(spec);
    if (!m) throw new Error("unsupported format " + spec);
    var digits = +m[2], s;
    if (!isFinite(x)) return isNaN(x) ? "nan" : (x > 0 ? "inf" : "-inf");
    if (m[3] === "f") {
      s = x.toFixed(digits);
    } else {
      s = x.toExponential(digits).replace(/e([+-])(\d)$/, "e$10$2");   // e-4 -> e-04
    }
    if (m[1] === "+" && s.charAt(0) !== "-") s = "+" + s;
    return s;
  }

  // ----- drawing ----------------------------------------------------------------------------
  // viridis, 9 stops (matplotlib's colour map, as in ffnn_course.plotting)
  var VIRIDIS = [[68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
                 [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37]];
  function viridis(u) {
    u = Math.min(1, Math.max(0, u)) * (VIRIDIS.length - 1);
    var i = Math.min(VIRIDIS.length - 2, Math.floor(u)), f = u - i, a = VIRIDIS[i], b = VIRIDIS[i + 1];
    return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function setupCanvas(canvas, width, height) {
    var ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = width + "px";
    canvas.style.maxWidth = "100%";
    canvas.style.aspectRatio = width + " / " + height;
    var ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width, height);
    ctx.font = "11px sans-serif";
    return ctx;
  }

  // A frame with ticks; returns data -> pixel maps for the plot area.
  function axes(ctx, box, xr, yr, xlabel, ylabel, xticks, yticks, ylog) {
    var fy = ylog ? function (v) { return Math.log10(v); } : function (v) { return v; };
    var X = function (v) { return box.x + (v - xr[0]) / (xr[1] - xr[0]) * box.w; };
    var Y = function (v) { return box.y + box.h - (fy(v) - fy(yr[0])) / (fy(yr[1]) - fy(yr[0])) * box.h; };
    ctx.strokeStyle = "#333";
    ctx.lineWidth = 1;
    ctx.strokeRect(box.x, box.y, box.w, box.h);
    ctx.fillStyle = "#222";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    xticks.forEach(function (v) {
      ctx.beginPath(); ctx.moveTo(X(v), box.y + box.h); ctx.lineTo(X(v), box.y + box.h + 3); ctx.stroke();
      ctx.fillText(String(v), X(v), box.y + box.h + 4);
    });
    ctx.fillText(xlabel, box.x + box.w / 2, box.y + box.h + 17);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    yticks.forEach(function (v) {
      ctx.beginPath(); ctx.moveTo(box.x - 3, Y(v)); ctx.lineTo(box.x, Y(v)); ctx.stroke();
      ctx.fillText(ylog ? v.toExponential(0).replace("+", "") : String(v), box.x - 4, Y(v));
    });
    ctx.save();
    ctx.translate(box.x - (ylog ? 36 : 24), box.y + box.h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = "center";
    ctx.fillText(ylabel, 0, 0);
    ctx.restore();
    return { X: X, Y: Y };
  }

  // A heat map of value(u, v) over the box (u along x, v along y), coloured by norm(value).
  function heatmap(ctx, box, ratio, xr, yr, value, norm, region) {
    var W = Math.round(box.w * ratio), H = Math.round(box.h * ratio);
    var img = ctx.createImageData(W, H), vals = new Float64Array(W * H), px, py;
    for (py = 0; py < H; py++) {
      var v = yr[1] - (py + 0.5) / H * (yr[1] - yr[0]);
      for (px = 0; px < W; px++) vals[py * W + px] = value(xr[0] + (px + 0.5) / W * (xr[1] - xr[0]), v);
    }
    var hatch = Math.max(6, Math.round(7 * ratio));
    for (py = 0; py < H; py++) {
      for (px = 0; px < W; px++) {
        var k = py * W + px, c = viridis(norm(vals[k])), o = 4 * k;
        if (region) {
          var inside = vals[k] >= region;
          var edge = (px > 0 && (vals[k - 1] >= region) !== inside) ||
                     (py > 0 && (vals[k - W] >= region) !== inside);
          if (edge) c = [0, 0, 0];
          else if (inside && (px + py) % hatch === 0) c = [255, 255, 255];
        }
        img.data[o] = c[0]; img.data[o + 1] = c[1]; img.data[o + 2] = c[2]; img.data[o + 3] = 255;
      }
    }
    ctx.putImageData(img, Math.round(box.x * ratio), Math.round(box.y * ratio));
  }

  function colourbar(ctx, box, lo, hi, labels) {
    for (var i = 0; i < box.h; i++) {
      var c = viridis(1 - i / (box.h - 1));
      ctx.fillStyle = "rgb(" + c.map(Math.round).join(",") + ")";
      ctx.fillRect(box.x, box.y + i, box.w, 1);
    }
    ctx.strokeStyle = "#333";
    ctx.strokeRect(box.x, box.y, box.w, box.h);
    ctx.fillStyle = "#222";
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.fillText(labels[1], box.x + box.w + 3, box.y + 4);
    ctx.fillText(labels[0], box.x + box.w + 3, box.y + box.h - 4);
  }

  // ----- the explorers --------------------------------------------------------------------
  // Each has compute(values) -> result, numbers(result, state) -> [[key, label, value, spec]]
  // and draw(canvas, result, state).
  function surfaceNumbers(r, state) {
    var y = r.y_hat, i = state.probe[0], j = state.probe[1], k = i * r.grid + j;
    var rows = [["y_hat_min", "ŷ min on the grid", y[argmin(y)], ".4f"],
                ["y_hat_max", "ŷ max on the grid", y[argmax(y)], ".4f"],
                ["probe_x1", "probe x1", r.t[j], ".2f"],
                ["probe_x2", "probe x2", r.t[i], ".2f"]];
    if (r.h1) {
      rows.push(["probe_h1", "h1 at the probe", r.h1[k], ".4f"]);
      rows.push(["probe_h2", "h2 at the probe", r.h2[k], ".4f"]);
    }
    rows.push(["probe_y_hat", "ŷ at the probe", y[k], ".4f"]);
    return rows;
  }

  function drawSurface(canvas, r, state, v, single) {
    var width = 330, height = 290, ratio = window.devicePixelRatio || 1;
    var ctx = setupCanvas(canvas, width, height);
    var box = { x: 40, y: 8, w: 240, h: 240 }, lim = state.lim;
    var lo = r.y_hat[argmin(r.y_hat)], hi = r.y_hat[argmax(r.y_hat)];
    if (hi - lo < 1e-6) { lo -= 0.01; hi += 0.01; }
    var f = single
      ? function (x1, x2) { return sigmoid(v.w1 * x1 + v.w2 * x2 + v.b); }
      : function (x1, x2) {
          var h1 = sigmoid(v.w11 * x1 + v.w12 * x2 + v.b1), h2 = sigmoid(v.w13 * x1 + v.w14 * x2 + v.b1);
          return sigmoid(v.w21 * h1 + v.w22 * h2 + v.b2);
        };
    var region = (lo < 0.5 && 0.5 < hi) ? 0.5 : null;
    heatmap(ctx, box, ratio, [-lim, lim], [-lim, lim], f, function (u) { return (u - lo) / (hi - lo); }, region);
    var ax = axes(ctx, box, [-lim, lim], [-lim, lim], "x1", "x2", [-4, -2, 0, 2, 4], [-4, -2, 0, 2, 4]);
    var px = ax.X(r.t[state.probe[1]]), py = ax.Y(r.t[state.probe[0]]);
    ctx.strokeStyle = "#e4002b"; ctx.lineWidth = 2;
    ctx.beginPath(); ctx.arc(px, py, 5, 0, 2 * Math.PI); ctx.stroke();
    colourbar(ctx, { x: 290, y: 8, w: 10, h: 240 }, lo, hi, [lo.toFixed(2), hi.toFixed(2)]);
    ctx.textAlign = "left"; ctx.textBaseline = "top"; ctx.fillStyle = "#222";
    ctx.fillText("ŷ", 302, box.y + box.h / 2);
    state.toGrid = function (cssX, cssY, cssWidth) {   // a click -> the nearest grid point
      var s = width / cssWidth, x = cssX * s, y = cssY * s;
      var u = (x - box.x) / box.w, w = 1 - (y - box.y) / box.h;
      if (u < 0 || u > 1 || w < 0 || w > 1) return null;
      return [Math.round(w * (r.grid - 1)), Math.round(u * (r.grid - 1))];
    };
  }

  function drawSoftmax(canvas, r) {
    var width = 460, height = 230, ctx = setupCanvas(canvas, width, height);
    var k = [1, 2, 3, 4];
    function bars(box, values, yr, colour, title, ylabel, labels) {
      var ax = axes(ctx, box, [0.4, 4.6], yr, "class k", ylabel, k, yr[0] < 0 ? [-10, -5, 0, 5, 10] : [0, 0.5, 1]);
      ctx.fillStyle = colour;
      values.forEach(function (val, i) {
        var x0 = ax.X(k[i] - 0.35), x1 = ax.X(k[i] + 0.35), y0 = ax.Y(Math.max(0, Math.min(val, yr[1]))), yz = ax.Y(Math.max(yr[0], 0));
        ctx.fillRect(x0, Math.min(y0, yz), x1 - x0, Math.abs(yz - y0));
      });
      if (yr[0] < 0) { ctx.strokeStyle = "#000"; ctx.beginPath(); ctx.moveTo(box.x, ax.Y(0)); ctx.lineTo(box.x + box.w, ax.Y(0)); ctx.stroke(); }
      ctx.fillStyle = "#222"; ctx.textAlign = "center"; ctx.textBaseline = "bottom";
      ctx.fillText(title, box.x + box.w / 2, box.y - 4);
      if (labels) values.forEach(function (val, i) { ctx.fillText(val.toFixed(2), ax.X(k[i]), ax.Y(Math.min(val, 1)) - 2); });
    }
    bars({ x: 42, y: 22, w: 170, h: 165 }, r.logits, [-10, 10], "#1f77b4", "logits", "logit z_k");
    bars({ x: 278, y: 22, w: 170, h: 165 }, r.probabilities, [0, 1.1], "#ff7f0e",
         "softmax(z / T), T = " + r.temperature, "probability", true);
  }

  function drawDescent(canvas, r, state, v, second) {
    var width = 260, height = 260, ratio = window.devicePixelRatio || 1, ctx = setupCanvas(canvas, width, height);
    var S = lossSurface(), lo = Math.log(Math.max(S.min, 1e-4)), hi = Math.log(S.max);
    var box = { x: 40, y: 22, w: 200, h: 200 };
    heatmap(ctx, box, ratio, [-4, 4], [-4, 4], neuronLoss, function (u) { return (Math.log(u) - lo) / (hi - lo); }, null);
    var ax = axes(ctx, box, [-4, 4], [-4, 4], "w", "b", [-4, -2, 0, 2, 4], [-4, -2, 0, 2, 4]);
    ctx.save();
    ctx.beginPath(); ctx.rect(box.x, box.y, box.w, box.h); ctx.clip();
    ctx.strokeStyle = "#fff"; ctx.lineWidth = 1.2; ctx.beginPath();
    r.w.forEach(function (w, t) { var x = ax.X(w), y = ax.Y(r.b[t]); if (t) ctx.lineTo(x, y); else ctx.moveTo(x, y); });
    ctx.stroke();
    ctx.strokeStyle = "#e4002b"; ctx.lineWidth = 2;
    ctx.beginPath(); ctx.arc(ax.X(r.w[0]), ax.Y(r.b[0]), 5, 0, 2 * Math.PI); ctx.stroke();
    var ex = ax.X(r.w[r.w.length - 1]), ey = ax.Y(r.b[r.b.length - 1]);
    ctx.beginPath(); ctx.moveTo(ex - 5, ey - 5); ctx.lineTo(ex + 5, ey + 5); ctx.moveTo(ex - 5, ey + 5); ctx.lineTo(ex + 5, ey - 5); ctx.stroke();
    ctx.restore();
    ctx.fillStyle = "#222"; ctx.textAlign = "center"; ctx.textBaseline = "bottom";
    ctx.fillText("loss surface and path (○ start, × end)", box.x + box.w / 2, box.y - 4);

    ctx = setupCanvas(second, 320, 260);
    var box2 = { x: 48, y: 22, w: 260, h: 200 }, n = r.loss.length;
    var lmin = Math.max(1e-8, Math.min.apply(null, r.loss)), lmax = Math.max.apply(null, r.loss);
    var e0 = Math.floor(Math.log10(lmin)), e1 = Math.ceil(Math.log10(lmax));
    if (e1 <= e0) e1 = e0 + 1;
    var ticks = []; for (var e = e0; e <= e1; e++) ticks.push(Math.pow(10, e));
    if (ticks.length > 6) ticks = ticks.filter(function (_, i) { return i % 2 === 0; });
    var xmax = Math.max(1, n - 1);
    var ax2 = axes(ctx, box2, [0, xmax], [Math.pow(10, e0), Math.pow(10, e1)], "step t", "loss", [0, Math.round(xmax / 2), xmax], ticks, true);
    ctx.strokeStyle = "#1f77b4"; ctx.lineWidth = 1.5; ctx.beginPath();
    r.loss.forEach(function (L, t) { var x = ax2.X(t), y = ax2.Y(Math.max(L, 1e-8)); if (t) ctx.lineTo(x, y); else ctx.moveTo(x, y); });
    ctx.stroke();
    ctx.fillStyle = "#222"; ctx.textAlign = "center"; ctx.textBaseline = "bottom";
    ctx.fillText("loss at each step, η = " + r.lr, box2.x + box2.w / 2, box2.y - 4);
  }

  var EXPLORERS = {
    two_two_one: {
      compute: function (v, o) { return twoTwoOne(v, o.grid, o.lim); },
      numbers: surfaceNumbers,
      draw: function (c, r, s, v) { drawSurface(c, r, s, v, false); },
      probe: true
    },
    single_neuron: {
      compute: function (v, o) { return singleNeuron(v, o.grid, o.lim); },
      numbers: surfaceNumbers,
      draw: function (c, r, s, v) { drawSurface(c, r, s, v, true); },
      probe: true
    },
    softmax: {
      compute: function (v) { return softmax(v); },
      numbers: function (r) {
        return r.probabilities.map(function (p, i) {
          return ["p" + (i + 1), "p" + (i + 1), p, ".4f"];
        });
      },
      draw: drawSoftmax
    },
    gradient_descent: {
      compute: function (v) { return gradientDescentPath(v); },
      numbers: function (r) {
        var last = r.w.length - 1;
        return [["w_end", "w at the end", r.w[last], ".4f"],
                ["b_end", "b at the end", r.b[last], ".4f"],
                ["loss_start", "loss at the start", r.loss[0], ".6f"],
                ["loss_end", "loss at the end", r.loss[last], ".6f"],
                ["loss_end_sci", "loss at the end (sci.)", r.loss[last], ".3e"]];
      },
      draw: drawDescent,
      canvases: 2
    }
  };

  // ----- user interface ---------------------------------------------------------------------
  function mount(root) {
    if (!root || root.getAttribute("data-ready") === "true") return;
    var config = JSON.parse(root.querySelector("script.ffnn-explorer-config").textContent);
    var impl = EXPLORERS[config.name];
    if (!impl) { root.appendChild(el("p", {}, "unknown explorer " + config.name)); return; }
    var ui = el("div", { "class": "ffnn-explorer-ui" });
    ui.appendChild(el("div", { "class": "ffnn-explorer-title" }, config.title));
    var controls = el("div", { "class": "ffnn-explorer-controls" });
    var inputs = {};
    config.sliders.forEach(function (s) {
      var id = "ffnn-" + config.name + "-" + s.name + "-" + Math.random().toString(36).slice(2, 8);
      var row = el("div", { "class": "ffnn-explorer-slider" });
      row.appendChild(el("label", { "for": id }, s.label || s.name));
      var input = el("input", { type: "range", id: id, min: s.min, max: s.max, step: s.step,
                                value: s.value, "data-slider": s.name, "aria-label": s.label || s.name });
      row.appendChild(input);
      row.appendChild(el("output", { "for": id, "data-readout": s.name }));
      controls.appendChild(row);
      inputs[s.name] = { input: input, spec: s, readout: row.lastChild };
    });
    ui.appendChild(controls);
    var figures = el("div", { "class": "ffnn-explorer-figures" }), canvases = [];
    for (var c = 0; c < (impl.canvases || 1); c++) {
      canvases.push(el("canvas", { "class": "ffnn-explorer-canvas", role: "img",
                                   "aria-label": config.title + (c ? " (" + (c + 1) + ")" : "") }));
      figures.appendChild(canvases[c]);
    }
    var canvas = canvases[0];
    ui.appendChild(figures);
    var table = el("dl", { "class": "ffnn-explorer-numbers", "aria-live": "polite" });
    ui.appendChild(table);
    if (impl.probe) ui.appendChild(el("p", { "class": "ffnn-explorer-hint" },
                                      "Click the map to move the probe (the red circle)."));
    var fallback = root.querySelector(".ffnn-explorer-fallback");
    if (fallback) fallback.style.display = "none";
    root.appendChild(ui);

    var options = config.options || {};
    var state = { lim: options.lim, probe: null, result: null };

    function values() {
      var v = {};
      Object.keys(inputs).forEach(function (name) {
        var x = parseFloat(inputs[name].input.value);
        v[name] = inputs[name].spec.integer ? Math.round(x) : x;
      });
      return v;
    }

    function render() {
      var v = values();
      Object.keys(inputs).forEach(function (name) {
        var s = inputs[name];
        s.readout.textContent = s.spec.integer ? String(v[name]) : v[name].toFixed(2);
      });
      var r = impl.compute(v, options);
      if (impl.probe && !state.probe) state.probe = options.probe.slice();
      state.result = r;
      impl.draw(canvas, r, state, v, canvases[1]);
      table.textContent = "";
      impl.numbers(r, state).forEach(function (row) {
        var item = el("div", { "class": "ffnn-explorer-number" });
        item.appendChild(el("dt", {}, row[1]));
        item.appendChild(el("dd", { "data-key": row[0], "data-value": String(row[2]) }, format(row[2], row[3])));
        table.appendChild(item);
      });
      root.setAttribute("data-values", JSON.stringify(v));
      if (state.probe) root.setAttribute("data-probe", JSON.stringify(state.probe));
      root.setAttribute("data-renders", String(+(root.getAttribute("data-renders") || 0) + 1));
    }

    Object.keys(inputs).forEach(function (name) {
      inputs[name].input.addEventListener("input", render);
    });
    if (impl.probe) {
      canvas.addEventListener("click", function (ev) {
        var rect = canvas.getBoundingClientRect();
        var p = state.toGrid && state.toGrid(ev.clientX - rect.left, ev.clientY - rect.top, rect.width);
        if (p) { state.probe = p; render(); }
      });
    }
    render();
    root.setAttribute("data-ready", "true");
  }

  function addStyle() {
    if (document.getElementById("ffnn-explorer-style")) return;
    var css = [
      ".ffnn-explorer-ui{border:1px solid #d0d7de;border-radius:6px;padding:.6em;margin:.5em 0;background:#fff;color:#222;max-width:100%;overflow-x:auto}",
      ".ffnn-explorer-title{font-weight:bold;margin-bottom:.4em}",
      ".ffnn-explorer-controls{display:grid;grid-template-columns:repeat(auto-fill,minmax(165px,1fr));gap:.2em .8em;margin-bottom:.5em}",
      ".ffnn-explorer-slider{display:flex;align-items:center;gap:.4em;min-width:0}",
      ".ffnn-explorer-slider label{min-width:2.5em;font-family:monospace;white-space:nowrap}",
      ".ffnn-explorer-slider input{flex:1 1 auto;min-width:60px}",
      ".ffnn-explorer-slider output{min-width:3.2em;text-align:right;font-family:monospace}",
      ".ffnn-explorer-figures{display:flex;flex-wrap:wrap;gap:.5em 1.5em;align-items:flex-start}",
      ".ffnn-explorer-canvas{display:block;height:auto;flex:0 1 auto;min-width:0}",
      ".ffnn-explorer[data-explorer=two_two_one] canvas,.ffnn-explorer[data-explorer=single_neuron] canvas{cursor:crosshair}",
      ".ffnn-explorer-numbers{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:.1em 1em;margin:.5em 0 0}",
      ".ffnn-explorer-number{display:flex;justify-content:space-between;gap:.5em;border-bottom:1px dotted #ccc}",
      ".ffnn-explorer-number dt{font-weight:normal;margin:0}",
      ".ffnn-explorer-number dd{font-family:monospace;margin:0;white-space:nowrap}",
      ".ffnn-explorer-hint{font-size:.85em;color:#555;margin:.3em 0 0}"
    ].join("\n");
    var style = el("style", { id: "ffnn-explorer-style" });
    style.textContent = css;
    document.head.appendChild(style);
  }

  window.ffnnExplorers = {
    version: VERSION,
    mount: function (root) { addStyle(); mount(root); },
    format: format,
    compute: function (name, values, options) { return EXPLORERS[name].compute(values, options || {}); }
  };
})();
