"""sitebuild/output_files.py lists an output folder as pathlib did, faster."""

from pathlib import Path, PurePosixPath

import pytest

from sitebuild.output_files import content_type, file_name, output_files, suffix

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


# --- The Content-Type rule (moved here from plugins/procedure_site/content_types/test_kinds.py
# and plugins/procedure_site/http_headers/test_headers.py: both plugins now import it) ----------

TYPES = {
    "_headers": "text/plain", ".css": "text/css", ".html": "text/html", ".woff2": "font/woff2",
    ".png": "image/png", ".jpg": "image/jpeg", ".pdf": "application/pdf",
}  # fmt: skip


def test_type_by_name_then_by_ending_whatever_its_case():
    assert content_type("_headers", TYPES) == "text/plain"
    assert content_type("images/Scan.PNG", TYPES) == "image/png"
    assert content_type("images\\photo.jpg", TYPES) == "image/jpeg"
    assert content_type("images/photo.heic", TYPES) is None
    assert content_type("images/LICENSE", TYPES) is None
    assert content_type("theme/site.1.CSS", TYPES) == "text/css"
    assert content_type("photo.heic", TYPES) is None


def test_a_name_is_read_as_pathlib_reads_it():
    for path in ["_headers", "a/_headers", "a\\b\\_headers", "theme/site.1.CSS", "a/.htaccess", "a/name.", "x.tar.gz"]:
        assert file_name(path) == PurePosixPath(path.replace("\\", "/")).name, path
        assert suffix(file_name(path)) == PurePosixPath(path.replace("\\", "/")).suffix, path


def test_only_a_whole_name_matches_by_name():
    assert content_type("pagefind/_headers.txt", {"_headers": "text/plain"}) is None
    assert content_type("not_headers", {"_headers": "text/plain"}) is None


def test_put_files_writes_each_file_under_its_root_making_its_folders(tmp_path):
    from sitebuild.output_files import put_files

    put_files(tmp_path / "shard", {"index/a.pf_index": b"a", "fragment/b.pf_fragment": b"b", "entry.json": b"{}"})
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        "shard/entry.json", "shard/fragment/b.pf_fragment", "shard/index/a.pf_index"]
    assert (tmp_path / "shard" / "index" / "a.pf_index").read_bytes() == b"a"
