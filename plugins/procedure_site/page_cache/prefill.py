"""Fills the page cache on every core, so a cold build reads, checks and
renders its pages in parallel while Pelican itself stays one process.

Pelican reads and writes one page after another. Almost all of that work is
particular to one page (Markdown, the parse, the checks, the reading levels,
the template), and the page cache (cache.py) already knows how to give a
page the result of that work from an earlier build, byte for byte. So when a
build finds pages missing from the cache, it first has other processes make
those entries, then goes on exactly as a warm build does:

- **Reading.** At the first page Pelican reads (``page_generator_preread``:
  the articles are read and the context is as it will be for every page),
  the pages with no entry are read by ``processes`` forked copies of the
  build, each running Pelican's own ``Readers.read_file`` on its share. What
  the page_model steps set on each page, and the notices sent for it, are
  kept as ``<key>.learned`` beside the entries; each Markdown file's HTML
  goes to markdown_reader's cache as usual. Pelican then reads every page
  itself and finds them all there.
- **Rendering.** At the first page Pelican writes
  (``page_generator_write_page``: the whole context is known), the pages not
  restored from an entry are rendered by forked copies into the entries
  (``<key>.entry``, as cache.py keeps them), and Pelican's writer then writes
  each from its entry, sending ``content_written`` as for any other.

A copy that logs a warning, reports a content problem, meets a Python
warning (``warnings.warn``, one the filters let through) or raises while
reading or rendering a page keeps nothing for that page: Pelican reads or
renders it again in the build's own process, where the problem is reported
as it always is. Pages are forked, not pickled to the copies: each copy
starts as the build at that moment (Linux's fork shares its memory until
written), and only file names travel back.

Only where the build has a cache folder (a ``--no-cache`` build stays one
process). One process per usable core, or BUILD_PROCESSES (1 turns this
off; it is not part of the cache's fingerprint, since it cannot change the
output). A file read without trouble that has nothing to keep (a draft) is
marked read (``<key>.read``), so warm builds do not read it ahead again. Copies are made only when there are at least two pages for each.
multiprocessing's fork start method is used: the copies need the build's
live state (its readers, generators and templates), which no other start
method can hand over.
"""

import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import blinker
from pelican import signals
from pelican.contents import Page

from sitebuild.cores import usable_cores

logger = logging.getLogger(__name__)
content_problem = blinker.signal("content_problem")

MIN_PAGES_PER_PROCESS = 2


def setting_problem(value) -> str | None:
    """What is wrong with BUILD_PROCESSES, or None."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        return None
    return f"BUILD_PROCESSES is {value!r}; it must be None (one process per core) or a whole number, 1 or more."


def processes(settings) -> int:
    """How many processes fill the cache: BUILD_PROCESSES, else one per
    usable core, CPU quotas counted (sitebuild/cores.py; a wrong value: one,
    and the build reports it)."""
    wanted = settings.get("BUILD_PROCESSES")
    if setting_problem(wanted):
        return 1
    return wanted or usable_cores()


def shares(items: list, count: int) -> list[list]:
    """``items`` dealt into ``count * 4`` lists at most (small shares keep
    every process busy to the end), in order within each."""
    parts = min(len(items), count * 4)
    return [items[start::parts] for start in range(parts)] if parts else []


class Trouble(logging.Handler):
    """Notes a warning logged (as a handler), or a content problem reported
    (``problem``, a receiver): in a copy, and around a render (cache.py)."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.seen = False

    def emit(self, record):
        self.seen = True

    def problem(self, _sender, **_kwargs):
        self.seen = True


# What a forked copy works on: set in the build's process just before the
# fork, read by the copies.
_job = {}


_trouble = Trouble()


def _warned(*_arguments, **_keywords):
    """A copy's ``warnings.showwarning``: the warning is trouble, and not
    printed here (the build's own process does the page again and shows it,
    once, as a one-process build would)."""
    _trouble.seen = True


