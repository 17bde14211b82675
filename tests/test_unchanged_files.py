"""sitebuild/unchanged_files.py: a file whose bytes are the same as in the
site the build replaces is linked to it, keeping its times; a file is never
written into while it has another name, so a build never changes the site
being served."""

import os
import shutil

from conftest import ALLOW_FIXTURES, build
from sitebuild import unchanged_files
from test_parallel_build import catalog  # noqa: F401 (a fixture)


def site(tmp_path, files):
    tmp_path.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    return tmp_path


def test_the_same_bytes_are_linked_with_their_times_and_other_bytes_written(tmp_path):
    old = site(tmp_path / "old", {"same.html": b"<p>same", "other.html": b"<p>old"})
    os.utime(old / "same.html", ns=(1_000_000_000, 1_000_000_000))
    new = tmp_path / "new"
    new.mkdir()
    assert unchanged_files.write(str(new / "same.html"), b"<p>same", str(old / "same.html"))
    assert os.path.samefile(new / "same.html", old / "same.html")
    assert (new / "same.html").stat().st_mtime_ns == 1_000_000_000
    assert not unchanged_files.write(str(new / "other.html"), b"<p>new", str(old / "other.html"))
    assert (new / "other.html").read_bytes() == b"<p>new" and (old / "other.html").read_bytes() == b"<p>old"
    assert not unchanged_files.write(str(new / "only.html"), b"<p>x", str(old / "only.html"))  # nothing to link
    assert not unchanged_files.write(str(new / "none.html"), b"<p>x", None)
    assert (new / "none.html").read_bytes() == b"<p>x"


def test_a_file_shared_with_the_served_site_is_never_written_into(tmp_path):
    old = site(tmp_path / "old", {"page.html": b"<p>served"})
    new = site(tmp_path / "new", {})
    os.link(old / "page.html", new / "page.html")  # as an earlier write in this build left it
    assert not unchanged_files.write(str(new / "page.html"), b"<p>changed", str(tmp_path / "nowhere"))
    assert (old / "page.html").read_bytes() == b"<p>served"
    assert (new / "page.html").read_bytes() == b"<p>changed"
    assert not os.path.samefile(new / "page.html", old / "page.html")
    # A file of this build's own (Pelican wrote it) is replaced by the link when unchanged.
    (new / "own.html").write_bytes(b"<p>raw")
    (old / "own.html").write_bytes(b"<p>min")
    assert unchanged_files.write(str(new / "own.html"), b"<p>min", str(old / "own.html"))
    assert os.path.samefile(new / "own.html", old / "own.html")


def test_only_a_regular_file_with_every_byte_the_same_is_linked(tmp_path, monkeypatch):
    big = os.urandom(3 * unchanged_files.PIECE + 5)
    old = site(tmp_path / "old", {"big.json": big, "late.json": big[:-1] + b"!"})
    outside = site(tmp_path / "outside", {"secret.html": b"<p>x"})
    os.symlink(outside / "secret.html", old / "link.html")
    new = site(tmp_path / "new", {})
    assert unchanged_files.write(str(new / "big.json"), big, str(old / "big.json"))
    assert not unchanged_files.write(str(new / "late.json"), big, str(old / "late.json"))  # differs in its last piece
    assert (new / "late.json").read_bytes() == big
    assert not unchanged_files.write(str(new / "link.html"), b"<p>x", str(old / "link.html"))
    assert not (new / "link.html").is_symlink() and not os.path.samefile(new / "link.html", outside / "secret.html")
    # Another file system (no hard links there): written.
    monkeypatch.setattr(os, "link", lambda *_a, **_k: (_ for _ in ()).throw(OSError(18, "cross-device")))
    (old / "same.css").write_bytes(b"a{}")
    assert not unchanged_files.write(str(new / "same.css"), b"a{}", str(old / "same.css"))
    assert (new / "same.css").read_bytes() == b"a{}"


def inodes(folder):
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_after_an_edit_a_production_build_links_what_did_not_change_and_leaves_the_served_site_whole(
        tmp_path, catalog):  # noqa: F811 (the fixture)
    env = {"SITEURL": "https://guides.example.org", "SITEBUILD_CACHE": str(tmp_path / "cache")}
    output = tmp_path / "output"
    first = build(output, content=catalog, settings="publishconf.py", env=env, overrides=ALLOW_FIXTURES)
    assert first.returncode == 0, first.stderr
    served = os.path.realpath(output)
    # What the served site holds, kept aside by a link of its own (the build
    # removes the replaced site once it is replaced).
    kept = tmp_path / "kept"
    shutil.copytree(served, kept, copy_function=os.link)
    before = {path: (kept / path).read_bytes() for path in inodes(kept)}
    page = catalog / "procedures" / "procedure-03.md"
    head, blank, body = page.read_text(encoding="utf-8").partition("\n\n")
    page.write_text(head + blank + "Most patients go home the same day. " + body, encoding="utf-8")
    second = build(output, content=catalog, settings="publishconf.py", env=env, overrides=ALLOW_FIXTURES)
    assert second.returncode == 0, second.stderr
    assert {path: (kept / path).read_bytes() for path in inodes(kept)} == before  # not one byte of it changed
    old, new = inodes(kept), inodes(output)
    linked = {path for path in new if old.get(path) == new[path]}
    edited = {path for path in new if path.startswith("procedures/procedure-03/")}
    assert edited and not edited & linked
    for path in ("procedures/procedure-04/index.html", "procedures/procedure-04/index.html.br",
                 "procedures/procedure-04/index.html.gz", "sitemap.xml.br"):
        assert path in linked, path
    assert "deploy-manifest.json" not in linked  # the edited page's hash changed
