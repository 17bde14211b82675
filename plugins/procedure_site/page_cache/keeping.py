"""The renders a build keeps, written by a thread of its own.

Why: an entry is written whole and renamed into place
(build_cache.write_atomically), two changes to a folder of thousands of
entries: about a quarter of a millisecond a page, which the build's process
spent between two renders of a cold build, while in ``make html`` the other
core had nothing left to do once the pages were read. The thread's file
calls let go of Python's lock, so the next page renders meanwhile.

At most IN_FLIGHT renders wait, their HTML held in memory; ``drain`` waits
for the rest (at ``finalized``, before the output stages, and before the
next build of the same process starts). A render that cannot be written,
for whatever reason, is not kept, as before: the next build renders the
page again.
"""

from collections import deque
from concurrent.futures import ThreadPoolExecutor

IN_FLIGHT = 32


class Keeper:
    def __init__(self):
        self._pool = None
        self._waiting = deque()

    def keep(self, write, *arguments) -> None:
        """``write(*arguments)`` in the thread; an OSError there is let go."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="page-cache")
        while len(self._waiting) >= IN_FLIGHT:
            self._waiting.popleft().result()
        self._waiting.append(self._pool.submit(_quietly, write, *arguments))

    def drain(self) -> None:
        """Every write handed over is done."""
        while self._waiting:
            self._waiting.popleft().result()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None


def _quietly(write, *arguments) -> None:
    try:
        write(*arguments)
    except Exception:  # noqa: BLE001 (a full disk, or worse: never the build's failure, and not a later page's)
        pass  # not kept: rendered again next time
