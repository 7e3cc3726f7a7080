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
  // embed-amd.js also defines @jupyter-widgets/base, controls, ... and each injects the
  // same @font-face rules with URLs relative to *its own* module URL; unmapped, those
  // resolve to "<page folder>/@jupyter-widgets/*.woff2" (404), and whichever stylesheet
  // lands last wins. Map them all to the folder that holds the fonts.
  var widgets = staticRoot + "jupyter-widgets";
  window.requirejs.config({
    paths: {
      "@jupyter-widgets/html-manager/dist": widgets,
      "@jupyter-widgets/html-manager": widgets + "/html-manager",
      "@jupyter-widgets/base": widgets + "/base",
      "@jupyter-widgets/base7": widgets + "/base7",
      "@jupyter-widgets/controls": widgets + "/controls",
      "@jupyter-widgets/controls7": widgets + "/controls7"
    }
  });
})();
