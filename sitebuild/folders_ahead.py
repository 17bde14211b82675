"""The folders a build is about to write into, made ahead by a worker of
the build's pool.

Every page and every code's lookup page is written into a folder of its own
(the URL scheme's addresses end in a slash: ``procedures/<slug>/index.html``,
``connect/<system>/<code>/index.html``), so a build into an empty folder
makes two thousand folders at 1,000 pages. Made by the writers, each as its
file is written, they cost the build's process 0.45 s of a 6.4 s cold
``make html`` (3,024 mkdir calls at 0.15 ms each, measured), while the
other core was idle: the pool's workers are done reading by the time the
pages render. So the build hands the list of folders, in the order the
files will be written, to a worker (``page_pool.call``), which makes them
while the build renders; the writers (``os.makedirs(..., exist_ok=True)``
in Pelican's writer and in output_files) then find each folder made. A
folder the worker has not reached yet is made by its writer, as without
this, and the worker then finds it made. A thread of the build's own
process was tried first and was slower than no help at all: each mkdir
gave Python's lock back to the render and took it again, 2,000 hand-overs
(the render 1.43 s -> 1.63 s, measured). Without a pool (a small site, a
build without a cache) the writers make every folder, as before.

Only folders inside the output folder are made. The worker opens the output
folder once and makes each folder one name at a time relative to that
descriptor (mkdir's ``dir_fd``); a path that is absolute or has an empty,
``.`` or ``..`` part is skipped (refusing it is the writer's job, and
Pelican's does), as is any path through a name that exists and is not a
folder (a link is never followed). The pool is shut down, waiting for its
work, before the build's folder is published or removed (page_pool.started
ends with the build), so no folder is made after that.
"""

import os
import stat

from . import page_pool

_pending = []  # the build's process: the futures of folders being made


def start(output: str, folders: list[str]) -> None:
    """In the build's process: ``folders`` (paths relative to ``output``,
    with ``/``) made in that order by a worker, if the build has a pool."""
    future = page_pool.call(make_folders, output, folders)
    if future is not None:
        _pending.append(future)


def wait() -> None:
    """In the build's process: until the folders handed over are made (or
    given up on: the writers make their own)."""
    page_pool.wait(_pending)
    _pending.clear()


def make_folders(output: str, folders: list[str]) -> int:
    """In a worker: each folder made, unless it exists; how many were made."""
    handle = os.open(output, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return _make_each(handle, folders)
    finally:
        os.close(handle)


def _make_each(handle: int, folders: list[str]) -> int:
    known = set()
    made = 0
    for folder in folders:
        parts = folder.split("/")
        if folder.startswith("/") or any(part in ("", ".", "..") for part in parts):
            continue
        for end in range(1, len(parts) + 1):
            path = "/".join(parts[:end])
            if path in known:
                continue
            try:
                os.mkdir(path, dir_fd=handle)
                made += 1
            except FileExistsError:
                if not stat.S_ISDIR(os.stat(path, dir_fd=handle, follow_symlinks=False).st_mode):
                    break  # a file or a link: the writer says what is wrong
            known.add(path)
    return made
