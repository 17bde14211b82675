"""site_search runs first on the compress stage by plain connection order:
no wrapper around the stage's send."""

from pathlib import Path

import blinker
import pelican.plugins.signals  # noqa: F401  (sets Signal.set_class, as a build does)
from pelican.settings import read_settings

from site_search import plugin

ROOT = Path(__file__).resolve().parents[2]


def test_the_index_is_a_plain_receiver_of_compress():
    plugin.register()
    compress = blinker.signal("compress")
    assert "send" not in vars(compress), "compress.send is wrapped"
    assert any(receiver is plugin.write_search_index for receiver in compress.receivers_for(object()))


def test_pelican_calls_receivers_in_the_order_they_were_connected():
    """The premise of the plugin order: since Pelican 4.10, Signal.set_class
    is OrderedSet (pelican/plugins/signals.py)."""
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


def test_every_flavour_with_both_lists_the_index_before_the_siblings(monkeypatch):
    monkeypatch.setenv("SITEURL", "https://x.example")
    monkeypatch.setenv("PUBLIC_SITEURL", "https://x.example")
    for name in ("pelicanconf.py", "publishconf.py", "kioskconf.py"):
        plugins = read_settings(str(ROOT / name))["PLUGINS"]
        if "site_search" in plugins and "compressed_siblings" in plugins:
            assert plugins.index("site_search") < plugins.index("compressed_siblings"), name
    assert "compressed_siblings" in read_settings(str(ROOT / "publishconf.py"))["PLUGINS"]
