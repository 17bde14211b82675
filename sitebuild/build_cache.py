"""What one build keeps for the next, and how the next knows it still holds.

Everything lives under one folder per build flavour (the settings file's
name: ``.cache/pelicanconf/``, ``.cache/publishconf/``, ``.cache/kioskconf/``)
beside the settings file, or under $SITEBUILD_CACHE. ``make clean`` removes
``.cache/``; a build with ``--no-cache`` neither reads nor writes it.

- ``<flavour>/<fingerprint>/``: what is only valid for one exact setup. The
  fingerprint is a hash of everything, other than the content, that can change
  what a build writes: every setting (command-line overrides included), every
  file of the theme (templates, CSS, scripts, translation catalogs) and of the
  plugins, the build runner's own code, the installed packages and their
  versions, the Python version, and today's date where the site lives (review
  dates are judged against it). Change any of them and the build starts from
  an empty folder: nothing made under other rules can leak in. The three
  folders used most recently are kept, so switching a setting back is warm.
  - ``read/``: each source file's Markdown output and metadata, keyed by its
    path and bytes (the markdown_reader plugin). Pelican's own content cache
    (CACHE_CONTENT, LOAD_CONTENT_CACHE) is left off: it holds every page's
    HTML in memory at once (see markdown_reader).
  - ``jinja/``: the compiled templates (Jinja's FileSystemBytecodeCache).
  - ``pages/``: what each page was made into (its facts and notices, its
    render: the page_cache plugin), keyed by the page's bytes and the site's
    metadata.
  The output folder a build replaces is moved to ``.cache/trash/`` and
  removed there in the background.
- ``<flavour>/blobs/``: results that depend only on input bytes and the tool's
  version (minified pages, brotli and gzip siblings), keyed by both
  (BlobCache below).

Every write is a new file renamed into place, so a reader sees a whole file or
none, and a cache that cannot be read or written only makes a build slower:
it is never a reason for a build to fail or to differ.

Nothing is removed while another build may be reading it. Each build holds a
shared lock on its flavour's folder (flock on ``<flavour>/.lock``) and marks
what it uses (a new file, or a touched one). After a successful build, if no
other build holds the lock, whatever this build did not use (older than its
start) is removed, and so are all but the three most recently used
fingerprint folders; else that waits for a later build.
"""

import datetime
import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import FileSystemBytecodeCache

PROJECT = Path(__file__).resolve().parent.parent
KEEP_FINGERPRINTS = 3
# Settings that say where a build goes or how it is made, not what it
# writes: the output folder (a new staging folder on every build), the
# cache's own folder, and how many processes read the pages the cache lacks
# (page_pool.py).
NOT_FINGERPRINTED = {"OUTPUT_PATH", "BUILD_CACHE_PATH", "BUILD_PROCESSES"}
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")  # repr() of a function or object: differs per process


def cache_root(settings_file) -> Path:
    """Where the flavours' folders live: $SITEBUILD_CACHE, else .cache beside
    the settings file."""
    override = os.environ.get("SITEBUILD_CACHE", "").strip()
    if override:
        return Path(override).resolve()
    return Path(settings_file).resolve().parent / ".cache"


def flavour(settings_file) -> str:
    return Path(settings_file).stem


def _hash_tree(digest, folder):
    folder = Path(folder)
    if not folder.is_dir():
        digest.update(f"missing {folder}\0".encode())
        return
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts or path.suffix == ".pyc" or not path.is_file():
            continue
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def installed_packages() -> list[str]:
    """The distributions Python can import from, with their versions, as the
    names of their metadata folders (``brotli-1.2.1.dist-info``): listing the
    folders is enough, and far quicker than reading each package's metadata."""
    found = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found += [f"{entry}/{name}" for name in names if name.endswith((".dist-info", ".egg-info", ".egg-link", ".pth"))]
    return sorted(found)


