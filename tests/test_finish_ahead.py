"""Pages minified and compressed in the build's pool while Pelican is still
writing the rest (sitebuild/finish_ahead.py, plugins/procedure_site/output_stages/ahead.py):
the stages then find them in the cache, made from the same bytes by the
same functions, and the site is the same as one built in one process
(test_parallel_build.py compares a cold parallel production build with a
one-process one, file by file)."""

import os
from concurrent.futures import Future

import pytest

from conftest import in_a_fork
from sitebuild import finish_ahead, page_pool
from sitebuild.build_cache import blob_cache
from sitebuild.compression import TOOLS, compress
from sitebuild.output_index import OutputIndex
from sitebuild.page_minify import TOOL, minified_page
from test_build_cache import assert_same_files
from test_parallel_build import Events, catalog, in_process_build, one_process_build  # noqa: F401 (catalog: a fixture)

PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><title>A page</title>
<style>  body { margin : 0 }  </style></head>
<body>  <p>  Call   us.  </p>  </body></html>
"""


def caches(tmp_path):
    settings = {"BUILD_CACHE_PATH": str(tmp_path / "cache" / "fingerprint"), "COMPRESSED_SIBLING_EXTENSIONS": [".html"]}
    minified = blob_cache(settings, "minified", TOOL)
    siblings = {ending: blob_cache(settings, ending.lstrip("."), tool) for ending, tool in TOOLS.items()}
    return settings, minified, siblings


def where(cache):
    return str(cache.folder), cache.tool.decode()


def test_a_page_finished_ahead_is_what_the_stages_find_and_would_have_made(tmp_path, monkeypatch):
    from procedure_site.compressed_siblings import siblings as sibling_stage
    from procedure_site.minify_output import minify

    settings, minified, siblings = caches(tmp_path)
    finish_ahead.finish(PAGE, where(minified), {ending: where(cache) for ending, cache in siblings.items()})

    def not_again(*_arguments):
        raise AssertionError("the stage made again what the pool had made")

    monkeypatch.setattr(minify, "minified_page", not_again)
    monkeypatch.setattr(sibling_stage, "compress", not_again)
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_bytes(PAGE)
    index = OutputIndex.listed(output, [".html"])
    minify.minify_pages(index, settings, then=sibling_stage.SiblingWriter(index, settings))

    expected = minified_page(PAGE.decode()).encode()
    assert expected != PAGE
    assert (output / "index.html").read_bytes() == expected
    made = compress(expected, (".br", ".gz"))
    assert (output / "index.html.br").read_bytes() == made[".br"]
    assert (output / "index.html.gz").read_bytes() == made[".gz"]


def test_pages_are_handed_over_while_few_wait(tmp_path, monkeypatch):
    _settings, minified, siblings = caches(tmp_path)
    handed = []

    def call(function, data, *_where):
        assert function is finish_ahead.finish
        handed.append(data)
        return Future()

    monkeypatch.setattr(page_pool, "call", call)
    ahead = finish_ahead.Ahead(minified, siblings, workers=1)
    pages = [PAGE.replace(b"A page", f"Page {number}".encode()) for number in range(finish_ahead.IN_FLIGHT + 2)]
    assert [ahead.hand_over(page) for page in pages] == [True] * finish_ahead.IN_FLIGHT + [False, False]
    assert handed == pages[: finish_ahead.IN_FLIGHT]
    for future in ahead.waiting:
        future.set_result(None)
    assert ahead.hand_over(pages[-1])  # room again once one is done
    ahead.waiting[-1].set_result(None)
    ahead.settle()
    assert ahead.waiting == []
    # No pool (a small site): nothing is handed over, the stages do it all.
    monkeypatch.setattr(page_pool, "call", lambda *_arguments: None)
    assert not ahead.hand_over(pages[0])


def test_a_page_the_cache_has_finished_is_left_as_it_is(tmp_path, monkeypatch):
    _settings, minified, siblings = caches(tmp_path)
    at = (where(minified), {ending: where(cache) for ending, cache in siblings.items()})
    finish_ahead.finish(PAGE, *at)
    kept = {path: path.read_bytes() for path in (tmp_path / "cache").rglob("*") if path.is_file()}
    assert len(kept) == 3
    monkeypatch.setattr(finish_ahead, "minified_page", lambda _html: "made again")
    monkeypatch.setattr(finish_ahead, "compress", lambda *_arguments: {".br": b"again", ".gz": b"again"})
    finish_ahead.finish(PAGE, *at)
    assert {path: path.read_bytes() for path in (tmp_path / "cache").rglob("*") if path.is_file()} == kept


def watched_build(tmp_path, catalog, name):  # noqa: F811 (catalog: the fixture's folder)
    """A parallel production build in a fork of this process; (the title of
    each page finished ahead, with the process that did it; the titles of
    the pages the minify stage minified itself; the build's process id)."""
    events = Events(tmp_path / f"{name}.log")

    def build_here():
        import functools

        from procedure_site.minify_output import minify

        finish, stage_minify = finish_ahead.finish, minify.minified_page

        @functools.wraps(finish)  # the pool finds it by this name, in the worker forked from here
        def noted_finish(data, *where):
            events.note("finished", data.split(b"<title>", 1)[1].split(b"<", 1)[0].decode())
            return finish(data, *where)

        def noted_minify(html):
            events.note("minified-by-stage", html.split("<title>", 1)[1].split("<", 1)[0])
            return stage_minify(html)

        finish_ahead.finish = noted_finish
        minify.minified_page = noted_minify
        status = in_process_build(tmp_path / name, catalog, "--settings", "publishconf.py")
        return status, os.getpid()

    status, here = in_a_fork(build_here)
    assert status == 0
    seen = events.read()
    finished = [(int(pid), title) for pid, kind, title in seen if kind == "finished"]
    by_stage = {title for _pid, kind, title in seen if kind == "minified-by-stage"}
    return finished, by_stage, here


def test_in_a_parallel_production_build_the_pool_finishes_pages_the_stages_then_leave_alone(
        tmp_path, catalog, monkeypatch):  # noqa: F811 (catalog: the fixture)
    """Deterministic: the first page rendered always finds the pool free, and
    the stages start only once the pool has finished what it was given."""
    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("SITEURL", "https://guides.example.org")
    finished, by_stage, here = watched_build(tmp_path, catalog, "cold")
    assert finished and all(pid != here for pid, _ in finished)  # in the pool's workers
    assert not by_stage & {title for _, title in finished}
    pages = sorted((tmp_path / "cold").glob("procedures/*/index.html"))
    assert pages and all(page.with_name("index.html.br").exists() for page in pages)

    # After one page's text is edited, that page alone is rendered, so it
    # alone is handed over: the others are written from their kept renders.
    page = catalog / "procedures" / "procedure-03.md"
    head, blank, body = page.read_text(encoding="utf-8").partition("\n\n")
    page.write_text(head + blank + "Most patients go home the same day. " + body, encoding="utf-8")
    finished, by_stage, here = watched_build(tmp_path, catalog, "warm")
    assert [title.split(" |")[0].strip() for _pid, title in finished] == ["Procedure 03"]
    assert finished[0][0] != here and not by_stage


def test_a_worker_that_dies_finishing_a_page_leaves_the_work_to_the_stages(tmp_path, catalog, monkeypatch):  # noqa: F811
    """A worker killed while minifying or compressing (out of memory, say)
    must not hang the build or change what it writes."""
    monkeypatch.setenv("SITEBUILD_CACHE", str(tmp_path / "cache"))
    env = {"SITEURL": "https://guides.example.org"}
    monkeypatch.setenv("SITEURL", env["SITEURL"])

    def build_here():
        def dies(*_arguments):
            os._exit(1)

        # The pool's worker finds the function by its name, in the module it
        # inherited from this process.
        dies.__module__, dies.__qualname__ = finish_ahead.__name__, "finish"
        finish_ahead.finish = dies
        return in_process_build(tmp_path / "parallel", catalog, "--settings", "publishconf.py")

    assert in_a_fork(build_here) == 0
    single = one_process_build(tmp_path / "single", catalog, "publishconf.py", env)
    assert single.returncode == 0, single.stderr
    assert_same_files(tmp_path / "parallel", tmp_path / "single")
    assert sorted((tmp_path / "parallel").glob("procedures/*/index.html.br"))


@pytest.mark.parametrize("name", ["theme/css/site.css", "sitemap.xml", "connect/cpt/10000.json"])
def test_only_pages_are_handed_over(monkeypatch, name):
    from procedure_site.output_stages import ahead

    handed = []
    monkeypatch.setattr(ahead, "_ahead", type("Recorder", (), {"hand_over": lambda _self, data: handed.append(data)})())
    ahead.rendered(name, "x")
    ahead.rendered("procedures/a/index.html", "<p>é</p>")
    assert handed == ["<p>é</p>".encode()]
