"""A build with pages missing from its cache reads them in a pool of
processes first (sitebuild/page_pool.py, plugins/procedure_site/page_cache/read_ahead.py),
and then writes exactly what a build in one process writes, saying the same
warnings and problems."""

import os
import shutil
import time

import pytest
from pelican import signals

from conftest import ALLOW_FIXTURES, ROOT, build, forked_command, in_a_fork, with_translations
from test_build_cache import assert_same_files, edit_text, site_files

PAGES = 10
FLAVOURS = {
    "html": ("pelicanconf.py", {}),
    "publish": ("publishconf.py", {"SITEURL": "https://guides.example.org"}),
    # relative addresses: the one flavour where Pelican's writer changes the
    # context shared by every page's render
    "kiosk": ("kioskconf.py", {"PUBLIC_SITEURL": "https://guides.example.org"}),
}


@pytest.fixture
def catalog(tmp_path):
    """The real content, its test translations, and ten more pages."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    with_translations(content)
    seed = (ROOT / "content" / "procedures" / "vertebroplasty.md").read_text(encoding="utf-8")
    for number in range(PAGES):
        name = f"Procedure {number:02d}"
        text = seed.replace("Vertebroplasty", name).replace("Slug: vertebroplasty", f"Slug: procedure-{number:02d}")
        (content / "procedures" / f"procedure-{number:02d}.md").write_text(text, encoding="utf-8")
    return content


def one_process_build(output, content, settings, env):
    """The reference: ``--no-cache``, so every page is read and rendered in
    the build's own process."""
    arguments = ["--no-cache", "--settings", settings, "--output", str(output), "--content", str(content),
                 "--setting", "ALLOW_TEST_FIXTURES=true"]
    return forked_command("sitebuild.__main__", arguments, env=env)


def parallel_build(output, content, settings, env, cache):
    return build(output, content=content, settings=settings, overrides={**ALLOW_FIXTURES, "BUILD_PROCESSES": 2},
                 env={**env, "SITEBUILD_CACHE": str(cache)})


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_parallel_cold_build_writes_and_says_what_a_one_process_build_does(tmp_path, catalog, flavour):
    settings, env = FLAVOURS[flavour]
    parallel = parallel_build(tmp_path / "parallel", catalog, settings, env, tmp_path / "cache")
    single = one_process_build(tmp_path / "single", catalog, settings, env)
    assert parallel.returncode == single.returncode == 0, parallel.stderr + single.stderr
    assert_same_files(tmp_path / "parallel", tmp_path / "single")
    assert len(site_files(tmp_path / "parallel")) > PAGES
    said = [line for line in parallel.stderr.splitlines() if line.startswith(("warning:", "note:"))]
    # the plain-language notices found by the workers, added up in one line
    assert [line for line in said if line.startswith("note:")] == [next(line for line in said if "harder to read" in line)]
    assert said == [line for line in single.stderr.splitlines() if line.startswith(("warning:", "note:"))]


PROBLEMS = {
    "a plugin's check": ("## Make an Appointment", "## Make a Booking"),
    "Pelican's warning while reading": ("Slug: procedure-03\n", "Slug: procedure-03\nSlug: procedure-03-again\n"),
    "a content mistake Pelican raises on": ("Slug: procedure-03\n", "Slug: procedure-03\nDate: not a date\n"),
}


@pytest.mark.parametrize("problem", PROBLEMS)
def test_a_page_with_a_problem_is_reported_as_in_a_one_process_build(tmp_path, catalog, problem):
    page = catalog / "procedures" / "procedure-03.md"
    old, new = PROBLEMS[problem]
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert_said_as_in_one_process(tmp_path, catalog)
    assert not (tmp_path / "parallel").exists()


