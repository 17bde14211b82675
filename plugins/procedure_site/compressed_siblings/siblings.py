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
builds are byte-identical. The ``compress`` stage of the output stages
(output_stages), after the search index; a page is compressed as
soon as it is minified, while its bytes are in memory (``SiblingWriter``,
handed to the minify stage), and this stage does every other text file.
Each file's bytes and sha256 come from the output index
(sitebuild/output_index.py): the cache's keys are made from that sha256, so
no file is read or hashed again here.

pelican-precompress does most of this, but skips files that compression would
not shrink and ignores failures in its worker processes.
"""

import gzip
import zlib
from importlib.metadata import version

import blinker
import brotli

from sitebuild.build_cache import blob_cache
from sitebuild.output_files import file_name, suffix

compressed_sibling = blinker.signal("compressed_sibling")

# file ending -> (Content-Encoding, compressor)
SIBLINGS = {
    ".br": ("br", lambda data: brotli.compress(data, mode=brotli.MODE_TEXT, quality=11)),
    ".gz": ("gzip", lambda data: gzip.compress(data, compresslevel=9, mtime=0)),
}
# What makes each sibling, for the cache's keys: another version or level
# makes other bytes. A key is made from the input's sha256, not its bytes
# ("of sha256": keys made from the bytes, before the output index, are
# another tool's).
TOOLS = {
    ".br": f"brotli {version('brotli')} text q11 of sha256",
    ".gz": f"gzip zlib {zlib.ZLIB_RUNTIME_VERSION} level 9 mtime 0 of sha256",
}


def compressed(data: bytes, sha256: str, ending: str, cache) -> bytes:
    """``data`` (whose hex sha256 is ``sha256``) compressed for ``ending``:
    from the cache when an earlier build compressed the same bytes, else made
    now (and kept)."""
    store = cache.get(ending) if cache else None
    key = store.key(sha256.encode()) if store else None
    found = store.get(key) if store else None
    if found is None:
        found = SIBLINGS[ending][1](data)
        if store:
            store.put(key, found)
    return found


class SiblingWriter:
    """Both siblings of one file at a time, through the output index: by the
    minify stage for each page it has just minified, and by this stage for
    the rest."""

    def __init__(self, index, settings):
        self.index = index
        self.extensions = frozenset(settings.get("COMPRESSED_SIBLING_EXTENSIONS", ()))
        cache = {ending: blob_cache(settings, ending.lstrip("."), tool) for ending, tool in TOOLS.items()}
        self.cache = cache if all(cache.values()) else None

    def wants(self, path: str) -> bool:
        """A text file whose siblings this build has not written yet."""
        return suffix(file_name(path)) in self.extensions and not all(
            self.index.made(path + ending) for ending in SIBLINGS
        )

    def write(self, path: str) -> list[tuple[str, str]] | None:
        """Both siblings of ``path`` written (run in a worker thread);
        (sibling's ending, Content-Encoding) of each, or None when the file
        gets none."""
        if not self.wants(path):
            return None
        data, sha256 = self.index.read(path), self.index.sha256(path)
        made = []
        for ending, (encoding, _compress) in SIBLINGS.items():
            self.index.write(path + ending, compressed(data, sha256, ending, self.cache))
            made.append((ending, encoding))
        return made

    @staticmethod
    def announce(original: str, made) -> None:
        """Each sibling announced, in one order, so every build says the same."""
        for ending, encoding in made or ():
            compressed_sibling.send(original + ending, original=original, encoding=encoding)


def write_siblings(index, settings):
    """The stage: both siblings of every text file that has none yet. The
    compressing runs on every core (brotli and zlib let go of Python's lock
    while they work) and only for bytes no earlier build of this flavour
    compressed."""
    writer = SiblingWriter(index, settings)
    for path, made in index.each([path for path in index.paths(writer.extensions) if writer.wants(path)], writer.write):
        writer.announce(path, made)


def register():
    """Nothing to connect: output_stages runs this part's stage, when
    COMPRESSED_SIBLING_EXTENSIONS turns it on."""
