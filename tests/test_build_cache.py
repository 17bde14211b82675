"""The build cache (sitebuild/build_cache.py, plugins/procedure_site/page_cache): a warm build
writes exactly what a cold build of the same tree writes, reuses what cannot
have changed, and leaves the times of unchanged files alone.

Every build here runs the real build command on a content copy with a cache
folder of the test's own ($SITEBUILD_CACHE); a cold build is one with a fresh,
empty cache folder."""

import os
import pickle
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import brotli
import pytest

from conftest import ALLOW_FIXTURES, ROOT, build, in_a_fork, link_files, with_translations

PUBLISH_ENV = {"SITEURL": "https://guides.example.org"}
FLAVOURS = {
    "html": ("pelicanconf.py", None),
    "publish": ("publishconf.py", PUBLISH_ENV),
}
KIOSK = {"kiosk": ("kioskconf.py", {"PUBLIC_SITEURL": "https://guides.example.org"})}


def site_files(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_files(warm: Path, cold: Path):
    warm_files, cold_files = site_files(warm), site_files(cold)
    assert sorted(warm_files) == sorted(cold_files)
    assert [name for name in warm_files if warm_files[name] != cold_files[name]] == []


class Builds:
    """Builds of one content folder with one settings file: warm ones share a
    cache folder, each cold one gets a new empty one."""

    def __init__(self, tmp_path, content, settings="pelicanconf.py", env=None, new_process=None):
        self.tmp = tmp_path
        self.new_process = new_process
        self.content = content
        self.settings = settings
        self.env = env or {}
        self.cache = tmp_path / "cache"
        self.colds = 0

    def run(self, output, cache, overrides=None):
        result = build(output, content=self.content, settings=self.settings,
                       overrides={**ALLOW_FIXTURES, **(overrides or {})},
                       env={**self.env, "SITEBUILD_CACHE": str(cache)}, new_process=self.new_process)
        return result

    def warm(self, output=None, overrides=None):
        output = output or self.tmp / "output"
        result = self.run(output, self.cache, overrides)
        assert result.returncode == 0, result.stderr
        return output

    def cold(self, overrides=None):
        self.colds += 1
        output = self.tmp / f"cold-{self.colds}"
        result = self.run(output, self.tmp / f"cold-cache-{self.colds}", overrides)
        assert result.returncode == 0, result.stderr
        return output


CROSS_LINK = "\n\nSee also [the other procedure]({filename}kyphoplasty.md).\n"


@pytest.fixture
def catalog(tmp_path):
    """The real content, its Spanish test translation, and two more pages,
    one of which links to the other."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    with_translations(content)
    seed = (content / "procedures" / "vertebroplasty.md").read_text(encoding="utf-8")
    for name in ("Kyphoplasty", "Sacroplasty"):
        text = seed.replace("Vertebroplasty", name).replace("vertebroplasty", name.lower())
        (content / "procedures" / f"{name.lower()}.md").write_text(text, encoding="utf-8")
    sacroplasty = content / "procedures" / "sacroplasty.md"
    head, blank, body = sacroplasty.read_text(encoding="utf-8").partition("\n\n")
    first, newline, rest = body.partition("\n")
    sacroplasty.write_text(head + blank + first + CROSS_LINK + rest, encoding="utf-8")
    return content


def edit_text(path: Path, words: str):
    """Add words to the first paragraph of a page's text (not its metadata)."""
    head, blank, body = path.read_text(encoding="utf-8").partition("\n\n")
    first, newline, rest = body.partition("\n")
    path.write_text(head + blank + first + " " + words + newline + rest, encoding="utf-8")


# --- Warm equals cold ----------------------------------------------------------------


# At one page a shard, the three English pages make 4 buckets: Vertebroplasty
# and Sacroplasty (and the Spanish page) in shard 0, Kyphoplasty in shard-2.
SHARDS = {"one index": {}, "search shards": {"SEARCH_SHARD_PAGES": 1}}


@pytest.mark.parametrize("shards", SHARDS)
@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_warm_build_after_a_text_edit_writes_what_a_cold_build_writes(tmp_path, catalog, flavour, shards):
    settings, env = FLAVOURS[flavour]
    builds = Builds(tmp_path, catalog, settings, env)
    before = site_files(builds.warm(overrides=SHARDS[shards]))
    edit_text(catalog / "procedures" / "kyphoplasty.md", "Most patients go home the same day.")
    warm = builds.warm(overrides=SHARDS[shards])
    assert site_files(warm) != before
    assert_same_files(warm, builds.cold(overrides=SHARDS[shards]))
    if shards == "search shards":
        assert sorted(p.name for p in (warm / "pagefind").glob("shard-*")) == ["shard-2"]
        changed = {name for name, data in site_files(warm).items() if before.get(name) != data}
        assert {name for name in changed if name.startswith("pagefind/")} <= {
            name for name in site_files(warm) if name.startswith("pagefind/shard-2/")}


def test_a_text_edit_runs_pagefind_on_that_pages_shard_only(tmp_path, catalog, monkeypatch):
    """Builds in a copy of this process (in_a_fork), so each run of Pagefind
    can be counted; the shards of unchanged pages come from the cache."""
    from procedure_site.site_search import shard_index

    from sitebuild.__main__ import main

    runs = []
    run_pagefind = shard_index.run_pagefind

    def counted(site, output):
        runs.append(sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")))
        run_pagefind(site, output)

    monkeypatch.setattr(shard_index, "run_pagefind", counted)
    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))

    def built(output, *options):
        def build_here():
            status = main(["--settings", str(ROOT / "pelicanconf.py"), "--output", str(output), "--content",
                           str(catalog), "--setting", "ALLOW_TEST_FIXTURES=true", "--setting", "SEARCH_SHARD_PAGES=1",
                           *options])
            assert status == 0
            return sorted(runs)

        return in_a_fork(build_here)

    everything = [["es/procedures/vertebroplasty/index.html", "procedures/sacroplasty/index.html",
                   "procedures/vertebroplasty/index.html"], ["procedures/kyphoplasty/index.html"]]  # fmt: skip
    assert built(tmp_path / "first") == everything
    assert built(tmp_path / "again") == []
    edit_text(catalog / "procedures" / "kyphoplasty.md", "Most patients go home the same day.")
    assert built(tmp_path / "warm") == [["procedures/kyphoplasty/index.html"]]
    edit_text(catalog / "procedures" / "sacroplasty.md", "Most patients go home the same day.")
    assert built(tmp_path / "warm-2") == [everything[0]]
    assert built(tmp_path / "cold", "--no-cache") == everything
    assert_same_files(tmp_path / "warm-2", tmp_path / "cold")


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_warm_build_after_another_pages_slug_changes_rewrites_the_link_to_it(tmp_path, catalog, flavour):
    """sacroplasty.md links to kyphoplasty.md: a new slug there changes the
    link here, though this page's own bytes are the same."""
    settings, env = FLAVOURS[flavour]
    builds = Builds(tmp_path, catalog, settings, env)
    builds.warm()
    page = catalog / "procedures" / "kyphoplasty.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Slug: kyphoplasty", "Slug: kyphoplasty-surgery"),
                    encoding="utf-8")
    warm = builds.warm()
    assert b"kyphoplasty-surgery" in (warm / "procedures" / "sacroplasty" / "index.html").read_bytes()
    assert_same_files(warm, builds.cold())


