#!/usr/bin/env node
/*
 * Typeset the built book's maths once, at build time, so that no page loads MathJax.
 *
 *   node tools/typeset_maths.cjs _build/html
 *
 * For every .html page that still loads MathJax (Sphinx adds the script only to pages
 * with maths), this runs MathJax 3 (npm `mathjax-full`, pinned in tools/vendor/) in Node
 * on the page, with the page's own MathJax configuration (inline `\( \)` and `$ $`,
 * display `\[ \]` and `$$ $$`, only inside elements of the classes Sphinx and myst-nb
 * give maths), and writes the page back with:
 *
 *   - the maths as CommonHTML (the same output MathJax would produce in the browser),
 *     with its stylesheet in the page's <head> and the MathJax woff2 fonts served from
 *     _static/mathjax/ (tools/vendor_assets.sh copies them there);
 *   - each formula's MathML beside it (<mjx-assistive-mml>), which screen readers read
 *     (MathJax's "assistive MathML", on by default in the browser too);
 *   - the MathJax configuration and loader scripts removed.
 *
 * A page is rewritten only while it still carries the MathJax loader, so running this
 * again after an incremental build touches only the pages Sphinx wrote anew.
 * Exits non-zero if any formula fails to parse (MathJax's merror), naming page and TeX.
 */
"use strict";

const fs = require("fs");
const path = require("path");

const NM = path.join(__dirname, "vendor", "node_modules");
const req = (m) => require(path.join(NM, "mathjax-full", "js", m));

const { mathjax } = req("mathjax.js");
const { TeX } = req("input/tex.js");
const { CHTML } = req("output/chtml.js");
const { liteAdaptor } = req("adaptors/liteAdaptor.js");
const { RegisterHTMLHandler } = req("handlers/html.js");
const { AssistiveMmlHandler } = req("a11y/assistive-mml.js");
const { AllPackages } = req("input/tex/AllPackages.js");

const LOADER = /<script[^>]*src="[^"]*mathjax\/tex-[a-z-]+\.js[^"]*"[^>]*><\/script>\s*/g;
const CONFIG = /<script>window\.MathJax\s*=[\s\S]*?<\/script>\s*/g;

function pagesUnder(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "_static" && entry.name !== "_sources") out.push(...pagesUnder(p));
    } else if (entry.name.endsWith(".html")) {
      out.push(p);
    }
  }
  return out;
}

/** The page's window.MathJax = {...} object (Sphinx writes it as JSON). */
function pageConfig(html) {
  const m = html.match(/<script>window\.MathJax\s*=\s*([\s\S]*?)<\/script>/);
  if (!m) return {};
  try {
    return JSON.parse(m[1].trim().replace(/;\s*$/, ""));
  } catch (err) {
    return {};
  }
}

const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));

function typeset(file, root) {
  const html = fs.readFileSync(file, "utf8");
  if (!LOADER.test(html)) return null;
  LOADER.lastIndex = 0;
  const cfg = pageConfig(html);
  const texCfg = cfg.tex || {};
  const opts = cfg.options || {};
  const fontDir = path.relative(path.dirname(file),
    path.join(root, "_static", "mathjax", "output", "chtml", "fonts", "woff-v2")).split(path.sep).join("/");
  const tex = new TeX({
    packages: AllPackages.filter((p) => p !== "bussproofs" && p !== "autoload" && p !== "require"),
    inlineMath: texCfg.inlineMath || [["\\(", "\\)"]],
    displayMath: texCfg.displayMath || [["$$", "$$"], ["\\[", "\\]"]],
    processEscapes: texCfg.processEscapes !== undefined ? texCfg.processEscapes : true,
    processEnvironments: true,
  });
  const chtml = new CHTML({ fontURL: fontDir, adaptiveCSS: true });
  const doc = mathjax.document(html, {
    InputJax: tex,
    OutputJax: chtml,
    processHtmlClass: opts.processHtmlClass || "tex2jax_process|mathjax_process|math|output_area",
    ignoreHtmlClass: opts.ignoreHtmlClass || "tex2jax_ignore|mathjax_ignore",
  });
  doc.render();
  const errors = [];
  for (const item of doc.math) {
    const node = item.root;
    let bad = false;
    node.walkTree((n) => { if (n.isKind && n.isKind("merror")) bad = true; });
    if (bad) errors.push(item.math);
  }
  let out = adaptor.doctype(doc.document) + "\n" + adaptor.outerHTML(adaptor.root(doc.document));
  out = out.replace(LOADER, "").replace(CONFIG, "");
  fs.writeFileSync(file, out);
  return { count: Array.from(doc.math).length, errors };
}

function main() {
  const root = path.resolve(process.argv[2] || "_build/html");
  let pages = 0, formulas = 0;
  const failures = [];
  for (const file of pagesUnder(root)) {
    const r = typeset(file, root);
    if (!r) continue;
    pages += 1;
    formulas += r.count;
    for (const e of r.errors) failures.push(`${path.relative(root, file)}: ${e}`);
  }
  console.log(`typeset_maths: ${formulas} formulas on ${pages} page(s) typeset at build time`);
  if (failures.length) {
    console.error("typeset_maths: TeX errors:\n  " + failures.join("\n  "));
    process.exit(1);
  }
}

main();
