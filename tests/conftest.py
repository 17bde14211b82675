"""Shared fixtures: the site is built once per run, from the real settings,
into a temporary directory, and every test reads that real output."""

import json
import os
import pickle
import re
import shutil
import signal
import stat
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))  # so tests can use a plugin's formatting, not copy it
# The hospital's approved wording, kept in the repository so the project stands
# on its own: tests compare the built pages with these files.
APPROVED_DIR = ROOT / "tests" / "approved"


def build(output, content=None, settings="pelicanconf.py", overrides=None, env=None, timeout=300, new_process=None):
    """Run the real build command; returns the CompletedProcess.

    ``overrides`` maps setting names to values, passed as ``--setting``.
    ``timeout``: seconds before the build is stopped and the test fails.

    The command runs in a forked copy of this process (``forked_command``),
    which has Python and the build's code and libraries loaded already
    (build_code_loaded): a hundred builds in the suite each save most of a
    second of start-up. ``new_process`` True runs it as a new process, which
    imports the plugins from the settings' own folder: the default for a
    settings file outside the repository (a test's copy of the project),
    and a must when the copy's plugin code was changed. A copy whose plugins
    are the repository's may be built in a fork (``new_process=False``)."""
    arguments = ["--settings", str(settings), "--output", str(output)]
    if content is not None:
        arguments += ["--content", str(content)]
    for name, value in (overrides or {}).items():
        arguments += ["--setting", f"{name}={json.dumps(value)}"]
    if new_process is None:
        new_process = (ROOT / settings).resolve().parent != ROOT
    if new_process:
        return subprocess.run([sys.executable, "-m", "sitebuild", *arguments], cwd=ROOT, capture_output=True,
                              text=True, timeout=timeout, env=env and {**os.environ, **env})  # fmt: skip
    return forked_command("sitebuild.__main__", arguments, env=env, timeout=timeout)


# Python's warning filters as a new process has them: pytest changes them for
# each test, and a forked command must show the warnings a process would.
_PROCESS_WARNING_FILTERS = list(__import__("warnings").filters)


def forked_command(module: str, arguments: list, env=None, timeout=300, environ=None) -> subprocess.CompletedProcess:
    """``python -m module arguments`` as a CompletedProcess, run by calling the
    module's ``main(arguments)`` in a forked copy of this process, its
    standard output and error its own (pytest's capture, logging handlers
    and warning hooks left behind), in the repository, with ``env`` added
    to the environment (or ``environ`` as the whole of it)."""
    import io
    import logging
    import tempfile
    import warnings

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = os.fork()
        if child == 0:  # the copy: never returns into pytest
            status = 1
            try:
                signal.alarm(timeout)
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", line_buffering=True)
                sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", line_buffering=True)
                root = logging.getLogger()
                for handler in list(root.handlers):
                    root.removeHandler(handler)
                root.setLevel(logging.WARNING)
                warnings.filters[:] = _PROCESS_WARNING_FILTERS
                warnings.showwarning = warnings._showwarning_orig
                os.chdir(ROOT)
                if environ is not None:
                    os.environ.clear()
                os.environ.update({**(environ or {}), **(env or {})})
                try:
                    status = __import__("importlib").import_module(module).main(arguments)
                except SystemExit as stop:
                    status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
                except BaseException:  # noqa: BLE001 (as Python would: the traceback, exit status 1)
                    traceback.print_exc()
                    status = 1
            finally:
                for stream in (sys.stdout, sys.stderr):
                    try:
                        stream.flush()
                    except Exception:  # noqa: BLE001
                        pass
                os._exit(status if isinstance(status, int) else 1)
        _, wait_status = os.waitpid(child, 0)
        out.seek(0)
        err.seek(0)
        code = os.waitstatus_to_exitcode(wait_status)
        return subprocess.CompletedProcess([sys.executable, "-m", module, *arguments], code,
                                           out.read().decode("utf-8"), err.read().decode("utf-8"))  # fmt: skip


