"""Reads the pages the cache lacks on every core, before Pelican reads any:
the build's pool (sitebuild/page_pool.py) is given their file paths, and each
worker reads its share with Pelican's readers in a Pelican of its own, which
stores each page's facts (cache.py). Pelican then reads every page in the
build's own process and finds it in the cache (and each file's Markdown in
markdown_reader's).

A page read with trouble (trouble.py) is not kept: the build's own process
reads it as a build without a cache would, and says what it says. A draft
read without trouble is kept as read (nothing to restore), so the next build
does not look for it again.

When only a few pages are missing (pages edited), the build does not wait
for all of them before reading the first page. With workers that made
their Pelican as they were forked (``page_pool.eager``: the command-line
build), it restores the other pages while a worker reads each missing one,
and waits for a missing page only when Pelican comes to it
(``cache.kept_facts``): at 1,000 pages the build reaches it after about
0.2 s of restoring, and a ready worker has read it by then or soon after,
so the build's own process neither reads, checks nor imports the reading
level for it (an edit build about 0.1 s shorter, measured). Without ready
workers (the preview's builds, whose pool starts cold), a worker would
first make its Pelican, so the build reads the missing pages itself, as it
reads a page with trouble, while the pool reads them too and keeps them
for the next build.
"""

import os

from sitebuild import page_pool
from sitebuild.build_cache import touch
from sitebuild.page_source import read_page
from sitebuild.plugin_guard import in_this_build

from . import cache
from .trouble import Trouble

# Missing pages the build reads itself rather than wait for the pool.
READ_HERE = 8


def read_missing(generator):
    """page_generator_init, in the build's process: the pool is given the
    pages whose facts are not kept (each page's entry is touched: it is
    used by this build)."""
    build = cache.current()
    if build.site is None or page_pool.in_worker() or not in_this_build(generator, __package__):
        return
    settings = generator.settings
    missing = []
    for path in generator.get_files(settings["PAGE_PATHS"], exclude=settings["PAGE_EXCLUDES"]):
        key = cache.key_of(os.path.abspath(os.path.join(generator.path, path)))
        if key is not None and not touch(build.entries.facts_path(key)):
            missing.append(path)
    shares = page_pool.shares(missing, page_pool.processes(settings))
    waiting = page_pool.run(read_share, [(build.site, share) for share in shares])
    if len(missing) > READ_HERE:
        build.waiting = waiting
    elif page_pool.eager():
        for share, future in zip(shares, waiting):
            for path in share:
                build.pending[os.path.abspath(os.path.join(generator.path, path))] = future


def wait_for_pool(_generator):
    """page_generator_preread: before Pelican reads a page, the pool has
    read what it was given."""
    build = cache.current()
    if build.waiting:
        waiting, build.waiting = build.waiting, []
        page_pool.wait(waiting)


def read_share(generator, work: tuple[bytes, list[str]]) -> int:
    """In a pool worker: with the build's site key, read each page of the
    share as Pelican's page generator does (generator is the worker's own);
    keep the facts of those read without trouble. How many were kept."""
    site, paths = work
    cache.use_site(site)
    kept = 0
    for path in paths:
        source = os.path.abspath(os.path.join(generator.path, path))
        with Trouble() as trouble:
            try:
                read_page(generator, path)
            except Exception:  # noqa: BLE001 (the build's own process reads it again and says why)
                trouble.seen = True
        if trouble.quiet and cache.keep_facts(source):
            kept += 1
        cache.forget(source)
    return kept
