"""A build with pages missing from its cache reads and renders them in other
processes first (plugins/procedure_site/page_cache/prefill.py), and then writes exactly what
a build in one process writes, saying the same warnings and problems."""

import os
import shutil
import subprocess
import sys

import blinker
import pytest
from pelican import signals

from conftest import ALLOW_FIXTURES, ROOT, build, in_a_fork, with_translations
from test_build_cache import assert_same_files, site_files

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
    command = [sys.executable, "-m", "sitebuild", "--no-cache", "--settings", settings, "--output", str(output),
               "--content", str(content), "--setting", "ALLOW_TEST_FIXTURES=true"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **env})


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
    warnings = [line for line in parallel.stderr.splitlines() if line.startswith("warning:")]
    assert any("reading grade" in line for line in warnings)  # the notices made in the copies
    assert warnings == [line for line in single.stderr.splitlines() if line.startswith("warning:")]


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
    parallel = parallel_build(tmp_path / "parallel", catalog, "pelicanconf.py", {}, tmp_path / "cache")
    single = one_process_build(tmp_path / "single", catalog, "pelicanconf.py", {})
    assert parallel.returncode == single.returncode == 1, parallel.stderr
    assert "procedure-03.md" in parallel.stderr and "Traceback" not in parallel.stderr
    said = parallel.stderr.replace(str(tmp_path / "parallel"), "OUTPUT")
    assert said == single.stderr.replace(str(tmp_path / "single"), "OUTPUT")
    assert not (tmp_path / "parallel").exists()


def test_every_page_is_read_and_rendered_once_in_another_process(tmp_path, catalog, monkeypatch):
    """The build runs in a copy of this test's process (in_a_fork), where
    receivers note each event and the process it happened in. In the build's
    own process: each page is parsed in a copy (page_model.built
    is sent there, never here) and rendered in a copy, then written here from
    what the copy kept; the pages held here while the site is put together do
    not hold their procedure's sections or reading levels (most of a page's
    memory)."""
    from sitebuild.__main__ import main

    log = tmp_path / "events.log"

    def note(kind, path=""):
        with open(log, "a", encoding="utf-8") as handle:  # one short line: appends do not interleave
            handle.write(f"{os.getpid()} {kind} {path}\n")

    def built(content, **_):
        note("parsed", content.source_path)

    def written(path, **_):
        note("written", path)

    def read_all(generator):
        for page in generator.pages + generator.translations:
            held = [name for name in ("procedure", "reading") if hasattr(page, name)]
            note("holds-" + ("+".join(held) or "neither"), page.source_path)

    def build_here():
        blinker.signal("page_model.built").connect(built)
        signals.content_written.connect(written)
        signals.page_generator_finalized.connect(read_all)
        status = main(["--settings", "pelicanconf.py", "--output", str(tmp_path / "output"), "--content",
                       str(catalog), "--setting", "ALLOW_TEST_FIXTURES=true", "--setting", "BUILD_PROCESSES=2"])
        return status, os.getpid()

    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))
    status, build_process = in_a_fork(build_here)
    assert status == 0
    events = [line.split(" ", 2) for line in log.read_text(encoding="utf-8").splitlines()]
    here = str(build_process)
    pages = sorted(str(p) for p in catalog.rglob("*.md"))
    parsed = sorted(path for pid, kind, path in events if kind == "parsed")
    assert parsed == pages  # each page parsed once ...
    assert {pid for pid, kind, _ in events if kind == "parsed"} - {here} and not [
        e for e in events if e[0] == here and e[1] == "parsed"]  # ... and never here
    held = [kind for pid, kind, _ in events if kind.startswith("holds-")]
    assert held == ["holds-neither"] * len(pages)
    rendered_elsewhere = [path for pid, kind, path in events if kind == "written" and pid != here]
    assert len(rendered_elsewhere) == len(pages)
    assert all(f"{os.sep}scratch{os.sep}" in path for path in rendered_elsewhere)  # not the build's output
    written_here = [path for pid, kind, path in events if kind == "written" and pid == here]
    for number in range(PAGES):
        page = os.path.join("procedures", f"procedure-{number:02d}", "index.html")
        assert [path for path in written_here if path.endswith(os.sep + page)], page
    assert (tmp_path / "output" / "procedures" / "procedure-00" / "index.html").is_file()


