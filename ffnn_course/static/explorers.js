/*
 * ffnn_course static explorers, part 2 of 2: the book's explorers running in the page.
 *
 * Drawing and controls only. The formulas are in formulas.js (part 1); everything else
 * comes from the explorer's specification in Python (ExplorerSpec.config), written by
 * ffnn_course.static_explorers as JSON into <div class="ffnn-explorer" data-explorer=NAME>:
 * the controls (sliders, choices, labels, descriptions, ranges, starting values), the
 * readouts (label, format, which field of the result they read), the grids and the data.
 *
 * Every number shown is an element [data-key=KEY] with its text formatted like Python's
 * format(value, spec) and the full value in data-value. Each slider has a range input
 * (keyboard: arrow keys) and a number box that can be typed into. Self-contained.
 */
(function () {
  "use strict";
  var VERSION = "2";
  var root = typeof window !== "undefined" ? window : globalThis;
  if (root.ffnnExplorers && root.ffnnExplorers.version === VERSION) return;
  var F = root.ffnnExplorerFormulas;
  var linspace = F.linspace, argmin = F.argmin, argmax = F.argmax, twoTwoOne = F.twoTwoOne;
  var singleNeuron = F.singleNeuron, neuronLoss = F.neuronLoss, LANDSCAPES = F.landscapes;
  var COMPUTE = F.compute, readouts = F.readouts, format = F.format;

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

  // ----- the explorers' pictures ------------------------------------------------------------
  // draw(canvases, result, state, values, config) for each explorer.
  function drawSurface(canvases, r, state, v, config, single) {
    var canvas = canvases[0], width = 330, height = 290, ratio = window.devicePixelRatio || 1;
    var ctx = setupCanvas(canvas, width, height);
    var box = { x: 40, y: 8, w: 240, h: 240 }, lim = config.options.lim;
    var lo = r.y_hat[argmin(r.y_hat)], hi = r.y_hat[argmax(r.y_hat)];
    if (hi - lo < 1e-6) { lo -= 0.01; hi += 0.01; }
    var f = single
      ? function (x1, x2) { return singleNeuron(v, x1, x2).y_hat; }
      : function (x1, x2) { return twoTwoOne(v, x1, x2).y_hat; };
    var region = (lo < 0.5 && 0.5 < hi) ? 0.5 : null;
    heatmap(ctx, box, ratio, [-lim, lim], [-lim, lim], f, function (u) { return (u - lo) / (hi - lo); }, region);
    var ticks = [-lim, -lim / 2, 0, lim / 2, lim];
    var ax = axes(ctx, box, [-lim, lim], [-lim, lim], "x1", "x2", ticks, ticks);
    var i = state.probe[0], j = state.probe[1];
    var px = ax.X(r.t[j]), py = ax.Y(r.t[i]);
    ctx.strokeStyle = "#e4002b"; ctx.lineWidth = 2;
    ctx.beginPath(); ctx.arc(px, py, 5, 0, 2 * Math.PI); ctx.stroke();
    colourbar(ctx, { x: 290, y: 8, w: 10, h: 240 }, lo, hi, [lo.toFixed(2), hi.toFixed(2)]);
    ctx.textAlign = "left"; ctx.textBaseline = "top"; ctx.fillStyle = "#222";
    ctx.fillText("ŷ", 302, box.y + box.h / 2);
    state.toGrid = function (cssX, cssY, cssWidth) {   // a click -> the nearest grid point
      var s = width / cssWidth, x = cssX * s, y = cssY * s, n = r.ncols;
      var u = (x - box.x) / box.w, w = 1 - (y - box.y) / box.h;
      if (u < 0 || u > 1 || w < 0 || w > 1) return null;
      return [Math.round(w * (n - 1)), Math.round(u * (n - 1))];
    };
  }

  function drawSoftmax(canvases, r) {
    var width = 460, height = 230, ctx = setupCanvas(canvases[0], width, height);
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
    bars({ x: 42, y: 22, w: 170, h: 165 }, r.logits, [-10, 10], "#1f77b4", "logits", "logit a_k");
    bars({ x: 278, y: 22, w: 170, h: 165 }, r.probabilities, [0, 1.1], "#ff7f0e",
         "softmax(a / T), T = " + r.temperature, "probability", true);
  }

  // A log-scale line of values against the step t (values clipped below at floor).
  function drawSteps(canvas, values, title, ylabel, floor) {
    var ctx = setupCanvas(canvas, 320, 260), box = { x: 48, y: 22, w: 260, h: 200 }, n = values.length;
    var clipped = values.map(function (L) { return Math.max(L, floor); });
    var lmin = Math.min.apply(null, clipped), lmax = Math.max.apply(null, clipped);
    var e0 = Math.floor(Math.log10(lmin)), e1 = Math.ceil(Math.log10(lmax));
    if (e1 <= e0) e1 = e0 + 1;
    var ticks = []; for (var e = e0; e <= e1; e++) ticks.push(Math.pow(10, e));
    while (ticks.length > 6) ticks = ticks.filter(function (_, i) { return i % 2 === 0; });
    var xmax = Math.max(1, n - 1);
    var ax = axes(ctx, box, [0, xmax], [Math.pow(10, e0), Math.pow(10, e1)], "step t", ylabel,
                  [0, Math.round(xmax / 2), xmax], ticks, true);
    ctx.strokeStyle = "#1f77b4"; ctx.lineWidth = 1.5; ctx.beginPath();
    clipped.forEach(function (L, t) { var x = ax.X(t), y = ax.Y(L); if (t) ctx.lineTo(x, y); else ctx.moveTo(x, y); });
    ctx.stroke();
    ctx.fillStyle = "#222"; ctx.textAlign = "center"; ctx.textBaseline = "bottom";
    ctx.fillText(title, box.x + box.w / 2, box.y - 4);
  }

  // A path (xs, ys) over a box: white line, ○ at the start, × at the end.
  function drawPath(ctx, ax, box, xs, ys, colour) {
    ctx.save();
    ctx.beginPath(); ctx.rect(box.x, box.y, box.w, box.h); ctx.clip();
    ctx.strokeStyle = colour; ctx.lineWidth = 1.2; ctx.beginPath();
    xs.forEach(function (x, t) { var px = ax.X(x), py = ax.Y(ys[t]); if (t) ctx.lineTo(px, py); else ctx.moveTo(px, py); });
    ctx.stroke();
    ctx.strokeStyle = "#e4002b"; ctx.lineWidth = 2;
    ctx.beginPath(); ctx.arc(ax.X(xs[0]), ax.Y(ys[0]), 5, 0, 2 * Math.PI); ctx.stroke();
    var ex = ax.X(xs[xs.length - 1]), ey = ax.Y(ys[ys.length - 1]);
    ctx.beginPath(); ctx.moveTo(ex - 5, ey - 5); ctx.lineTo(ex + 5, ey + 5); ctx.moveTo(ex - 5, ey + 5); ctx.lineTo(ex + 5, ey - 5); ctx.stroke();
    ctx.restore();
  }

  function drawDescent(canvases, r, state, v, config) {
    var o = config.options, lim = o.surface_lim, ratio = window.devicePixelRatio || 1;
    var ctx = setupCanvas(canvases[0], 260, 260), box = { x: 40, y: 22, w: 200, h: 200 };
    if (!state.surface) {                    // the loss on the spec's grid, for the colour scale
      var t = linspace(-lim, lim, o.surface_grid), L = [];
      for (var i = 0; i < t.length; i++) for (var j = 0; j < t.length; j++) L.push(neuronLoss(t[j], t[i], o));
      state.surface = { min: L[argmin(L)], max: L[argmax(L)] };
    }
    var lo = Math.log(Math.max(state.surface.min, 1e-4)), hi = Math.log(state.surface.max);
    heatmap(ctx, box, ratio, [-lim, lim], [-lim, lim], function (w, b) { return neuronLoss(w, b, o); },
            function (u) { return (Math.log(u) - lo) / (hi - lo); }, null);
    var ticks = [-lim, -lim / 2, 0, lim / 2, lim];
    var ax = axes(ctx, box, [-lim, lim], [-lim, lim], "w", "b", ticks, ticks);
    drawPath(ctx, ax, box, r.w, r.b, "#fff");
    ctx.fillStyle = "#222"; ctx.textAlign = "center"; ctx.textBaseline = "bottom";
    ctx.fillText("loss surface and path (○ start, × end)", box.x + box.w / 2, box.y - 4);
    drawSteps(canvases[1], r.loss, "loss at each step, η = " + r.lr, "loss", 1e-8);
  }

  function drawOptimizer(canvases, r, state, v, config) {
    var d = config.data, s = d.surfaces[v.surface], surf = LANDSCAPES[v.surface];
    var ratio = window.devicePixelRatio || 1, xr = s.xlim, yr = s.ylim;
    var bw = 240, bh = Math.round(bw * (yr[1] - yr[0]) / (xr[1] - xr[0]));
    var ctx = setupCanvas(canvases[0], 300, bh + 56), box = { x: 44, y: 22, w: bw, h: bh };
    var key = v.surface;
    if (!state.range || state.range.key !== key) {   // colour scale: log(L - L*) over the window
      var hi = -Infinity;
      for (var i = 0; i <= 40; i++) for (var j = 0; j <= 40; j++)
        hi = Math.max(hi, surf.f([xr[0] + j / 40 * (xr[1] - xr[0]), yr[0] + i / 40 * (yr[1] - yr[0])]) - s.min_loss);
      state.range = { key: key, lo: Math.log(1e-3), hi: Math.log(hi + 1e-3) };
    }
    var rg = state.range;
    heatmap(ctx, box, ratio, xr, yr, function (a, b) { return surf.f([a, b]) - s.min_loss; },
            function (u) { return (Math.log(Math.max(u, 0) + 1e-3) - rg.lo) / (rg.hi - rg.lo); }, null);
    var ax = axes(ctx, box, xr, yr, "w1", "w2", [xr[0], (xr[0] + xr[1]) / 2, xr[1]], [yr[0], (yr[0] + yr[1]) / 2, yr[1]]);
    drawPath(ctx, ax, box, r.w1, r.w2, "#fff");
    ctx.fillStyle = "#fff"; ctx.strokeStyle = "#000"; ctx.lineWidth = 1;
    var mx = ax.X(s.minimum[0]), my = ax.Y(s.minimum[1]);
    ctx.beginPath();
    for (var k = 0; k < 10; k++) {          // a star at the minimum
      var rad = k % 2 ? 3 : 7, ang = -Math.PI / 2 + k * Math.PI / 5;
      ctx.lineTo(mx + rad * Math.cos(ang), my + rad * Math.sin(ang));
    }
    ctx.closePath(); ctx.fill(); ctx.stroke();
    ctx.fillStyle = "#222"; ctx.textAlign = "center"; ctx.textBaseline = "bottom";
    ctx.fillText(s.label + ": path (○ start, × end, ☆ minimum)", box.x + box.w / 2, box.y - 4);
    var gap = r.loss.map(function (L) { return L - s.min_loss; });
    drawSteps(canvases[1], gap, (r.diverged ? "diverged: " : "") + "loss − minimum, η = " + r.lr,
              "L − L*", 1e-12);
  }

  var DRAW = {
    two_two_one: { draw: function (c, r, s, v, cfg) { drawSurface(c, r, s, v, cfg, false); }, canvases: 1 },
    single_neuron: { draw: function (c, r, s, v, cfg) { drawSurface(c, r, s, v, cfg, true); }, canvases: 1 },
    softmax: { draw: drawSoftmax, canvases: 1 },
    gradient_descent: { draw: drawDescent, canvases: 2 },
    optimizer_paths: { draw: drawOptimizer, canvases: 2 }
  };

  // ----- user interface: built from the config's controls and readouts ---------------------
  function decimals(step) { var s = String(step), i = s.indexOf("."); return i < 0 ? 0 : s.length - i - 1; }

  // One control: a label, a range input and an editable number box (or a <select>).
  function makeControl(config, c) {
    var id = "ffnn-" + config.name + "-" + c.name + "-" + Math.random().toString(36).slice(2, 8);
    var row = el("div", { "class": "ffnn-explorer-control" });
    var name = c.label + (c.description ? " (" + c.description + ")" : "");
    row.appendChild(el("label", { "for": id, title: c.description || c.label }, c.label));
    if (c.kind === "choice") {
      var select = el("select", { id: id, "data-slider": c.name, "aria-label": name });
      c.options.forEach(function (o) {
        var opt = el("option", { value: o[0] }, o[1]);
        if (o[0] === c.value) opt.selected = true;
        select.appendChild(opt);
      });
      row.appendChild(select);
      return { row: row, value: function () { return select.value; }, inputs: [select] };
    }
    var log = c.kind === "log";
    var toRange = log ? function (x) { return Math.log10(x); } : function (x) { return x; };
    var fromRange = log
      ? function (u) { return Number(Math.pow(10, u).toPrecision(2)); }
      : function (u) { return c.integer ? Math.round(u) : Number(u.toFixed(decimals(c.step))); };
    var show = log ? String : function (x) { return c.integer ? String(x) : x.toFixed(decimals(c.step)); };
    var range = el("input", { type: "range", id: id, "aria-label": name,
                              min: toRange(c.min), max: toRange(c.max), step: c.step,
                              value: toRange(c.value), "data-range": c.name });
    var box = el("input", { type: "number", "class": "ffnn-explorer-value", "data-slider": c.name,
                            "aria-label": c.label + " value" + (c.description ? " (" + c.description + ")" : ""),
                            min: c.min, max: c.max, step: log ? "any" : c.step, value: show(c.value) });
    row.appendChild(range);
    row.appendChild(box);
    function current() {
      var x = parseFloat(box.value);
      if (!(isFinite(x) && x >= c.min && x <= c.max)) x = fromRange(parseFloat(range.value));
      return c.integer ? Math.round(x) : x;
    }
    range.addEventListener("input", function () { box.value = show(fromRange(parseFloat(range.value))); });
    box.addEventListener("input", function () {
      var x = parseFloat(box.value);
      if (isFinite(x) && x >= c.min && x <= c.max) range.value = toRange(x);
    });
    box.addEventListener("change", function () { box.value = show(current()); range.value = toRange(current()); });
    return { row: row, value: current, inputs: [range, box] };
  }

  function mount(rootEl) {
    if (!rootEl || rootEl.getAttribute("data-ready") === "true") return;
    var config = JSON.parse(rootEl.querySelector("script.ffnn-explorer-config").textContent);
    var compute = COMPUTE[config.name], look = DRAW[config.name];
    if (!compute) { rootEl.appendChild(el("p", {}, "unknown explorer " + config.name)); return; }
    var ui = el("div", { "class": "ffnn-explorer-ui", role: "group", "aria-label": config.title });
    ui.appendChild(el("div", { "class": "ffnn-explorer-title" }, config.title));
    var controls = el("div", { "class": "ffnn-explorer-controls" }), made = {};
    config.controls.forEach(function (c) {
      made[c.name] = makeControl(config, c);
      controls.appendChild(made[c.name].row);
    });
    ui.appendChild(controls);
    var figures = el("div", { "class": "ffnn-explorer-figures" }), canvases = [];
    for (var k = 0; k < look.canvases; k++) {
      canvases.push(el("canvas", { "class": "ffnn-explorer-canvas", role: "img",
                                   "aria-label": config.alt + (k ? " (" + (k + 1) + ")" : "") }));
      figures.appendChild(canvases[k]);
    }
    ui.appendChild(figures);
    var table = el("dl", { "class": "ffnn-explorer-numbers", "aria-live": "polite" });
    ui.appendChild(table);
    if (config.probe) ui.appendChild(el("p", { "class": "ffnn-explorer-hint" },
                                        "Click the map to move the probe (the red circle)."));
    var fallback = rootEl.querySelector(".ffnn-explorer-fallback");
    if (fallback) fallback.style.display = "none";
    rootEl.appendChild(ui);
    var state = { probe: config.probe ? config.probe.slice() : null };

    function values() {
      var v = {};
      config.controls.forEach(function (c) { v[c.name] = made[c.name].value(); });
      return v;
    }

    function render() {
      var v = values(), r = compute(v, config.options, config.data);
      look.draw(canvases, r, state, v, config);
      table.textContent = "";
      readouts(config, r, state.probe).forEach(function (row) {
        var item = el("div", { "class": "ffnn-explorer-number" });
        item.appendChild(el("dt", {}, row[1]));
        item.appendChild(el("dd", { "data-key": row[0], "data-value": String(row[2]) }, row[3]));
        table.appendChild(item);
      });
      rootEl.setAttribute("data-values", JSON.stringify(v));
      if (state.probe) rootEl.setAttribute("data-probe", JSON.stringify(state.probe));
      rootEl.setAttribute("data-renders", String(+(rootEl.getAttribute("data-renders") || 0) + 1));
    }

    Object.keys(made).forEach(function (name) {
      made[name].inputs.forEach(function (input) {
        input.addEventListener("input", render);
        input.addEventListener("change", render);
      });
    });
    if (config.probe) {
      canvases[0].addEventListener("click", function (ev) {
        var rect = canvases[0].getBoundingClientRect();
        var p = state.toGrid && state.toGrid(ev.clientX - rect.left, ev.clientY - rect.top, rect.width);
        if (p) { state.probe = p; render(); }
      });
    }
    render();
    rootEl.setAttribute("data-ready", "true");
  }

  function addStyle() {
    if (document.getElementById("ffnn-explorer-style")) return;
    var css = [
      ".ffnn-explorer-ui{box-sizing:border-box;border:1px solid #d0d7de;border-radius:6px;padding:.6em;margin:.5em 0;background:#fff;color:#222;max-width:100%;overflow-x:auto}",
      ".ffnn-explorer-title{font-weight:bold;margin-bottom:.4em}",
      ".ffnn-explorer-controls{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,230px),1fr));gap:.3em 1em;margin-bottom:.5em}",
      ".ffnn-explorer-control{display:flex;align-items:center;gap:.4em;min-width:0}",
      ".ffnn-explorer-control label{flex:0 0 auto;min-width:3.2em;font-family:monospace;white-space:nowrap}",
      ".ffnn-explorer-control input[type=range]{flex:1 1 auto;min-width:60px;margin:0}",
      ".ffnn-explorer-control select{flex:1 1 auto;min-width:0;max-width:100%}",
      ".ffnn-explorer-value{flex:0 0 5.2em;width:5.2em;box-sizing:border-box;font-family:monospace;text-align:right}",
      ".ffnn-explorer-figures{display:flex;flex-wrap:wrap;gap:.5em 1.5em;align-items:flex-start}",
      ".ffnn-explorer-canvas{display:block;height:auto;flex:0 1 auto;min-width:0}",
      ".ffnn-explorer[data-explorer=two_two_one] canvas,.ffnn-explorer[data-explorer=single_neuron] canvas{cursor:crosshair}",
      ".ffnn-explorer-numbers{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,190px),1fr));gap:.1em 1em;margin:.5em 0 0}",
      ".ffnn-explorer-number{display:flex;justify-content:space-between;gap:.5em;border-bottom:1px dotted #ccc}",
      ".ffnn-explorer-number dt{font-weight:normal;margin:0}",
      ".ffnn-explorer-number dd{font-family:monospace;margin:0;white-space:nowrap}",
      ".ffnn-explorer-hint{font-size:.85em;color:#555;margin:.3em 0 0}"
    ].join("\n");
    var style = el("style", { id: "ffnn-explorer-style" });
    style.textContent = css;
    document.head.appendChild(style);
  }

  root.ffnnExplorers = {
    version: VERSION,
    mount: function (rootEl) { addStyle(); mount(rootEl); },
    format: format,
    compute: function (name, values, options, data) { return COMPUTE[name](values, options || {}, data || {}); },
    readouts: readouts
  };
})();
