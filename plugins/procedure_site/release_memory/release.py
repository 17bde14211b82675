"""Lets go of every page's HTML once Pelican has written the site, and gives
the freed memory back to the system, before the last stages (minify, search
index, compression, headers and manifest) begin.

After Pelican's last write nothing renders a page again, yet Pelican keeps
every page object, each holding its HTML (``_content``, about 8 KB a page),
until the build ends, and the last stages' own memory came on top of it: a
production build of 10,000 pages peaked at 296 MB in those stages, against a
budget of 300 MB (issue 12, docs/build-speed.md).

Freeing the strings alone hardly lowers the peak: Python's small-object
allocator asks the system for new memory rather than reuse what the C
allocator freed. glibc's ``malloc_trim(0)`` returns those free pages to the
system. No maintained package wraps that one call, so it is called through
ctypes, where the C library has it; elsewhere only the strings are freed.

A page's HTML is deleted, not emptied, and Pelican's memo of each page's
content and summary is cleared: a later use would be a loud error (a bug,
with its traceback), never a page written blank or from a stale memo. Skipped when a tool
reads the pages after the build (PAGE_MODEL_KEPT: the content report).
"""

import ctypes
import ctypes.util
import functools
import gc

from pelican import signals
from pelican.contents import Content

from sitebuild.plugin_guard import in_this_build

# Every list of pages and articles a Pelican generator keeps.
PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages",
              "draft_translations", "articles", "drafts", "drafts_translations")

_generators = []  # this build's, from all_generators_finalized to finalized


@functools.cache
def _malloc_trim():
    """glibc's malloc_trim, or None where the C library has none (musl, macOS)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def give_back_to_system() -> bool:
    """Collect what nothing refers to, and hand the C allocator's free pages
    back to the system; True when it could."""
    gc.collect()
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


def forget_generators(_pelican):
    """A build that stopped before ``finalized`` must not keep its pages
    for the life of the process (the devserver's)."""
    _generators.clear()


def keep_generators(generators):
    _generators[:] = generators


def release_pages(pelican):
    """At Pelican's ``finalized``: every page written, the last stages not begun."""
    generators, _generators[:] = list(_generators), []
    settings = pelican.settings
    if not in_this_build(settings, __package__) or settings.get("PAGE_MODEL_KEPT"):
        return
    for generator in generators:
        for name in PAGE_LISTS:
            for page in getattr(generator, name, None) or ():
                vars(page).pop("_content", None)
    del generators
    # Pelican remembers each page's content and summary in its class, keyed
    # by the page: they would keep the HTML (and every page) alive, and give
    # it back to a later use instead of failing.
    for memo in ("get_content", "get_summary"):
        getattr(vars(Content).get(memo), "cache", {}).clear()
    give_back_to_system()


def register():
    signals.get_generators.connect(forget_generators)
    signals.all_generators_finalized.connect(keep_generators)
    signals.finalized.connect(release_pages)
