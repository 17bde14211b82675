"""How many cores a build may keep busy: the ones it may run on (its CPU
affinity), capped by any CPU quota of its control group (cgroup v2 ``cpu.max``
or v1 ``cpu.cfs_quota_us``), where containers and CI runners set their limit.

``os.cpu_count()`` counts the machine's cores: in a container limited to one
CPU on a 64-core host it says 64, and a build forking 64 copies of itself
would run slower and could run out of memory. ``os.sched_getaffinity`` sees
CPU pinning but not quotas.

Written here rather than taken from loky (``loky.cpu_count``, which does the
same): loky reads only the cgroup file system's root, so it misses a quota
set on the build's own group when the group is not the root of its own
namespace (a systemd unit with ``CPUQuota=``, a CI job's slice), and its
import costs every build about 55 ms and two more packages.
"""

import functools
import math
import os
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC_CGROUP = Path("/proc/self/cgroup")


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None


def _limit(quota: str | None, period: str | None) -> float | None:
    """CPUs allowed by one group's quota and period; None when unlimited or unreadable."""
    try:
        quota_us, period_us = int(quota), int(period)
    except (TypeError, ValueError):
        return None  # "max" (v2), absent, or garbled
    if quota_us <= 0 or period_us <= 0:
        return None  # v1 says -1 for no quota
    return quota_us / period_us


def _group_and_parents(mount: Path, group: str):
    """The group's folder under ``mount`` and each parent up to the mount:
    a parent's quota binds its children too. A group path not found under
    the mount (a container sees its own group as the root) falls back to the
    mount itself."""
    folder = mount / group.lstrip("/")
    if not folder.is_dir():
        yield mount
        return
    while True:
        yield folder
        if folder == mount:
            return
        folder = folder.parent


def quota_cpus(cgroup_root: Path = CGROUP_ROOT, proc_cgroup: Path = PROC_CGROUP) -> float | None:
    """The tightest CPU quota over the process's control group and its
    parents, in CPUs (1.5 = one and a half); None when there is none."""
    membership = _read(proc_cgroup)
    if membership is None:
        return None
    limits = []
    for line in membership.splitlines():
        hierarchy, _, rest = line.partition(":")
        controllers, _, group = rest.partition(":")
        if hierarchy == "0" and controllers == "":  # cgroup v2: one unified tree
            for folder in _group_and_parents(cgroup_root, group):
                quota, _, period = (_read(folder / "cpu.max") or "").partition(" ")
                limits.append(_limit(quota, period))
        elif "cpu" in controllers.split(","):  # cgroup v1: the cpu controller's own tree
            for mount in (cgroup_root / controllers, cgroup_root / "cpu"):
                if mount.is_dir():
                    for folder in _group_and_parents(mount, group):
                        limits.append(_limit(_read(folder / "cpu.cfs_quota_us"),
                                             _read(folder / "cpu.cfs_period_us")))
                    break
    limits = [limit for limit in limits if limit is not None]
    return min(limits) if limits else None


def count_cores(cgroup_root: Path = CGROUP_ROOT, proc_cgroup: Path = PROC_CGROUP) -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    quota = quota_cpus(cgroup_root, proc_cgroup)
    if quota is not None:
        # A quota of 1.5 CPUs still lets two processes each do useful work.
        cores = min(cores, math.ceil(quota))
    return max(1, cores)


@functools.cache
def usable_cores() -> int:
    """How many processes or threads of CPU work a build should run at once."""
    return count_cores()