def in_process_build(output, content, *options):
    """The build command, run in this process (call it within in_a_fork)."""
    from sitebuild.__main__ import main

    return main(["--settings", "pelicanconf.py", "--output", str(output), "--content", str(content),
                 "--setting", "ALLOW_TEST_FIXTURES=true", "--setting", "BUILD_PROCESSES=2", *options])


def test_pages_read_ahead_but_rendered_here_are_written_as_in_one_process(tmp_path, catalog, monkeypatch):
    """When no page is rendered ahead, each page restored from what a copy
    read is rendered here, its procedure read back for the render."""
    import procedure_site.page_cache.prefill
    from procedure_site import page_cache

    def build_here():
        page_cache.prefill.render_ahead = lambda *arguments: []
        return in_process_build(tmp_path / "parallel", catalog)

    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))
    assert in_a_fork(build_here) == 0
    assert list((tmp_path / "cache").glob("*/*/pages/*.learned"))  # the pages were read ahead
    single = one_process_build(tmp_path / "single", catalog, "pelicanconf.py", {})
    assert single.returncode == 0, single.stderr
    assert_same_files(tmp_path / "parallel", tmp_path / "single")


def test_a_copy_that_dies_leaves_the_work_to_the_build_itself(tmp_path, catalog, monkeypatch):
    """A copy killed while reading (out of memory, say) must not hang the build
    or change what it writes."""
    import procedure_site.page_cache.prefill
    from procedure_site import page_cache

    def dies(paths):
        os._exit(1)

    dies.__qualname__, dies.__module__ = "_read_share", page_cache.prefill.__name__

    def build_here():
        page_cache.prefill._read_share = dies
        return in_process_build(tmp_path / "parallel", catalog)

    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))
    assert in_a_fork(build_here, timeout=120) == 0
    single = one_process_build(tmp_path / "single", catalog, "pelicanconf.py", {})
    assert single.returncode == 0, single.stderr
    assert_same_files(tmp_path / "parallel", tmp_path / "single")


def test_drafts_are_not_read_ahead_again_by_the_next_build(tmp_path, catalog, monkeypatch):
    import procedure_site.page_cache.prefill
    from procedure_site import page_cache

    for number in range(4):
        page = catalog / "procedures" / f"procedure-{number:02d}.md"
        page.write_text(page.read_text(encoding="utf-8").replace("Slug: ", "Status: draft\nSlug: ", 1), "utf-8")
    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))

    def reads_ahead(output):
        def build_here():
            counted = []
            read_ahead = page_cache.prefill.read_ahead

            def counting(generator, missing):
                counted.append(sorted(missing))
                return read_ahead(generator, missing)

            page_cache.prefill.read_ahead = counting
            assert in_process_build(output, catalog) == 0
            return counted

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


def test_a_python_warning_in_a_copy_is_shown_once_by_the_build_itself(tmp_path, catalog, monkeypatch):
    """A library's ``warnings.warn`` while a copy reads a page makes that page
    trouble: the copy prints nothing, and the build's own process reads the
    page again and shows the warning, as a one-process build would."""
    import warnings

    log = tmp_path / "shown.log"

    def warns(content, **_):
        if content.source_path.endswith("procedure-03.md"):
            warnings.warn("a library's warning", UserWarning, stacklevel=1)

    def shown(message, *_arguments, **_keywords):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {message}\n")

    def build_here():
        blinker.signal("page_model.built").connect(warns)
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
    """In the build's own process (one process, so nothing is read ahead): a
    page read or rendered while Python showed a warning is not kept in the
    cache, so a warm build reads or renders it again and shows the warning
    again, as a build without the cache does."""
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
