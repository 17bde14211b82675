"""Whether this build lists a plugin: the one guard every plugin's receivers use.

Pelican connects a plugin's receivers to signals that live for the whole
process, and never disconnects them. One process may run several builds
whose settings list different plugins: the tests build in-process, a web
build and a kiosk build differ (kioskconf.py drops site_search and adds
kiosk_links...), and a devserver rebuilds. A receiver connected by an
earlier build would otherwise act on a build that never asked for it.

Receivers get different senders: the Pelican object (``initialized``,
``get_generators``, ``finalized``), a generator or a page (both carry
``.settings``), or the settings themselves. ``in_this_build`` takes any of
them, so each plugin asks the same question the same way:
``in_this_build(sender, __package__)``.

A build without PLUGINS (or with None, Pelican's default) lists no plugin.
"""

from collections.abc import Mapping


def settings_of(source) -> Mapping:
    """The settings ``source`` carries: itself when it is the settings, else
    its ``.settings`` (the Pelican object, a generator, a page)."""
    return source if isinstance(source, Mapping) else source.settings


def in_this_build(source, package: str) -> bool:
    """True when the build whose settings ``source`` carries lists the plugin
    ``package`` (a plugin module's ``__package__``) in PLUGINS."""
    return package in (settings_of(source).get("PLUGINS") or ())