def assert_said_as_in_one_process(tmp_path, catalog):
    """A parallel build of ``catalog`` into tmp_path/parallel, whose page
    procedure-03.md has a problem, fails and says exactly what a
    one-process build says (paths aside)."""
    parallel = parallel_build(tmp_path / "parallel", catalog, "pelicanconf.py", {}, tmp_path / "cache")
    single = one_process_build(tmp_path / "single", catalog, "pelicanconf.py", {})
    assert parallel.returncode == single.returncode == 1, parallel.stderr
    assert "procedure-03.md" in parallel.stderr and "Traceback" not in parallel.stderr
    said = parallel.stderr.replace(str(tmp_path / "parallel"), "OUTPUT")
    assert said == single.stderr.replace(str(tmp_path / "single"), "OUTPUT")


@pytest.mark.parametrize("problem", PROBLEMS)
def test_an_edit_that_adds_a_problem_is_reported_as_in_a_one_process_build(tmp_path, catalog, problem):
    """After a cold build, the edited page goes to a ready worker, which
    keeps no page read with trouble: the build reads it itself, says what a
    one-process build says, and leaves the last site as it was."""
    cold = parallel_build(tmp_path / "parallel", catalog, "pelicanconf.py", {}, tmp_path / "cache")
    assert cold.returncode == 0, cold.stderr
    before = site_files(tmp_path / "parallel")
    page = catalog / "procedures" / "procedure-03.md"
    old, new = PROBLEMS[problem]
    page.write_text(page.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    assert_said_as_in_one_process(tmp_path, catalog)
    assert site_files(tmp_path / "parallel") == before


def in_process_build(output, content, *options):
    """The build command, run in this process (call it within in_a_fork)."""
    from sitebuild.__main__ import main

    return main(["--settings", "pelicanconf.py", "--output", str(output), "--content", str(content),
                 "--setting", "ALLOW_TEST_FIXTURES=true", "--setting", "BUILD_PROCESSES=2", *options])


def after_each_page(receive):
    """``receive(page)`` once the page pipeline has made a page's facts, in
    whichever process made them (call within in_a_fork: the pool's workers
    are forked from the build's process, and inherit this)."""
    from procedure_site.page_cache import cache

    made = cache.made

    def noted(content, facts):
        receive(content)
        made(content, facts)

    cache.made = noted


class Events:
    """What happened in which process, noted by receivers connected in the
    forked test process (so in the build's process, and in the pool's
    workers, which are forked from it): one short line each, appended."""

    def __init__(self, path):
        self.path = path

    def note(self, kind, detail=""):
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {kind} {detail}\n")

    def read(self):
        if not self.path.exists():
            return []
        return [line.split(" ", 2) for line in self.path.read_text(encoding="utf-8").splitlines()]


def note_whole_folder_reads(events):
    """Note each read of the whole content folder: the site key, the
    encoding check and the check that every file is a page or static."""
    from procedure_site.content_files import files
    from procedure_site.page_cache import cache
    from procedure_site.source_encoding import encoding

    for module, name in ((cache, "site_key"), (encoding, "encoding_problems"), (files, "unused_files")):
        def noted(*arguments, _function=getattr(module, name), _name=name):
            events.note("whole-folder", _name)
            return _function(*arguments)

        setattr(module, name, noted)


def watched_build(tmp_path, catalog, output, events, eager=True):
    """A build in a fork of this process, noting each page parsed (by the
    page_model steps), each Pelican made, each file written, and what each
    page held once all were read; the build's process id. ``eager=False``:
    its pool's workers make their Pelican only when given work, as the
    preview's do (and take a second more to read their share)."""
    from pelican import Pelican

    from sitebuild import page_pool

    def parsed(content, **_):
        events.note("parsed", content.source_path)

    def written(path, **_):
        events.note("written", path)

    def read_all(generator):
        for page in generator.pages + generator.translations:
            facts = getattr(page, "facts", None)
            held = [name for name in ("procedure", "reading") if facts and getattr(facts, name) is not None]
            events.note("holds-" + ("+".join(held) or "neither"), page.source_path)

    def build_here():
        after_each_page(parsed)
        note_whole_folder_reads(events)
        signals.content_written.connect(written)
        signals.page_generator_finalized.connect(read_all)
        made = Pelican.__init__

        def noted(self, settings, *arguments, **keywords):
            events.note("pelican-made", settings["OUTPUT_PATH"])
            made(self, settings, *arguments, **keywords)

        Pelican.__init__ = noted
        if not eager:
            from procedure_site.page_cache import read_ahead

            started, read_share = page_pool.started, read_ahead.read_share
            page_pool.started = lambda settings, eager=False: started(settings, eager=False)

            def slowly(generator, work):  # a worker slower than the build, so nothing depends on a race
                time.sleep(1)
                return read_share(generator, work)

            slowly.__module__, slowly.__qualname__ = read_ahead.__name__, "read_share"
            read_ahead.read_share = slowly
        return in_process_build(output, catalog), os.getpid()

    status, build_process = in_a_fork(build_here)
    assert status == 0
    return str(build_process)


def test_every_page_of_a_cold_build_is_read_in_the_pool_and_written_by_the_build(tmp_path, catalog, monkeypatch):
    """In a cold build, each page is parsed once, in a worker of the pool
    (its facts are made there, never in the build's process); each
    worker made a Pelican of its own; the build's process writes every page,
    and, while the site is put together, holds no page's sections or
    reading levels (most of a page's memory: read back for its render)."""
    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))
    events = Events(tmp_path / "events.log")
    here = watched_build(tmp_path, catalog, tmp_path / "output", events)
    seen = events.read()
    pages = sorted(str(p) for p in catalog.rglob("*.md"))
    parsed = [(pid, path) for pid, kind, path in seen if kind == "parsed"]
    assert sorted(path for _, path in parsed) == pages  # each page parsed once ...
    workers = {pid for pid, _ in parsed}
    assert here not in workers  # ... never in the build's process
    made = {pid: output for pid, kind, output in seen if kind == "pelican-made"}
    assert sorted(made) == sorted([here, *workers])  # one Pelican each, none copied
    assert made[here].startswith(str(tmp_path))
    # A worker's Pelican writes nowhere the build looks (a part tidying the
    # output as a build starts removed the _headers the build had just made).
    assert not [output for pid, output in made.items() if pid != here and output.startswith(str(tmp_path))]
    held = [kind for pid, kind, _ in seen if kind.startswith("holds-")]
    assert held == ["holds-neither"] * len(pages)
    # The content folder is read whole by the build's process alone, once
    # for each purpose: a worker is handed the site key with its share, and
    # what the folder checks find is the build's to say.
    folder_reads = [(pid, name) for pid, kind, name in seen if kind == "whole-folder"]
    assert sorted(folder_reads) == sorted((here, name) for name in ("site_key", "encoding_problems", "unused_files"))
    written = [path for pid, kind, path in seen if kind == "written"]
    assert {pid for pid, kind, _ in seen if kind == "written"} == {here}
    for number in range(PAGES):
        page = os.path.join("procedures", f"procedure-{number:02d}", "index.html")
        assert [path for path in written if path.endswith(os.sep + page)], page
    single = one_process_build(tmp_path / "single", catalog, "pelicanconf.py", {})
    assert_same_files(tmp_path / "output", tmp_path / "single")


