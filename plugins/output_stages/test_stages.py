"""The output stages' order and switches, without a build (the read-once
count over a real production build is tests/test_output_stages.py)."""

from pathlib import Path

import blinker
import pelican.plugins.signals  # noqa: F401  (sets Signal.set_class, as a build does)
from pelican.settings import read_settings

from output_stages import stages
from sitebuild.output_index import OutputIndex

ROOT = Path(__file__).resolve().parents[2]


def flavour_settings(monkeypatch, name):
    monkeypatch.setenv("SITEURL", "https://x.example")
    monkeypatch.setenv("PUBLIC_SITEURL", "https://x.example")
    return read_settings(str(ROOT / name))


def test_each_flavour_runs_its_stages_in_the_one_order(monkeypatch):
    assert list(stages.STAGE_PLUGINS) == ["sitemap", "minify", "search", "compress", "headers"]
    assert stages.enabled(flavour_settings(monkeypatch, "pelicanconf.py")) == ["search"]
    assert stages.enabled(flavour_settings(monkeypatch, "publishconf.py")) == list(stages.STAGE_PLUGINS)
    assert stages.enabled(flavour_settings(monkeypatch, "kioskconf.py")) == []


def test_the_sequence_calls_the_stages_in_that_order(monkeypatch):
    """The search index after minify and before compress (moved here from
    site_search, which had to be the first receiver of the compress stage);
    the minify stage hands each page to the compress stage's writer."""
    called = []

    class Stand_in:
        def __init__(self, name):
            self.name = name

        def __getattr__(self, function):
            def call(*args, **kwargs):
                called.append((self.name, function, sorted(kwargs)))
                return f"{function} result"
            return call

    monkeypatch.setattr(stages, "plugin_module", Stand_in)
    stages.run_stages("index", {}, list(stages.STAGE_PLUGINS))
    assert called == [
        ("crawler_files.crawler", "write_crawler_files", []),
        ("compressed_siblings.siblings", "SiblingWriter", []),
        ("minify_output.minify", "minify_pages", ["then"]),
        ("site_search.plugin", "write_search_index", []),
        ("compressed_siblings.siblings", "write_siblings", []),
        ("http_headers.headers", "write_headers_and_manifest", []),
    ]
    called.clear()
    stages.run_stages("index", {}, ["search"])
    assert called == [("site_search.plugin", "write_search_index", [])]


def test_the_stages_come_after_the_assets_are_written_and_the_pages_let_go(monkeypatch):
    """The sequence's receiver is on Pelican's finalized, as are
    asset_fingerprint (writes the theme's assets) and release_memory (lets go
    of the pages' HTML): it must be connected, so listed, after both."""
    for name in ("pelicanconf.py", "publishconf.py", "kioskconf.py"):
        plugins = flavour_settings(monkeypatch, name)["PLUGINS"]
        assert plugins.index("output_stages") > plugins.index("asset_fingerprint"), name
        assert plugins.index("output_stages") > plugins.index("release_memory"), name


def test_no_stage_is_left_on_pelican_granular_signals():
    """Each stage's plugin registers its other receivers only."""
    for plugin in stages.STAGE_PLUGINS.values():
        stages.plugin_module(plugin).register()
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


def test_a_build_that_does_not_name_the_plugins_gets_no_siblings(tmp_path):
    """Plugins stay connected for the whole process; a kiosk build after a
    production build in the same process must not get .br and .gz files
    (moved from compressed_siblings: the sequence now decides)."""
    (tmp_path / "robots.txt").write_bytes(b"x")
    settings = {"COMPRESSED_SIBLING_EXTENSIONS": [".txt"], "PLUGINS": ["output_stages", "take_home_qr"]}
    on = stages.enabled(settings)
    assert on == []
    stages.run_stages(stages.index_for(tmp_path, settings, on), settings, on)
    assert [p.name for p in tmp_path.iterdir()] == ["robots.txt"]


def test_the_index_holds_written_text_only_when_the_build_compresses(tmp_path):
    settings = {"COMPRESSED_SIBLING_EXTENSIONS": [".txt"]}
    assert stages.index_for(tmp_path, settings, ["search"]).hold == frozenset()
    assert stages.index_for(tmp_path, settings, ["search", "compress"]).hold == {".txt"}
    assert isinstance(stages.index_for(tmp_path, settings, []), OutputIndex)
