"""The output stages (plugins/procedure_site/output_stages) over one index of the output
(sitebuild/output_index.py): in a real production build, each output file
is read at most once and each version of its bytes hashed at most once.

The build runs in a forked copy of this process (in_a_fork), so the stages
can be watched from the inside: while they run, every ``open`` of a file of
the output for reading is counted, and every sha256 made records what it was
fed. A file's bytes counted as hashed when they are inside what a sha256 was
fed (a cache key made from the bytes and a tool's name counts too). Pagefind,
a program of its own, reads the pages it indexes from disk: not counted.
"""

import builtins
import hashlib
import io
import os
import shutil
import threading
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, in_a_fork, with_translations

SMALLEST = 64  # bytes: shorter files could be inside an unrelated hash's input by chance


@pytest.fixture
def catalog(tmp_path):
    """The real page, its Spanish translation and three look-alike pages."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    with_translations(content)
    seed = (content / "procedures" / "vertebroplasty.md").read_text(encoding="utf-8")
    for name in ("Kyphoplasty", "Sacroplasty", "Coccygoplasty"):
        text = seed.replace("Vertebroplasty", name).replace("vertebroplasty", name.lower())
        (content / "procedures" / f"{name.lower()}.md").write_text(text, encoding="utf-8")
    return content


class Watch:
    """Reads of the output's files and what every sha256 was fed, while on."""

    def __init__(self, output):
        self.prefix = os.path.realpath(output) + os.sep
        self.reads = Counter()
        self.hashed = []
        self.real_open, self.real_sha256 = io.open, hashlib.sha256

    def open(self, file, mode="r", *args, **kwargs):
        # The local build's early search index (site_search EarlyIndex)
        # reads the pages in threads of its own, before the stages: its
        # reads are its own, whenever its threads get to them.
        early = threading.current_thread().name.startswith("early-search")
        if not early and isinstance(file, (str, bytes, os.PathLike)) and ("r" in mode or "+" in mode):
            path = os.path.realpath(os.fsdecode(file))
            if path.startswith(self.prefix):
                self.reads[path[len(self.prefix) :]] += 1
        return self.real_open(file, mode, *args, **kwargs)

    def sha256(self, data=b"", **kwargs):
        watch = self

        class Recorded:
            def __init__(self):
                self.fed, self.hash = [bytes(data)], watch.real_sha256(data, **kwargs)
                watch.hashed.append(self.fed)

            def update(self, more):
                self.fed.append(bytes(more))
                self.hash.update(more)

            def __getattr__(self, name):  # digest, hexdigest, name, ...
                return getattr(self.hash, name)

        return Recorded()

    def __enter__(self):
        builtins.open = io.open = self.open
        hashlib.sha256 = self.sha256
        return self

    def __exit__(self, *_exc):
        builtins.open = io.open = self.real_open
        hashlib.sha256 = self.real_sha256


