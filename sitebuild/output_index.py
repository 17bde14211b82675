"""One index of a build's output, shared by the output stages, so each file
is read at most once and hashed at most once per build.

The output stages (plugins/procedure_site/output_stages) each used to list the output and
read back what they needed: a page was read about 6 times and hashed 4
(minify's cache key, its search shard's key, its compression key, the
manifest). Here the output is listed once, after Pelican has written it, and
every stage asks the index:

- ``read(path)``: the file's bytes. Read from disk the first time; a file a
  stage wrote is not read back (see "held" below).
- ``sha256(path)``, ``size(path)``: known as soon as the index has seen the
  bytes, read or written: the bytes are hashed then, the one moment they are
  in memory, since a later stage needs the hash (the search shards' and the
  compressed siblings' cache keys, the manifest) and keeping every file's
  bytes until then would not fit the memory budget. A file never read is
  read and hashed when its hash is first asked for.
- ``write(path, data)`` (or ``wrote`` when the stage wrote the file itself):
  a stage that changes or adds a file gives the index the new bytes, which
  are hashed again (new bytes, new hash); nothing is read back.
- ``remove_tree(folder)``: a folder a stage replaces (the search index).

Memory: the index keeps, for each file, its path, size and sha256 (a few
hundred bytes; about 10 MB for the 40,000 files of a 10,000-page production
build), never every file's bytes. Bytes are held only for a file a stage
wrote whose ending is in ``hold`` (the endings a later stage reads: the
compressed siblings' when the build compresses), until that stage reads them
(``read`` hands them over and lets go). The stages keep that small: a page
is minified and compressed in one pass (plugins/procedure_site/output_stages), so what is
held between stages is the sitemap, robots.txt and the search index's
scripts and entry files (a few MB at 10,000 pages); and ``each`` works
through files a batch at a time, so at most a batch of files' bytes (64) is
in memory at once.

Paths are output-relative POSIX paths, as ``output_files`` lists them. The
stages call ``read``, ``sha256`` and ``write`` from worker threads, each on
its own files: an entry is replaced whole, and each is touched by one thread.
"""

import hashlib
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor

from .cores import usable_cores
from .output_files import file_name, output_files, put, suffix
from .reused_site import mark_of, ours_since

BATCH = 64  # files whose bytes may be in memory at once in ``each``
MISSING = object()  # what ``each``'s ``kept`` returns when the cache lacks a result


class Entry:
    """What the index knows of one file: its sha256 and size once it has
    seen its bytes, the bytes themselves while they are held, and whether a
    stage of this build wrote it."""

    __slots__ = ("sha256", "size", "held", "made")

    def __init__(self):
        self.sha256 = None
        self.size = None
        self.held = None
        self.made = False


