"""A test run leaves the repository as it found it (tests/conftest.py,
"Hermetic runs"): every build keeps its cache under pytest's temporary
folder, and the run fails, naming the path, if anything in the repository
was created, rewritten or removed."""

import os
import shutil
from pathlib import Path

from conftest import ROOT, build, in_a_fork, repository_changes, repository_state


def test_a_build_keeps_its_cache_under_the_runs_temporary_folder(tmp_path, tmp_path_factory):
    before = repository_state()
    result = build(tmp_path / "output")
    assert result.returncode == 0, result.stderr
    assert repository_changes(before, repository_state()) == []
    cache = Path(os.environ["SITEBUILD_CACHE"])
    assert cache.is_relative_to(tmp_path_factory.getbasetemp())
    assert list((cache / "pelicanconf").glob("*/pages/*")), "the build kept nothing in the run's cache"


def test_a_build_in_a_fork_keeps_its_cache_there_too(tmp_path, monkeypatch):
    """In-process builds (in_a_fork) read the same variable as the command."""
    from sitebuild.__main__ import main

    monkeypatch.setenv("PUBLIC_SITEURL", "https://patient-guides.example.org")
    before = repository_state()
    output = tmp_path / "output"
    assert in_a_fork(lambda: main(["--settings", str(ROOT / "kioskconf.py"), "--output", str(output)])) == 0
    assert repository_changes(before, repository_state()) == []
    assert (Path(os.environ["SITEBUILD_CACHE"]) / "kioskconf").is_dir()


def test_every_change_to_the_repository_is_named(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "page.md").write_text("Title: A\n")
    (tmp_path / "old.txt").write_text("old")
    (tmp_path / "dist" / "kiosk").mkdir(parents=True)
    (tmp_path / "dist" / "kiosk" / "index.html").write_text("an old bundle")
    (tmp_path / ".cache" / "trash" / "x").mkdir(parents=True)
    (tmp_path / ".cache" / "trash" / "x" / "index.html").write_text("an old output")
    for ignored in (".git", ".venv", "node_modules", "content/__pycache__"):
        (tmp_path / ignored).mkdir()
    before = repository_state(tmp_path)

    (tmp_path / "content" / "page.md").write_text("Title: B, longer\n")
    (tmp_path / "old.txt").unlink()
    shutil.rmtree(tmp_path / "dist")
    (tmp_path / ".cache" / "pelicanconf" / "abc").mkdir(parents=True)
    (tmp_path / ".cache" / "pelicanconf" / "abc" / "entry").write_text("cached")
    (tmp_path / "reports").mkdir()
    (tmp_path / ".cache" / "trash" / "x" / "index.html").unlink()  # a build's background removal
    for ignored in (".git", ".venv", "node_modules", "content/__pycache__"):
        (tmp_path / ignored / "written").write_text("not the tests' business")

    assert repository_changes(before, repository_state(tmp_path)) == [
        ".cache/pelicanconf/ (created)",  # and everything in it
        "content/page.md (rewritten)",
        "dist/ (removed)",  # and everything in it
        "old.txt (removed)",
        "reports/ (created)",
    ]