def files_of(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def watched_build(catalog, output, cache):
    """A production build in this (forked) process; what the stages read and
    hashed, and each file's bytes before and after them."""
    from procedure_site.output_stages import stages

    from sitebuild.__main__ import main

    seen = {}
    run_stages = stages.run_stages

    def watched(index, settings, on):
        seen["before"] = files_of(index.output)
        with Watch(index.output) as watch:
            run_stages(index, settings, on)
        seen["after"] = files_of(index.output)
        seen["reads"] = dict(watch.reads)
        seen["hashed"] = [b"".join(fed) for fed in watch.hashed]
        seen["stages"] = on

    stages.run_stages = watched
    os.environ.update({"SITEURL": "https://guides.example.org", "SITEBUILD_CACHE": str(cache)})
    status = main(["--settings", str(ROOT / "publishconf.py"), "--output", str(output), "--content", str(catalog),
                   "--setting", "ALLOW_TEST_FIXTURES=true"])  # fmt: skip
    assert status == 0
    return seen


def times_hashed(seen) -> dict[bytes, tuple[int, int]]:
    """Each version of a file's bytes the stages saw (before or after them):
    (how many sha256s were fed it, how many files hold it)."""
    holders = Counter()
    for path in set(seen["before"]) | set(seen["after"]):
        for version in {seen["before"].get(path), seen["after"].get(path)} - {None}:
            holders[version] += 1
    return {
        version: (sum(version in fed for fed in seen["hashed"]), count)
        for version, count in holders.items()
        if len(version) >= SMALLEST
    }


def assert_read_and_hashed_once(seen):
    assert seen["stages"] == ["sitemap", "minify", "search", "compress", "headers"]
    assert seen["reads"], "the watch saw no read at all"
    assert {path: n for path, n in seen["reads"].items() if n > 1} == {}
    counts = times_hashed(seen)
    assert [version[:80] for version, (hashed, holders) in counts.items() if hashed > holders] == []
    # The watch works: every file the manifest lists was hashed, and each
    # page written by Pelican was read (by the minify stage) exactly once.
    listed = [path for path in seen["after"] if path != "deploy-manifest.json"]
    unhashed = [path for path in listed if len(seen["after"][path]) >= SMALLEST and counts[seen["after"][path]][0] == 0]
    assert unhashed == []
    pages = [path for path in seen["before"] if path.endswith(".html")]
    assert pages and all(seen["reads"].get(page) == 1 for page in pages)


def test_a_production_build_reads_each_file_once_and_hashes_each_version_once(tmp_path, catalog):
    cache = tmp_path / "cache"
    cold = in_a_fork(lambda: watched_build(catalog, tmp_path / "cold", cache))
    assert_read_and_hashed_once(cold)
    # A warm build after an edit: minified pages and siblings from the cache,
    # the edited page's search shard run again.
    page = catalog / "procedures" / "kyphoplasty.md"
    head, blank, body = page.read_text(encoding="utf-8").partition("\n\n")
    page.write_text(head + blank + "Most patients go home the same day. " + body, encoding="utf-8")
    warm = in_a_fork(lambda: watched_build(catalog, tmp_path / "warm", cache))
    assert_read_and_hashed_once(warm)
    assert warm["after"]["procedures/kyphoplasty/index.html"] != cold["after"]["procedures/kyphoplasty/index.html"]
    def outside_search(build):
        return [path for path in sorted(build["after"]) if not path.startswith("pagefind/")]

    assert outside_search(warm) == outside_search(cold)


def local_build_watched(catalog, output, cache, early=True, rewrite=None):
    """A local build (pelicanconf.py) in this (forked) process: the order in
    which the early search index started, the lookup files were written and
    the search stage ran; each Pagefind run's pages; each read of a page by
    the stages; and the output's files. ``rewrite``: a page whose bytes are
    changed as the lookup files are written (a writer after Pelican's),
    once the early search index, if any, has indexed it."""
    from procedure_site.ehr_connect import plugin as connect
    from procedure_site.output_stages import stages
    from procedure_site.site_search import plugin as search
    from procedure_site.site_search import shard_index

    from sitebuild.__main__ import main

    seen = {"events": [], "indexed": []}
    made_early, write_lookups, indexed = search.EarlyIndex.__init__, connect.write_lookups, shard_index.indexed
    run_stages = stages.run_stages

    def early_index(self, *args, **kwargs):
        seen["events"].append("early search")
        made_early(self, *args, **kwargs)

    def lookups(generator, writer):
        seen["events"].append("lookup files")
        if rewrite:
            if search._early["index"] is not None:  # done with the page's first bytes
                for future in search._early["index"].futures.values():
                    future.result()
            page = Path(generator.output_path) / rewrite
            page.write_bytes(page.read_bytes().replace(b"</h1>", b" (rewritten)</h1>", 1))
        return write_lookups(generator, writer)

    def pagefind(output, pages, library):
        seen["indexed"].append(sorted(pages))
        return indexed(output, pages, library)

    def watched(index, settings, on):
        seen["events"].append("stages")
        with Watch(index.output) as watch:
            run_stages(index, settings, on)
        seen["reads"] = dict(watch.reads)

    search.EarlyIndex.__init__, connect.write_lookups, shard_index.indexed = early_index, lookups, pagefind
    stages.run_stages = watched
    if not early:
        search.start_early = lambda generator, writer: None
    os.environ["SITEBUILD_CACHE"] = str(cache)
    status = main(["--settings", str(ROOT / "pelicanconf.py"), "--output", str(output), "--content", str(catalog),
                   "--setting", "ALLOW_TEST_FIXTURES=true", "--setting", "SEARCH_SHARD_PAGES=1"])  # fmt: skip
    assert status == 0
    seen["files"] = files_of(output)
    return seen


def test_the_local_build_starts_pagefind_on_its_pages_before_it_writes_the_lookup_files(tmp_path, catalog):
    """The local build does not minify its pages, so they are final once
    Pelican wrote them: Pagefind starts on them then, while the codes' lookup
    files are written, and the search stage takes its results. Each shard is
    indexed once, no page is read by the stages, and the output is byte for
    byte that of a build that runs Pagefind in the stage: cold, and after an
    edit (the edited page's shard indexed again, over the site before last)."""
    def both(name):
        early = in_a_fork(lambda: local_build_watched(catalog, tmp_path / f"early-{name}", tmp_path / "cache-early"))
        late = in_a_fork(lambda: local_build_watched(catalog, tmp_path / f"late-{name}", tmp_path / "cache-late",
                                                     early=False))  # fmt: skip
        return early, late

    early, late = both("cold")
    assert early["events"] == ["early search", "lookup files", "stages"]
    shards = early["indexed"]
    assert len(shards) > 1 and sorted(page for pages in shards for page in pages) == sorted(
        path for path in early["files"] if "procedures/" in path and path.endswith("/index.html")
    )
    assert [path for path in early["reads"] if path.endswith(".html")] == []
    assert late["events"] == ["lookup files", "stages"]
    assert sorted(late["indexed"]) == sorted(shards)
    assert early["files"] == late["files"]
    page = catalog / "procedures" / "kyphoplasty.md"
    head, blank, body = page.read_text(encoding="utf-8").partition("\n\n")
    page.write_text(head + blank + "Most patients go home the same day. " + body, encoding="utf-8")
    early, late = both("edited")
    assert early["indexed"] == late["indexed"] == [["procedures/kyphoplasty/index.html"]]
    assert early["files"] == late["files"]


def test_a_page_written_again_after_the_early_start_is_indexed_as_it_ends(tmp_path, catalog):
    """A writer after Pelican's (here, one beside the lookup files) changes a
    page the early search index already read: the stage finds the page is
    not the file it was and indexes the pages itself, so the search index is
    the one a build without the early start makes."""
    page = "procedures/kyphoplasty/index.html"
    early = in_a_fork(lambda: local_build_watched(catalog, tmp_path / "early", tmp_path / "cache-early",
                                                  rewrite=page))  # fmt: skip
    late = in_a_fork(lambda: local_build_watched(catalog, tmp_path / "late", tmp_path / "cache-late", early=False,
                                                 rewrite=page))  # fmt: skip
    assert b"(rewritten)</h1>" in early["files"][page]
    assert early["files"] == late["files"]


def test_a_production_build_starts_no_early_search_index(tmp_path, catalog):
    """It minifies its pages first: Pagefind must index them as served."""
    from procedure_site.site_search import plugin as search

    def build():
        started = []
        made_early = search.EarlyIndex.__init__

        def early_index(self, *args, **kwargs):
            started.append(True)
            made_early(self, *args, **kwargs)

        search.EarlyIndex.__init__ = early_index
        watched_build(catalog, tmp_path / "output", tmp_path / "cache")
        return started

    assert in_a_fork(build) == []