def fingerprint(settings) -> str:
    """A hash of everything but the content that can change a build's output."""
    digest = hashlib.sha256()
    shown = {name: value for name, value in settings.items() if name not in NOT_FINGERPRINTED}
    digest.update(_ADDRESS.sub("", repr(sorted(shown.items(), key=lambda item: item[0]))).encode())
    _hash_tree(digest, settings["THEME"])
    for folder in settings.get("PLUGIN_PATHS") or ():
        _hash_tree(digest, folder if os.path.isabs(folder) else PROJECT / folder)
    _hash_tree(digest, PROJECT / "sitebuild")
    digest.update("\n".join(installed_packages()).encode())
    digest.update(sys.version.encode())
    today = datetime.datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC")).date()
    digest.update(today.isoformat().encode())
    return digest.hexdigest()[:24]


class BuildCache:
    """One build's use of its flavour's cache folder (see the module's doc)."""

    def __init__(self, root, flavour_name, settings):
        self.flavour_folder = Path(root) / flavour_name
        self.folder = self.flavour_folder / fingerprint(settings)
        self.lock = None
        self.started = time.time()
        self.fresh = False  # True once start() made this setup's folder: nothing is cached for it

    def start(self, settings) -> dict:
        """Take the flavour's shared lock; the settings that turn caching on."""
        try:
            self.fresh = not (self.folder / "jinja").is_dir()
            (self.folder / "jinja").mkdir(parents=True, exist_ok=True)
            self.lock = open(self.flavour_folder / ".lock", "a+b")  # noqa: SIM115 (held for the build)
            fcntl.flock(self.lock, fcntl.LOCK_SH)
            os.utime(self.folder)  # most recently used: kept by prune()
        except OSError:
            if self.lock is not None:
                self.lock.close()
                self.lock = None
            return {}  # no cache folder to be had: a build without one
        return {
            "BUILD_CACHE_PATH": str(self.folder),
            # The templates compiled once, not in every build (Jinja checks
            # each template's source against what it compiled, and writes
            # whole files only).
            "JINJA_ENVIRONMENT": {
                **settings["JINJA_ENVIRONMENT"],
                "bytecode_cache": FileSystemBytecodeCache(str(self.folder / "jinja")),
                # Each build makes its environments afresh (the preview's
                # too), and the templates are part of this folder's name: a
                # template found once in a build is not looked at again on
                # every import (a stat per component per page: 0.1 s of a
                # cold build at 1,000 pages).
                "auto_reload": False,
            },
        }

    def finish(self, succeeded: bool) -> None:
        """After a successful build with nobody else at the cache, remove what
        it did not use; then let the lock go."""
        if self.lock is None:
            return
        try:
            if succeeded and self._alone():
                self.prune()
        finally:
            self.lock.close()  # and with it the lock

    def _alone(self) -> bool:
        """True when no other build of this flavour is running (the shared
        lock becomes exclusive)."""
        try:
            fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def prune(self) -> None:
        """Remove what this build did not use; keep the most recent fingerprints."""
        try:
            folders = [p for p in self.flavour_folder.iterdir() if p.is_dir() and p.name != "blobs"]
        except OSError:
            return
        folders.sort(key=lambda p: p.stat().st_mtime if p.exists() else 0, reverse=True)
        for stale in folders[KEEP_FINGERPRINTS:]:
            shutil.rmtree(stale, ignore_errors=True)
        unused = [self.folder / "pages", self.folder / "files", self.folder / "read"]
        blobs = self.flavour_folder / "blobs"
        if blobs.is_dir():
            unused += [kind for kind in blobs.iterdir() if kind.is_dir()]
        margin = 2  # seconds: a file system's times may be coarser than the clock's
        for folder in unused:
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                try:
                    if entry.stat().st_mtime < self.started - margin:
                        os.unlink(entry.path)
                except OSError:
                    pass


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so no reader ever sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def keep_unchanged_times(new_output, previous_output) -> int:
    """Give every file of ``new_output`` whose bytes equal the same file in
    ``previous_output`` that file's times, so a deploy or rsync that compares
    times sees only the files that really changed. Returns how many kept.

    The build writes into a fresh staging folder, so every file is new to the
    file system even when not one byte changed. (A build over the site before
    last settles each file's times as it sweeps that site: reused_site.py,
    ``settle_times``.)"""
    new_output, previous_output = Path(new_output), Path(previous_output)
    if not previous_output.is_dir():
        return 0
    kept = 0
    for folder, _subfolders, files in os.walk(new_output):
        relative = os.path.relpath(folder, new_output)
        for name in files:
            new = os.path.join(folder, name)
            try:
                kept += settle_times(new, os.stat(new), os.path.join(previous_output, relative, name))
            except OSError:
                continue
    return kept