@pytest.mark.parametrize("flavour", {**FLAVOURS, **KIOSK})
def test_a_warm_build_of_the_same_tree_writes_and_says_what_the_cold_build_did(tmp_path, catalog, flavour):
    """Nothing changed: every page comes from the cache (its facts, its
    render), and the output and the warnings are those of the cold build."""
    settings, env = {**FLAVOURS, **KIOSK}[flavour]
    builds = Builds(tmp_path, catalog, settings, env)
    cold = builds.run(tmp_path / "cold", builds.cache)
    warm = builds.run(tmp_path / "warm", builds.cache)
    assert cold.returncode == warm.returncode == 0, cold.stderr + warm.stderr
    assert_same_files(tmp_path / "warm", tmp_path / "cold")
    # connect/'s lookup files (every web build) are among the files compared:
    # CPT 22511 is Vertebroplasty's, Kyphoplasty's and Sacroplasty's code.
    lookups = {"connect/index.json", "connect/cpt/22511.json", "connect/cpt/22511/index.html"}
    assert lookups <= set(site_files(tmp_path / "warm")) or flavour in KIOSK
    notices = [line for line in cold.stderr.splitlines() if line.startswith(("warning:", "note:"))]
    assert any(line.startswith("note:") and "long sentences" in line for line in notices)
    assert [line for line in warm.stderr.splitlines() if line.startswith(("warning:", "note:"))] == notices


