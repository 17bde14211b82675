"""The key of a page's entries: its path and bytes, and the site key.

A page's facts and render depend on the other pages only through what their
headers say (titles, slugs, languages and statuses make the links, the
language switcher and the A-Z lists) and on the other files only through
their names and bytes (links to them, their fingerprinted names). So the
site key is the header of every page (its lines up to the first blank one,
with the file's path) and the hash of every other file: an edit to one
page's text keeps every other page's entries; an edit to any page's header,
or an added, removed or changed file, starts every page afresh. Everything
else a page depends on (settings, theme, plugins, packages, the date) is in
the name of the cache folder (sitebuild/build_cache.py).
"""

import hashlib
import os
import stat
from pathlib import Path

from sitebuild.page_source import header  # noqa: F401 (the cache's keys are made of it; tests import it here)

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")


def site_key(content_root) -> bytes:
    """Every page's header and every other file's bytes, with their paths.

    Only ordinary files are read: the build refuses a link or a named pipe in
    the content folder before this runs (content_files), but a hidden one,
    which the build ignores, is listed here too, and reading it would follow
    the link or wait on the pipe for ever. (os.walk does not enter a linked
    folder.)"""
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(content_root):
        subfolders.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            try:
                if not stat.S_ISREG(os.lstat(path).st_mode):
                    continue
                data = Path(path).read_bytes()
            except OSError:
                data = b"\0unreadable"
            relative = os.path.relpath(path, content_root)
            kept = header(data) if name.lower().endswith(MARKDOWN_SUFFIXES) else hashlib.sha256(data).digest()
            digest.update(f"{relative}\0{len(kept)}\0".encode() + kept)
    return digest.digest()


def page_key(site: bytes, source_path: str) -> str | None:
    """The key of the page in ``source_path`` (None: it cannot be read)."""
    try:
        data = Path(source_path).read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(site)
    digest.update(source_path.encode() + b"\0" + data)
    return digest.hexdigest()
