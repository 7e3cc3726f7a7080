"""Sphinx extension: hide the exercise notebooks' solution markers in the HTML book.

The exercise notebooks keep their solutions between ``### BEGIN SOLUTION`` and
``### END SOLUTION`` lines: the single source from which
``tools/make_student_versions.py`` makes the student versions.  In the book the
solutions sit in collapsed boxes, where the marker lines are noise; this drops
those two lines from rendered code (the notebooks themselves are unchanged).
"""

import re

from docutils import nodes

MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*(\n|$)", re.MULTILINE)


def drop_markers(app, doctree, docname=None):
    for block in doctree.findall(nodes.literal_block):
        text = block.astext()
        if "### BEGIN SOLUTION" in text or "### END SOLUTION" in text:
            clean = MARKER.sub("", text)
            block.children = [nodes.Text(clean)]
            block.rawsource = clean


def setup(app):
    # after the post-transforms: sphinx-exercise assembles gated solutions late
    app.connect("doctree-resolved", drop_markers)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
