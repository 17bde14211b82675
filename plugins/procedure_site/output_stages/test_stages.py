"""The output stages' order and switches, without a build (the read-once
count over a real production build is tests/test_output_stages.py)."""

from pathlib import Path

import blinker
import pelican.plugins.signals  # noqa: F401  (sets Signal.set_class, as a build does)
from pelican.settings import read_settings

from procedure_site.output_stages import stages
from sitebuild.output_index import OutputIndex

ROOT = Path(__file__).resolve().parents[3]


def flavour_settings(monkeypatch, name):
    monkeypatch.setenv("SITEURL", "https://x.example")
    monkeypatch.setenv("PUBLIC_SITEURL", "https://x.example")
    return read_settings(str(ROOT / name))


def test_each_flavour_runs_its_stages_in_the_one_order(monkeypatch):
    assert list(stages.STAGE_PARTS) == ["sitemap", "minify", "search", "compress", "headers"]
    assert stages.enabled(flavour_settings(monkeypatch, "pelicanconf.py")) == ["search"]
    assert stages.enabled(flavour_settings(monkeypatch, "publishconf.py")) == list(stages.STAGE_PARTS)
    assert stages.enabled(flavour_settings(monkeypatch, "kioskconf.py")) == []


def test_the_sequence_calls_the_stages_in_that_order(monkeypatch):
    """The search index after minify and before compress (moved here from
    site_search, which had to be registered before compressed_siblings to
    act first on the compress stage); the minify stage hands each page to
    the compress stage's writer."""
    called = []

    def stand_in(module, function):
        def call(*args, **kwargs):
            called.append((function, sorted(kwargs)))
            return f"{function} result"
        monkeypatch.setattr(module, function, call)

    stand_in(stages.crawler, "write_crawler_files")
    stand_in(stages.siblings, "SiblingWriter")
    stand_in(stages.minify, "minify_pages")
    stand_in(stages.search, "write_search_index")
    stand_in(stages.siblings, "write_siblings")
    stand_in(stages.headers, "write_headers_and_manifest")
    stages.run_stages("index", {}, list(stages.STAGE_PARTS))
    assert called == [
        ("write_crawler_files", []),
        ("SiblingWriter", []),
        ("minify_pages", ["then"]),
        ("write_search_index", []),
        ("write_siblings", []),
        ("write_headers_and_manifest", []),
    ]
    called.clear()
    stages.run_stages("index", {}, ["search"])
    assert called == [("write_search_index", [])]


def test_the_stages_come_after_the_assets_are_written_and_the_pages_let_go():
    """The sequence's receiver is on Pelican's finalized, as are
    asset_fingerprint (writes the theme's assets) and page_cache (lets go of
    the pages' HTML): it must be registered, so connected, after both."""
    from procedure_site import PARTS

    assert PARTS.index("output_stages") > PARTS.index("asset_fingerprint")
    assert PARTS.index("output_stages") > PARTS.index("page_cache")


def test_no_stage_is_left_on_pelican_granular_signals():
    """Each stage's part registers its other receivers only."""
    for module in (stages.crawler, stages.minify, stages.search, stages.siblings, stages.headers):
        module.register()
    for name in ("sitemap", "optimize", "minify", "compress", "deploy"):
        assert not blinker.signal(name).receivers, name


def test_pelican_calls_receivers_in_the_order_they_were_connected():
    """The premise of the plugin order (moved from site_search): since
    Pelican 4.10, Signal.set_class is OrderedSet (pelican/plugins/signals.py)."""
    signal, called = blinker.Signal(), []

    def receivers(names):
        for name in names:
            def receiver(_sender, name=name):
                called.append(name)
            yield receiver

    kept = list(receivers(["z", "a", "m", "b", "y", "c"]))  # not sorted, nor by any hash
    for receiver in kept:
        signal.connect(receiver)
    signal.send(object())
    assert called == ["z", "a", "m", "b", "y", "c"]


def test_a_build_that_does_not_turn_them_on_gets_no_siblings(tmp_path):
    """Receivers stay connected for the whole process; a kiosk build after a
    production build in the same process must not get .br and .gz files
    (moved from compressed_siblings: the sequence now decides)."""
    (tmp_path / "robots.txt").write_bytes(b"x")
    for settings in ({"COMPRESSED_SIBLING_EXTENSIONS": [".txt"], "PLUGINS": [], "KIOSK": True},
                     {"COMPRESSED_SIBLING_EXTENSIONS": (), "PLUGINS": ["procedure_site"], "KIOSK": True}):  # fmt: skip
        on = stages.enabled(settings)
        assert on == []
        stages.run_stages(stages.index_for(tmp_path, settings, on), settings, on)
    assert [p.name for p in tmp_path.iterdir()] == ["robots.txt"]


def test_the_index_holds_written_text_only_when_the_build_compresses(tmp_path):
    settings = {"COMPRESSED_SIBLING_EXTENSIONS": [".txt"]}
    assert stages.index_for(tmp_path, settings, ["search"]).hold == frozenset()
    assert stages.index_for(tmp_path, settings, ["search", "compress"]).hold == {".txt"}
    assert isinstance(stages.index_for(tmp_path, settings, []), OutputIndex)
