"""The group's static site: `fostlog site OUT_DIR`.

Pages are document outlines (render/outline.py) written by the HTML writer; charts are
static SVG from svg.py. links.py says where each page lives, pages.py and charts.py make
the pages, layout.py wraps them, build.py writes them.
"""
