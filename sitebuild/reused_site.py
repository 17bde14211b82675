"""A build writes over the site before last instead of into an empty folder.

Why: the output is swapped whole (staging.py), so every build used to write
its whole site into a fresh folder: about 4,000 files and 2,000 folders for
a thousand-page ``make html``, 10,000 files for ``make publish``. On an
ordinary disk creating a file costs 100 to 200 µs and a folder about 140 µs,
so an edit build spent most of its time making files whose bytes had not
changed. Reading a file and finding it the same costs about 6 µs.

So the site a build replaces is kept beside the output (staging.py's
``spare``), and the next build takes it as its folder: only what differs is
written (``output_files.put``), and what this build did not make is removed
before the site is swapped in. ``output/`` itself is never written to: it
is still swapped in one rename, whole.

How a build knows what it made without every writer telling it: the file
system says so. Each file written, or found the same and kept, gets a new
status-change time (ctime: a write sets it, and ``put`` sets a kept file's
times to what they were, which sets it too). ``mark`` takes the time from
the file system's own clock as the build starts, so every file this build
touches has a ctime at or after the mark, and every file left from the
earlier build has one before it. That holds for writers this project does
not own (Pelican's writer and its static copies) as for its own.

A clock set back during a build would make new files look old. ``finish``
compares the wall clock's progress with the monotonic clock's and, when
they disagree, refuses the folder rather than guess: the build runner then
builds again into an empty folder. A clock set back between two builds, or
a file system whose times are in whole seconds, would make old files look
new: the spare's own ctime, set when it was renamed aside after every file
in it was written, must be before the mark, else the spare is not used.

Two Pelican settings break the rule that a build touches every file it
makes: STATIC_CHECK_IF_MODIFIED (a static file whose copy looks up to date
is not copied again) and STATIC_CREATE_LINKS (a link is made, and a file
written through it). With either on, no spare is used (``allowed``).

Files this project writes go through ``output_files.put``, which replaces a
file that differs rather than change it in place. Pelican's writer, its
static copies and a few writers of the kiosk's and the theme's files write
over the spare's files in place, which is safe because nothing else holds
the spare: ``output/`` never points to it.

The times a deploy or rsync compares (build_cache ``keep_unchanged_times``):
every file whose bytes equal the previous site's copy (the one ``output/``
pointed to) gets that copy's times, and every other file a time newer than
it. A file kept as the site before last had it may differ from the previous
site (a page edited, then put back): it is then given the time of now.

Whatever of the old site stands where this build writes a file (a folder
where a file now goes, or a file where a folder goes) is cleared before
Pelican writes (``clear_the_way``).
"""

import os
import shutil
import stat
import time
from dataclasses import dataclass

from .build_cache import keep_unchanged_times, settle_times

# How far the wall clock may stray from the monotonic clock over a build
# before the marks cannot be trusted (NTP slews far less than this).
CLOCK_SLACK_NS = 500_000_000


class ClockMoved(RuntimeError):
    """The system clock was set during a build that reused a folder."""


@dataclass(frozen=True)
class Mark:
    since_ns: int  # the file system's time as the build started
    wall_ns: int
    monotonic_ns: int


_marks: dict[str, Mark] = {}
# Empty folders made for a build (staging.py): every file in one is this
# build's, and nothing serves it until it is swapped in whole.
_fresh: set[str] = set()


def allowed(settings) -> bool:
    """Whether a build with ``settings`` may write over a spare (see above)."""
    return not (settings.get("STATIC_CHECK_IF_MODIFIED") or settings.get("STATIC_CREATE_LINKS"))


def mark(folder, set_aside_ns: int) -> Mark | None:
    """Note that a build is about to write over ``folder``: the file
    system's time now, as the folder's own new ctime says it. None when
    ``set_aside_ns`` (the folder's ctime before it was taken: when it was
    renamed aside, after its last file was written) is not before that
    time: a clock set back since, or times too coarse to tell apart."""
    folder = os.path.realpath(folder)
    os.utime(folder)
    found = Mark(os.stat(folder).st_ctime_ns, time.time_ns(), time.monotonic_ns())
    if set_aside_ns >= found.since_ns:
        return None
    _marks[folder] = found
    return found


def mark_of(folder) -> Mark | None:
    """The mark of ``folder`` when this build is writing over a kept site."""
    return _marks.get(os.path.realpath(folder))


