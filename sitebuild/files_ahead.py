"""The files a build is about to write, made empty ahead of their writers,
with their folders, by a worker of the build's pool.

Every page and every code's lookup page is written into a folder of its own
(the URL scheme's addresses end in a slash: ``procedures/<slug>/index.html``,
``connect/<system>/<code>/index.html``), so a build into an empty folder
makes two thousand folders and three thousand files at 1,000 pages. Made by
the writers, each as its file is written, they cost the build's process
1.2 s of a 6.4 s cold ``make html`` (measured: 3,024 mkdir calls, 0.45 s;
2,003 files created by Pelican's writer, 0.47 s, and 1,001 by
output_files.put, 0.26 s, about 0.25 ms each while the build's other
writes went on), while the other core was idle: the pool's workers are done
reading by the time the pages render. So the build hands the list of files,
in the order they will be written, to a worker (``page_pool.call``), which
makes each one's folder and an empty file while the build renders; the
writers then find the folder made and open a file that is there (Pelican's
writer truncates it; ``put``, in a folder made for the build, writes over
a file of its own). A file the worker has not reached yet is made by its
writer, as without this, and the worker then finds it there and leaves it
alone: it only ever creates a file that does not exist (``O_EXCL``), and
never writes, truncates or removes one. A writer that looked for a file,
found none and then finds the worker's when it creates it looks once more
(``output_files.put``); Pelican's writer opens with ``w``, which takes a
file that is there. A thread of the build's own process
was tried first and was slower than no help at all: each system call gave
Python's lock back to the render and took it again (the render 1.43 s ->
1.63 s, measured). Without a pool (a small site, a build without a cache)
the writers make everything, as before.

The list must be exactly what the writers write: a file listed and then not
written would be published empty. The writers are Pelican's page generator
and ehr_connect, and the list is made from their own lists (the part in
plugins/procedure_site/files_ahead); a build that fails is thrown away.

Only paths inside the output folder are made. The worker opens the output
folder once and makes each path one name at a time relative to that
descriptor (``dir_fd``); a path that is absolute, holds a backslash or has
an empty, ``.`` or ``..`` part is skipped (refusing it is the writer's job, and Pelican's
does), as is any path through a name that exists and is not a folder, and
no link is followed (``O_NOFOLLOW``). The pool is shut down, waiting for its
work, before the build's folder is published or removed (page_pool.started
ends with the build), so nothing is made after that.
"""

import os
import stat

from . import page_pool

_pending = []  # the build's process: the futures of the files being made

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def start(output: str, files: list[str]) -> None:
    """In the build's process: ``files`` (paths relative to ``output``, with
    ``/``) made empty, in that order, by a worker, if the build has a pool."""
    _pending.clear()  # a build that stopped before it was written: its pool, and work, are gone
    future = page_pool.call(make_files, output, files)
    if future is not None:
        _pending.append(future)


def wait() -> None:
    """In the build's process: until the files handed over are made (or
    given up on: the writers make their own)."""
    page_pool.wait(_pending)
    _pending.clear()


def make_files(output: str, files: list[str]) -> int:
    """In a worker: each file's folders, and the file, empty, unless they
    exist; how many files were made."""
    handle = os.open(output, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return _make_each(handle, files)
    finally:
        os.close(handle)


def _make_each(handle: int, files: list[str]) -> int:
    folders = set()
    made = 0
    for path in files:
        parts = path.split("/")
        if path.startswith("/") or "\\" in path or any(part in ("", ".", "..") for part in parts):
            continue  # a backslash is a name's character here, a separator elsewhere: left to the writer
        if not _folders(handle, parts[:-1], folders):
            continue
        try:
            os.close(os.open(path, _CREATE, 0o666, dir_fd=handle))
            made += 1
        except FileExistsError:
            pass  # its writer was there first
    return made


def _folders(handle: int, parts: list[str], known: set) -> bool:
    """Each folder of ``parts`` made (or there); False if one is a file or a link."""
    for end in range(1, len(parts) + 1):
        folder = "/".join(parts[:end])
        if folder in known:
            continue
        try:
            os.mkdir(folder, dir_fd=handle)
        except FileExistsError:
            if not stat.S_ISDIR(os.stat(folder, dir_fd=handle, follow_symlinks=False).st_mode):
                return False  # the writer says what is wrong
        known.add(folder)
    return True
