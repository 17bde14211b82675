"""The files of a build's output folder, as sorted output-relative POSIX paths.

The output stages list the whole output, once, for their index
(output_index.py). With pathlib (``rglob``, ``is_file``, ``relative_to``)
that listing was the largest part of the headers stage at 10,000 pages (about
2 s of 9, under a profiler): every path object is built, parsed and stat'ed
again, where ``os.scandir`` already knows which entries are files.

It is also the one home of the Content-Type rule (``content_type``): the
content check (plugins/procedure_site/content_types), which refuses a file before anything
is written, and the headers and manifest (plugins/procedure_site/http_headers), which send
each output file with its type, must never disagree about a file.
"""

import os
import shutil
import stat


def suffix(name: str) -> str:
    """A file name's ending, as pathlib's ``PurePath.suffix`` gives it
    (``.html``; none for ``.htaccess`` or ``name.``)."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def file_name(path: str) -> str:
    """The last part of ``path``, split at ``/`` or ``\\`` (what
    ``PurePosixPath(path.replace("\\", "/")).name`` gives a file's path,
    without building a path object: it runs for every file of the site)."""
    return path[max(path.rfind("/"), path.rfind("\\")) + 1 :]


def content_type(path: str, types: dict) -> str | None:
    """The Content-Type ``path`` (a file's output-relative path) is served
    with, from ``types`` (the CONTENT_TYPES setting): by its whole name
    (``_headers``), else by its ending in small letters (``Scan.PNG``: the
    type of ``.png``); None when ``types`` has neither."""
    name = file_name(path)
    return types.get(name) or types.get(suffix(name).lower())


def output_files(output, endings=None, since_ns=None) -> list[str]:
    """Every file under ``output`` (or only those whose ending is in
    ``endings``), sorted, as ``folder/name`` relative to ``output``: what
    pathlib's ``rglob("*")`` and ``is_file()`` list (a link to a file
    counts; a broken link, a pipe or a socket does not; a linked folder is
    not entered), from the types scandir already read. With ``since_ns``
    (a build writing over a kept site: reused_site.py), only the files this
    build has written or kept so far: those changed since then."""
    found = []
    folders = [(str(output), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, prefix + entry.name + "/"))
            elif entry.is_file() and (endings is None or suffix(entry.name) in endings):
                if since_ns is None or entry.stat(follow_symlinks=False).st_ctime_ns >= since_ns:
                    found.append(prefix + entry.name)
    found.sort()
    return found


def put(path: str, data: bytes, ours_since_ns: int | None = None) -> bool:
    """Make the file at ``path`` hold ``data`` (``_put`` says how). A file
    made between the look and the create (files_ahead's worker makes each
    file the build is about to write, empty, and may get there in between)
    is looked at once more, as a file found there."""
    try:
        return _put(path, data, ours_since_ns)
    except FileExistsError:
        return _put(path, data, ours_since_ns)


def _put(path: str, data: bytes, ours_since_ns: int | None = None) -> bool:
    """Make the file at ``path`` hold ``data`` (its folder must exist).
    Returns False when it already did: in a build writing over a kept site
    (reused_site.py), most files have not changed, and reading one to find
    that out costs a tenth of writing it. Such a file is left as it was, with
    its times set to what they were, which marks it as this build's (its
    ctime). A file that differs is replaced by a new one, never changed in
    place: whoever still reads the old one reads it whole, and a hard link
    to it elsewhere is left alone.

    Except a file this build has already written (``ours_since_ns``, the
    mark of a build writing over a kept site, or 0 in a folder made empty
    for this build: reused_site.ours_since; its ctime is at or after it)
    and that has no other link: it holds none of an older site, and nothing
    serves it, so it is written over where it is. That is a page Pelican
    wrote and the minify stage now rewrites: about 6 µs here, against 50 µs
    to remove a file and create another (2,000 pages in every production
    build). In a folder made empty for this build almost every file is new,
    so it is created first and only one found there is compared: one system
    call for each new file rather than a failed open and then the create
    (12,000 files in a cold production build at 1,000 pages)."""
    if ours_since_ns == 0:
        try:
            return _create(path, data)
        except FileExistsError:
            pass  # this build wrote it already (or a folder or link is there): as below
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        handle = None
    except OSError:  # a link, or not a file: replaced
        os.unlink(path)
        handle = None
    if handle is not None:
        try:
            found = os.fstat(handle)
            if stat.S_ISREG(found.st_mode) and found.st_size == len(data) and _read(handle, len(data)) == data:
                os.utime(handle, ns=(found.st_atime_ns, found.st_mtime_ns))
                return False
        finally:
            os.close(handle)
        if (ours_since_ns is not None and stat.S_ISREG(found.st_mode) and found.st_nlink == 1
                and found.st_ctime_ns >= ours_since_ns):
            _write_over(path, data)
            return True
        if stat.S_ISDIR(found.st_mode):
            shutil.rmtree(path)  # an older site's folder where this build puts a file
        else:
            os.unlink(path)
    return _create(path, data)


def put_files(root, files: dict[str, bytes], ours_since_ns: int | None = None) -> None:
    """``put`` each of ``files`` ({path relative to ``root``: bytes}), making
    each folder once (a shard of the search index, a chunk of lookup files:
    many files to few folders)."""
    root = str(root)
    for folder in sorted({os.path.dirname(os.path.join(root, name)) for name in files}):
        os.makedirs(folder, exist_ok=True)
    for name, data in sorted(files.items()):
        put(os.path.join(root, name), data, ours_since_ns)


def _create(path: str, data: bytes) -> bool:
    with open(path, "xb") as written:
        written.write(data)
    return True


def _write_over(path: str, data: bytes) -> None:
    handle = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
    try:
        left = memoryview(data)
        while left:
            left = left[os.write(handle, left) :]
        os.ftruncate(handle, len(data))
    finally:
        os.close(handle)


def _read(handle: int, size: int) -> bytes:
    pieces, left = [], size
    while left > 0:
        piece = os.read(handle, left)
        if not piece:
            break
        pieces.append(piece)
        left -= len(piece)
    return b"".join(pieces)