def note_fresh(folder) -> None:
    """Note that ``folder`` was made empty for this build."""
    _fresh.add(os.path.realpath(folder))


def ours_since(folder) -> int | None:
    """The time from which a file in ``folder`` is this build's, for a
    writer that may change such a file in place (``output_files.put``): the
    mark of a build writing over a kept site; 0 for a folder made empty for
    this build, where every file is; None elsewhere (the preview's folder,
    which it serves as it writes)."""
    real = os.path.realpath(folder)
    found = _marks.get(real)
    if found is not None:
        return found.since_ns
    return 0 if real in _fresh else None


def forget(folder) -> None:
    _marks.pop(os.path.realpath(folder), None)
    _fresh.discard(os.path.realpath(folder))


def clear_the_way(folder, paths) -> None:
    """In a folder this build writes over: for each output-relative path a
    file is about to be written to, remove an older site's folder at that
    path, or its file where one of the path's folders goes. (Pelican's
    static copy and its writer would stop there; content/images/scan.png, a
    folder in one site and a file in the next, is enough.) Nothing outside
    the folder is touched."""
    if mark_of(folder) is None:
        return
    root = os.path.realpath(folder)
    seen = set()
    for path in paths:
        target = os.path.normpath(os.path.join(root, path))
        if not target.startswith(root + os.sep):
            continue  # refused elsewhere (intrasite_links' output guard)
        here = root
        for part in target[len(root) + 1 :].split(os.sep)[:-1]:  # relative to root (startswith above)
            here = os.path.join(here, part)
            if here in seen:
                continue
            seen.add(here)
            try:
                if not stat.S_ISDIR(os.lstat(here).st_mode):
                    os.unlink(here)  # a file, or a link, where a folder goes
                    break
            except FileNotFoundError:
                break
        try:
            if stat.S_ISDIR(os.lstat(target).st_mode):
                shutil.rmtree(target)
        except (FileNotFoundError, NotADirectoryError):
            pass


def clock_moved(found: Mark) -> bool:
    wall = time.time_ns() - found.wall_ns
    steady = time.monotonic_ns() - found.monotonic_ns
    return abs(wall - steady) > CLOCK_SLACK_NS


def finish(folder, previous) -> int:
    """Remove what ``folder`` still holds of the site it was and this build
    did not make (each file whose ctime is before the mark, then each folder
    left empty), and settle each file's times against ``previous`` (the site
    being replaced: build_cache ``settle_times``), in one walk. Returns how
    many files were removed. Raises ClockMoved when the marks cannot be
    trusted."""
    found = mark_of(folder)
    if found is None:
        keep_unchanged_times(folder, previous)
        forget(folder)
        return 0
    if clock_moved(found):
        raise ClockMoved(
            "the system clock was set (or the machine slept) while the build ran, so it cannot tell the files "
            "it wrote from those of the site it wrote over."
        )
    removed = _sweep(str(folder), found.since_ns, str(previous) if os.path.isdir(previous) else None)
    forget(folder)
    return removed


def _sweep(folder: str, since_ns: int, previous: str | None) -> int:
    """Remove every file (or link) under ``folder`` changed before
    ``since_ns``, then every folder this left empty, and every empty folder
    changed before then (one this build made empty, a theme's empty static
    folder Pelican copies, stays); settle the times of every other file
    against the same file in ``previous``. Returns how many files removed."""
    removed = 0
    emptied = set()
    for here, subfolders, files in os.walk(folder, topdown=False):
        links = [name for name in subfolders if os.path.islink(os.path.join(here, name))]
        relative = os.path.relpath(here, folder)
        for name in files + links:
            path = os.path.join(here, name)
            try:
                found = os.lstat(path)
                if found.st_ctime_ns < since_ns:
                    os.unlink(path)
                    removed += 1
                    emptied.add(here)
                elif previous is not None and stat.S_ISREG(found.st_mode):
                    settle_times(path, found, os.path.join(previous, relative, name), since_ns)
            except OSError:
                pass  # gone meanwhile; or its times could not be set, which only costs a deploy an upload
        if here == folder:
            continue
        try:
            if here in emptied or os.lstat(here).st_ctime_ns < since_ns:
                os.rmdir(here)  # only if empty
                emptied.add(os.path.dirname(here))
        except OSError:
            pass
    return removed