def site_folders(folder: Path) -> list:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir())


@pytest.mark.parametrize("flavour", {**FLAVOURS, **KIOSK})
def test_a_build_over_the_site_before_last_writes_what_a_cold_build_writes(tmp_path, catalog, flavour):
    """The third build writes over the first's folder (sitebuild/reused_site.py):
    what the first had and the third does not make (a page removed since, its
    folder, its siblings and its search fragment) is gone, what changed is
    new, and the files and folders are those of a cold build."""
    settings, env = {**FLAVOURS, **KIOSK}[flavour]
    builds = Builds(tmp_path, catalog, settings, env)
    first = builds.warm()
    first_inode = first.resolve().stat().st_ino
    assert (first / "procedures" / "sacroplasty" / "index.html").is_file()
    (catalog / "procedures" / "sacroplasty.md").unlink()
    edit_text(catalog / "procedures" / "kyphoplasty.md", "Most patients go home the same day.")
    second = builds.warm()
    assert second.resolve().stat().st_ino != first_inode
    spares = [p for p in second.parent.iterdir() if p.name.startswith(".output.spare-")]
    assert [p.stat().st_ino for p in spares] == [first_inode]  # kept beside the output, as the spare
    edit_text(catalog / "procedures" / "vertebroplasty.md", "Bring a list of your medicines.")
    third = builds.warm()
    assert third.resolve().stat().st_ino == first_inode, "the third build did not write over the first's folder"
    assert not (third / "procedures" / "sacroplasty").exists()
    cold = builds.cold()
    assert_same_files(third, cold)
    assert site_folders(third) == site_folders(cold)
    beside = sorted(p.name.split("-")[0] for p in third.parent.iterdir() if p.name.startswith(".output."))
    assert beside == [".output.site", ".output.spare"]


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.mark.parametrize("before", ["folder", "file"])
def test_a_folder_where_a_file_now_goes_or_the_other_way_is_cleared(tmp_path, catalog, before):
    """The site before last has images/scan.png as a folder and this build
    has it as a file, or the other way: writing over that site, the build
    clears the way first (reused_site.clear_the_way), and its site is a
    cold build's."""
    builds = Builds(tmp_path, catalog)
    images = catalog / "images"
    images.mkdir()

    def as_(kind):
        shutil.rmtree(images / "scan.png", ignore_errors=True)
        (images / "scan.png").unlink(missing_ok=True)
        if kind == "folder":
            (images / "scan.png").mkdir()
            (images / "scan.png" / "inner.png").write_bytes(PNG)
            link_files(catalog, "images/scan.png/inner.png")
        else:
            (images / "scan.png").write_bytes(PNG)
            link_files(catalog, "images/scan.png")

    as_(before)
    first_inode = builds.warm().resolve().stat().st_ino
    builds.warm()
    as_("file" if before == "folder" else "folder")
    result = builds.run(tmp_path / "output", builds.cache)
    assert result.returncode == 0, result.stderr
    third = tmp_path / "output"
    assert third.resolve().stat().st_ino == first_inode  # written over the site before last
    assert_same_files(third, builds.cold())
    assert site_folders(third) == site_folders(builds.cold())


def test_a_build_over_the_site_before_last_that_breaks_runs_again_in_an_empty_folder(tmp_path, catalog, monkeypatch):
    """Any stop but a content problem in a build over the site before last
    (here: the clock seen set while it ran) is not the content's fault: the
    build runs again, as a new process, into an empty folder, and says
    nothing of the first try."""
    from sitebuild import reused_site

    builds = Builds(tmp_path, catalog, new_process=False)  # forked: the stand-in holds for the first try
    first_site = builds.warm().resolve().name
    builds.warm()

    def clock_set(folder, previous):
        raise reused_site.ClockMoved("the system clock was set while the build ran")

    monkeypatch.setattr(reused_site, "finish", clock_set)
    time.sleep(0.05)  # a file-system clock tick: a spare set aside in the same tick is not trusted
    result = builds.run(tmp_path / "output", builds.cache)
    assert result.returncode == 0, result.stderr
    assert "clock" not in result.stderr and "Traceback" not in result.stderr
    # A folder of its own (the spare's name, .output.site-X, goes with it).
    assert (tmp_path / "output").resolve().name != first_site
    monkeypatch.undo()
    assert_same_files(tmp_path / "output", builds.cold())


