"""A full disk is not a bug in the build: it is said so, with the file being
written, and the build exits 1 (a problem the person building can fix).

The build writes into a staging folder that is removed when it fails, so the
output is as it was: nothing was published. The disk may run out anywhere:
in Pelican's writer (raised), in Pelican's copy of a static file (only
logged, with the error among the log's arguments), in a plugin, or in a tool
the build runs (Pagefind says it in its own words, in a RuntimeError). ENOSPC
(no space left) and EDQUOT (the user's quota) are the same thing to the
person building.
"""

import errno
import os

FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
# How a tool run as a subprocess says it (Rust's io::Error, Python's, C's
# strerror): the only trace of a full disk there is its message.
FULL_WORDS = tuple(os.strerror(code) for code in sorted(FULL))
PATH_MAX = 4096


def _is_full(error) -> bool:
    if isinstance(error, OSError) and error.errno in FULL:
        return True
    return isinstance(error, RuntimeError) and any(words in str(error) for words in FULL_WORDS)


def full_disk_error(error):
    """The error saying the disk is full: ``error`` itself or what caused it
    (its __cause__ or __context__ chain), else None."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if _is_full(error):
            return error
        error = error.__cause__ or error.__context__
    return None


def full_disk_in_record(record):
    """(error, traceback) when a log record says the disk is full, else None:
    in its exception, or among its arguments (Pelican's copy_file logs the
    OSError it caught as one)."""
    if record.exc_info and record.exc_info[1] is not None:
        found = full_disk_error(record.exc_info[1])
        if found is not None:
            return found, record.exc_info[2]
    arguments = record.args if isinstance(record.args, tuple) else ()
    for argument in arguments:
        if isinstance(argument, BaseException) and full_disk_error(argument) is not None:
            return full_disk_error(argument), argument.__traceback__
    return None


def _under(path, folder):
    try:
        path = os.fspath(path)
    except TypeError:
        return False
    if not isinstance(path, str) or len(path) > PATH_MAX:  # a page's text is no path
        return False
    return os.path.abspath(path).startswith(folder.rstrip(os.sep) + os.sep)


def written_path(error, staging, output):
    """Where the build was writing when the disk filled, as the person
    building knows it: under ``output`` (the staging folder is gone by the
    time they read it), or as the error names it when it is elsewhere (the
    build cache); else ``output`` itself. Only the error's own file names
    count: a write (not an open) that fails names none, and then the folder
    is all that is said (the stack's local variables are not searched)."""
    candidates = [getattr(error, "filename2", None), getattr(error, "filename", None)]
    named = next((c for c in candidates if isinstance(c, str) and c), None)
    if staging:
        inside = next((c for c in candidates if _under(c, staging)), None)
        if inside is not None:
            relative = os.path.relpath(os.path.abspath(os.fspath(inside)), staging)
            return os.path.join(output, relative)
    return named or output.rstrip(os.sep) + os.sep


def message(path, output) -> str:
    return (
        f"the disk is full while writing {path}; nothing was published: {output.rstrip(os.sep)}/ is as it "
        "was before.\n    How to fix: make room on that disk (a build needs room for a second copy of the "
        "site while it runs: the new one is written beside the old), then build again."
    )
