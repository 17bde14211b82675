"""A full disk is not a bug in the build: exit 1, the file being written is
named, no traceback, and the output is as it was.

The disk is real and really full: a 2 MB tmpfs mounted for the test (the
tests run as root; elsewhere it is mounted in a user and mount namespace of
its own with unshare), holding a previous build and a filler file that
leaves only a few kilobytes. The staging folder sits beside the output, so
the build runs out of space there.
"""

import errno
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build
from sitebuild.disk_full import full_disk_error, full_disk_in_record, written_path


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in Path(folder).rglob("*") if p.is_file()}  # fmt: skip


def fill(disk, leave_kb):
    """Fill ``disk`` with one file, then give back ``leave_kb`` kilobytes."""
    filler = os.path.join(disk, "filler")
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while True:
            os.write(handle, bytes(65536))
    except OSError as error:
        assert error.errno == errno.ENOSPC, error
    finally:
        os.close(handle)
    os.truncate(filler, max(0, os.path.getsize(filler) - leave_kb * 1024))


def scenario(disk, previous_site, content, leave_kb):
    """On the tiny disk: a previous build, the disk filled, then a build over it."""
    output = Path(disk) / "output"
    shutil.copytree(previous_site, output)
    fill(disk, leave_kb)
    before = snapshot(output)
    result = build(output, content=content)
    return {
        "output": str(output),
        "returncode": result.returncode,
        "stderr": result.stderr,
        "unchanged": snapshot(output) == before,
        "beside": sorted(os.listdir(disk)),
    }


def on_a_tiny_disk(disk, previous_site, content, leave_kb):
    """scenario() on a 2 MB tmpfs at ``disk``, unmounted afterwards."""
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode == 0:
        try:
            return scenario(disk, previous_site, content, leave_kb)
        finally:
            subprocess.run(["umount", "-l", str(disk)], check=True)
    # Not root: the same in a mount namespace of its own, where mounting is allowed.
    code = (
        "import json, sys; sys.path.insert(0, 'tests'); import test_disk_full as t; "
        "print(json.dumps(t.scenario(*sys.argv[1:4], int(sys.argv[4]))))"
    )
    inside = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
         'mount -t tmpfs -o size=2m tmpfs "$1" && shift && exec "$@"', "sh", str(disk),
         sys.executable, "-c", code, str(disk), str(previous_site), str(content), str(leave_kb)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert inside.returncode == 0, f"no tmpfs could be mounted, as root or with unshare:\n{inside.stderr}"
    return json.loads(inside.stdout)


@pytest.mark.parametrize("leave_kb", [0, 100], ids=["full before the first page", "full in the search index"])
def test_a_full_disk_fails_the_build_plainly_and_keeps_the_output(leave_kb, site, content_copy, tmp_path):
    found = on_a_tiny_disk(tmp_path / "disk", site, content_copy, leave_kb)
    stderr = found["stderr"]
    assert found["returncode"] == 1, stderr
    assert "Traceback" not in stderr and "pass this on to the developers" not in stderr, stderr
    written = re.search(r"The build stopped: the disk is full while writing (\S+); nothing was published: (\S+) is as "
                        r"it was before\.\n    How to fix: make room on that disk", stderr)
    assert written, stderr
    assert written.group(1).startswith(found["output"] + "/") and written.group(2) == found["output"] + "/"
    assert found["unchanged"], "the failed build changed the previous output"
    assert found["beside"] == ["filler", "output"], "the build left its staging folder on the full disk"


# --- Without a disk -------------------------------------------------------------------


def no_space(filename=None, filename2=None):
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), filename, None, filename2)


def test_a_full_disk_is_found_in_the_error_what_caused_it_or_a_log_record():
    assert full_disk_error(no_space()) is not None
    assert full_disk_error(OSError(errno.EDQUOT, "Disk quota exceeded")) is not None  # a quota is the same
    try:
        try:
            raise no_space()
        except OSError as error:
            raise RuntimeError("while writing the search index") from error
    except RuntimeError as wrapped:
        assert full_disk_error(wrapped).errno == errno.ENOSPC
    # Pagefind, a separate program, says it only in its message.
    assert full_disk_error(RuntimeError("Pagefind failed (1):\nNo space left on device (os error 28)")) is not None
    assert full_disk_error(OSError(errno.EACCES, "Permission denied")) is None
    assert full_disk_error(ValueError("No space left on device")) is None  # only what a tool reports
    # Pelican's copy_file logs the error it caught, as an argument, and goes on.
    error = no_space("/site/.output.building-x/images/scan.png")
    record = logging.LogRecord("pelican.utils", logging.WARNING, __file__, 1,
                               "A problem occurred copying file %s to %s; %s", ("a", "b", error), None)
    assert full_disk_in_record(record)[0] is error
    plain = logging.LogRecord("pelican", logging.WARNING, __file__, 1, "%s", ("nothing",), None)
    assert full_disk_in_record(plain) is None


def test_the_file_being_written_is_named_as_it_will_be_in_the_output(tmp_path):
    staging = str(tmp_path / ".output.building-x")
    # shutil's copy names the file it writes to as filename2.
    copied = no_space(filename=str(tmp_path / "content" / "scan.png"), filename2=staging + "/images/scan.png")
    assert written_path(copied, staging, "output") == "output/images/scan.png"
    assert written_path(no_space(staging + "/search/index.html"), staging, "output") == "output/search/index.html"
    # A write (not an open) that fails names no file: the output folder is all that is said.
    assert written_path(no_space(), staging, "output") == "output/"
    assert written_path(no_space("/cache/x"), staging, "output") == "/cache/x"  # outside the output
