"""The files of the pages and the lookup files, and their folders, made
empty by a worker of the build's pool while the build renders
(sitebuild/files_ahead.py, plugins/procedure_site/files_ahead/): only inside
the output folder, never over a file that is there, and the site is the one
a build without them writes."""

import os

from conftest import in_a_fork
from sitebuild.files_ahead import _make_each, make_files
from test_build_cache import assert_same_files
from test_parallel_build import catalog, in_process_build, one_process_build  # noqa: F401 (catalog: a fixture)


def everything_under(root):
    found = []
    for folder, subfolders, files in os.walk(root):
        found += [os.path.relpath(os.path.join(folder, name), root) + "/" for name in subfolders]
        found += [os.path.relpath(os.path.join(folder, name), root) for name in files]
    return sorted(found)


def test_each_file_is_made_empty_with_its_folders_and_a_file_there_is_left_alone(tmp_path):
    output = tmp_path / "output"
    (output / "procedures" / "old").mkdir(parents=True)
    (output / "procedures" / "old" / "index.html").write_text("written", encoding="utf-8")
    made = make_files(str(output), ["procedures/a/index.html", "connect/cpt/10000.json",
                                    "connect/cpt/10000/index.html", "procedures/a/index.html",
                                    "procedures/old/index.html", "connect/index.json"])
    assert made == 4
    assert everything_under(output) == [
        "connect/", "connect/cpt/", "connect/cpt/10000.json", "connect/cpt/10000/", "connect/cpt/10000/index.html",
        "connect/index.json", "procedures/", "procedures/a/", "procedures/a/index.html", "procedures/old/",
        "procedures/old/index.html",
    ]
    assert (output / "procedures" / "a" / "index.html").read_bytes() == b""
    assert (output / "procedures" / "old" / "index.html").read_text(encoding="utf-8") == "written"


def test_nothing_is_made_outside_the_output_folder(tmp_path):
    output = tmp_path / "output"
    outside = tmp_path / "outside"
    output.mkdir()
    outside.mkdir()
    (outside / "page.html").write_text("not ours", encoding="utf-8")
    # Never made by a build; a link is not followed all the same.
    (output / "folder-link").symlink_to(outside)
    (output / "file-link.html").symlink_to(outside / "page.html")
    (output / "file").write_text("a page", encoding="utf-8")
    made = make_files(str(output), [
        "../escaped.html", "procedures/../../escaped.html", str(tmp_path / "absolute.html"), "a//b.html",
        "./here.html", "folder-link/inside.html", "file/inside.html", "file-link.html", "guides\\prep.html",
        "kept/index.html",
    ])
    assert made == 1
    assert everything_under(output) == ["file", "file-link.html", "folder-link/", "kept/", "kept/index.html"]
    assert sorted(os.listdir(tmp_path)) == ["output", "outside"]
    assert os.listdir(outside) == ["page.html"]
    assert (outside / "page.html").read_text(encoding="utf-8") == "not ours"


def test_a_removed_output_folder_is_not_made_again(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    handle = os.open(output, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.rmdir(output)
        try:
            _make_each(handle, ["procedures/a/index.html"])
        except FileNotFoundError:
            pass
    finally:
        os.close(handle)
    assert not output.exists()


def test_a_cold_build_has_its_files_made_by_a_worker_and_writes_the_same_site(tmp_path, catalog, monkeypatch):
    """Every page's and code's file, and its folder, is made by a worker
    (the build waits for it here, so the render finds them all), no folder
    of theirs by the build's process; the site is the one-process build's,
    with no folder or file left empty."""
    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))
    output = tmp_path / "output"
    log = tmp_path / "made.log"
    seed = (catalog / "procedures" / "procedure-00.md").read_text(encoding="utf-8")
    for status in ("hidden", "draft"):  # written (hidden), or not at all (a draft)
        text = seed.replace("Procedure 00", f"Procedure {status}").replace("Slug: procedure-00", f"Slug: {status}-page")
        (catalog / "procedures" / f"{status}-page.md").write_text(text.replace("Slug: ", f"Status: {status}\nSlug: ", 1),
                                                                  encoding="utf-8")

    def build_here():
        from procedure_site.files_ahead import files

        mkdir, open_file = os.mkdir, os.open

        def note(kind, path):
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()} {kind} {os.fspath(path)}\n")

        def noted_mkdir(path, *arguments, **keywords):
            mkdir(path, *arguments, **keywords)
            note("folder", path)

        def noted_open(path, flags, *arguments, **keywords):
            opened = open_file(path, flags, *arguments, **keywords)
            if flags & os.O_EXCL:
                note("file", path)
            return opened

        os.mkdir, os.open = noted_mkdir, noted_open
        start = files.start

        def start_and_wait(pelican):
            start(pelican)
            files.files_ahead.wait()

        files.start = start_and_wait  # what the part connects as the plugin registers
        return in_process_build(output, catalog), os.getpid()

    status, here = in_a_fork(build_here)
    assert status == 0
    lines = [line.split(" ", 2) for line in log.read_text(encoding="utf-8").splitlines()]
    by_worker = {(kind, path) for pid, kind, path in lines if int(pid) != here and not os.path.isabs(path)}
    # The build's process writes into its staging folder, .output.building-*.
    by_build = {path.split(os.sep + ".output.building-", 1)[-1].partition(os.sep)[2]
                for pid, kind, path in lines if int(pid) == here and kind == "folder"}
    pages = [os.path.join("procedures", name) for name in os.listdir(output / "procedures")]
    codes = [os.path.join("connect", "cpt", name) for name in os.listdir(output / "connect" / "cpt")
             if (output / "connect" / "cpt" / name).is_dir()]
    assert len(pages) > 10 and codes
    assert os.path.join("procedures", "hidden-page") in pages and os.path.join("procedures", "draft-page") not in pages
    for folder in pages + codes:
        assert ("folder", folder) in by_worker and folder not in by_build
        assert ("file", os.path.join(folder, "index.html")) in by_worker
    for code in codes:
        assert ("file", code + ".json") in by_worker
    assert ("file", os.path.join("connect", "index.json")) in by_worker
    assert not [folder for folder, subfolders, files in os.walk(output) if not subfolders and not files]
    assert not [path for path in everything_under(output) if not path.endswith("/")
                and os.path.getsize(output / path) == 0]
    single = one_process_build(tmp_path / "single", catalog, "pelicanconf.py", {})
    assert single.returncode == 0, single.stderr
    assert_same_files(output, tmp_path / "single")
