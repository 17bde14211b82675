"""sitebuild/reused_site.py, output_files.put and staging's spare: a build
writes over the site before last, writes only what differs, and removes
what it did not make."""

import os
import time

import pytest

from sitebuild import reused_site
from sitebuild.output_files import output_files, put
from sitebuild.output_index import OutputIndex
from sitebuild.staging import staged_directory
from test_staging import write_site as write

# The file system stamps times from a clock that ticks every few
# milliseconds: files of the "earlier build" are made a tick before the mark,
# as a real earlier build is seconds before.
TICK = 0.05


def files_of(folder):
    return {name: open(os.path.join(folder, name), "rb").read() for name in output_files(folder)}


@pytest.fixture
def kept_site(tmp_path):
    """A folder holding an earlier build's site, marked as this build's."""
    folder = tmp_path / "site"
    write(folder, {"index.html": b"old index", "gone/index.html": b"a removed page", "same.css": b"b{}"})
    set_aside = os.stat(folder).st_ctime_ns
    time.sleep(TICK)
    yield folder, reused_site.mark(folder, set_aside)
    reused_site.forget(folder)


def test_put_writes_a_new_file_and_replaces_one_that_differs(tmp_path):
    path = str(tmp_path / "page.html")
    assert put(path, b"first") is True
    first = os.stat(path)
    other = tmp_path / "elsewhere.html"
    os.link(path, other)  # a hard link to it, as a reader holding it would see it
    assert put(path, b"second") is True
    assert open(path, "rb").read() == b"second"
    assert os.stat(path).st_ino != first.st_ino  # a new file, not the old one changed in place
    assert other.read_bytes() == b"first"


def test_put_keeps_a_file_that_holds_the_bytes_and_marks_it_as_this_builds(tmp_path):
    path = str(tmp_path / "page.html")
    put(path, b"same")
    long_ago = 1_000_000_000_000_000_000
    os.utime(path, ns=(long_ago, long_ago))
    before = os.stat(path)
    time.sleep(TICK)
    assert put(path, b"same") is False
    after = os.stat(path)
    assert (after.st_ino, after.st_mtime_ns, after.st_atime_ns) == (before.st_ino, long_ago, long_ago)
    assert after.st_ctime_ns > before.st_ctime_ns  # what finish() counts as made by this build
    assert put(path, b"samE") is True and open(path, "rb").read() == b"samE"


def test_put_writes_over_a_file_this_build_wrote_and_replaces_an_older_sites(tmp_path):
    """With the build's mark: a file changed at or after it, with no other
    link, is written over where it is (the same inode), longer or shorter;
    an older site's file, or one linked elsewhere, is replaced, as without
    the mark."""
    old = tmp_path / "old.html"
    old.write_bytes(b"an older site's page")
    time.sleep(TICK)
    mark = time.time_ns()
    time.sleep(TICK)
    ours = tmp_path / "ours.html"
    ours.write_bytes(b"the page as Pelican wrote it, unminified")
    inode = ours.stat().st_ino
    assert put(str(ours), b"<p>minified", mark) is True
    assert ours.read_bytes() == b"<p>minified" and ours.stat().st_ino == inode
    assert put(str(ours), b"<p>minified, and now longer than it was", mark) is True
    assert ours.read_bytes() == b"<p>minified, and now longer than it was" and ours.stat().st_ino == inode
    with open(old, "rb") as reader:  # someone still reading the older site's page
        assert put(str(old), b"new", mark) is True
        assert reader.read() == b"an older site's page" and old.read_bytes() == b"new"  # replaced
    linked = tmp_path / "linked.html"
    linked.write_bytes(b"ours, but linked")
    os.link(linked, tmp_path / "elsewhere.html")
    inode = linked.stat().st_ino
    assert put(str(linked), b"changed", mark) is True
    assert linked.stat().st_ino != inode and (tmp_path / "elsewhere.html").read_bytes() == b"ours, but linked"
    with open(ours, "rb") as reader:
        assert put(str(ours), b"without the mark") is True
        assert reader.read() == b"<p>minified, and now longer than it was"  # replaced, as before


def test_put_replaces_a_link_in_place_of_the_file(tmp_path):
    target = tmp_path / "outside.txt"
    target.write_bytes(b"outside")
    os.symlink(target, tmp_path / "page.html")
    assert put(str(tmp_path / "page.html"), b"page") is True
    assert not (tmp_path / "page.html").is_symlink() and target.read_bytes() == b"outside"


def test_the_index_of_a_kept_site_lists_only_what_this_build_wrote(kept_site):
    folder, _mark = kept_site
    put(str(folder / "index.html"), b"new index")
    put(str(folder / "same.css"), b"b{}")
    write(folder, {"new/index.html": b"a new page"})
    assert output_files(folder) == ["gone/index.html", "index.html", "new/index.html", "same.css"]
    index = OutputIndex.listed(folder)
    assert index.paths() == ["index.html", "new/index.html", "same.css"]
    write(folder, {"pagefind/old.js": b"old"})
    index.remove_tree("pagefind")  # left for finish(): the stage writes most of it again
    assert (folder / "pagefind" / "old.js").exists()


