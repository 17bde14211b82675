"""The folders of the pages and the lookup files, made by a worker of the
build's pool while the build renders (sitebuild/folders_ahead.py,
plugins/procedure_site/folders_ahead/): only inside the output folder, and
the site is the one a build without them writes."""

import os

from conftest import in_a_fork
from sitebuild.folders_ahead import make_folders
from test_build_cache import assert_same_files
from test_parallel_build import catalog, in_process_build, one_process_build  # noqa: F401 (catalog: a fixture)


def folders_under(root):
    return sorted(os.path.relpath(folder, root) for folder, _subfolders, _files in os.walk(root) if folder != str(root))


def test_each_folder_is_made_once_in_order_with_its_parents(tmp_path):
    output = tmp_path / "output"
    (output / "procedures" / "old").mkdir(parents=True)
    made = make_folders(str(output), ["procedures/a", "connect", "connect/cpt/10000", "procedures/a", "procedures/old"])
    assert made == 4  # procedures/a, connect, connect/cpt, connect/cpt/10000
    assert folders_under(output) == ["connect", "connect/cpt", "connect/cpt/10000", "procedures", "procedures/a",
                                     "procedures/old"]


def test_nothing_is_made_outside_the_output_folder(tmp_path):
    output = tmp_path / "output"
    outside = tmp_path / "outside"
    output.mkdir()
    outside.mkdir()
    (output / "link").symlink_to(outside)  # never made by a build; a link is not followed all the same
    (output / "file").write_text("a page", encoding="utf-8")
    made = make_folders(str(output), [
        "../escaped", "procedures/../../escaped", str(tmp_path / "absolute"), "a//b", "./here",
        "link/inside", "file/inside", "kept",
    ])
    assert made == 1
    assert folders_under(output) == ["kept"]
    assert sorted(os.listdir(tmp_path)) == ["output", "outside"]
    assert os.listdir(outside) == []


def test_a_removed_output_folder_is_not_made_again(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    handle = os.open(output, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.rmdir(output)
        from sitebuild.folders_ahead import _make_each

        try:
            _make_each(handle, ["procedures/a"])
        except FileNotFoundError:
            pass
    finally:
        os.close(handle)
    assert not output.exists()


def test_a_cold_build_has_its_folders_made_by_a_worker_and_writes_the_same_site(tmp_path, catalog, monkeypatch):
    """Every folder of a page and of a code's lookup files is made by a
    worker (the build waits for it here, so the render finds them all),
    none by the build's process, and the site is the one-process build's,
    with no folder left empty."""
    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))
    output = tmp_path / "output"

    def build_here():
        from procedure_site.folders_ahead import folders

        mkdir = os.mkdir

        def noted(path, *arguments, **keywords):
            mkdir(path, *arguments, **keywords)
            with open(tmp_path / "mkdir.log", "a", encoding="utf-8") as log:
                log.write(f"{os.getpid()} {os.fspath(path)}\n")

        os.mkdir = noted
        start = folders.start

        def start_and_wait(pelican):
            start(pelican)
            folders.folders_ahead.wait()

        folders.start = start_and_wait  # what the part connects as the plugin registers
        return in_process_build(output, catalog), os.getpid()

    status, here = in_a_fork(build_here)
    assert status == 0
    lines = [line.split(" ", 1) for line in (tmp_path / "mkdir.log").read_text(encoding="utf-8").splitlines()]
    by_worker = {path for pid, path in lines if int(pid) != here and not os.path.isabs(path)}
    # The build's process writes into its staging folder, .output.building-*.
    by_build = {path.split(os.sep + ".output.building-", 1)[-1].partition(os.sep)[2]
                for pid, path in lines if int(pid) == here}
    page_folders = {os.path.join("procedures", name) for name in os.listdir(output / "procedures")
                    if (output / "procedures" / name).is_dir()}
    lookup_folders = {os.path.join("connect", "cpt", name) for name in os.listdir(output / "connect" / "cpt")
                      if (output / "connect" / "cpt" / name).is_dir()}
    assert len(page_folders) > 10 and lookup_folders
    assert page_folders | lookup_folders <= by_worker
    assert not (page_folders | lookup_folders) & by_build
    assert not [folder for folder, subfolders, files in os.walk(output) if not subfolders and not files]
    single = one_process_build(tmp_path / "single", catalog, "pelicanconf.py", {})
    assert single.returncode == 0, single.stderr
    assert_same_files(output, tmp_path / "single")