def test_after_an_edit_a_ready_worker_reads_that_page_and_the_next_build_reads_nothing(
        tmp_path, catalog, monkeypatch):
    """The command-line build's workers make their Pelican as the build
    starts: the edited page is parsed once, by a worker, while the build
    restores the others, and the build restores it too (read_ahead.py); the
    next build parses nothing."""
    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))
    watched_build(tmp_path, catalog, tmp_path / "cold", Events(tmp_path / "cold.log"))
    edit_text(catalog / "procedures" / "procedure-04.md", "Most patients go home the same day.")
    events = Events(tmp_path / "edit.log")
    here = watched_build(tmp_path, catalog, tmp_path / "edit", events)
    parsed = [(pid, path) for pid, kind, path in events.read() if kind == "parsed"]
    edited = str(catalog / "procedures" / "procedure-04.md")
    assert [path for _, path in parsed] == [edited]  # once ...
    assert parsed[0][0] != here  # ... by a worker, never by the build's process
    made = {pid for pid, kind, _ in events.read() if kind == "pelican-made"}
    assert len(made) == 3  # the build's Pelican and each worker's, made as it started
    events = Events(tmp_path / "again.log")
    watched_build(tmp_path, catalog, tmp_path / "again", events)
    assert [kind for _, kind, _ in events.read() if kind == "parsed"] == []
    single = one_process_build(tmp_path / "single", catalog, "pelicanconf.py", {})
    assert_same_files(tmp_path / "edit", tmp_path / "single")
    assert_same_files(tmp_path / "again", tmp_path / "single")


