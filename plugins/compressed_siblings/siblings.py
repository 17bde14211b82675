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
the pages are minified.

pelican-precompress does most of this, but skips files that compression would
not shrink and ignores failures in its worker processes.
"""

import gzip
from pathlib import Path

import blinker
import brotli
import pelican.plugins.granular_signals

compressed_sibling = blinker.signal("compressed_sibling")

# file ending -> (Content-Encoding, compressor)
SIBLINGS = {
    ".br": ("br", lambda data: brotli.compress(data, mode=brotli.MODE_TEXT, quality=11)),
    ".gz": ("gzip", lambda data: gzip.compress(data, compresslevel=9, mtime=0)),
}


def text_files(output: Path, extensions) -> list[Path]:
    return sorted(p for p in output.rglob("*") if p.is_file() and p.suffix in extensions)


def in_this_build(pelican) -> bool:
    """Plugins stay connected for the life of the process, which may also run
    builds whose settings do not name this plugin (the kiosk's, say)."""
    return __package__ in pelican.settings["PLUGINS"]


def write_siblings(pelican):
    if not in_this_build(pelican):
        return
    output = Path(pelican.output_path)
    extensions = set(pelican.settings.get("COMPRESSED_SIBLING_EXTENSIONS", ()))
    for path in text_files(output, extensions):
        data = path.read_bytes()
        original = path.relative_to(output).as_posix()
        for ending, (encoding, compress) in SIBLINGS.items():
            path.with_name(path.name + ending).write_bytes(compress(data))
            compressed_sibling.send(original + ending, original=original, encoding=encoding)


def register():
    pelican.plugins.granular_signals.register()
    blinker.signal("compress").connect(write_siblings)
