/*
 * MathJax 2 -> MathJax 3 bridge for the ipywidgets HTML manager.
 *
 * The widget embedder (@jupyter-widgets/html-manager) typesets widget labels with the
 * MathJax 2 API, `MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])`. The book loads
 * MathJax 3, which has no `Hub`, so that call would throw and the widget would not render.
 * This script adds a minimal `MathJax.Hub.Queue` that forwards to MathJax 3's
 * `typesetPromise`. It is added to every page by `html_js_files` in _config.yml.
 *
 * MathJax 3 replaces any `window.MathJax` object that exists before it loads, so the
 * bridge is installed once MathJax 3 is there (MathJax is loaded with `defer`, so it is
 * there by DOMContentLoaded; widgets render on `load`).
 */
(function () {
  "use strict";

  function typeset(element) {
    var mj = window.MathJax;
    if (!mj || typeof mj.typesetPromise !== "function") return;
    var ready = (mj.startup && mj.startup.promise) || Promise.resolve();
    ready
      .then(function () { return mj.typesetPromise(element ? [element] : undefined); })
      .catch(function (err) { console.error("MathJax typeset failed:", err); });
  }

  function install() {
    var mj = window.MathJax;
    if (!mj || typeof mj.typesetPromise !== "function" || mj.Hub) return;
    mj.Hub = {
      // MathJax 2 queued "jobs": ["Typeset", MathJax.Hub, element] or a function.
      Queue: function () {
        for (var i = 0; i < arguments.length; i++) {
          var job = arguments[i];
          if (Array.isArray(job) && job[0] === "Typeset") {
            typeset(job[2]);
          } else if (typeof job === "function") {
            job();
          }
        }
      }
    };
  }

  install();
  document.addEventListener("DOMContentLoaded", install);
  window.addEventListener("load", install);
})();
