/*
 * Tell RequireJS where the vendored ipywidgets embedder lives.
 *
 * embed-amd.js defines the AMD module "@jupyter-widgets/html-manager/dist/libembed-amd",
 * and its CSS requests the widget icon fonts relative to that module's URL. Without a
 * mapping, RequireJS resolves the module next to the page, so the fonts would be requested
 * from "<page folder>/@jupyter-widgets/html-manager/dist/*.woff2" and be missing. Here the
 * module is mapped to _static/jupyter-widgets/, where tools/vendor_assets.sh puts the fonts.
 *
 * Loaded only on pages with widgets, between require.js and embed-amd.js
 * (`nb_ipywidgets_js` in _config.yml). The path is computed from this script's own URL, so
 * it works for pages at any depth.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || typeof window.requirejs !== "function") return;
  var staticRoot = script.src.replace(/[^/]*([?#].*)?$/, "");
  window.requirejs.config({
    paths: {
      "@jupyter-widgets/html-manager/dist": staticRoot + "jupyter-widgets"
    }
  });
})();
