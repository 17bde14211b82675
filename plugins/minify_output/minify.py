"""Minifies the theme's stylesheets and the pages with minify-html.

The two happen at different times because of the asset fingerprints:

- a stylesheet when the asset_fingerprint plugin makes the theme's files
  ready, at the start of the build (the named blinker signal
  ``theme_asset_bytes``), so the hash in its name and its Subresource
  Integrity cover the minified bytes that are served;
- the pages at the granular ``minify`` stage, once they are all written.

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

logger = logging.getLogger(__name__)

_STYLE_OPEN, _STYLE_CLOSE = "<style>", "</style>"


def in_this_build(settings) -> bool:
    """Plugins stay connected for the life of the process, which may also run
    builds whose settings do not name this plugin (the kiosk's, say)."""
    return __package__ in settings["PLUGINS"]


def minified_page(html: str) -> str:
    return minify_html.minify(html, minify_css=True)


def minified_stylesheet(css: str) -> str:
    """minify-html minifies CSS inside <style>; wrap, minify, unwrap."""
    wrapped = minify_html.minify(_STYLE_OPEN + css + _STYLE_CLOSE, minify_css=True)
    if not (wrapped.startswith(_STYLE_OPEN) and wrapped.endswith(_STYLE_CLOSE)):
        raise ValueError("minify-html returned an unexpected form for a stylesheet")
    return wrapped[len(_STYLE_OPEN) : -len(_STYLE_CLOSE)]


def minify_theme_stylesheet(path, data, settings):
    """The minified bytes of a theme stylesheet; None leaves other files as they are."""
    if not (in_this_build(settings) and path.endswith(".css")):
        return None
    return minified_stylesheet(data.decode("utf-8")).encode("utf-8")


def minify_pages(pelican):
    if not in_this_build(pelican.settings):
        return
    for path in sorted(Path(pelican.output_path).rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        path.write_text(minified_page(text), encoding="utf-8", newline="")


def register():
    pelican.plugins.granular_signals.register()
    blinker.signal("theme_asset_bytes").connect(minify_theme_stylesheet)
    blinker.signal("minify").connect(minify_pages)