def in_a_fork(function, timeout=300):
    """``function()`` run in a forked copy of this test process; what it
    returns (pickled back), or the failure it raised, as an AssertionError.

    For tests that build in-process (to count or watch what the build does
    from the inside): Pelican connects every plugin to its signals for the
    life of the process, so a build here would change the tests that run
    after it in this process. The copy is stopped after ``timeout`` seconds
    (SIGALRM), so a build that hangs fails the test instead of the run."""
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the copy: never returns into pytest, whatever happens
        try:
            os.close(read)
            signal.alarm(timeout)
            try:
                result = ("returned", function())
            except BaseException:  # noqa: BLE001 (every failure goes back to the test)
                result = ("raised", traceback.format_exc())
            with os.fdopen(write, "wb") as out:
                pickle.dump(result, out)
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as handle:
        data = handle.read()
    _, status = os.waitpid(child, 0)
    assert data, f"the forked copy ended without an answer (wait status {status})"
    kind, value = pickle.loads(data)
    if kind == "raised":
        raise AssertionError("in the forked copy:\n" + value)
    return value


def stand_in_output(tmp_path):
    """A one-file stand-in for an earlier build, to prove a failed build leaves it alone."""
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the site as it was", encoding="utf-8")
    return output


def assert_refused(result, output, problems):
    """The build exited 1 with exactly ``problems`` (each found in its output),
    no traceback, and the stand-in output as it was."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text(encoding="utf-8") == "the site as it was"
    assert f"failed with {len(problems)} problem(s)" in result.stderr, result.stderr
    for problem in problems:
        assert problem in result.stderr, f"{problem!r} not in:\n{result.stderr}"


def soup_of(path):
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "lxml")


def source_metadata(path):
    """The metadata lines at the top of a Markdown page, keys lower-cased."""
    metadata = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        metadata[key.strip().lower()] = value.strip()
    return metadata


@pytest.fixture(scope="session")
def settings():
    return read_settings(str(ROOT / "pelicanconf.py"))


# --- The shared catalog: built once per run ---------------------------------------
# tests/catalog.py makes the catalog; each flavour is built once for the whole
# run, whatever the number of pytest-xdist workers: the first worker to ask
# builds it in the run's own temporary folder (the parent of each worker's),
# under a lock, and every other worker reads what it wrote. No test writes
# into these folders: a test that changes content makes its own copy.


def run_folder(tmp_path_factory):
    """A folder of this run that every xdist worker sees (each worker's
    basetemp is a folder inside the run's)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(tmp_path_factory, name, make):
    """What ``make(folder)`` returns, ``folder`` being ``run_folder()/made-once/name``:
    made in the first worker that asks, the others wait for it, then get the
    same value (pickled beside the folder: paths, a CompletedProcess...).

    For what a module's tests only read (a build, a report): a module's
    tests are spread over the workers, so a module-scoped fixture would
    otherwise be made once in each."""
    import fcntl

    root = run_folder(tmp_path_factory) / "made-once"
    root.mkdir(exist_ok=True)
    folder, done = root / name, root / f"{name}.pickle"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, whatever happens
        if not done.exists():
            if folder.exists():  # a worker that failed half-way
                shutil.rmtree(folder)
            folder.mkdir()
            done.write_bytes(pickle.dumps(make(folder)))
    return pickle.loads(done.read_bytes())


@pytest.fixture(scope="session")
def catalog(tmp_path_factory):
    """The catalog's content folder (tests/catalog.py). Read-only."""
    from catalog import make_catalog

    return made_once(tmp_path_factory, "catalog", lambda folder: make_catalog(folder / "content"))


def built_flavour(tmp_path_factory, name, command):
    """``command(output)``'s output folder, made once for the run (made_once)."""

    def make(folder):
        result = command(folder / "output")
        assert result.returncode == 0, result.stderr
        return folder / "output"

    return made_once(tmp_path_factory, name, make)


@pytest.fixture(scope="session")
def site(tmp_path_factory, catalog):
    """The local build (make html) of the catalog. Read-only."""
    return built_flavour(tmp_path_factory, "html", lambda output: build(output, content=catalog, overrides=ALLOW_FIXTURES))


@pytest.fixture(scope="session")
def published_site(tmp_path_factory, catalog):
    """The production build (make publish SITEURL=PUBLIC_SITE_URL) of the catalog. Read-only."""
    return built_flavour(
        tmp_path_factory, "publish", lambda output: publish_build(output, content=catalog, overrides=ALLOW_FIXTURES)
    )


# The kiosk's public address, and a short idle time for the tests that wait for it.
KIOSK_SITEURL = "https://procedures.hospital.test"
KIOSK_IDLE_SECONDS = 3


def kiosk_build(output, content=None, overrides=None, env=None):
    """``build`` with kioskconf.py, the public address and the short idle time."""
    kiosk = {"KIOSK_IDLE_SECONDS": KIOSK_IDLE_SECONDS, "PUBLIC_SITEURL": KIOSK_SITEURL, **(overrides or {})}
    return build(output, content=content, settings="kioskconf.py", overrides=kiosk, env=env)


@pytest.fixture(scope="session")
def kiosk_site(tmp_path_factory, catalog):
    """The kiosk build (make kiosk) of the catalog. Read-only."""
    return built_flavour(
        tmp_path_factory, "kiosk", lambda output: kiosk_build(output, content=catalog, overrides=ALLOW_FIXTURES)
    )


def real_pages(site, pages):
    """The ``pages`` (paths in ``site``) that are not the catalog's generated
    look-alikes: every page of content/ and of its translation, and every page
    that is not a procedure (A–Z lists, search pages, 404s). The browser
    gates visit these: every kind of page, the ones the hospital wrote."""
    from catalog import GENERATED, SHARED_CODE

    def generated(page):  # a URL path ("/es/procedures/x/") or a file of the site
        parts = page.strip("/").split("/") if isinstance(page, str) else Path(page).relative_to(site).parts
        if parts[0] == "connect":
            # A code's page: one of them, the list of the shared code's pages;
            # the others send the browser on at once to a page visited anyway.
            return tuple(parts[1:3]) != SHARED_CODE
        return "procedures" in parts[:-1] and parts[parts.index("procedures") + 1] in GENERATED

    return [page for page in pages if not generated(page)]


def procedure_sources():
    """Every page Pelican's Markdown reader will read from the procedures folder."""
    from pelican.readers import MarkdownReader

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    folder = ROOT / settings["PATH"] / settings["PROCEDURES_DIR"]
    return sorted(p for ext in MarkdownReader.file_extensions for p in folder.rglob(f"*.{ext}"))


def page_path(site, settings, source):
    slug = source_metadata(source).get("slug") or source.stem
    return site / settings["PAGE_SAVE_AS"].format(slug=slug)


def visible_text(element):
    return re.sub(r"\s+", " ", element.get_text(" ")).strip()


def edit_page(content, edit, page="procedures/vertebroplasty.md"):
    """Rewrite one page of a content copy with ``edit(text) -> text``."""
    path = Path(content) / page
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")


LINKED_FOR_THE_TEST = "Linked for the test: "


def link_files(content, *relatives, page="procedures/vertebroplasty.md"):
    """Make ``page`` link each of ``relatives`` (paths in the content folder)
    with {static}, in place of what an earlier call made it link: a file in
    content/images/ that no page links to fails the build (content_files)."""
    def linked(text):
        kept = [line for line in text.rstrip("\n").split("\n\n") if not line.startswith(f"[{LINKED_FOR_THE_TEST}")]
        links = [f"[{LINKED_FOR_THE_TEST}{relative}]({{static}}/{relative})" for relative in relatives]
        return "\n\n".join(kept + links) + "\n"

    edit_page(content, linked, page)


@pytest.fixture
def content_copy(tmp_path):
    """A private copy of content/ that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")


# --- Hermetic runs ---------------------------------------------------------------
# A test run leaves the repository as it found it. Builds keep a cache
# (sitebuild/build_cache.py): left to itself, one beside the settings file, in
# the repository's .cache/, where it would make a run's cold or warm path
# depend on the runs before it. Every build a test runs, in a subprocess, in a
# fork or through make, reads $SITEBUILD_CACHE, so one variable set for the
# whole run keeps them all out. A test that needs a cold cache, or to look
# inside one, sets its own under its tmp_path.


@pytest.fixture(scope="session", autouse=True)
def build_cache_of_this_run(tmp_path_factory):
    """One build cache for the run, under pytest's temporary folder (one per
    xdist worker, as each has a folder of its own): builds of the same catalog
    share what does not depend on where the content is (minified pages,
    compressed siblings), as they did in .cache/, but nothing outlives the run."""
    folder = tmp_path_factory.mktemp("build-cache")
    saved = os.environ.get("SITEBUILD_CACHE")
    os.environ["SITEBUILD_CACHE"] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop("SITEBUILD_CACHE", None)
    else:
        os.environ["SITEBUILD_CACHE"] = saved


@pytest.fixture(scope="session", autouse=True)
def build_code_loaded():
    """The build's code and libraries imported once in each test process,
    before any test: the builds the tests run are forks of this process
    (forked_command), and a fork that finds them loaded starts at once
    instead of importing them again (about 0.5 s of a small build's 0.6 s
    when warm: a hundred builds in a run). Importing runs no plugin's
    register(); Pelican's signals are untouched."""
    import importlib
    import pkgutil

    import procedure_site
    import textstat  # noqa: F401 (imported by the reading level only when a page is measured)

    import sitebuild.__main__  # noqa: F401
    import sitebuild.deploy.__main__  # noqa: F401 (boto3: thirty deploys in a run)

    for module in pkgutil.walk_packages(procedure_site.__path__, "procedure_site."):
        if not module.name.rpartition(".")[2].startswith("test_"):
            importlib.import_module(module.name)
    # The theme's ids, kept by the templates' text (content_safety/safety.py):
    # parsed here once, not in each build's first page check.
    from procedure_site.content_safety.safety import ids_of_theme

    ids_of_theme(read_settings(str(ROOT / "pelicanconf.py")))