def test_finish_removes_what_this_build_did_not_make(kept_site, tmp_path):
    folder, _mark = kept_site
    previous = tmp_path / "previous"
    write(previous, {"index.html": b"new index"})
    put(str(folder / "index.html"), b"new index")
    put(str(folder / "same.css"), b"b{}")
    assert reused_site.finish(folder, previous) == 1
    assert files_of(folder) == {"index.html": b"new index", "same.css": b"b{}"}
    assert not (folder / "gone").exists()  # its folder too, left empty
    assert os.stat(folder / "index.html").st_mtime_ns == os.stat(previous / "index.html").st_mtime_ns
    assert reused_site.mark_of(folder) is None


def test_a_clock_set_during_the_build_refuses_the_folder(kept_site, tmp_path, monkeypatch):
    folder, mark = kept_site
    monkeypatch.setattr(reused_site.time, "time_ns", lambda: mark.wall_ns - 3_600 * 10**9)
    with pytest.raises(reused_site.ClockMoved, match="clock was set"):
        reused_site.finish(folder, tmp_path / "previous")
    assert files_of(folder)["gone/index.html"] == b"a removed page"  # nothing guessed


def test_a_build_with_a_spare_takes_the_site_before_last(tmp_path):
    final = tmp_path / "output"
    inodes = []
    for number in range(4):
        with staged_directory(final, keep_spare=True) as staging:
            inodes.append(os.stat(staging).st_ino)
            found = reused_site.mark_of(staging)
            assert (found is not None) == (number >= 2)
            put(os.path.join(staging, "index.html"), f"build {number}".encode())
            reused_site.finish(staging, final)
        assert files_of(final) == {"index.html": f"build {number}".encode()}
    assert inodes[2] == inodes[0] and inodes[3] == inodes[1] and inodes[0] != inodes[1]
    kinds = sorted(name.rpartition("-")[0] for name in os.listdir(tmp_path))
    assert kinds == ["", ".output.site", ".output.spare"]  # "" is output, the link


def test_a_failed_build_over_the_spare_removes_it(tmp_path):
    final = tmp_path / "output"
    for number in range(2):
        with staged_directory(final, keep_spare=True) as staging:
            write(staging, {"index.html": f"build {number}".encode()})
    with pytest.raises(RuntimeError), staged_directory(final, keep_spare=True) as staging:
        assert reused_site.mark_of(staging) is not None
        write(staging, {"index.html": b"half"})
        raise RuntimeError("a content problem")
    assert reused_site.mark_of(staging) is None
    assert files_of(final) == {"index.html": b"build 1"}
    assert sorted(name.rpartition("-")[0] for name in os.listdir(tmp_path)) == ["", ".output.site"]


def test_without_a_spare_the_replaced_site_is_removed(tmp_path):
    final = tmp_path / "output"
    for number in range(3):
        with staged_directory(final) as staging:
            assert reused_site.mark_of(staging) is None
            write(staging, {"index.html": f"build {number}".encode()})
    assert sorted(name.rpartition("-")[0] for name in os.listdir(tmp_path)) == ["", ".output.site"]


def test_put_replaces_a_folder_in_place_of_the_file(tmp_path):
    write(tmp_path, {"scan.png/old.txt": b"an older site's folder"})
    assert put(str(tmp_path / "scan.png"), b"PNG") is True
    assert (tmp_path / "scan.png").read_bytes() == b"PNG"


def test_a_spare_set_aside_at_or_after_the_mark_is_not_trusted(tmp_path):
    """A clock set back since the spare was set aside, or file times in
    whole seconds: its files could look as new as this build's."""
    folder = tmp_path / "site"
    folder.mkdir()
    assert reused_site.mark(folder, time.time_ns() + 3_600 * 10**9) is None
    assert reused_site.mark_of(folder) is None
    assert reused_site.mark(folder, 0) is not None
    reused_site.forget(folder)


def test_a_build_does_not_write_over_a_spare_it_cannot_trust(tmp_path, monkeypatch):
    final = tmp_path / "output"
    for number in range(2):
        with staged_directory(final, keep_spare=True) as staging:
            write(staging, {"index.html": f"build {number}".encode()})
    monkeypatch.setattr(reused_site, "mark", lambda folder, set_aside: None)
    with staged_directory(final, keep_spare=True) as staging:
        assert os.listdir(staging) == [] and reused_site.mark_of(staging) is None
        write(staging, {"index.html": b"build 2"})
    assert files_of(final) == {"index.html": b"build 2"}
    assert sorted(name.rpartition("-")[0] for name in os.listdir(tmp_path)) == ["", ".output.site", ".output.spare"]


