"""The website's search index: Pagefind, run on the final HTML of the
published procedure pages of every language, into PAGEFIND_DIR (pagefind/).

When it runs
    After every web build (make html, make publish; the kiosk's settings
    leave this plugin out: it has a search of its own). The index must be
    made from the pages as they are served, so after the production build
    minifies them (pelican-granular-signals' ``minify`` stage), and before it
    writes a .br/.gz beside every text file (``compress``) and lists every
    file with its headers (``deploy``), so Pagefind's files get their
    siblings and their lines in _headers and the manifest like any other.
    Blinker calls the receivers of one signal in no fixed order, so the
    index cannot simply be one more receiver of ``minify`` or ``compress``.
    Instead this plugin gives ``compress`` a stage of its own to run first,
    the named signal ``search_index``: it wraps ``compress``'s ``send`` once,
    the way pelican-granular-signals wraps Pelican's ``finalized`` to send
    its stages in order. The local build has no minify or compress
    receivers; granular-signals still sends every stage, so the index is
    made there too.

What is indexed
    The pages the A–Z lists show: each language's published pages, never a
    hidden page, a draft, the A–Z lists, the 404 or the search pages. Pagefind
    (its command line) reads a folder holding copies of exactly those files,
    at their own paths, so its URLs are theirs (the Python API's service
    takes a tenth of a second per page added one by one). What it reads of
    each page is marked in the templates
    (components/search_index.html); each page's language is its
    ``<html lang>``.

What is shipped
    Only the files the search page needs (bundle.py). Their hash-named index
    files are announced on ``asset_fingerprinted``, like the theme's
    fingerprinted assets, so http_headers caches them for a year.

Two builds of the same pages give the same bytes. Pagefind numbers the pages
in the order the file system lists the copies (the same from build to build
on one machine; another file system may list them otherwise, which changes
the bytes of the index chunks, never what they find), and writes some lists
in no fixed order, which bundle.canonical() sorts.
"""

import functools
import json
import logging
import os
import shutil
import subprocess
import tempfile
from itertools import chain
from pathlib import Path

import blinker
import pagefind_bin
import pelican.plugins.granular_signals
from pelican import signals

from .bundle import ENTRY, canonical, is_hash_named, shipped

logger = logging.getLogger(__name__)

search_index = blinker.signal("search_index")
asset_fingerprinted = blinker.signal("asset_fingerprinted")

# Per build (the devserver runs many builds in one process; reset when a
# build starts): output-relative paths of the pages to index.
_pages = set()


def in_this_build(sender) -> bool:
    """Plugins stay connected for the life of the process, which may also run
    builds whose settings do not list this one (the kiosk's)."""
    return __package__ in (sender.settings.get("PLUGINS") or ())


def start_build(pelican):
    _pages.clear()


def record_pages(generator):
    """The published pages of every language: the default language's and
    their translations (Pelican keeps hidden pages and drafts apart)."""
    if in_this_build(generator):
        _pages.update(page.save_as for page in chain(generator.pages, generator.translations) if page.save_as)


def run_pagefind(site: Path, bundle: Path) -> None:
    """Pagefind's command line, from pagefind_bin, run to its end. (Not the
    Python API's service: Pagefind 1.5.2 acknowledges WriteFiles before its
    files are flushed, and the API then stops the service, which can cut a
    file short; fixed after 1.5.2 by Pagefind pull request 1272.)"""
    command = [str(pagefind_bin.get_executable()), "--site", str(site), "--output-path", str(bundle), "--silent"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed ({result.returncode}):\n{result.stdout}{result.stderr}")


def link_or_copy(source: Path, target: Path) -> None:
    """Pagefind only reads the pages: a hard link saves copying every page on
    every build; a copy where the temporary folder is on another disk."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def write_search_index(pelican):
    if not in_this_build(pelican):
        return
    output = Path(pelican.output_path)
    target = output / pelican.settings["PAGEFIND_DIR"]
    # The devserver builds into the same folder again: an index of removed
    # pages must not linger.
    shutil.rmtree(target, ignore_errors=True)
    pages = sorted(p for p in _pages if (output / p).is_file())
    if not pages:
        # Pagefind refuses to index nothing. No published page: a site of
        # drafts, or a build whose pages all failed and which is about to
        # stop with their problems (a traceback here would hide them).
        return
    with tempfile.TemporaryDirectory(prefix="site-search-") as work:
        site, bundle = Path(work) / "site", Path(work) / "bundle"
        for page in pages:
            (site / page).parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(output / page, site / page)
        site.mkdir(exist_ok=True)
        run_pagefind(site, bundle)
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
        indexed = sum(language["page_count"] for language in entry["languages"].values())
        if indexed != len(pages):
            logger.error(
                "Search: Pagefind indexed %d of the %d published pages, so some cannot be found.\n"
                "    How to fix: each procedure page needs <html lang> and a data-pagefind-body "
                "element (theme/templates/procedure.html).",
                indexed,
                len(pages),
            )
        written = [p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()]
        needed = shipped(written, (bundle / ENTRY).read_text(encoding="utf-8"))
        files = canonical({name: (bundle / name).read_bytes() for name in needed})
    for name, data in sorted(files.items()):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(data)
        if is_hash_named(name):
            asset_fingerprinted.send((target / name).relative_to(output).as_posix())


def _index_first(send):
    @functools.wraps(send)
    def send_search_index_then_compress(sender=None, /, **kwargs):
        return search_index.send(sender) + send(sender, **kwargs)

    send_search_index_then_compress.sends_search_index = True
    return send_search_index_then_compress


def register():
    pelican.plugins.granular_signals.register()
    compress = blinker.signal("compress")
    if not getattr(compress.send, "sends_search_index", False):
        compress.send = _index_first(compress.send)
    signals.get_generators.connect(start_build)
    signals.page_generator_finalized.connect(record_pages)
    search_index.connect(write_search_index)