# Not watched: what `make test` itself sets up (.venv, node_modules), git's own
# folder, and Python's bytecode caches (ignored, and written by any import
# unless PYTHONDONTWRITEBYTECODE is set).
NOT_WATCHED = frozenset({".git", ".venv", "node_modules", "__pycache__"})
# A build moves the output it replaces into .cache/trash/ and removes it in
# the background, so a `make html` just before the run may still be emptying
# it: what goes from there is not the tests' doing.
STILL_BEING_REMOVED = ".cache/trash/"


def repository_state(root=ROOT):
    """{path relative to ``root``: (kind, size, modification time)} of every
    file, link and folder in the repository but NOT_WATCHED, links not
    followed. A walk of stat calls: a few thousand entries, milliseconds."""
    state = {}
    for folder, folders, files in os.walk(root):
        folders[:] = [name for name in folders if name not in NOT_WATCHED]
        for name in folders + files:
            path = os.path.join(folder, name)
            try:
                info = os.lstat(path)
            except FileNotFoundError:  # removed while the walk went by
                continue
            relative = os.path.relpath(path, root).replace(os.sep, "/")
            if stat.S_ISDIR(info.st_mode):
                state[relative + "/"] = ("folder", 0, 0)
            else:
                state[relative] = ("file", info.st_size, info.st_mtime_ns)
    return state


