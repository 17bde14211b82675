"""The two compressed siblings of a text file (``.br`` and ``.gz``), as
bytes in and bytes out, so a pool worker can make them (page_pool.call).

Here, not in the compressed_siblings part that writes them, because a pool
worker is forked before Pelican loads the plugins and can import only what
is importable without the plugin path. The levels are fixed (brotli quality
11 in text mode, gzip level 9 with no timestamp), as pelican-precompress
fixes them, so every build of the same bytes gives the same bytes.
"""

import gzip
import zlib
from importlib.metadata import version

import brotli

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


def compress(data: bytes, endings: tuple[str, ...]) -> dict[str, bytes]:
    """{ending: ``data`` compressed for it} for each of ``endings``."""
    return {ending: SIBLINGS[ending][1](data) for ending in endings}
