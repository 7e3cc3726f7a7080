"""Sphinx extension: lighter, more accessible pages from the book theme.

1. No page loads the theme's 1.5 MB ``fontawesome.js``.

pydata-sphinx-theme draws its icons (menu, search, launch and download buttons,
the GitHub link) with Font Awesome's CSS web fonts, which its stylesheet already
declares (``fa-solid-900.woff2`` and friends, about 0.3 MB, fetched only when a
glyph is shown).  Its template also loads ``scripts/fontawesome.js``, Font
Awesome's JavaScript that replaces each ``<i class="fa-...">`` by an inline SVG:
the same icons a second time, for 1.5 MB on every first visit.  This drops that
script tag from every page written and the script from ``_static/``; the icons
come from the web fonts.  (The theme offers no option for it: the tag is in its
``webpack-macros.html``.)

2. The navigation's expand/collapse toggles get a name.  The theme writes each
chapter's toggle as ``<summary>`` holding only an icon, so a screen reader
announces an unnamed control (axe-core's serious ``summary-name``); each one is
labelled "Sections of <chapter title>".

3. Only the search page loads ``searchindex.js`` (about 0.2 MB).  The theme's
search box sends the reader to ``search.html``, whose script is the only one
that reads the index; every other page loaded it for nothing.

4. No page carries the explorers' ipywidgets state.  myst-nb writes a notebook's
saved widget state (``application/vnd.jupyter.widget-state+json``, 50–175 kB a page,
mostly a base64 PNG of the explorer's first figure) into the page for the ipywidgets
embedder to read; the book loads no embedder (``nb_ipywidgets_js: {}``: each explorer
runs in the page from its own ``text/html`` version), so nothing reads it.
"""

import re
from pathlib import Path

FONTAWESOME_JS = re.compile(
    r'[ \t]*<script\b[^>]*\bsrc="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*>\s*</script>[ \t]*\n?')


TOGGLE = re.compile(
    r'(<a class="[^"]*reference internal[^"]*" href="[^"]*">(?P<title>[^<]*)</a>'
    r'<details(?: open="open")?>)<summary>(?=<span class="toctree-toggle")')


WIDGET_STATE = re.compile(
    r'[ \t]*<script type="application/vnd\.jupyter\.widget-state\+json">.*?</script>[ \t]*\n?',
    re.S)


SEARCH_INDEX = re.compile(r'[ \t]*<script\b[^>]*\bsrc="(?:\.\./)*searchindex\.js"[^>]*>\s*</script>[ \t]*\n?')


def _name_toggle(match: re.Match) -> str:
    title = match.group("title").replace('"', "&quot;")
    return f'{match.group(1)}<summary aria-label="Sections of {title}">'


def lighten_pages(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for page in out.rglob("*.html"):
        if "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        slim = TOGGLE.sub(_name_toggle, FONTAWESOME_JS.sub("", text))
        slim = WIDGET_STATE.sub("", slim)
        if page.name != "search.html":
            slim = SEARCH_INDEX.sub("", slim)
        if slim != text:
            page.write_text(slim, encoding="utf-8")
    for name in ("fontawesome.js", "fontawesome.js.map", "fontawesome.js.LICENSE.txt"):
        (out / "_static" / "scripts" / name).unlink(missing_ok=True)


def setup(app):
    app.connect("build-finished", lighten_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
