"""Which of Pagefind's files the website ships, and how each is cached: pure
rules, no Pelican, no Pagefind.

Pagefind writes its whole bundle: the search library the search page uses
(pagefind.js, its web worker, the WebAssembly of each language), the index
(pagefind-entry.json, one ``.pf_meta`` per language, ``index/``,
``fragment/`` and ``filter/`` chunks), and ready-made interfaces the site
does not use (pagefind-ui, component-ui, modular-ui, highlight). Only the
files named below are shipped: an upgrade that adds a file ships nothing new
unless it is added here.

A shard other than the first (shards.py) ships its index only: the search
page merges it into the first shard's Pagefind (``mergeIndex``), which loads
no library or WebAssembly of a merged index.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import PurePosixPath

import cbor2

ENTRY = "pagefind-entry.json"
LIBRARY = ("pagefind.js", "pagefind-worker.js", ENTRY)

# Files Pagefind names by a hash of their content: a changed index gets new
# names, so these can be cached for a year. The entry file, the library and
# the WebAssembly keep their names from build to build.
HASH_NAMED = (
    re.compile(r"pagefind\.[a-z0-9_-]+_[0-9a-f]+\.pf_meta"),
    re.compile(r"index/[a-z0-9_-]+_[0-9a-f]+\.pf_index"),
    re.compile(r"fragment/[a-z0-9_-]+_[0-9a-f]+\.pf_fragment"),
    re.compile(r"filter/[a-z0-9_-]+_[0-9a-f]+\.pf_filter"),
)


def wasm_files(entry: dict) -> set[str]:
    """The WebAssembly of each indexed language, as pagefind-entry.json names
    it (a language without a stemmer uses ``unknown``)."""
    return {f"wasm.{language.get('wasm') or 'unknown'}.pagefind" for language in entry["languages"].values()}


def is_hash_named(path: str) -> bool:
    """``path`` relative to the bundle folder, in POSIX form."""
    return any(pattern.fullmatch(path) for pattern in HASH_NAMED)


def shipped(paths, entry_text: str, library: bool = True) -> list[str]:
    """The bundle files the search page needs, of ``paths`` (relative to the
    bundle folder, POSIX), in sorted order; with ``library`` false, those of
    a merged index only (no script, no WebAssembly)."""
    wanted = set(LIBRARY) | wasm_files(json.loads(entry_text)) if library else {ENTRY}
    return sorted(p for p in paths if p in wanted or is_hash_named(PurePosixPath(p).as_posix()))


# --- Same pages, same bytes ------------------------------------------------------------
# Pagefind 1.5.2 writes the values of a filter (the departments) and the
# languages of pagefind-entry.json in hash-map order, which changes from run to
# run; Pagefind fixed it after 1.5.2 (pull request 1124, "completion of
# deterministic output"). Until a release has it, canonical() puts them in
# order. Each filter chunk and each language's .pf_meta is Pagefind's own
# gzip of "pagefind_dcd" and CBOR (cbor2 reads and writes them back
# byte for byte); the chunks are named by their content, so a sorted chunk
# gets a new name, and the .pf_meta that names it, and the entry that names
# the .pf_meta. pagefind.js finds every file by these names only.

SIGNATURE = b"pagefind_dcd"


def _decode(data: bytes):
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError("not a Pagefind index file")
    return cbor2.loads(raw[len(SIGNATURE) :])


def _encode(value) -> tuple[bytes, str]:
    """(file bytes, hex digest of the content): gzip without a time stamp."""
    raw = SIGNATURE + cbor2.dumps(value)
    return gzip.compress(raw, compresslevel=9, mtime=0), hashlib.sha256(raw).hexdigest()


def canonical(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle (path relative to the bundle folder -> bytes) with every
    filter's values, every language's filters and the entry's languages in
    sorted order."""
    files = dict(files)
    entry = json.loads(files[ENTRY])
    for language, info in sorted(entry["languages"].items()):
        # MetaIndex: [version, pages, index_chunks, filters, sorts, meta_fields]
        meta = _decode(files.pop(f"pagefind.{info['hash']}.pf_meta"))
        filters = []
        for name, chunk_hash in sorted(meta[3]):
            # FilterIndex: [filter, [[value, [page, ...]], ...]]
            chunk = _decode(files.pop(f"filter/{chunk_hash}.pf_filter"))
            chunk[1] = sorted(chunk[1], key=lambda value: value[0])
            data, digest = _encode(chunk)
            files[f"filter/{language}_{digest[:7]}.pf_filter"] = data
            filters.append([name, f"{language}_{digest[:7]}"])
        meta[3] = filters
        data, digest = _encode(meta)
        info["hash"] = f"{language}_{digest[:10]}"
        files[f"pagefind.{info['hash']}.pf_meta"] = data
    entry["languages"] = dict(sorted(entry["languages"].items()))
    files[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return files