def test_without_ready_workers_the_build_reads_an_edited_page_itself(tmp_path, catalog, monkeypatch):
    """Workers that make their Pelican only when given work (the
    preview's) are not waited for: the build reads the edited page itself,
    and the pool reads it too and keeps it for the next build."""
    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))
    watched_build(tmp_path, catalog, tmp_path / "cold", Events(tmp_path / "cold.log"), eager=False)
    edit_text(catalog / "procedures" / "procedure-04.md", "Most patients go home the same day.")
    events = Events(tmp_path / "edit.log")
    here = watched_build(tmp_path, catalog, tmp_path / "edit", events, eager=False)
    parsed = [(pid, path) for pid, kind, path in events.read() if kind == "parsed"]
    edited = str(catalog / "procedures" / "procedure-04.md")
    assert {path for _, path in parsed} == {edited}
    assert here in {pid for pid, _ in parsed}  # the build read it itself, not waiting for the pool ...
    assert len(parsed) == 2 and len({pid for pid, _ in parsed}) == 2  # ... which read it too
    events = Events(tmp_path / "again.log")
    watched_build(tmp_path, catalog, tmp_path / "again", events, eager=False)
    assert [kind for _, kind, _ in events.read() if kind == "parsed"] == []
    single = one_process_build(tmp_path / "single", catalog, "pelicanconf.py", {})
    assert_same_files(tmp_path / "edit", tmp_path / "single")


def test_pages_whose_render_is_not_kept_are_rendered_from_their_facts(tmp_path, catalog, monkeypatch):
    """Every page restored from its facts, none with a kept render: each is
    rendered with its sections read back from its facts, as in one process."""
    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))
    assert in_a_fork(lambda: in_process_build(tmp_path / "first", catalog)) == 0
    renders = list((tmp_path / "cache").glob("*/*/pages/*.html"))
    assert len(renders) == len(list(catalog.rglob("*.md")))
    for render in renders:
        render.unlink()
    assert in_a_fork(lambda: in_process_build(tmp_path / "again", catalog)) == 0
    single = one_process_build(tmp_path / "single", catalog, "pelicanconf.py", {})
    assert single.returncode == 0, single.stderr
    assert_same_files(tmp_path / "again", tmp_path / "single")


def test_a_worker_that_dies_leaves_the_work_to_the_build_itself(tmp_path, catalog, monkeypatch):
    """A worker killed while reading (out of memory, say) must not hang the
    build or change what it writes."""
    from procedure_site.page_cache import read_ahead

    def build_here():
        def dies(generator, paths):
            os._exit(1)

        # The pool's worker imports read_share by its name, from the module
        # it inherited from this process.
        dies.__module__, dies.__qualname__ = read_ahead.__name__, "read_share"
        read_ahead.read_share = dies
        return in_process_build(tmp_path / "parallel", catalog)

    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))
    assert in_a_fork(build_here, timeout=120) == 0
    single = one_process_build(tmp_path / "single", catalog, "pelicanconf.py", {})
    assert single.returncode == 0, single.stderr
    assert_same_files(tmp_path / "parallel", tmp_path / "single")