def test_pelican_settings_that_skip_or_link_static_files_use_no_spare():
    assert reused_site.allowed({})
    assert not reused_site.allowed({"STATIC_CHECK_IF_MODIFIED": True})
    assert not reused_site.allowed({"STATIC_CREATE_LINKS": True})


def test_an_empty_folder_this_build_made_stays_and_one_it_emptied_goes(kept_site, tmp_path):
    folder, _mark = kept_site
    (folder / "theme" / "empty").mkdir(parents=True)  # as Pelican copies a theme's empty folder
    put(str(folder / "index.html"), b"new index")
    put(str(folder / "same.css"), b"b{}")
    reused_site.finish(folder, tmp_path / "previous")
    assert (folder / "theme" / "empty").is_dir()
    assert not (folder / "gone").exists()


def test_in_a_folder_made_empty_for_the_build_a_page_it_wrote_is_written_over_in_place(tmp_path):
    """Every file of a fresh staging folder is the build's own and nothing
    serves it, so the minify stage's rewrite of a page Pelican wrote keeps
    its inode there (no file removed and created again); once the folder is
    the site, or in a folder the build did not make (the preview's), a file
    that differs is replaced, as always."""
    final = tmp_path / "output"
    with staged_directory(final) as staging:
        page = os.path.join(staging, "index.html")
        with open(page, "w", encoding="utf-8") as written:  # as Pelican writes it
            written.write("<p>  the page, unminified  </p>")
        index = OutputIndex.listed(staging)
        assert index.since_ns == 0
        with open(page, "rb") as reader:  # the same file, whatever is done to the name
            index.write("index.html", b"<p>the page, minified</p>")
            assert reader.read() == b"<p>the page, minified</p>"  # written over where it is
        reused_site.finish(staging, final)
    assert OutputIndex.listed(final).since_ns is None
    elsewhere = tmp_path / "preview"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_bytes(b"<p>served</p>")
    with open(elsewhere / "index.html", "rb") as reader:
        OutputIndex.listed(elsewhere).write("index.html", b"<p>changed</p>")
        assert reader.read() == b"<p>served</p>"  # replaced: a reader keeps the whole old file
    assert (elsewhere / "index.html").read_bytes() == b"<p>changed</p>"


def test_in_a_folder_made_empty_for_the_build_a_new_file_is_created_without_a_look_first(tmp_path, monkeypatch):
    """Almost every file of a fresh folder is new: put creates it at once,
    and opens a file to compare it only when one is there already (written
    by this build, or a folder or a link where the file goes)."""
    from sitebuild import output_files

    looked = []
    real_open = os.open

    def counted(path, flags, *args, **kwargs):
        if not flags & (os.O_WRONLY | os.O_RDWR):
            looked.append(os.path.basename(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(output_files.os, "open", counted)
    folder = str(tmp_path)
    assert put(os.path.join(folder, "new.html"), b"<p>new</p>", 0) is True
    assert looked == []
    assert put(os.path.join(folder, "new.html"), b"<p>new</p>", 0) is False  # found the same: kept
    assert put(os.path.join(folder, "new.html"), b"<p>minified</p>", 0) is True
    assert looked == ["new.html", "new.html"]
    os.mkdir(os.path.join(folder, "was-a-folder.html"))
    assert put(os.path.join(folder, "was-a-folder.html"), b"<p>a file now</p>", 0) is True
    assert open(os.path.join(folder, "was-a-folder.html"), "rb").read() == b"<p>a file now</p>"
    assert put(os.path.join(folder, "elsewhere.html"), b"<p>not fresh</p>") is True
    assert looked[-1] == "elsewhere.html"  # outside a fresh folder: looked at first, as always


@pytest.mark.parametrize("ours_since", [None, "mark", 0])
def test_a_file_made_between_the_look_and_the_create_is_looked_at_again(tmp_path, monkeypatch, ours_since):
    """files_ahead's worker makes each file the build is about to write,
    empty, and may make it after put looked and found none: put then finds
    it when it creates the file, and writes the bytes all the same (the
    preview's builds look first; so does a build over a kept site)."""
    from sitebuild import output_files

    path = str(tmp_path / "connect" / "10000.json")
    os.mkdir(tmp_path / "connect")
    since = time.time_ns() if ours_since == "mark" else ours_since
    real_create = output_files._create
    made = []

    def worker_first(target, data):
        if not made:  # the worker's empty file lands just before the writer's create
            made.append(target)
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL))
        return real_create(target, data)

    monkeypatch.setattr(output_files, "_create", worker_first)
    assert put(path, b'{"code": "10000"}', since) is True
    assert made == [path]
    assert open(path, "rb").read() == b'{"code": "10000"}'
