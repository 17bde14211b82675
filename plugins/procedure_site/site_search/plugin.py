"""The website's search index: Pagefind, run on the final HTML of the
published procedure pages of every language, into PAGEFIND_DIR (pagefind/).

When it runs
    After every web build (make html, make publish; the kiosk's settings
    leave this plugin out: it has a search of its own), as the ``search``
    stage of the output stages (output_stages, where the order is
    written once). The index must be made from the pages as they are
    served, so after the production build minifies them, and before it
    writes a .br/.gz beside every text file and lists every file with its
    headers, so Pagefind's files get their siblings and their lines in
    _headers and the manifest like any other. The local build runs this
    stage only. Its pages are final once Pelican has written them (nothing
    minifies them), so there Pagefind starts on them at once, while the
    build writes the codes' lookup files (``EarlyIndex``), and the stage
    takes what it made.

What is indexed
    The pages the A–Z lists show: each language's published pages, never a
    hidden page, a draft, the A–Z lists, the 404 or the search pages. Pagefind
    (its command line) reads a folder holding links to exactly those files,
    at their own paths, so its URLs are theirs (the Python API's service
    takes a tenth of a second per page added one by one). What it reads of
    each page is marked in the templates
    (components/search_index.html); each page's language is its
    ``<html lang>``.

Shards, and why
    One Pagefind run over every page needs memory in proportion to the pages
    (about 280 MB at 1,000, so near 3 GB at 10,000) and was run again in full
    after any one-page edit. So a language with more than SEARCH_SHARD_PAGES
    pages is split into 2, 4, 8... buckets by a hash of each page's address
    (shards.py), and each bucket number is one Pagefind run over the pages of
    every language in it, two runs at a time (each a process of its own).
    Peak memory is then that of two shards, and an edit re-runs one.

    - Shard 0, into PAGEFIND_DIR itself: exactly the one-index layout, with
      Pagefind's library (pagefind.js, its worker, each language's
      WebAssembly). The search page loads Pagefind from there, and Pagefind
      takes its base path, worker and WebAssembly from pagefind.js's address.
      Every language must have pages in it (else the build stops: a
      practical impossibility with a hash over hundreds of pages).
    - Shard k >= 1, into PAGEFIND_DIR/shard-<k>/: its index only
      (pagefind-entry.json, .pf_meta, index/, fragment/, filter/), as
      Pagefind's mergeIndex loads no library or WebAssembly.
    - Each search page lists the shards after the first that hold pages of
      its language (search_shards(), known once the pages are read, before
      any page renders); js/search.js merges them into one search.

    Pagefind scores a page against its own shard's statistics (page count,
    average length). With shards of a hundred pages or more, each a random
    sample, these are close to the whole language's; tiny shards rank less
    well.

The cache
    Where the build has a cache folder, each shard's shipped files are kept
    in the flavour's blobs (``search/``), keyed by its pages' paths and
    sha256 (from the output index, sitebuild/output_index.py, which has them
    from the minify stage or reads and hashes each page once) and its folder
    (shard_index.py); a shard whose pages did not change is
    written from there without running Pagefind. A warm build after one
    page's text changed runs Pagefind on that page's shard only.

What is shipped
    Only the files the search page needs (bundle.py). Their hash-named index
    files are announced on ``asset_fingerprinted``, like the theme's
    fingerprinted assets, so http_headers caches them for a year.

Two builds of the same pages give the same bytes. Pagefind numbers the pages
in the order the file system lists the links (made in sorted order: the same
from build to build on one machine; another file system may list them
otherwise, which changes the bytes of the index chunks, never what they
find), and writes some lists in no fixed order, which bundle.canonical()
sorts. What the cache keeps is those canonical bytes, so a warm build writes
what a cold one does.
"""

import hashlib
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import blinker
from jinja2 import pass_context
from pelican import signals

from procedure_site.language_versions.languages import published_pages
from sitebuild.build_cache import blob_cache
from sitebuild.cores import usable_cores
from sitebuild.output_files import put_files
from sitebuild.plugin_guard import in_this_build

from .bundle import is_hash_named
from .shard_index import TOOL, page_count, shard_files
from .shards import assign, first_shard_gaps, folder, language_shards, setting_problem

logger = logging.getLogger(__name__)

asset_fingerprinted = blinker.signal("asset_fingerprinted")
content_problem = blinker.signal("content_problem")

# Per build (the devserver runs many builds in one process; reset when a
# build starts): the pages to index (output-relative path -> language) and
# each one's shard.
_pages = {}
_shards = {}


