"""Writes a brotli (.br) and a gzip (.gz) sibling beside every text file.

``index.html`` gets ``index.html.br`` and ``index.html.gz`` with the same
content, compressed once at build time at the highest level, for origins
that serve precompressed files (nginx ``gzip_static``/``brotli_static``, or
an edge function in front of object storage). Every file with an ending in
COMPRESSED_SIBLING_EXTENSIONS gets both, even where compression does not
help, so an origin may rely on the sibling being there.

Each sibling is announced on the named blinker signal ``compressed_sibling``
(sender: its output-relative path; ``original=`` and ``encoding=``), so the
http_headers plugin gives it its original's headers and a Content-Encoding.

Written the same way every time (gzip header time 0, fixed levels), so two
builds are byte-identical. Runs in the granular ``compress`` stage, after
the pages are minified, and after site_search writes the search index on
the same stage: receivers run in the order they were connected, which is
the order of PLUGINS (Pelican 4.10 and later), and publishconf.py lists this
plugin after site_search.

pelican-precompress does most of this, but skips files that compression would
not shrink and ignores failures in its worker processes.
"""

import gzip
import zlib
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

import blinker
import brotli
import pelican.plugins.granular_signals

from sitebuild.build_cache import blob_cache
from sitebuild.cores import usable_cores
from sitebuild.output_files import output_files
from sitebuild.plugin_guard import in_this_build

compressed_sibling = blinker.signal("compressed_sibling")

# file ending -> (Content-Encoding, compressor)
SIBLINGS = {
    ".br": ("br", lambda data: brotli.compress(data, mode=brotli.MODE_TEXT, quality=11)),
    ".gz": ("gzip", lambda data: gzip.compress(data, compresslevel=9, mtime=0)),
}
BATCH = 64
# What makes each sibling, for the cache's keys: another version or level
# makes other bytes.
TOOLS = {
    ".br": f"brotli {version('brotli')} text q11",
    ".gz": f"gzip zlib {zlib.ZLIB_RUNTIME_VERSION} level 9 mtime 0",
}


def text_files(output: Path, extensions) -> list[Path]:
    return [output / path for path in output_files(output, extensions)]


def compressed(data: bytes, ending: str, cache) -> bytes:
    """``data`` compressed for ``ending``: from the cache when an earlier build
    compressed the same bytes, else made now (and kept)."""
    store = cache.get(ending) if cache else None
    key = store.key(data) if store else None
    found = store.get(key) if store else None
    if found is None:
        found = SIBLINGS[ending][1](data)
        if store:
            store.put(key, found)
    return found


def write_siblings(pelican):
    """Both siblings of every text file. The compressing runs on every core
    (brotli and zlib let go of Python's lock while they work) and only for
    bytes no earlier build of this flavour compressed; the files are written
    and announced in one order, so every build says the same."""
    if not in_this_build(pelican, __package__):
        return
    output = Path(pelican.output_path)
    extensions = set(pelican.settings.get("COMPRESSED_SIBLING_EXTENSIONS", ()))
    cache = {ending: blob_cache(pelican.settings, ending.lstrip("."), tool) for ending, tool in TOOLS.items()}
    cache = cache if all(cache.values()) else None
    paths = text_files(output, extensions)

    def siblings(path):
        data = path.read_bytes()
        return [(ending, compressed(data, ending, cache)) for ending in SIBLINGS]

    with ThreadPoolExecutor(max_workers=usable_cores()) as pool:
        # A batch at a time, so a large site is never held in memory whole.
        for start in range(0, len(paths), BATCH):
            batch = paths[start : start + BATCH]
            for path, made in zip(batch, pool.map(siblings, batch)):
                original = path.relative_to(output).as_posix()
                for ending, data in made:
                    path.with_name(path.name + ending).write_bytes(data)
                    compressed_sibling.send(original + ending, original=original, encoding=SIBLINGS[ending][0])


def register():
    pelican.plugins.granular_signals.register()
    blinker.signal("compress").connect(write_siblings)
