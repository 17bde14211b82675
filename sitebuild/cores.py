"""How many cores a build may keep busy: the ones this process may run on.

``os.sched_getaffinity`` counts the cores the process is allowed to run on
(CPU pinning, ``taskset``, a container's ``--cpuset-cpus``), where
``os.cpu_count()`` counts the machine's. A CPU quota (a container's
``--cpus``, a CI job's limit) is not seen by either: a build that runs under
one says how many processes to use with BUILD_PROCESSES in pelicanconf.py.
"""

import functools
import os


@functools.cache
def usable_cores() -> int:
    """How many processes or threads of CPU work a build should run at once."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no affinity on this system (macOS)
        return os.cpu_count() or 1
