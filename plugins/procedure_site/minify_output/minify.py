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
from importlib.metadata import version
from pathlib import Path

import blinker
import minify_html
import pelican.plugins.granular_signals

from sitebuild.build_cache import blob_cache
from sitebuild.output_files import output_files
from sitebuild.plugin_guard import in_this_build

logger = logging.getLogger(__name__)

_STYLE_OPEN, _STYLE_CLOSE = "<style>", "</style>"
MINIFY_HTML_VERSION = version("minify_html")


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
    if not (in_this_build(settings, __package__) and path.endswith(".css")):
        return None
    return minified_stylesheet(data.decode("utf-8")).encode("utf-8")


def minify_pages(pelican):
    """Each page minified; a page whose bytes an earlier build of this flavour
    already minified is given that result (the cache, when the build has one,
    keyed by the bytes and minify-html's version and options)."""
    if not in_this_build(pelican.settings, __package__):
        return
    cache = blob_cache(pelican.settings, "minified", f"minify-html {MINIFY_HTML_VERSION} minify_css")
    output = Path(pelican.output_path)
    for name in output_files(output, {".html"}):
        path = output / name
        data = path.read_bytes()
        key = cache.key(data) if cache else None
        minified = cache.get(key) if cache else None
        if minified is None:
            minified = minified_page(data.decode("utf-8")).encode("utf-8")
            if cache:
                cache.put(key, minified)
        path.write_bytes(minified)


def register():
    pelican.plugins.granular_signals.register()
    blinker.signal("theme_asset_bytes").connect(minify_theme_stylesheet)
    blinker.signal("minify").connect(minify_pages)
