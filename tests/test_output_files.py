"""sitebuild/output_files.py lists an output folder as pathlib did, faster."""

from pathlib import Path, PurePosixPath

import pytest

from sitebuild.output_files import output_files, suffix

NAMES = ["index.html", "a/index.html", "a-b/x.css", "a/b/c.tar.gz", ".htaccess", "a/name.", "a/.hidden.js",
         "pagefind/fragment/en_1a2b.pf_fragment", "theme/site.0123abcd.css"]


@pytest.fixture
def tree(tmp_path):
    for name in NAMES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "empty-folder").mkdir()
    return tmp_path


def test_every_file_is_listed_once_sorted_and_relative(tree):
    assert output_files(tree) == sorted(NAMES)


def test_endings_select_as_pathlibs_suffix_does(tree):
    for endings in ({".html"}, {".css", ".js"}, {".gz"}, {""}):
        expected = sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_file() and p.suffix in endings)
        assert output_files(tree, endings) == expected, endings


@pytest.mark.parametrize("name", ["a.html", ".htaccess", "name.", "a.tar.gz", "noending", ".hidden.js", "a..b"])
def test_suffix_is_pathlibs(name):
    assert suffix(name) == PurePosixPath(name).suffix


def test_a_missing_folder_has_no_files(tmp_path):
    assert output_files(Path(tmp_path / "none")) == []


def test_links_and_special_files_are_listed_as_pathlib_lists_them(tree):
    """A link to a file is a file; a broken link, a pipe and a linked folder's
    contents are not listed (a pipe would make a stage wait for ever)."""
    import os

    (tree / "link-to-index.html").symlink_to(tree / "index.html")
    (tree / "broken.html").symlink_to(tree / "no-such-file.html")
    (tree / "linked-folder").symlink_to(tree / "a", target_is_directory=True)
    os.mkfifo(tree / "a" / "pipe.html")
    expected = sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_file())
    assert "link-to-index.html" in expected and "broken.html" not in expected
    assert output_files(tree) == expected
    assert output_files(tree, {".html"}) == [p for p in expected if p.endswith(".html")]