def test_pelican_skipping_unchanged_static_files_keeps_every_file(tmp_path, catalog):
    """STATIC_CHECK_IF_MODIFIED: Pelican does not copy a static file whose
    copy looks up to date, so the build cannot tell it from an older site's
    file: with it on, no build writes over the site before last."""
    builds = Builds(tmp_path, catalog)
    (catalog / "images").mkdir()
    (catalog / "images" / "scan.png").write_bytes(PNG)
    link_files(catalog, "images/scan.png")
    skip = {"STATIC_CHECK_IF_MODIFIED": True}
    for _ in range(3):
        output = builds.warm(overrides=skip)
        assert (output / "images" / "scan.png").read_bytes() == PNG
    assert_same_files(output, builds.cold(overrides=skip))


def test_a_failed_build_over_the_site_before_last_leaves_the_output_and_no_spare(tmp_path, catalog):
    builds = Builds(tmp_path, catalog)
    builds.warm()
    edit_text(catalog / "procedures" / "kyphoplasty.md", "Most patients go home the same day.")
    output = builds.warm()
    before = site_files(output)
    page = catalog / "procedures" / "kyphoplasty.md"
    page.write_text(page.read_text(encoding="utf-8").replace("{phone}", ""), encoding="utf-8")
    failed = builds.run(output, builds.cache)
    assert failed.returncode == 1, failed.stderr
    assert site_files(output) == before
    assert sorted(p.name.split("-")[0] for p in output.parent.iterdir() if p.name.startswith(".output.")) == [
        ".output.site"]


def test_a_warm_build_says_the_warnings_a_cold_build_says(tmp_path, catalog):
    """A page restored from the cache is not measured again, but its
    plain-language notice (kept with its facts) still counts in the build's
    summary line: the warm build's line is the cold build's, counts and all."""
    builds = Builds(tmp_path, catalog)
    builds.warm()
    warm = builds.run(tmp_path / "output", builds.cache)
    cold = builds.run(tmp_path / "cold", tmp_path / "cold-cache")
    assert warm.returncode == cold.returncode == 0
    said = [line for line in warm.stderr.splitlines() if line.startswith(("warning:", "note:"))]
    (note,) = [line for line in said if line.startswith("note:")]
    assert note.startswith("note: 3 pages are harder to read than their target, ") and "reading grade" not in warm.stderr
    assert said == [line for line in cold.stderr.splitlines() if line.startswith(("warning:", "note:"))]


def test_a_restored_page_holds_no_html_and_reads_it_when_asked(tmp_path, catalog, monkeypatch):
    """Memory (issue 19: a 10,000-page build's peak): a page restored from
    its facts holds no HTML, and its facts none, until something asks for it;
    it then reads it from its entry. With the renders gone from the cache,
    every page is rendered from that HTML, and the site is the cold build's.
    Its {static} links (Pelican publishes what they name) come from its
    facts: the same as the page just read."""
    from pelican import signals

    from sitebuild.__main__ import main

    (catalog / "images").mkdir()
    (catalog / "images" / "handout.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    edit_text(catalog / "procedures" / "kyphoplasty.md", "Read [the handout]({static}/images/handout.pdf).")
    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))

    def built(output):
        def build_here():
            held = {}

            def look(generators):
                for generator in generators:
                    for page in [*getattr(generator, "pages", ()), *getattr(generator, "translations", ())]:
                        held[os.path.basename(page.source_path)] = (
                            page.facts.html, vars(page).get("_content"), sorted(page.get_static_links()))

            signals.all_generators_finalized.connect(look)
            # A pool (BUILD_PROCESSES: at four pages none would start) reads and keeps the pages.
            status = main(["--settings", str(ROOT / "pelicanconf.py"), "--output", str(output), "--content",
                           str(catalog), "--setting", "ALLOW_TEST_FIXTURES=true", "--setting", "BUILD_PROCESSES=2"])
            assert status == 0
            return held

        return in_a_fork(build_here)

    built(tmp_path / "first")
    renders = list((tmp_path / "cache" / "pelicanconf").glob("*/pages/*.html"))
    assert len(renders) == 4
    for render in renders:
        render.unlink()
    held = built(tmp_path / "warm")
    assert sorted(held) == ["kyphoplasty.md", "sacroplasty.md", "vertebroplasty.es.md", "vertebroplasty.md"]
    assert {name: (html, content) for name, (html, content, _links) in held.items()} == dict.fromkeys(held, (None, ""))
    assert held["kyphoplasty.md"][2] == ["images/handout.pdf"] and held["sacroplasty.md"][2] == []
    assert (tmp_path / "warm" / "images" / "handout.pdf").is_file()
    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cold-cache"))
    cold = built(tmp_path / "cold")
    assert held["kyphoplasty.md"][2] == cold["kyphoplasty.md"][2]
    assert_same_files(tmp_path / "warm", tmp_path / "cold")