class OutputIndex:
    def __init__(self, output, paths: Iterable[str] = (), hold: Iterable[str] = ()):
        self.output = str(output)
        self.hold = frozenset(hold)
        self._files = {path: Entry() for path in paths}
        self.reused = False
        self.since_ns = None  # from when a file here is this build's (reused_site.ours_since)

    @classmethod
    def listed(cls, output, hold: Iterable[str] = ()) -> "OutputIndex":
        """Every file of ``output`` as it is now (``output_files``); in a
        build writing over a kept site, every file this build has written
        (reused_site.py): what is left of the old site is not the site."""
        found = mark_of(output)
        index = cls(output, output_files(output, since_ns=found.since_ns if found else None), hold)
        index.reused = found is not None
        index.since_ns = ours_since(output)
        return index

    def __contains__(self, path: str) -> bool:
        return path in self._files

    def __len__(self) -> int:
        return len(self._files)

    def paths(self, endings=None) -> list[str]:
        """Every file (or those whose ending is in ``endings``), sorted."""
        if endings is None:
            return sorted(self._files)
        return sorted(path for path in self._files if suffix(file_name(path)) in endings)

    def full_path(self, path: str) -> str:
        return os.path.join(self.output, path)

    # --- Bytes and hashes ------------------------------------------------------

    def read(self, path: str) -> bytes:
        """The file's bytes: those a stage wrote and the index holds (and then
        lets go of), else read from disk (and hashed, as they are seen)."""
        entry = self._files[path]
        if entry.held is not None:
            data, entry.held = entry.held, None
            return data
        with open(self.full_path(path), "rb") as handle:
            data = handle.read()
        self._seen(entry, data)
        return data

    def sha256(self, path: str) -> str:
        """The hex sha256 of the file's bytes, hashed once."""
        entry = self._files[path]
        if entry.sha256 is None:
            self.read(path)
        return entry.sha256

    def hash_all(self, paths: list[str]) -> None:
        """Every file of ``paths`` the index has not seen yet (for the
        manifest: images, fonts, the search index's chunks) read and hashed,
        on every core."""
        unseen = [path for path in paths if self._files[path].sha256 is None]
        for _path, _sha256 in self.each(unseen, self.sha256):
            pass

    def size(self, path: str) -> int:
        entry = self._files[path]
        if entry.size is None:
            self.read(path)
        return entry.size

    def made(self, path: str) -> bool:
        """Whether a stage of this build wrote the file (not one left in a
        reused output folder by an earlier build)."""
        entry = self._files.get(path)
        return entry is not None and entry.made

    # --- Changes -----------------------------------------------------------------

    def write(self, path: str, data: bytes, sha256: str | None = None) -> None:
        """Write ``data`` to the file (its folder must exist) and record it
        (``sha256``: its hex sha256, when the stage has it already)."""
        put(self.full_path(path), data, self.since_ns)
        self.wrote(path, data, sha256)

    def wrote(self, path: str, data: bytes, sha256: str | None = None) -> None:
        """Record that a stage wrote ``data`` to the file itself."""
        entry = Entry()
        entry.made = True
        self._seen(entry, data, sha256)
        if suffix(file_name(path)) in self.hold:
            entry.held = data
        self._files[path] = entry

    def remove_tree(self, folder: str) -> None:
        """Remove ``folder`` (output-relative) and everything in it. Over a
        kept site its old files are left for the build's end to remove
        (reused_site.py): the stage writes most of them again, the same."""
        if not self.reused:
            shutil.rmtree(self.full_path(folder), ignore_errors=True)
        prefix = folder.rstrip("/") + "/"
        for path in [path for path in self._files if path.startswith(prefix)]:
            del self._files[path]

    @staticmethod
    def _seen(entry: Entry, data: bytes, sha256: str | None = None) -> None:
        entry.sha256 = sha256 or hashlib.sha256(data).hexdigest()
        entry.size = len(data)

    # --- Work over many files ------------------------------------------------------

    def each(self, paths: list[str], work: Callable[[str], object],
             kept: Callable[[str], object] | None = None) -> Iterator[tuple[str, object]]:
        """(path, work(path)) for each of ``paths``, in their order. The work
        runs on every usable core (reading, hashing, brotli and zlib let go of
        Python's lock), a batch at a time, so only a batch of files is ever in
        memory whatever the size of the site.

        ``kept(path)``, when given, is tried first, in this thread: it does
        the work when all it needs is in the build cache, and returns MISSING
        when not, and only those paths go to the threads. Work made of cache
        reads and file writes is mostly Python between short system calls,
        which two threads only take turns at: a warm production build's
        minify stage took 0.58 s on two threads and 0.41 s on one."""
        with ThreadPoolExecutor(max_workers=usable_cores()) as pool:
            for start in range(0, len(paths), BATCH):
                batch = paths[start : start + BATCH]
                if kept is None:
                    yield from zip(batch, pool.map(work, batch))
                    continue
                done = {path: kept(path) for path in batch}
                rest = [path for path in batch if done[path] is MISSING]
                done.update(zip(rest, pool.map(work, rest)))
                yield from ((path, done[path]) for path in batch)

    def hand_back(self, path: str, data: bytes) -> None:
        """Hold ``data``, the file's bytes just read, for the next ``read``:
        a stage's ``kept`` that read a file and found nothing in the cache
        hands them to the work that goes on in a thread, which would
        otherwise read the file again. (At most a batch of them.)"""
        self._files[path].held = data

    def let_go(self, path: str) -> None:
        """The bytes held for ``path`` are not needed after all (a stage
        found what it makes from them in the cache)."""
        entry = self._files.get(path)
        if entry is not None:
            entry.held = None
