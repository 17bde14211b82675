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
they disagree, refuses the folder (the build stops; the next one starts from
an empty folder) rather than guess.

The times a deploy or rsync compares: a file kept unchanged keeps its
times, as a fresh build gave it the previous site's (build_cache
``keep_unchanged_times``); a file rewritten gets the previous site's times
when its bytes equal that site's copy.
"""

import os
import time
from dataclasses import dataclass

from .build_cache import keep_unchanged_times

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


def mark(folder) -> Mark:
    """Note that a build is about to write over ``folder``: the file
    system's time now, as the folder's own new ctime says it."""
    folder = os.path.realpath(folder)
    os.utime(folder)
    found = Mark(os.stat(folder).st_ctime_ns, time.time_ns(), time.monotonic_ns())
    _marks[folder] = found
    return found


def mark_of(folder) -> Mark | None:
    """The mark of ``folder`` when this build is writing over a kept site."""
    return _marks.get(os.path.realpath(folder))


def forget(folder) -> None:
    _marks.pop(os.path.realpath(folder), None)


def clock_moved(found: Mark) -> bool:
    wall = time.time_ns() - found.wall_ns
    steady = time.monotonic_ns() - found.monotonic_ns
    return abs(wall - steady) > CLOCK_SLACK_NS


def finish(folder, previous) -> int:
    """Remove what ``folder`` still holds of the site it was and this build
    did not make (each file whose ctime is before the mark, then each folder
    left empty), and give each file rewritten with the bytes ``previous``
    (the site being replaced) has the times it has there. Returns how many
    files were removed. Raises ClockMoved when the marks cannot be trusted."""
    found = mark_of(folder)
    if found is None:
        keep_unchanged_times(folder, previous)
        return 0
    if clock_moved(found):
        raise ClockMoved(
            "the system clock was set while the build ran, so it cannot tell the files it wrote from those "
            "of the site it wrote over. Nothing was published; build again."
        )
    removed = _sweep(str(folder), found.since_ns)
    keep_unchanged_times(folder, previous, written_since=found.since_ns)
    forget(folder)
    return removed


def _sweep(folder: str, since_ns: int) -> int:
    """Remove every file (or link) under ``folder`` changed before
    ``since_ns``, then every folder left empty (a fresh build makes none).
    Returns how many files."""
    removed = 0
    for here, subfolders, files in os.walk(folder, topdown=False):
        links = [name for name in subfolders if os.path.islink(os.path.join(here, name))]
        for name in files + links:
            path = os.path.join(here, name)
            try:
                if os.lstat(path).st_ctime_ns < since_ns:
                    os.unlink(path)
                    removed += 1
            except FileNotFoundError:
                pass
        if here != folder:
            try:
                os.rmdir(here)  # only if empty
            except OSError:
                pass
    return removed