PROBLEMS = {
    "a plugin's check": ("## Make an Appointment", "## Make a Booking"),
    "Pelican's warning while reading": ("Slug: kyphoplasty\n", "Slug: kyphoplasty\nSlug: kyphoplasty-again\n"),
    "a page limit, before Markdown reads it": (
        "Department: Interventional Radiology",
        "Department: Interventional" + " " * 600 + "Radiology",
    ),
}


@pytest.mark.parametrize("problem", PROBLEMS)
def test_a_page_with_a_problem_fails_the_warm_build_too(tmp_path, catalog, problem):
    page = catalog / "procedures" / "kyphoplasty.md"
    page.write_text(page.read_text(encoding="utf-8").replace(*PROBLEMS[problem]), encoding="utf-8")
    builds = Builds(tmp_path, catalog)
    first = builds.run(tmp_path / "output", builds.cache)
    second = builds.run(tmp_path / "output", builds.cache)
    assert first.returncode == second.returncode == 1
    assert "kyphoplasty.md" in second.stderr and second.stderr == first.stderr
    assert "Traceback" not in second.stderr


# --- Reuse ---------------------------------------------------------------------------------


def test_a_page_that_cannot_have_changed_is_written_from_the_cache(tmp_path, catalog):
    """Proof of reuse: a mark put into the cached render of an unchanged page
    reaches the output of the next build, after another page was edited."""
    builds = Builds(tmp_path, catalog)
    builds.warm()
    entries = list((builds.cache / "pelicanconf").glob("*/pages/*.html"))
    assert len(entries) == 4  # the three pages and the translation
    marked = 0
    for entry in entries:  # each page's render
        data = entry.read_bytes()
        if b"<title>Sacroplasty" in data:
            entry.write_bytes(data.replace(b"</body>", b"<!-- from the cache --></body>"))
            marked += 1
    assert marked == 1
    edit_text(catalog / "procedures" / "kyphoplasty.md", "Most patients go home the same day.")
    warm = builds.warm()
    assert "<!-- from the cache -->" in (warm / "procedures" / "sacroplasty" / "index.html").read_text("utf-8")
    assert "<!-- from the cache -->" not in (warm / "procedures" / "kyphoplasty" / "index.html").read_text("utf-8")


def test_a_codes_lookup_page_is_written_from_the_cache_until_a_header_changes(tmp_path, catalog):
    """A code's lookup page (connect/, ehr_connect) is made from the pages'
    headers alone: after an edit to a page's text it is written from the
    cache (a mark put into the kept files reaches the output; its JSON feed
    too); after an edit to a header it is rendered again. Its render is not
    kept on its own as well: under the same site key, it could never be
    found when its chunk is not."""
    builds = Builds(tmp_path, catalog)
    first = builds.warm()
    lookup, feed = "connect/cpt/22511/index.html", "connect/cpt/22511.json"
    written = (first / lookup).read_bytes()
    assert not list((builds.cache / "pelicanconf").glob("*/files/*.html"))
    (kept,) = [p for p in (builds.cache / "pelicanconf").glob("*/files/*.files")
               if pickle.loads(p.read_bytes()).get(lookup) == written]
    files = pickle.loads(kept.read_bytes())
    files[lookup] = written.replace(b"</body>", b"<!-- from the cache --></body>")
    files[feed] = files[feed].replace(b"Patient guides", b"Kept guides")
    kept.write_bytes(pickle.dumps(files))
    edit_text(catalog / "procedures" / "kyphoplasty.md", "Most patients go home the same day.")
    warm = builds.warm()
    assert "<!-- from the cache -->" in (warm / lookup).read_text("utf-8")
    assert "Kept guides" in (warm / feed).read_text("utf-8")
    page = catalog / "procedures" / "kyphoplasty.md"
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = ["Summary: A cement treatment for a broken bone in the spine.\n" if line.startswith("Summary:") else line
             for line in lines]
    page.write_text("".join(lines), encoding="utf-8")
    again = (builds.warm() / lookup).read_text("utf-8")
    assert "<!-- from the cache -->" not in again and "A cement treatment for a broken bone" in again


