"""Shared fixtures: the site is built once per run, from the real settings,
into a temporary directory, and every test reads that real output."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))  # so tests can use a plugin's formatting, not copy it
# The hospital's approved wording, kept in the repository so the project stands
# on its own: tests compare the built pages with these files.
APPROVED_DIR = ROOT / "tests" / "approved"


def build(output, content=None, settings="pelicanconf.py", overrides=None, env=None):
    """Run the real build command; returns the CompletedProcess.

    ``overrides`` maps setting names to values, passed as ``--setting``."""
    command = [sys.executable, "-m", "sitebuild", "--settings", settings, "--output", str(output)]
    if content is not None:
        command += ["--content", str(content)]
    for name, value in (overrides or {}).items():
        command += ["--setting", f"{name}={json.dumps(value)}"]
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, env=env and {**os.environ, **env}
    )


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


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    output = tmp_path_factory.mktemp("site") / "output"
    result = build(output)
    assert result.returncode == 0, result.stderr
    return output


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


@pytest.fixture
def content_copy(tmp_path):
    """A private copy of content/ that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")


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


@pytest.fixture(scope="session")
def served_site(site):
    """The built site over HTTP on 127.0.0.1, on a free port."""
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
    from threading import Thread

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    thread = Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def site_pages(site):
    """URL paths of every built HTML page."""
    paths = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        paths.append("/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative))
    return paths
