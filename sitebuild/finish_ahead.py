"""A page's minified bytes and compressed siblings made in the build's pool
while Pelican is still writing the other pages, into the caches the minify
and compress stages read.

Why: in a cold production build the build's process renders and writes the
pages for about 3.5 s at 1,000 pages (the lookup pages included) while the
pool's workers, done reading, wait; then the minify and compress stages
spend most of the build (9.5 s of 19 s, measured) on minify-html and brotli
quality 11, on both cores. Handing each page to the pool as it is written
uses the idle core during rendering. The stages are unchanged and run in
their order (plugins/procedure_site/output_stages): they find these results
in the blob cache, as they would find an earlier build's, keyed by the
same hashes of the same bytes, made by the same functions
(sitebuild/page_minify.py, sitebuild/compression.py), so the site is the
same bytes whoever made them.

Only a page rendered by this build is handed over, by page_cache's writer,
with the bytes it has just written: a page written from its kept render is
unchanged since the build that rendered it, so its results are most likely
in the cache already (and the stages make whatever is not). So the build's
process reads nothing back and hashes nothing for it.

Bounded: at most ``IN_FLIGHT`` pages per worker wait in the pool. A page
rendered while they all wait is not handed over (its bytes are not held in
the build's process); the stage does it, as before. So the build's memory
does not grow with the site, and rendering never waits for the pool.
"""

import hashlib
import os
from concurrent.futures import wait as wait_for

from . import page_pool
from .build_cache import BlobCache
from .compression import compress
from .page_minify import minified_page

IN_FLIGHT = 4  # pages waiting per worker: enough to keep each busy between two writes


class Ahead:
    """The pages of one build handed to the pool, by ``hand_over``."""

    def __init__(self, minified: BlobCache, siblings: dict[str, BlobCache], workers: int):
        self.minified = (str(minified.folder), minified.tool.decode())
        self.siblings = {ending: (str(cache.folder), cache.tool.decode()) for ending, cache in siblings.items()}
        self.limit = IN_FLIGHT * workers
        self.waiting = []

    def hand_over(self, data: bytes) -> bool:
        """Hand a page just rendered (``data``, the bytes written) to the
        pool, unless it has enough waiting. Whether it was handed over.
        Nothing is read or hashed here: the worker looks in the cache."""
        self.waiting = [future for future in self.waiting if not future.done()]
        if len(self.waiting) >= self.limit:
            return False
        future = page_pool.call(finish, data, self.minified, self.siblings)
        if future is None:
            return False
        self.waiting.append(future)
        return True

    def settle(self) -> None:
        """Wait for what the pool still has (at most ``limit`` pages), so the
        stages find it; a failed one is done by its stage."""
        wait_for(self.waiting)
        self.waiting = []


def finish(data: bytes, minified_at: tuple[str, str], siblings_at: dict[str, tuple[str, str]]) -> None:
    """In a pool worker: the page ``data`` minified and each sibling of the
    minified bytes made, kept where the stages look (BlobCache folder, tool),
    under the keys they use: the hex sha256 of the bytes they are given."""
    cache = BlobCache(*minified_at)
    key = cache.key(hashlib.sha256(data).hexdigest().encode())
    minified = cache.get(key)
    if minified is None:
        minified = minified_page(data.decode("utf-8")).encode("utf-8")
        cache.put(key, minified)
    digest = hashlib.sha256(minified).hexdigest().encode()
    for ending, (folder, tool) in siblings_at.items():
        sibling = BlobCache(folder, tool)
        sibling_key = sibling.key(digest)
        if not os.path.exists(sibling.folder / sibling_key):
            sibling.put(sibling_key, compress(minified, (ending,))[ending])
