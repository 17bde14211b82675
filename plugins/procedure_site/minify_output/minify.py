"""Minifies the theme's stylesheets and the pages with minify-html.

The two happen at different times because of the asset fingerprints:

- a stylesheet when the asset_fingerprint plugin makes the theme's files
  ready, at the start of the build (the named blinker signal
  ``theme_asset_bytes``), so the hash in its name and its Subresource
  Integrity cover the minified bytes that are served;
- the pages in the output stages' ``minify`` stage (output_stages),
  once they are all written.

minify-html's defaults keep the markup valid HTML (the W3C checker passes it):
quotes are dropped only where the syntax allows, and optional tags only where
the specification says they may be. Nothing inline is added, so the pages'
Content-Security-Policy still holds.
"""

import hashlib
import logging

import blinker
import minify_html

from sitebuild.build_cache import blob_cache
from sitebuild.output_index import MISSING
from sitebuild.page_minify import TOOL, minified_page
from sitebuild.plugin_guard import in_this_build

logger = logging.getLogger(__name__)

_STYLE_OPEN, _STYLE_CLOSE = "<style>", "</style>"

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


def minify_pages(index, settings, then=None):
    """The stage: each page of the output index (sitebuild/output_index.py)
    minified. A page whose bytes an earlier build of this flavour already
    minified is given that result (the cache, when the build has one, keyed
    by the page's sha256, which the index has anyway, and minify-html's
    version and options).

    ``then``, when given, is handed each minified page while its bytes are
    still in memory (``then.write(page)`` in the worker, ``then.announce(page,
    made)`` in order): the compress stage, which would otherwise read every
    page back (see output_stages)."""
    cache = blob_cache(settings, "minified", TOOL)

    def minify(page):
        data = index.read(page)
        key = cache.key(index.sha256(page).encode()) if cache else None
        minified = cache.get(key) if cache else None
        if minified is None:
            minified = minified_page(data.decode("utf-8")).encode("utf-8")
            if cache:
                cache.put(key, minified)
        index.write(page, minified)
        return then.write(page) if then is not None else None

    def kept(page):
        """``minify(page)`` when the cache has the minified page and, if it
        goes on to be compressed, both its siblings; else MISSING."""
        if not cache:
            return MISSING
        data = index.read(page)
        minified = cache.get(cache.key(index.sha256(page).encode()))
        compressed = then is not None and then.wants(page)
        siblings = sha256 = None
        if minified is not None and compressed:
            sha256 = hashlib.sha256(minified).hexdigest()
            siblings = then.kept(sha256)
        if minified is None or (compressed and siblings is None):
            index.hand_back(page, data)  # for minify(), which reads them next, in a thread
            return MISSING
        index.write(page, minified, sha256)
        if not compressed:
            return None  # as then.write(page) answers a file it does not compress
        index.let_go(page)  # held for the compress stage, which has what it makes of it
        return then.write_found(page, siblings)

    for page, made in index.each(index.paths({".html"}), minify, kept=kept):
        if then is not None:
            then.announce(page, made)


def register():
    blinker.signal("theme_asset_bytes").connect(minify_theme_stylesheet)
