"""One shard's index files: Pagefind run over the shard's pages, or taken
from the build cache; no Pelican.

- Pagefind's command line (from pagefind_bin) reads a temporary folder of
  hard links to just the shard's pages, at their own output paths, so its
  URLs are theirs and its memory is bounded by the shard's size. Pagefind
  numbers pages in the order the file system lists them; the links are made
  in sorted order, which makes that order the same from build to build.
- What is kept is what ships: the files bundle.shipped() picks (the first
  shard with Pagefind's library and WebAssembly, every other one its index
  only), made canonical (bundle.canonical()), so a shard taken from the
  cache is byte for byte the one Pagefind would write again.
- The cache (the flavour's blobs, ``search/``) is keyed by the shard's inputs
  only: each page's output path and the sha256 of its bytes (given by the
  caller: the output index has it), and the shard's folder name (the first
  shard ships more files). The tool's name holds Pagefind's version, its
  command-line flags and the code that picks and sorts the files, since any
  of them changes what is kept. A blob holds a
  pickle of {path in the shard's folder: bytes}; one that cannot be read is
  a miss.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import pickle
import shutil
import subprocess
import tempfile
from pathlib import Path

import pagefind_bin

from . import bundle
from .bundle import ENTRY, canonical, shipped

FLAGS = ("--site", "--output-path", "--silent")
CODE = hashlib.sha256(Path(bundle.__file__).read_bytes() + Path(__file__).read_bytes()).hexdigest()[:16]
TOOL = f"pagefind {importlib.metadata.version('pagefind_bin')} {' '.join(FLAGS)}; site_search {CODE}"


def run_pagefind(site: Path, output: Path) -> None:
    """Pagefind's command line, from pagefind_bin, run to its end. (Not the
    Python API's service: Pagefind 1.5.2 acknowledges WriteFiles before its
    files are flushed, and the API then stops the service, which can cut a
    file short; fixed after 1.5.2 by Pagefind pull request 1272.)"""
    site_flag, output_flag, silent = FLAGS
    command = [str(pagefind_bin.get_executable()), site_flag, str(site), output_flag, str(output), silent]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed ({result.returncode}):\n{result.stdout}{result.stderr}")


def link_or_copy(source: Path, target: Path) -> None:
    """Pagefind only reads the pages: a hard link saves copying every page on
    every build; a copy where the temporary folder is on another disk."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def cache_input(pages: list[str], folder: str, sha256) -> bytes:
    """What a shard's files depend on, besides the tool: the bytes the cache
    key is made of. ``sha256(page)``: the hex sha256 of a page's bytes."""
    lines = [f"folder {folder}"]
    for page in sorted(pages):
        lines.append(f"{page}\0{sha256(page)}")
    return "\n".join(lines).encode("utf-8")


def indexed(output: Path, pages: list[str], library: bool) -> dict[str, bytes]:
    """Pagefind run over ``pages`` (paths relative to ``output``): the files
    that ship, canonical."""
    with tempfile.TemporaryDirectory(prefix="site-search-") as work:
        site, written = Path(work) / "site", Path(work) / "bundle"
        site.mkdir()
        for page in sorted(pages):
            (site / page).parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(output / page, site / page)
        run_pagefind(site, written)
        names = [p.relative_to(written).as_posix() for p in written.rglob("*") if p.is_file()]
        needed = shipped(names, (written / ENTRY).read_text(encoding="utf-8"), library=library)
        return canonical({name: (written / name).read_bytes() for name in needed})


def _from_cache(cache, key) -> dict[str, bytes] | None:
    data = cache.get(key)
    if data is None:
        return None
    try:
        files = pickle.loads(data)
    except Exception:  # a damaged blob: made again
        return None
    if not isinstance(files, dict) or ENTRY not in files:
        return None
    return files


def shard_files(output: Path, pages: list[str], folder: str, cache=None, sha256=None) -> dict[str, bytes]:
    """The shipped files of the shard in ``folder`` ("" for the first) over
    ``pages``, from ``cache`` (a BlobCache made with TOOL, or None) when it
    has them, else from Pagefind (and then kept there). ``sha256(page)``
    gives a page's hex sha256 for the cache's key (the output index's)."""
    key = cache.key(cache_input(pages, folder, sha256)) if cache is not None else None
    files = _from_cache(cache, key) if cache is not None else None
    if files is None:
        files = indexed(output, pages, library=not folder)
        if cache is not None:
            cache.put(key, pickle.dumps(files, protocol=pickle.HIGHEST_PROTOCOL))
    return files


def page_count(files: dict[str, bytes]) -> int:
    """How many pages a shard's entry says it indexed, in every language."""
    entry = json.loads(files[ENTRY])
    return sum(language["page_count"] for language in entry["languages"].values())
