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
        if isinstance(file, (str, bytes, os.PathLike)) and ("r" in mode or "+" in mode):
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
