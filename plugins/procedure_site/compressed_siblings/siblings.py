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
no file is read or hashed again here. The compressing itself runs in the
workers of the build's pool (sitebuild/page_pool.py, sitebuild/compression.py),
as pelican-precompress compresses in a multiprocessing pool: what brotli
allocates then never adds to the build's own process, which holds the site.

pelican-precompress does most of this, but skips files that compression would
not shrink and ignores failures in its worker processes.
"""

import blinker

from sitebuild import page_pool
from sitebuild.build_cache import blob_cache
from sitebuild.compression import SIBLINGS, TOOLS, compress
from sitebuild.output_files import file_name, suffix
from sitebuild.output_index import MISSING

compressed_sibling = blinker.signal("compressed_sibling")


def compressed(data: bytes, sha256: str, cache) -> dict[str, bytes]:
    """{ending: ``data`` (whose hex sha256 is ``sha256``) compressed for it},
    for every sibling: from the cache when an earlier build compressed the
    same bytes, else made now, in a worker of the build's pool when it has
    one (and kept)."""
    stores = {ending: cache.get(ending) for ending in SIBLINGS} if cache else {}
    keys = {ending: store.key(sha256.encode()) for ending, store in stores.items() if store}
    found = {ending: stores[ending].get(key) for ending, key in keys.items()}
    missing = tuple(ending for ending in SIBLINGS if found.get(ending) is None)
    if missing:
        made = None
        future = page_pool.call(compress, data, missing)
        if future is not None:
            try:
                made = future.result()
            except Exception:  # noqa: BLE001 (a worker that died: compressed here instead)
                made = None
        if made is None:
            made = compress(data, missing)
        for ending, value in made.items():
            found[ending] = value
            if ending in keys:
                stores[ending].put(keys[ending], value)
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
        return self.write_found(path, compressed(self.index.read(path), self.index.sha256(path), self.cache))

    def kept(self, sha256: str) -> dict[str, bytes] | None:
        """{ending: the bytes whose hex sha256 is ``sha256`` compressed for
        it}, when the cache has both; else None."""
        if self.cache is None:
            return None
        found = {}
        for ending in SIBLINGS:
            store = self.cache[ending]
            found[ending] = store.get(store.key(sha256.encode()))
            if found[ending] is None:
                return None
        return found

    def write_kept(self, path: str):
        """``write(path)`` when the cache has both siblings (in the stage's
        own thread: output_index ``each``), else output_index.MISSING."""
        if not self.wants(path):
            return None
        data = self.index.read(path)
        found = self.kept(self.index.sha256(path))
        if found is None:
            self.index.hand_back(path, data)  # for write(), which compresses them
            return MISSING
        return self.write_found(path, found)

    def write_found(self, path: str, siblings: dict[str, bytes]) -> list[tuple[str, str]]:
        """Both ``siblings`` of ``path`` written."""
        made = []
        for ending, (encoding, _compress) in SIBLINGS.items():
            self.index.write(path + ending, siblings[ending])
            made.append((ending, encoding))
        return made

    @staticmethod
    def announce(original: str, made) -> None:
        """Each sibling announced, in one order, so every build says the same."""
        for ending, encoding in made or ():
            compressed_sibling.send(original + ending, original=original, encoding=encoding)


def write_siblings(index, settings):
    """The stage: both siblings of every text file that has none yet. The
    compressing runs on every core, in the build's pool (sitebuild/page_pool.py)
    as pelican-precompress runs it in a multiprocessing pool, and only for
    bytes no earlier build of this flavour compressed."""
    writer = SiblingWriter(index, settings)
    paths = [path for path in index.paths(writer.extensions) if writer.wants(path)]
    for path, made in index.each(paths, writer.write, kept=writer.write_kept):
        writer.announce(path, made)


def register():
    """Nothing to connect: output_stages runs this part's stage, when
    COMPRESSED_SIBLING_EXTENSIONS turns it on."""