def repository_changes(before, after):
    """The paths added, rewritten or removed between two repository_state()s,
    each with what happened to it, sorted. A folder created or removed
    stands for everything in it."""
    found, whole = [], ()
    for path in sorted(before.keys() | after.keys()):
        if path.startswith(whole):
            continue
        if path not in before:
            found.append(f"{path} (created)")
        elif path not in after:
            if path.startswith(STILL_BEING_REMOVED):
                continue
            found.append(f"{path} (removed)")
        elif before[path] != after[path]:
            found.append(f"{path} (rewritten)")
            continue
        else:
            continue
        if path.endswith("/"):
            whole = (*whole, path)
    return found


_STATE_AT_START = pytest.StashKey[dict]()
_WRITTEN = pytest.StashKey[list]()


def pytest_sessionstart(session):
    # With xdist, the controller watches for its workers: it starts before
    # them and ends after them.
    if not hasattr(session.config, "workerinput"):
        session.config.stash[_STATE_AT_START] = repository_state()


def pytest_sessionfinish(session):
    before = session.config.stash.get(_STATE_AT_START, None)
    if before is None:
        return
    written = repository_changes(before, repository_state())
    if written:
        session.config.stash[_WRITTEN] = written
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, config):
    written = config.stash.get(_WRITTEN, [])
    if written:
        terminalreporter.section("FAILED: the tests changed the repository", red=True, bold=True)
        terminalreporter.write_line(
            f"{len(written)} path(s) in {ROOT} changed during the run; every test must write under its "
            "tmp_path (builds: the run's SITEBUILD_CACHE, see build_cache_of_this_run in tests/conftest.py):",
            red=True,
        )
        for line in written[:40]:
            terminalreporter.write_line(f"    {line}", red=True)
        if len(written) > 40:
            terminalreporter.write_line(f"    ... and {len(written) - 40} more", red=True)


