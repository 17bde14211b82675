"""site_search runs first on the compress stage by plain connection order:
no wrapper around the stage's send."""

from pathlib import Path

import blinker
import pelican.plugins.signals  # noqa: F401  (sets Signal.set_class, as a build does)

from procedure_site.site_search import plugin



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


def test_the_site_registers_the_index_before_the_siblings():
    """Both act on the compress stage; the search index must be compressed too."""
    from procedure_site import PARTS

    assert PARTS.index("site_search") < PARTS.index("compressed_siblings")