def _copy_starts():
    """In each copy, once: its trouble is watched (logged warnings, content
    problems, Python's warnings), and Ctrl-C is left to the build's own
    process (which stops the copies), so it is reported once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger().addHandler(_trouble)
    content_problem.connect(_trouble.problem)
    warnings.showwarning = _warned


def _read_share(paths: list[str]) -> int:
    """In a copy: read each page as Pelican would, keep what was learned."""
    from . import cache

    generator = _job["generator"]
    trouble = _trouble
    kept = 0
    for path in paths:
        trouble.seen = False
        try:
            page = generator.readers.read_file(
                base_path=generator.path,
                path=path,
                content_class=Page,
                context=generator.context,
                preread_signal=signals.page_generator_preread,
                preread_sender=generator,
                context_signal=signals.page_generator_context,
                context_sender=generator,
            )
        except Exception:  # Pelican's own process reads it again and says why
            continue
        if trouble.seen:
            continue
        source = getattr(page, "source_path", None)
        if source is not None and cache.keep_learned(source):
            kept += 1
        elif source is None or source not in cache.kept_pages():
            # A draft, a skipped file: nothing to keep, but read without
            # trouble, so the next build need not read it ahead again.
            cache.mark_read(os.path.abspath(os.path.join(generator.path, path)))
    return kept


def _render_share(indexes: list[int]) -> list[str]:
    """In a copy: render each page into its entry; the source paths kept."""
    from . import cache

    generator, pages = _job["generator"], _job["pages"]
    folder = Path(tempfile.mkdtemp(prefix="render-", dir=_job["scratch"]))
    writer = cache.PageCacheWriter(str(folder), settings=generator.settings)
    trouble = _trouble
    kept = []
    for index in indexes:
        page = pages[index]
        trouble.seen = False
        try:
            writer.write_file(
                page.save_as,
                generator.get_template(page.template),
                generator.context,
                page=page,
                relative_urls=generator.settings["RELATIVE_URLS"],
                override_output=hasattr(page, "override_save_as"),
                url=page.url,
            )
        except Exception:  # rendered again by Pelican's own process, which says why
            continue
        if not trouble.seen and cache.has_entry(page.source_path):
            kept.append(page.source_path)
    return kept


def _in_copies(function, work: list, count: int) -> list:
    """``function`` over shares of ``work`` in ``count`` forked copies; []
    when copies cannot be had, or one died (no fork here, the system out of
    memory): the build's own process then does all the work, as with one
    core. (concurrent.futures, not multiprocessing.Pool: a pool waits for
    ever on the share of a copy that was killed.)"""
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(count, mp_context=context, initializer=_copy_starts) as pool:
            return list(pool.map(function, shares(work, count)))
    except Exception as error:  # noqa: BLE001 (any failure here only costs time)
        logger.debug("page_cache: no copies of the build: %s", error)
        return []


def _enough(work: list, count: int) -> bool:
    return count > 1 and len(work) >= count * MIN_PAGES_PER_PROCESS


def read_ahead(generator, missing: list[str]) -> int:
    """Read the pages of ``missing`` (paths relative to the content folder) in
    copies of the build; how many were kept."""
    count = processes(generator.settings)
    if not _enough(missing, count):
        return 0
    _job.update(generator=generator)
    try:
        return sum(_in_copies(_read_share, missing, count))
    finally:
        _job.clear()


def render_ahead(generator, pages: list, scratch: Path) -> list[str]:
    """Render ``pages`` into their entries in copies of the build; the source
    paths of those kept."""
    count = processes(generator.settings)
    if not _enough(pages, count):
        return []
    try:
        scratch.mkdir(parents=True, exist_ok=True)
    except OSError:
        return []
    _job.update(generator=generator, pages=pages, scratch=scratch)
    try:
        return [path for kept in _in_copies(_render_share, list(range(len(pages))), count) for path in kept]
    finally:
        _job.clear()
        shutil.rmtree(scratch, ignore_errors=True)