def test_lookup_files_are_kept_a_chunk_of_codes_at_a_time(tmp_path, catalog, monkeypatch):
    """At one code a chunk, each code's files are kept apart; after a header
    edit the chunks of the codes it changed are made again, the others
    written from the cache, and the output is a cold build's."""
    from procedure_site.ehr_connect import plugin as connect

    monkeypatch.setattr(connect, "CHUNK", 1)
    builds = Builds(tmp_path, catalog, new_process=False)  # forked: the chunk size holds
    first = builds.warm()
    codes = len(list((first / "connect").rglob("*.json"))) - 1  # but index.json
    kept = {p.name for p in (builds.cache / "pelicanconf").glob("*/files/*.files")}
    assert codes > 1 and len(kept) == codes
    page = catalog / "procedures" / "kyphoplasty.md"
    text = page.read_text(encoding="utf-8")
    summary = "A cement treatment for a broken bone in the spine."
    page.write_text("".join(f"Summary: {summary}\n" if line.startswith("Summary:") else line
                            for line in text.splitlines(keepends=True)), encoding="utf-8")
    warm = builds.warm()
    assert summary in (warm / "connect" / "cpt" / "22511.json").read_text("utf-8")
    assert_same_files(warm, builds.cold())


def test_a_page_left_out_of_compression_gets_no_sibling_from_the_cache(tmp_path, catalog):
    """The blob cache is shared by every fingerprint of a flavour: after a
    build that compressed the pages, one whose settings leave .html out of
    COMPRESSED_SIBLING_EXTENSIONS writes no .html.br or .html.gz, as a cold
    build does (the minify stage's cache hits ask the compress stage first)."""
    builds = Builds(tmp_path, catalog, "publishconf.py", PUBLISH_ENV)
    assert (builds.warm() / "procedures" / "sacroplasty" / "index.html.br").is_file()
    no_html = {"COMPRESSED_SIBLING_EXTENSIONS": [".css", ".js", ".json", ".svg", ".txt", ".xml"]}
    warm = builds.warm(overrides=no_html)
    assert not [p for p in warm.rglob("*.html.*")]
    assert_same_files(warm, builds.cold(overrides=no_html))


def test_compressed_siblings_of_unchanged_bytes_come_from_the_cache(tmp_path, catalog):
    builds = Builds(tmp_path, catalog, "publishconf.py", PUBLISH_ENV)
    output = builds.warm()
    page = output / "procedures" / "sacroplasty" / "index.html"
    blobs = builds.cache / "publishconf" / "blobs" / "br"
    cached = [blob for blob in blobs.iterdir() if blob.read_bytes() == (page.parent / "index.html.br").read_bytes()]
    assert len(cached) == 1
    stand_in = brotli.compress(page.read_bytes() + b"<!-- from the cache -->", quality=1)
    cached[0].write_bytes(stand_in)
    edit_text(catalog / "procedures" / "kyphoplasty.md", "Most patients go home the same day.")
    warm = builds.warm()
    assert (warm / "procedures" / "sacroplasty" / "index.html.br").read_bytes() == stand_in


def test_files_are_compared_a_piece_at_a_time(tmp_path, monkeypatch):
    """keep_unchanged_times compares a file with its previous version a piece
    at a time (a 10,000-page deploy-manifest.json is 50 MB): equal only when
    every piece is, the last short one too."""
    from sitebuild import build_cache

    monkeypatch.setattr(build_cache, "COMPARED", 4)
    first, second = tmp_path / "first", tmp_path / "second"
    first.write_bytes(b"0123456789")
    second.write_bytes(b"0123456789")
    assert build_cache.same_bytes(first, second)
    second.write_bytes(b"0123456780")
    assert not build_cache.same_bytes(first, second)
    second.write_bytes(b"01234567")
    assert not build_cache.same_bytes(first, second) and not build_cache.same_bytes(second, first)


