"""How many processes a build runs: one per core it may run on
(sitebuild/cores.py)."""

import os

from sitebuild.cores import usable_cores


def test_a_build_counts_the_cores_it_may_run_on():
    assert usable_cores() == len(os.sched_getaffinity(0))