def test_drafts_are_not_read_ahead_again_by_the_next_build(tmp_path, catalog, monkeypatch):
    from sitebuild import page_pool

    for number in range(4):
        page = catalog / "procedures" / f"procedure-{number:02d}.md"
        page.write_text(page.read_text(encoding="utf-8").replace("Slug: ", "Status: draft\nSlug: ", 1), "utf-8")
    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))

    def reads_ahead(output):
        def build_here():
            given = []
            run = page_pool.run

            def counting(function, shares):
                given.append(sorted(path for _site, paths in shares for path in paths))
                return run(function, shares)

            page_pool.run = counting
            assert in_process_build(output, catalog) == 0
            return given

        return in_a_fork(build_here)

    first = reads_ahead(tmp_path / "first")
    assert len(first) == 1 and "procedures/procedure-00.md" in first[0]
    assert reads_ahead(tmp_path / "second") == [[]]


def test_a_wrong_build_processes_setting_is_a_problem_named_in_the_settings(tmp_path, catalog):
    result = build(tmp_path / "output", content=catalog, overrides={**ALLOW_FIXTURES, "BUILD_PROCESSES": "two"},
                   env={"SITEBUILD_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 1
    assert "pelicanconf.py: BUILD_PROCESSES is 'two'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_python_warning_in_a_worker_is_shown_once_by_the_build_itself(tmp_path, catalog, monkeypatch):
    """A library's ``warnings.warn`` while a worker reads a page makes that
    page trouble: the worker shows nothing and keeps nothing for it, and the
    build's own process reads the page again and shows the warning, as a
    one-process build would."""
    import warnings

    log = tmp_path / "shown.log"

    def warns(content, **_):
        if content.source_path.endswith("procedure-03.md"):
            warnings.warn("a library's warning", UserWarning, stacklevel=1)

    def shown(message, *_arguments, **_keywords):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {message}\n")

    def build_here():
        after_each_page(warns)
        warnings.showwarning = shown
        return in_process_build(tmp_path / "parallel", catalog), os.getpid()

    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))
    status, build_process = in_a_fork(build_here)
    assert status == 0
    assert log.read_text(encoding="utf-8").splitlines() == [f"{build_process} a library's warning"]
    single = one_process_build(tmp_path / "single", catalog, "pelicanconf.py", {})
    assert single.returncode == 0, single.stderr
    assert_same_files(tmp_path / "parallel", tmp_path / "single")


@pytest.mark.parametrize("when", ["read", "render"])
def test_a_page_that_showed_a_python_warning_is_not_kept_so_the_next_build_shows_it_again(
        tmp_path, catalog, monkeypatch, when):
    """A page read or rendered while Python showed a warning is not kept in
    the cache, so a warm build reads or renders it again and shows the
    warning again, as a build without the cache does."""
    import warnings

    from pelican.writers import Writer

    from sitebuild.__main__ import main

    log = tmp_path / "shown.log"

    def warn():
        warnings.warn(f"a library's warning while the page is {when}", UserWarning, stacklevel=1)

    def warns_reading(content, **_):
        if content.source_path.endswith("procedure-03.md"):
            warn()

    write_file = Writer.write_file

    def warns_rendering(self, name, *arguments, **keywords):
        if name and "procedure-03" in name:
            warn()
        return write_file(self, name, *arguments, **keywords)

    def shown(message, *_arguments, **_keywords):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{message}\n")

    def build_here(output):
        def run():
            if when == "read":
                from procedure_site.page_model import pipeline

                checks = pipeline.check

                def checked(content, model):
                    warns_reading(content)
                    return checks(content, model)

                pipeline.check = checked
            else:
                Writer.write_file = warns_rendering
            warnings.showwarning = shown
            return main(["--settings", "pelicanconf.py", "--output", str(output), "--content", str(catalog),
                         "--setting", "ALLOW_TEST_FIXTURES=true", "--setting", "BUILD_PROCESSES=1"])
        return run

    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))
    assert in_a_fork(build_here(tmp_path / "cold")) == 0
    assert log.read_text(encoding="utf-8").splitlines() == [f"a library's warning while the page is {when}"]
    assert in_a_fork(build_here(tmp_path / "warm")) == 0  # a new process: the warning may show again
    assert log.read_text(encoding="utf-8").splitlines() == [f"a library's warning while the page is {when}"] * 2
    assert_same_files(tmp_path / "warm", tmp_path / "cold")
