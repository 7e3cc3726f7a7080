#!/usr/bin/env node
/*
 * Typeset the built book's maths once, at build time, so that no page loads MathJax.
 *
 *   node tools/typeset_maths.cjs _build/html [--jobs N]
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
 * The pages are shared out over N worker processes (default: the number of cores, at most
 * 4), largest first, each worker typesetting its own pages; the result is the same as one
 * process typesetting them all.
 * Exits non-zero if any formula fails to parse (MathJax's merror), naming page and TeX.
 */
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawn } = require("child_process");

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

/** Typeset the pages listed (one worker's share); report counts and errors as JSON. */
function worker(root, files) {
  let pages = 0, formulas = 0;
  const failures = [];
  for (const file of files) {
    const r = typeset(file, root);
    if (!r) continue;
    pages += 1;
    formulas += r.count;
    for (const e of r.errors) failures.push(`${path.relative(root, file)}: ${e}`);
  }
  process.stdout.write(JSON.stringify({ pages, formulas, failures }));
}

function report(results) {
  const total = { pages: 0, formulas: 0, failures: [] };
  for (const r of results) {
    total.pages += r.pages;
    total.formulas += r.formulas;
    total.failures.push(...r.failures);
  }
  console.log(`typeset_maths: ${total.formulas} formulas on ${total.pages} page(s) typeset at build time`);
  if (total.failures.length) {
    console.error("typeset_maths: TeX errors:\n  " + total.failures.join("\n  "));
    process.exit(1);
  }
}

function main() {
  const args = process.argv.slice(2);
  if (args[0] === "--worker") {
    const listFile = args[2];
    worker(path.resolve(args[1]), JSON.parse(fs.readFileSync(listFile, "utf8")));
    return;
  }
  const j = args.indexOf("--jobs");
  const jobs = j >= 0 ? Math.max(1, parseInt(args[j + 1], 10) || 1)
    : Math.min(4, Math.max(1, os.cpus().length));
  const rest = args.filter((a, i) => i !== j && i !== j + 1);
  const root = path.resolve(rest[0] || "_build/html");
  const files = pagesUnder(root)
    .map((f) => ({ f, size: fs.statSync(f).size }))
    .sort((a, b) => b.size - a.size);
  const shares = Array.from({ length: Math.min(jobs, Math.max(1, files.length)) }, () => ({ files: [], size: 0 }));
  for (const { f, size } of files) {            // largest first, to the lightest share
    const share = shares.reduce((a, b) => (b.size < a.size ? b : a));
    share.files.push(f);
    share.size += size;
  }
  if (shares.length === 1) {
    const out = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (s) => { out.push(s); return true; };
    worker(root, shares[0].files);
    process.stdout.write = write;
    report([JSON.parse(out.join(""))]);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "typeset-"));
  const children = shares.map((share, i) => {
    const list = path.join(tmp, `share-${i}.json`);
    fs.writeFileSync(list, JSON.stringify(share.files));
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [__filename, "--worker", root, list],
        { stdio: ["ignore", "pipe", "inherit"] });
      const chunks = [];
      child.stdout.on("data", (c) => chunks.push(c));
      child.on("close", (code) => {
        if (code !== 0) reject(new Error(`typeset_maths: worker ${i} exited with ${code}`));
        else resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      });
    });
  });
  Promise.all(children).then((results) => {
    fs.rmSync(tmp, { recursive: true, force: true });
    report(results);
  }, (err) => {
    console.error(err.message);
    process.exit(1);
  });
}

main();
