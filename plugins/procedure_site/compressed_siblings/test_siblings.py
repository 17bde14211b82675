import gzip
import types

import brotli

from procedure_site.compressed_siblings.siblings import write_siblings


def test_every_text_file_gets_both_siblings_even_a_tiny_one(tmp_path):
    (tmp_path / "robots.txt").write_bytes(b"x")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    settings = {"COMPRESSED_SIBLING_EXTENSIONS": [".txt"], "PLUGINS": ["procedure_site"]}
    write_siblings(types.SimpleNamespace(output_path=str(tmp_path), settings=settings))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photo.png", "robots.txt", "robots.txt.br", "robots.txt.gz"]
    assert brotli.decompress((tmp_path / "robots.txt.br").read_bytes()) == b"x"
    compressed = (tmp_path / "robots.txt.gz").read_bytes()
    assert gzip.decompress(compressed) == b"x"
    assert compressed[4:8] == b"\0\0\0\0"  # no timestamp in the gzip header: reproducible


def test_a_build_that_does_not_use_the_site_gets_no_siblings(tmp_path):
    """Plugins stay connected for the whole process; a build of another site
    in the same process must not get .br and .gz files."""
    (tmp_path / "robots.txt").write_bytes(b"x")
    settings = {"COMPRESSED_SIBLING_EXTENSIONS": [".txt"], "PLUGINS": ["another_plugin"]}
    write_siblings(types.SimpleNamespace(output_path=str(tmp_path), settings=settings))
    assert [p.name for p in tmp_path.iterdir()] == ["robots.txt"]