def start_build(pelican):
    drop_early()  # a build that stopped before its stage
    _pages.clear()
    _shards.clear()
    if not in_this_build(pelican, __package__):
        return
    problem = setting_problem(pelican.settings.get("SEARCH_SHARD_PAGES"))
    if problem:
        content_problem.send(
            "pelicanconf.py", message=problem, fix="see the comment above SEARCH_SHARD_PAGES in pelicanconf.py."
        )


def record_pages(generator):
    """The published pages of every language: the default language's and
    their translations (Pelican keeps hidden pages and drafts apart), and the
    shard of each, known before any template renders the search pages."""
    if not in_this_build(generator, __package__):
        return
    for page in published_pages(generator):
        save_as = page.save_as  # Pelican works it out from the URL scheme at every ask
        if save_as:
            _pages[save_as] = page.lang
    per_shard = generator.settings.get("SEARCH_SHARD_PAGES")
    if setting_problem(per_shard) is None:  # else the build stops with the problem
        _shards.clear()
        _shards.update(assign(_pages, per_shard))
        gaps = first_shard_gaps(_pages, _shards)
        if gaps:  # a setting the publisher chose, so said before anything is written
            content_problem.send(
                "pelicanconf.py",
                message=f"SEARCH_SHARD_PAGES is {per_shard}, and with it no page of {', '.join(gaps)} is in the "
                "first search shard, where the search page loads Pagefind from, so that language's search "
                "would not work.",
                fix="raise SEARCH_SHARD_PAGES (200 keeps a language of a few hundred pages in one or two shards).",
            )


@pass_context
def search_shards(context, lang) -> list[str]:
    """For a search page: the addresses of the shards after the first that
    hold pages of ``lang``, which the page merges into the first's Pagefind.
    (A shard without the language must not be merged: Pagefind would search
    another language's pages in it instead.)"""
    shards = language_shards(_pages, _shards).get(lang, []) if _shards else []
    return [f"{context['SITEURL']}/{context['PAGEFIND_DIR']}/{folder(shard)}/" for shard in shards if shard]


def add_template_globals(generator):
    if in_this_build(generator, __package__):
        generator.env.globals["search_shards"] = search_shards


def shards_of(pages) -> dict[int, list[str]]:
    """Shard number -> its pages (output paths, in order)."""
    by_shard = {}
    for page in pages:
        by_shard.setdefault(_shards[page], []).append(page)
    return by_shard


class EarlyIndex:
    """Pagefind started on the pages as soon as Pelican has written them, in
    a build whose pages are final once written (no minify stage: the local
    build), while the build writes the codes' lookup files; the search stage
    then takes its shards' files in its place in the sequence. At 1,000 pages
    the stage had Pagefind's processes busy on both cores for a second after
    the lookup files had kept one core busy for as long; together they take
    about 0.4 s less.

    Each page is read and hashed here, once, for the shard's cache key (no
    other stage of the local build reads the pages), and what the file
    system says of it then (size, modification time, inode; not its change
    time, which Pagefind's hard link to it moves) is noted: the stage
    takes these shards only if every page is still that file, else it runs
    Pagefind itself, as without this. The threads only wait for Pagefind and
    hash, as in the stage (two shards at a time); the shards done before the
    stage takes them are held (about 2.5 KB a page).

    A build that stops before its stage removes its folder (staging.py), so
    the shards not yet begun find no page and end at once; the preview's
    next build lets go of an early index its last build left (``drop_early``).
    """

    def __init__(self, output: Path, by_shard: dict, cache):
        self.output, self.by_shard = output, by_shard
        self.seen = {}  # page -> (size, mtime, inode) as it was read here
        pool = ThreadPoolExecutor(max_workers=min(2, usable_cores()), thread_name_prefix="early-search")
        self.futures = {
            shard: pool.submit(shard_files, output, pages, folder(shard), cache, self._sha256)
            for shard, pages in sorted(by_shard.items())
        }
        pool.shutdown(wait=False)  # its threads end with their work

    def _sha256(self, page: str) -> str:
        with open(self.output / page, "rb") as handle:
            data = handle.read()
            self.seen[page] = _identity(os.fstat(handle.fileno()))
        return hashlib.sha256(data).hexdigest()

    def files(self, output: Path, by_shard: dict) -> dict | None:
        """Each shard's files, when made from these very pages as they are
        now; else None."""
        if output != self.output or by_shard != self.by_shard:
            self.drop()
            return None
        made = {shard: future.result() for shard, future in self.futures.items()}
        for page, seen in self.seen.items():
            try:
                if _identity(os.stat(output / page)) != seen:
                    return None  # written again since: the stage indexes it as it is
            except OSError:
                return None
        return made

    def drop(self) -> None:
        """Let its work go, waiting for what already runs (a Pagefind process)."""
        for future in self.futures.values():
            if not future.cancel():
                future.exception()


