import gzip
import hashlib

import blinker
import brotli

from procedure_site.compressed_siblings.siblings import SiblingWriter, write_siblings
from sitebuild.output_index import OutputIndex

SETTINGS = {"COMPRESSED_SIBLING_EXTENSIONS": [".txt"]}


def test_every_text_file_gets_both_siblings_even_a_tiny_one(tmp_path):
    (tmp_path / "robots.txt").write_bytes(b"x")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    index = OutputIndex.listed(tmp_path)
    write_siblings(index, SETTINGS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photo.png", "robots.txt", "robots.txt.br", "robots.txt.gz"]
    assert brotli.decompress((tmp_path / "robots.txt.br").read_bytes()) == b"x"
    compressed = (tmp_path / "robots.txt.gz").read_bytes()
    assert gzip.decompress(compressed) == b"x"
    assert compressed[4:8] == b"\0\0\0\0"  # no timestamp in the gzip header: reproducible
    # The index has each sibling's hash and size, so the headers stage reads none back.
    assert index.sha256("robots.txt.gz") == hashlib.sha256(compressed).hexdigest()
    assert index.size("robots.txt.gz") == len(compressed) and index.made("robots.txt.gz")


def test_siblings_are_announced_in_order_for_the_headers(tmp_path):
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_bytes(b"text")
    heard = []

    def hear(path, original, encoding):
        heard.append((path, original, encoding))

    blinker.signal("compressed_sibling").connect(hear)
    try:
        write_siblings(OutputIndex.listed(tmp_path), SETTINGS)
    finally:
        blinker.signal("compressed_sibling").disconnect(hear)
    assert heard == [("a.txt.br", "a.txt", "br"), ("a.txt.gz", "a.txt", "gzip"),
                     ("b.txt.br", "b.txt", "br"), ("b.txt.gz", "b.txt", "gzip")]  # fmt: skip


def test_a_file_compressed_as_it_was_written_is_not_compressed_again(tmp_path):
    """The minify stage hands each page to the writer as it writes it; the
    compress stage then leaves that page alone, and the bytes the index held
    for it are let go of."""
    (tmp_path / "page.txt").write_bytes(b"old")
    index = OutputIndex.listed(tmp_path, hold={".txt"})
    writer = SiblingWriter(index, SETTINGS)
    index.write("page.txt", b"new")
    made = writer.write("page.txt")
    assert made == [(".br", "br"), (".gz", "gzip")]
    assert gzip.decompress((tmp_path / "page.txt.gz").read_bytes()) == b"new"
    assert not writer.wants("page.txt")
    (tmp_path / "page.txt.gz").write_bytes(b"stand-in")
    write_siblings(index, SETTINGS)
    assert (tmp_path / "page.txt.gz").read_bytes() == b"stand-in"


def test_siblings_left_by_an_earlier_build_are_made_again(tmp_path):
    """An output folder used again (the devserver) has last build's siblings:
    they are not this build's, so the file is compressed again."""
    (tmp_path / "a.txt").write_bytes(b"new")
    (tmp_path / "a.txt.br").write_bytes(b"stale")
    (tmp_path / "a.txt.gz").write_bytes(b"stale")
    write_siblings(OutputIndex.listed(tmp_path), SETTINGS)
    assert gzip.decompress((tmp_path / "a.txt.gz").read_bytes()) == b"new"


def test_with_a_pool_the_compressing_runs_in_a_worker_not_in_the_build(tmp_path, monkeypatch):
    """The worker was forked before the build's process broke its own
    compressor here: right bytes prove the worker made them."""
    from sitebuild import compression, page_pool

    with page_pool.started({"BUILD_PROCESSES": 1}):
        monkeypatch.setitem(compression.SIBLINGS, ".br", ("br", lambda data: b"made in the build's process"))
        (tmp_path / "robots.txt").write_bytes(b"User-agent: *")
        write_siblings(OutputIndex.listed(tmp_path), SETTINGS)
    assert brotli.decompress((tmp_path / "robots.txt.br").read_bytes()) == b"User-agent: *"


def test_without_a_pool_the_build_compresses_itself(tmp_path, monkeypatch):
    from sitebuild import compression

    monkeypatch.setitem(compression.SIBLINGS, ".br", ("br", lambda data: b"made here"))
    (tmp_path / "robots.txt").write_bytes(b"User-agent: *")
    write_siblings(OutputIndex.listed(tmp_path), SETTINGS)
    assert (tmp_path / "robots.txt.br").read_bytes() == b"made here"