def settle_times(new, new_stat, old, written_since=None) -> bool:
    """Give ``new`` the times of ``old`` (the same file in the site it
    replaces) when their bytes are the same; True when it did.

    With ``written_since`` (a build over the site before last: a file
    modified before then was left as that site had it, with its times), a
    file left so whose bytes are not ``old``'s gets the time of now: a page
    edited, then put back, would otherwise be older than the copy just
    served, and a deploy, rsync -u or a browser asking "modified since?"
    would keep that copy."""
    left_as_it_was = written_since is not None and new_stat.st_mtime_ns < written_since
    try:
        old_stat = os.stat(old)
    except OSError:  # none there (or a file where its folder would be)
        if left_as_it_was:
            os.utime(new)  # new to whoever has the site it replaces
        return False
    if left_as_it_was and (old_stat.st_size, old_stat.st_mtime_ns) == (new_stat.st_size, new_stat.st_mtime_ns):
        return True  # the same version: times go from a site to the next with the same bytes only
    if old_stat.st_size == new_stat.st_size and same_bytes(new, old):
        os.utime(new, ns=(old_stat.st_atime_ns, old_stat.st_mtime_ns))
        return True
    if left_as_it_was:
        os.utime(new)
    return False


# Compared a piece at a time: the production build's deploy-manifest.json is
# 50 MB at 10,000 pages, and reading it whole from both sites made this step
# the build's peak (about 70 MB more than the stages before it).
COMPARED = 1 << 20


def same_bytes(first, second) -> bool:
    with open(first, "rb") as a, open(second, "rb") as b:
        while True:
            piece = a.read(COMPARED)
            if piece != b.read(COMPARED):
                return False
            if not piece:
                return True


def touch(path) -> bool:
    """Mark a cache file as used by this build (see prune); False when it is gone."""
    try:
        os.utime(path)
        return True
    except OSError:
        return False


class BlobCache:
    """Results that depend only on their input's bytes and the tool that made
    them (a minified page, a brotli sibling), one file each, named by a hash
    of both: ``<flavour>/blobs/<kind>/<key>``. Shared by every fingerprint of
    a flavour."""

    def __init__(self, folder, tool: str):
        self.folder = Path(folder)
        self.tool = tool.encode()

    def key(self, data: bytes) -> str:
        return hashlib.sha256(self.tool + b"\0" + data).hexdigest()

    def get(self, key: str) -> bytes | None:
        try:
            with open(self.folder / key, "rb") as handle:
                found = handle.read()
        except OSError:
            return None
        touch(self.folder / key)
        return found

    def put(self, key: str, data: bytes) -> None:
        try:
            write_atomically(self.folder / key, data)
        except OSError:
            pass  # not kept: the next build makes it again


def blob_cache(settings, kind: str, tool: str) -> BlobCache | None:
    """The flavour's cache of ``kind`` results made by ``tool`` (name, version
    and options), or None when the build has no cache folder."""
    folder = settings.get("BUILD_CACHE_PATH")
    if not folder:
        return None
    return BlobCache(Path(folder).parent / "blobs" / kind, tool)


def discard_in_background(folder, trash) -> None:
    """Remove ``folder`` without waiting for it: it is moved into ``trash``
    (a folder of the cache, so nothing is left beside the output) and a
    separate ``rm -rf`` removes it. Deleting a replaced output of a thousand
    folders took over a second of a warm build, in rmdir alone. Where the
    move or rm cannot be had, it is removed here and now."""
    folder, trash = Path(folder), Path(trash)
    try:
        trash.mkdir(parents=True, exist_ok=True)
        target = trash / uuid.uuid4().hex
        os.rename(folder, target)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    stale = [str(p) for p in trash.iterdir() if p != target and time.time() - p.stat().st_mtime > 3600]
    try:
        subprocess.Popen(
            ["rm", "-rf", "--", str(target), *stale],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
