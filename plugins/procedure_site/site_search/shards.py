"""Which search shard each page's index goes into: pure arithmetic, no
Pelican, no Pagefind.

One Pagefind run over every page needs memory in proportion to the pages
(about 280 MB at 1,000 pages, so near 3 GB at 10,000) and has to be run
again in full after any edit. So each language's pages are split into
``n`` buckets, and each bucket number is one Pagefind run (a shard):

- ``n`` is 1 up to SEARCH_SHARD_PAGES pages, else the smallest power of two
  with no more than SEARCH_SHARD_PAGES pages a bucket on average. A power of
  two, so that pages change buckets only when a language's catalog about
  doubles (or halves), not whenever a page is added: with ``n`` doubled, a
  page of bucket ``k`` goes to ``k`` or ``k + n``.
- A page's bucket is a hash of its output path, modulo ``n``: it depends on
  nothing but that path and ``n``, so an added or removed page never moves
  another page (which would make the next build index both shards again).
- Shard ``k`` indexes the pages of every language whose bucket is ``k``.
  Shard 0 holds every language with a single bucket, and it is the one the
  search page loads Pagefind's library from, so each language must have
  pages there (first_shard_gaps).
"""

from __future__ import annotations

import hashlib
import math


def setting_problem(value) -> str | None:
    """What is wrong with SEARCH_SHARD_PAGES, or None."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return (
            f"SEARCH_SHARD_PAGES is {value!r}; it must be a whole number of pages, 1 or more "
            "(the most pages one run of Pagefind indexes, on average)."
        )
    return None


def shard_count(pages: int, per_shard: int) -> int:
    """How many buckets a language of ``pages`` published pages is split into."""
    if pages <= per_shard:
        return 1
    return 1 << (math.ceil(pages / per_shard) - 1).bit_length()


def bucket(save_as: str, shards: int) -> int:
    """The bucket of the page written to ``save_as`` (output-relative, POSIX)
    when its language has ``shards`` buckets."""
    return int.from_bytes(hashlib.sha256(save_as.encode("utf-8")).digest(), "big") % shards


def assign(pages: dict[str, str], per_shard: int) -> dict[str, int]:
    """Each page's shard, from ``pages``: output path -> language."""
    counts: dict[str, int] = {}
    for lang in pages.values():
        counts[lang] = counts.get(lang, 0) + 1
    shards = {lang: shard_count(count, per_shard) for lang, count in counts.items()}
    return {save_as: bucket(save_as, shards[lang]) for save_as, lang in pages.items()}


def language_shards(pages: dict[str, str], assignment: dict[str, int]) -> dict[str, list[int]]:
    """For each language, the shards that hold any of its pages, in order."""
    found: dict[str, set[int]] = {}
    for save_as, lang in pages.items():
        found.setdefault(lang, set()).add(assignment[save_as])
    return {lang: sorted(shards) for lang, shards in sorted(found.items())}


def first_shard_gaps(pages: dict[str, str], assignment: dict[str, int]) -> list[str]:
    """The languages with pages but none in shard 0. The search page cannot
    load a language whose first shard lacks it (Pagefind's primary index
    would fall back to another language's pages)."""
    return [lang for lang, shards in language_shards(pages, assignment).items() if shards[0] != 0]


def folder(shard: int) -> str:
    """A shard's folder within PAGEFIND_DIR: shard 0 is PAGEFIND_DIR itself."""
    return "" if shard == 0 else f"shard-{shard}"
