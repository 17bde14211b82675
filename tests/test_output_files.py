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
