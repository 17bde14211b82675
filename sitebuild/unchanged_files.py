"""A file whose bytes are the same as in the site this build replaces is
linked to that site's file instead of written again.

Why: a build writes a whole new site beside the old one, so that ``output/``
is a whole site at every instant (staging.py), and then gives each file
whose bytes did not change its old times (build_cache.keep_unchanged_times),
so rsync and the deploy see only what changed. After one page's text is
edited, that is every one of the 10,000 files of a 1,000-page production
build created again and then compared with the old one, for about twenty
that differ. Creating a file costs this machine about 130 µs and a hard
link about 6 µs (measured, ext4); a link also keeps the file's times, so
keep_unchanged_times has nothing to read for it.

Safe because no file is ever written in place once it may be shared: a
path that already exists is removed before it is written again when it
has another name (``st_nlink`` above 1), so a new build never changes a
file of the site being served, and a link is made only at a file's last
write, by the output stages (output_index.py). Only regular files are
linked (``lstat``, ``follow_symlinks=False``), and only when every byte is
the same, compared a piece at a time (the manifest is 50 MB at 10,000
pages). A link that cannot be made (another file system) is a write.
"""

import os
import stat

PIECE = 1 << 20  # bytes compared at a time


def write(full: str, data: bytes, previous: str | None) -> bool:
    """``data`` into the file ``full``: a hard link to ``previous`` (the same
    file in the replaced site, or None) when that holds exactly ``data``,
    else written (never into a file that has another name). Whether it was
    linked."""
    if previous is not None and _same(previous, data):
        try:
            _remove(full)
            os.link(previous, full, follow_symlinks=False)
            return True
        except OSError:
            pass  # written below
    try:
        if os.lstat(full).st_nlink > 1:
            os.unlink(full)  # shared with the site being served: a file of its own
    except FileNotFoundError:
        pass
    with open(full, "wb") as handle:
        handle.write(data)
    return False


def _same(path: str, data: bytes) -> bool:
    try:
        status = os.lstat(path)
        if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
            return False
        with open(path, "rb") as handle:
            if len(data) <= PIECE:
                return handle.read() == data
            # bytes against bytes: a memoryview compares item by item, 300 times slower
            return all(handle.read(PIECE) == data[start : start + PIECE] for start in range(0, len(data), PIECE))
    except OSError:
        return False


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