# --- Real browser and server ---------------------------------------------------

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """One system Chromium for the whole run (Playwright cannot download one here)."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is not installed; run 'make test', which installs it.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def keep_within(context, prefix, outside, asked=None):
    """Let a browser context fetch only addresses that start with ``prefix``:
    any other request is aborted and its address added to ``outside``.
    ``asked``, when given, gets the address of every request."""

    def guard(route):
        url = route.request.url
        if asked is not None:
            asked.append(url)
        if url.startswith(prefix):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)


def serve(handler):
    """Serve with ``handler`` over HTTP on 127.0.0.1, on a free port; yields the address."""
    from http.server import ThreadingHTTPServer
    from threading import Thread

    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def serve_directory(directory):
    """Serve the files of ``directory``, as a plain static server would."""
    from functools import partial
    from http.server import SimpleHTTPRequestHandler

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    yield from serve(partial(QuietHandler, directory=str(directory)))


@pytest.fixture(scope="session")
def served_site(site):
    """The built site over HTTP on 127.0.0.1, on a free port."""
    yield from serve_directory(site)


# --- Translations (test fixtures only) ------------------------------------------
# The hospital's approved translations have not arrived; tests use made-up ones
# kept in tests/fixtures/ as <name>.<lang>.md, each marked "Fixture:" in its
# first line. The build refuses them unless told this is a test build.
FIXTURES_DIR = ROOT / "tests" / "fixtures"
ALLOW_FIXTURES = {"ALLOW_TEST_FIXTURES": True}


def with_translations(content):
    """Copy every test translation into a content copy, in its language's folder."""
    for fixture in sorted(FIXTURES_DIR.glob("*.*.md")):
        folder = content / "procedures" / fixture.suffixes[-2].lstrip(".")
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(fixture, folder / fixture.name)
    return content


def built_procedure_pages(site):
    """Every procedure page a build wrote, in every language."""
    return sorted([*site.glob("procedures/*/index.html"), *site.glob("*/procedures/*/index.html")])


def site_pages(site):
    """URL paths of every built HTML page."""
    paths = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        paths.append("/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative))
    return paths


# --- The production build, served on 127.0.0.1 ----------------------------------

# The public address the production build is made for, and the date it is
# made on; the tests serve it from 127.0.0.1 all the same, as the output must
# work on any host name.
PUBLIC_SITE_URL = "https://patient-guides.example.org"
SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01 00:00:00 UTC


def publish_build(output, content=None, site_url=PUBLIC_SITE_URL, overrides=None, source_date_epoch=SOURCE_DATE_EPOCH):
    """``build`` with publishconf.py and the environment `make publish
    SITEURL=...` gives it. ``source_date_epoch=None`` builds without a source
    date (an empty SOURCE_DATE_EPOCH, which the build treats as unset)."""
    env = {"SITEURL": site_url, "SOURCE_DATE_EPOCH": source_date_epoch or ""}
    return build(output, content, settings="publishconf.py", overrides=overrides, env=env)


def production_handler(root):
    """A request handler that serves a production build the way the CDN is
    told to: each file with the Content-Type and Content-Security-Policy of
    deploy-manifest.json, every response with the security headers,
    index.html for a folder, and 404.html for anything missing."""
    from http.server import SimpleHTTPRequestHandler
    from urllib.parse import unquote, urlsplit

    manifest = json.loads((root / "deploy-manifest.json").read_text(encoding="utf-8"))

    class ProductionHandler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args):
            pass

        def guess_type(self, path):
            entry = manifest["files"].get(Path(path).resolve().relative_to(root.resolve()).as_posix())
            return entry["content_type"] if entry else "application/octet-stream"

        def end_headers(self):
            for name, value in manifest["security_headers"].items():
                self.send_header(name, value)
            path = unquote(urlsplit(self.path).path).lstrip("/")
            entry = manifest["files"].get(path + "index.html" if path == "" or path.endswith("/") else path)
            if entry:
                self.send_header("Content-Security-Policy", entry["content_security_policy"])
            super().end_headers()

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (root / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", manifest["files"]["404.html"]["content_type"])
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    return ProductionHandler


@pytest.fixture(scope="session")
def served_published_site(published_site):
    """The production build over HTTP on 127.0.0.1, on a free port."""
    yield from serve(production_handler(published_site))


@pytest.fixture(scope="session")
def published_settings():
    """publishconf.py's settings, read with the public address the build was given."""
    saved = os.environ.get("SITEURL")
    os.environ["SITEURL"] = PUBLIC_SITE_URL
    try:
        return read_settings(str(ROOT / "publishconf.py"))
    finally:
        if saved is None:
            del os.environ["SITEURL"]
        else:
            os.environ["SITEURL"] = saved
