import threading

from procedure_site.page_cache import keeping
from procedure_site.page_cache.keeping import Keeper


def test_writes_run_in_a_thread_and_drain_waits_for_them(monkeypatch):
    release, done, threads = threading.Event(), [], []

    def write(name):
        threads.append(threading.current_thread())
        release.wait(5)
        done.append(name)

    keeper = Keeper()
    keeper.keep(write, "a")
    keeper.keep(write, "b")
    assert done == []  # the build goes on meanwhile
    release.set()
    keeper.drain()
    assert done == ["a", "b"] and threading.current_thread() not in threads


def test_at_most_in_flight_wait_and_a_failed_write_is_let_go(monkeypatch):
    monkeypatch.setattr(keeping, "IN_FLIGHT", 2)
    release, done = threading.Event(), []

    def write(name):
        release.wait(5)
        if name == "bad":
            raise OSError("disk full")
        done.append(name)

    keeper = Keeper()
    keeper.keep(write, "bad")
    keeper.keep(write, "a")
    timer = threading.Timer(0.2, release.set)
    timer.start()
    keeper.keep(write, "b")  # waits for the first to finish: never more than 2 held
    assert release.is_set()
    keeper.drain()
    assert done == ["a", "b"]
