"""Shared fixtures: the site is built once per run, from the real settings,
into a temporary directory, and every test reads that real output."""

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
SEED_DIR = ROOT.parent / "shared" / "seed"


def build(output, content=None, settings="pelicanconf.py"):
    """Run the real build command; returns the CompletedProcess."""
    command = [sys.executable, "-m", "sitebuild", "--settings", settings, "--output", str(output)]
    if content is not None:
        command += ["--content", str(content)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


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
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    folder = ROOT / settings["PATH"] / settings["PROCEDURES_DIR"]
    return sorted(folder.rglob("*.md"))


def page_path(site, settings, source):
    slug = source_metadata(source).get("slug") or source.stem
    return site / settings["PAGE_SAVE_AS"].format(slug=slug)


def visible_text(element):
    return re.sub(r"\s+", " ", element.get_text(" ")).strip()


@pytest.fixture
def content_copy(tmp_path):
    """A private copy of content/ that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
