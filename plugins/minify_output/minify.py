"""Minifies the output's stylesheets and pages with minify-html.

The two run at different stages because of the asset fingerprints:

- stylesheets at ``finalized``, so the fingerprint stage (``optimize``)
  hashes, names and pins (Subresource Integrity) their final bytes;
- pages at the granular ``minify`` stage, after the fingerprint stage has
  pointed them at the renamed assets.

minify-html's defaults keep the markup valid HTML (the W3C checker passes it):
quotes are dropped only where the syntax allows, and optional tags only where
the specification says they may be. Nothing inline is added, so the pages'
Content-Security-Policy still holds.
"""

import logging
from pathlib import Path

import blinker
import minify_html
import pelican.plugins.granular_signals
from pelican import signals

logger = logging.getLogger(__name__)

_STYLE_OPEN, _STYLE_CLOSE = "<style>", "</style>"


def minified_page(html: str) -> str:
    return minify_html.minify(html, minify_css=True)


def minified_stylesheet(css: str) -> str:
    """minify-html minifies CSS inside <style>; wrap, minify, unwrap."""
    wrapped = minify_html.minify(_STYLE_OPEN + css + _STYLE_CLOSE, minify_css=True)
    if not (wrapped.startswith(_STYLE_OPEN) and wrapped.endswith(_STYLE_CLOSE)):
        raise ValueError("minify-html returned an unexpected form for a stylesheet")
    return wrapped[len(_STYLE_OPEN) : -len(_STYLE_CLOSE)]


def _rewrite(paths, transform):
    for path in sorted(paths):
        text = path.read_text(encoding="utf-8")
        path.write_text(transform(text), encoding="utf-8", newline="")


def minify_stylesheets(pelican):
    _rewrite(Path(pelican.output_path).rglob("*.css"), minified_stylesheet)


def minify_pages(pelican):
    _rewrite(Path(pelican.output_path).rglob("*.html"), minified_page)


def register():
    pelican.plugins.granular_signals.register()
    signals.finalized.connect(minify_stylesheets)
    blinker.signal("minify").connect(minify_pages)