def test_unchanged_files_keep_their_times_and_changed_ones_do_not(tmp_path, catalog):
    builds = Builds(tmp_path, catalog, "publishconf.py", PUBLISH_ENV)
    output = builds.warm()
    long_ago = 1_000_000_000_000_000_000  # 2001, in nanoseconds
    for path in output.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(long_ago, long_ago))
    edit_text(catalog / "procedures" / "kyphoplasty.md", "Most patients go home the same day.")
    output = builds.warm()
    times = {p.relative_to(output).as_posix(): p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
    changed = {name for name, time in times.items() if time != long_ago}
    assert "procedures/kyphoplasty/index.html" in changed
    assert "procedures/kyphoplasty/index.html.br" in changed
    assert times["procedures/sacroplasty/index.html"] == long_ago
    assert times["procedures/sacroplasty/index.html.gz"] == long_ago
    # The search index holds the edited words: its chunks and entry change;
    # Pagefind's own scripts and the other language chunks do not.
    assert times["pagefind/pagefind.js"] == long_ago
    assert times["pagefind/pagefind-worker.js.br"] == long_ago
    assert any(name.startswith("pagefind/fragment/") for name in changed)
    assert all(name.startswith(("procedures/kyphoplasty/", "sitemap", "deploy-manifest", "_headers", "pagefind/"))
               for name in changed), sorted(changed)
    # The third build writes over the first's folder (reused_site.py), whose
    # kyphoplasty page is the one before the edit: it is written again, and
    # has the second build's times, as its bytes are the second's; a file
    # the same in all three keeps its times.
    second = dict(times)
    edit_text(catalog / "procedures" / "sacroplasty.md", "Most patients go home the same day.")
    output = builds.warm()
    times = {p.relative_to(output).as_posix(): p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
    assert times["procedures/kyphoplasty/index.html"] == second["procedures/kyphoplasty/index.html"] != long_ago
    assert times["procedures/kyphoplasty/index.html.br"] == second["procedures/kyphoplasty/index.html.br"]
    assert times["procedures/sacroplasty/index.html"] not in (long_ago, second["procedures/sacroplasty/index.html"])
    assert times["pagefind/pagefind.js"] == long_ago
    assert times["index.html"] == second["index.html"]


def test_a_page_put_back_as_it_was_is_newer_than_the_copy_it_replaces(tmp_path, catalog):
    """Edited, built, put back, built: the third build writes over the
    first's folder, whose files hold the bytes put back, with the first
    build's times. Each file that differs from the site it replaces gets a
    time newer than that site's copy (a deploy, rsync -u or a browser asking
    "modified since?" would otherwise keep the copy from the second build);
    a file the same in all three keeps its first time."""
    builds = Builds(tmp_path, catalog, "publishconf.py", PUBLISH_ENV)
    page = catalog / "procedures" / "kyphoplasty.md"
    original = page.read_text(encoding="utf-8")
    first = builds.warm()
    names = ("pagefind/pagefind-entry.json", "procedures/kyphoplasty/index.html.br",
             "procedures/kyphoplasty/index.html.gz", "procedures/sacroplasty/index.html.br")
    first_times = {name: (first / name).stat().st_mtime_ns for name in names}
    first_bytes = {name: (first / name).read_bytes() for name in names}
    edit_text(page, "Most patients go home the same day.")
    second = builds.warm()
    second_times = {name: (second / name).stat().st_mtime_ns for name in names}
    page.write_text(original, encoding="utf-8")
    third = builds.warm()
    assert {name: (third / name).read_bytes() for name in names} == first_bytes
    for name in names[:3]:
        assert (third / name).stat().st_mtime_ns > second_times[name], name
    assert (third / names[3]).stat().st_mtime_ns == first_times[names[3]] == second_times[names[3]]


# --- Changes outside the content ------------------------------------------------------------


@pytest.fixture
def project(tmp_path, catalog):
    """A copy of the settings, theme and plugins, so a test may change them."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pelicanconf.py", "publishconf.py", "theme", "plugins"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    shutil.move(str(catalog), project / "content")
    return project


def replace_in(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CHANGES = {
    # what changes -> (flavour, change to the project copy, text the change puts in the pages)
    "a setting in the settings file": (
        "html", lambda p: replace_in(p / "pelicanconf.py", 'APPOINTMENT_PHONE = "202-877-9729"',
                                     'APPOINTMENT_PHONE = "202-555-0143"'), b"202-555-0143"),
    "a template": (
        "html", lambda p: replace_in(p / "theme" / "templates" / "base.html", "</body>",
                                     "<!-- template changed --></body>"), b"<!-- template changed -->"),
    "a plugin's code": (
        "html", lambda p: replace_in(p / "plugins" / "procedure_site" / "appointment_phone" / "phone.py",
                                     'text = f"{national[:3]}-{national[3:6]}-{national[6:]}"',
                                     'text = f"({national[:3]}) {national[3:6]}-{national[6:]}"'),
        b"(202) 877-9729"),
    "the CSS": (
        "publish", lambda p: (p / "theme" / "static" / "css" / "site.css").write_text(
            (p / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8") + "\nmain{color:#111}\n",
            encoding="utf-8"), b"color:#111"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_outside_the_content_rebuilds_every_page_it_affects(tmp_path, project, change):
    flavour, apply, mark = CHANGES[change]
    settings, env = FLAVOURS[flavour]
    # Only a change to the plugins' code needs them imported afresh, in a new process.
    builds = Builds(tmp_path, project / "content", str(project / settings), env, new_process=change == "a plugin's code")
    before = builds.warm()
    page = "procedures/sacroplasty/index.html"
    old_page = (before / page).read_bytes()
    apply(project)
    warm = builds.warm()
    assert (warm / page).read_bytes() != old_page
    everything = b"".join(site_files(warm).values())
    assert mark in everything
    assert_same_files(warm, builds.cold())


def test_a_setting_given_on_the_command_line_rebuilds_the_pages(tmp_path, catalog):
    builds = Builds(tmp_path, catalog)
    builds.warm()
    warm = builds.warm(overrides={"SITENAME": "Guides for Patients"})
    assert "Guides for Patients" in (warm / "procedures" / "sacroplasty" / "index.html").read_text("utf-8")
    assert_same_files(warm, builds.cold(overrides={"SITENAME": "Guides for Patients"}))


# --- The benchmark -------------------------------------------------------------------------


def benchmark_disk(folder) -> str:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import benchmark  # noqa: PLC0415
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return benchmark.disk_of(folder)


def test_the_benchmark_writes_its_table_and_plot(tmp_path):
    """Only that it runs and reports, on one tiny catalog; its figures are
    never judged here. TMPDIR: the benchmark's own catalogs, outputs and
    cache go in a temporary folder (tempfile), here this test's. --no-stack:
    the peer stack's virtualenv is installed from PyPI, too slow for a test
    (its settings, pins and command: tests/test_benchmark.py). --no-preview:
    the preview's latencies are measured at 1,000 pages (tests/test_preview.py
    proves what they time). --against HEAD: the project at a commit, timed
    beside this checkout (HEAD pins what this checkout pins, so it shares
    the virtualenv: nothing is installed)."""
    reports = tmp_path / "reports"
    result = subprocess.run(
        [sys.executable, "scripts/benchmark.py", "--sizes", "2", "--repeats", "1", "--reports", str(reports),
         "--no-stack", "--no-preview", "--against", "HEAD"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    assert result.returncode in (0, 1), result.stderr
    rows = (reports / "bench.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "pages,build,repeat,seconds,ms_per_page,max_rss_mb,cpu_seconds"
    project = {"html_cold", "html_edit", "html_edit2", "publish_cold", "publish_edit", "publish_edit2"}
    assert {line.split(",")[1] for line in rows[1:]} == {"plain"} | project | {"then_" + build for build in project}
    assert len(rows) == 1 + 13
    svg = ElementTree.parse(reports / "bench.svg").getroot()
    assert len(svg.findall("{http://www.w3.org/2000/svg}polyline")) == 13
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    assert f"This checkout against the project at HEAD ({head}), in the same run" in result.stdout
    assert "| 2 | make publish, a second page edited | " in result.stdout
    assert [path.name for path in tmp_path.iterdir()] == ["reports"]  # the commit's files went with the bench's
    assert ("MISSED" in result.stdout) == (result.returncode == 1)
    disk = benchmark_disk(tmp_path)
    assert f"the bench's folder on {disk}" in result.stdout and f"at the end, on {disk}" in result.stdout