def _identity(found: os.stat_result) -> tuple:
    return found.st_size, found.st_mtime_ns, found.st_ino


_early = {"index": None}  # this build's EarlyIndex, until the stage takes it


def drop_early() -> None:
    early, _early["index"] = _early["index"], None
    if early is not None:
        early.drop()


def start_early(generator, writer):
    """Once Pelican has written the pages (before the lookup files, which
    ehr_connect writes on the same signal, a part registered after this
    one): Pagefind started on them when the build will not minify them."""
    drop_early()
    if not in_this_build(generator, __package__):
        return
    # Imported here: the output stages import this module.
    from ..output_stages.stages import MINIFY, SEARCH, enabled  # noqa: PLC0415

    settings = generator.settings
    stages = enabled(settings)
    if SEARCH not in stages or MINIFY in stages or setting_problem(settings.get("SEARCH_SHARD_PAGES")):
        return
    output = Path(generator.output_path)
    pages = [page for page in sorted(_pages) if (output / page).is_file()]
    if not pages or first_shard_gaps({page: _pages[page] for page in pages}, _shards):
        return  # the stage says what is wrong, as without this
    _early["index"] = EarlyIndex(output, shards_of(pages), blob_cache(settings, "search", TOOL))


def write_search_index(index, settings):
    """The stage: every shard's files, written through the output index
    (sitebuild/output_index.py)."""
    output = Path(index.output)
    folder_name = settings["PAGEFIND_DIR"]
    target = output / folder_name
    # The devserver builds into the same folder again: an index of removed
    # pages must not linger.
    index.remove_tree(folder_name)
    pages = {page: lang for page, lang in sorted(_pages.items()) if page in index}
    if not pages:
        # Pagefind refuses to index nothing. No published page: a site of
        # drafts, or a build whose pages all failed and which is about to
        # stop with their problems (a traceback here would hide them).
        drop_early()
        return
    gaps = first_shard_gaps(pages, _shards)
    if gaps:  # reported with the pages (record_pages); a bug if it gets here
        drop_early()
        raise RuntimeError(
            f"Search: no page of {', '.join(gaps)} is in the first search shard, where the search page "
            "loads Pagefind from, so that language's search would not work. Raise SEARCH_SHARD_PAGES "
            "(pelicanconf.py), or add the language's pages."
        )
    by_shard = shards_of(pages)
    early, _early["index"] = _early["index"], None
    made = early.files(output, by_shard) if early is not None else None
    cache = blob_cache(settings, "search", TOOL)

    def write(shard):
        """One shard, written. Threads suffice: the work is mostly waiting
        for Pagefind's process, hashing and file writes, which let go of the GIL."""
        if made is not None:
            files = made[shard]
        else:
            files = shard_files(output, by_shard[shard], folder(shard), cache, index.sha256)
        put_files(target / folder(shard), files, index.since_ns)
        prefix = f"{folder_name}/{folder(shard)}/" if folder(shard) else f"{folder_name}/"
        for name, data in files.items():
            index.wrote(prefix + name, data)
        return page_count(files), sorted(files)

    # Two shards at a time: each is a Pagefind process of its own, and memory
    # is bounded by two shards' pages (and, in a build that started them
    # early, the shards' files made before the stage: EarlyIndex).
    with ThreadPoolExecutor(max_workers=min(2, usable_cores())) as pool:
        done = list(pool.map(write, sorted(by_shard)))
    indexed = sum(count for count, _names in done)
    if indexed != len(pages):
        logger.error(
            "Search: Pagefind indexed %d of the %d published pages, so some cannot be found.\n"
            "    How to fix: each procedure page needs <html lang> and a data-pagefind-body "
            "element (theme/templates/procedure.html).",
            indexed,
            len(pages),
        )
    for shard, (_count, names) in zip(sorted(by_shard), done):
        for name in names:
            if is_hash_named(name):
                asset_fingerprinted.send((target / folder(shard) / name).relative_to(output).as_posix())


def register():
    signals.get_generators.connect(start_build)
    signals.page_writer_finalized.connect(start_early)
    signals.page_generator_finalized.connect(record_pages)
    signals.generator_init.connect(add_template_globals)
