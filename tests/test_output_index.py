"""sitebuild/output_index.py: the output listed once; each file read once and
hashed once; a stage's new bytes recorded, never read back."""

import hashlib

import pytest

from sitebuild import output_index
from sitebuild.output_index import OutputIndex


@pytest.fixture
def output(tmp_path):
    for name, data in {"index.html": b"<p>page", "a/b.css": b"b{}", "img/x.png": b"\x89PNG"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    return tmp_path


@pytest.fixture
def reads(monkeypatch):
    """Every file the index opens."""
    opened = []
    real_open = open

    def counted(path, mode="r", *args, **kwargs):
        opened.append((str(path), mode))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(output_index, "open", counted, raising=False)
    return opened


def test_the_output_is_listed_sorted_and_by_ending(output):
    index = OutputIndex.listed(output)
    assert index.paths() == ["a/b.css", "img/x.png", "index.html"]
    assert index.paths({".css", ".html"}) == ["a/b.css", "index.html"]
    assert "index.html" in index and "nothing.html" not in index and len(index) == 3


def test_a_file_is_read_once_and_hashed_as_it_is_read(output, reads):
    index = OutputIndex.listed(output)
    assert reads == []  # listing reads nothing
    assert index.read("index.html") == b"<p>page"
    assert index.sha256("index.html") == hashlib.sha256(b"<p>page").hexdigest()
    assert index.size("index.html") == 7
    assert index.sha256("img/x.png") == hashlib.sha256(b"\x89PNG").hexdigest()
    assert index.size("img/x.png") == 4
    assert [path for path, _mode in reads] == [str(output / "index.html"), str(output / "img/x.png")]


def test_new_bytes_are_hashed_as_they_are_written_and_never_read_back(output, reads):
    index = OutputIndex.listed(output)
    index.write("index.html", b"<p>new")
    index.write("index.html.gz", b"zz")
    assert (output / "index.html").read_bytes() == b"<p>new"
    assert index.sha256("index.html") == hashlib.sha256(b"<p>new").hexdigest()
    assert index.size("index.html.gz") == 2 and index.made("index.html.gz") and not index.made("a/b.css")
    assert reads == []  # hashed as written: not opened again


def test_written_text_is_held_until_a_later_stage_reads_it_once(output, reads):
    index = OutputIndex.listed(output, hold={".html"})
    index.write("index.html", b"<p>new")
    index.write("img/x.png", b"PNG2")
    assert index.read("index.html") == b"<p>new"  # handed over, not read back
    assert index._files["index.html"].held is None and index._files["img/x.png"].held is None
    assert reads == []


def test_a_removed_folder_leaves_the_index(output):
    index = OutputIndex.listed(output)
    index.remove_tree("a")
    assert not (output / "a").exists()
    assert index.paths() == ["img/x.png", "index.html"]


def test_work_over_many_files_keeps_their_order_and_only_a_batch_at_a_time(output, monkeypatch):
    monkeypatch.setattr(output_index, "BATCH", 2)
    index = OutputIndex(output)
    running, most = set(), []

    def work(path):
        running.add(path)
        most.append(len(running))
        return path.upper()

    paths = [f"p{n}" for n in range(7)]
    done = []
    for path, result in index.each(paths, work):
        done.append((path, result))
        running.discard(path)
    assert done == [(path, path.upper()) for path in paths]
    assert max(most) <= 2


def test_hash_all_reads_only_what_the_index_has_not_seen(output, reads):
    index = OutputIndex.listed(output)
    index.read("index.html")
    index.hash_all(index.paths())
    expected = sorted(str(output / path) for path in ("a/b.css", "img/x.png", "index.html"))
    assert sorted(path for path, _mode in reads) == expected


def test_what_the_cache_has_is_done_here_and_the_rest_in_the_threads(output, reads):
    """``each`` with ``kept``: kept() runs in the calling thread; a path it
    returns MISSING for goes to ``work`` in a thread, which finds the bytes
    kept() read handed back (not read again); results stay in path order."""
    import threading

    index = OutputIndex.listed(output)
    here, there = [], []

    def kept(path):
        here.append(threading.current_thread())
        if path == "index.html":
            index.hand_back(path, index.read(path))
            return output_index.MISSING
        return f"kept {path}"

    def work(path):
        there.append(threading.current_thread())
        return f"made {path} from {index.read(path)!r}"

    done = list(index.each(index.paths(), work, kept=kept))
    assert done == [("a/b.css", "kept a/b.css"), ("img/x.png", "kept img/x.png"),
                    ("index.html", "made index.html from b'<p>page'")]
    assert set(here) == {threading.current_thread()} and threading.current_thread() not in there
    assert [path for path, _mode in reads] == [str(output / "index.html")]  # read once
    assert index._files["index.html"].held is None  # handed over to work()
