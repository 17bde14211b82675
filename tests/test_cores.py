"""A build counts the cores it may use: its affinity, capped by its control
group's CPU quota (sitebuild/cores.py), on fake cgroup trees."""

import os

import pytest

from sitebuild.cores import count_cores, quota_cpus

AFFINITY = len(os.sched_getaffinity(0))


def tree(tmp_path, membership: str, files: dict[str, str]):
    root = tmp_path / "cgroup"
    root.mkdir()
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text + "\n", encoding="ascii")
    proc = tmp_path / "proc-self-cgroup"
    proc.write_text(membership, encoding="ascii")
    return root, proc


QUOTAS = {
    # cgroup v2: a quota on the build's own group
    "own group": ("0::/ci.slice/job-7.scope\n", {
        "cpu.max": "max 100000",
        "ci.slice/cpu.max": "max 100000",
        "ci.slice/job-7.scope/cpu.max": "100000 100000",
    }, 1.0, 1),
    # a parent's quota binds its children; a part of a core still does work
    "parent group": ("0::/ci.slice/job-7.scope\n", {
        "ci.slice/cpu.max": "150000 100000",
        "ci.slice/job-7.scope/cpu.max": "max 100000",
    }, 1.5, min(AFFINITY, 2)),
    # inside a container, /proc/self/cgroup names a group its own mount does
    # not have: the mount's root holds the container's quota
    "container": ("0::/docker/0123abcd\n", {"cpu.max": "50000 100000"}, 0.5, 1),
    # cgroup v1, cpu and cpuacct mounted together
    "v1": ("4:memory:/x\n3:cpu,cpuacct:/kubepods/pod1\n0::/\n", {
        "cpu,cpuacct/cpu.cfs_quota_us": "-1",
        "cpu,cpuacct/cpu.cfs_period_us": "100000",
        "cpu,cpuacct/kubepods/pod1/cpu.cfs_quota_us": "100000",
        "cpu,cpuacct/kubepods/pod1/cpu.cfs_period_us": "100000",
    }, 1.0, 1),
}


@pytest.mark.parametrize("case", QUOTAS)
def test_a_cpu_quota_caps_the_count(tmp_path, case):
    membership, files, cpus, cores = QUOTAS[case]
    root, proc = tree(tmp_path, membership, files)
    assert quota_cpus(root, proc) == cpus
    assert count_cores(root, proc) == cores


@pytest.mark.parametrize("files", [
    {"cpu.max": "max 100000"},  # v2, no quota
    {},  # no controller files at all
    {"cpu.max": "garbled"},
])
def test_no_quota_leaves_the_cores_the_build_may_run_on(tmp_path, files):
    root, proc = tree(tmp_path, "0::/\n", files)
    assert quota_cpus(root, proc) is None
    assert count_cores(root, proc) == AFFINITY


def test_no_cgroup_file_system_leaves_the_affinity(tmp_path):
    assert count_cores(tmp_path / "none", tmp_path / "no-such-file") == AFFINITY


def test_the_build_forks_one_copy_per_usable_core_unless_told(monkeypatch):
    import procedure_site.page_cache.prefill
    from procedure_site import page_cache

    monkeypatch.setattr(page_cache.prefill, "usable_cores", lambda: 1)  # a one-CPU quota
    assert page_cache.prefill.processes({"BUILD_PROCESSES": None}) == 1
    assert page_cache.prefill.processes({"BUILD_PROCESSES": 3}) == 3
