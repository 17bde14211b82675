"""Whether a build uses the procedure site, and which of its parts: the one
place that decides, and the one guard every receiver asks.

The procedure site is one Pelican plugin, ``procedure_site``
(plugins/procedure_site/), whose parts are subpackages. A build lists that
one plugin in PLUGINS; its settings, not its plugin list, then say which parts
act. The web build, the production build and the kiosk differ only in
settings: ``KIOSK``, ``CANONICAL_URLS``, ``CRAWLER_FILES``, ``MINIFY_OUTPUT``,
``COMPRESSED_SIBLING_EXTENSIONS``, ``DEPLOY_MANIFEST`` (the table below).

Pelican connects receivers to signals that live for the whole process and
never disconnects them. One process may run several builds with different
settings: the tests build in-process, a web and a kiosk build differ, a
devserver rebuilds. So every receiver asks, when it is called, whether the
build that called it uses its part: ``in_this_build(sender, __package__)``.

Receivers get different senders: the Pelican object (``initialized``,
``get_generators``, ``finalized``), a generator or a page (both carry
``.settings``), or the settings themselves. ``in_this_build`` takes any of
them. A build without PLUGINS (or with None, Pelican's default) uses no part.
"""

from collections.abc import Callable, Mapping

SITE_PLUGIN = "procedure_site"


def _kiosk(settings: Mapping) -> bool:
    return bool(settings.get("KIOSK"))


def _setting(name: str) -> Callable[[Mapping], bool]:
    return lambda settings: bool(settings.get(name))


# A part not named here acts in every build that uses the procedure site.
PART_SWITCHES: dict[str, Callable[[Mapping], bool]] = {
    # The website's Pagefind index: a kiosk opens files, which cannot fetch
    # it, and has its own search (kiosk_search).
    "site_search": lambda settings: not _kiosk(settings),
    # connect/, the lookup files a record system finds pages by: the kiosk
    # is a closed screen no record system can ask.
    "ehr_connect": lambda settings: not _kiosk(settings),
    # The production build (publishconf.py).
    "canonical_urls": _setting("CANONICAL_URLS"),
    "crawler_files": _setting("CRAWLER_FILES"),
    "minify_output": _setting("MINIFY_OUTPUT"),
    "compressed_siblings": _setting("COMPRESSED_SIBLING_EXTENSIONS"),
    "http_headers": _setting("DEPLOY_MANIFEST"),
    # The kiosk (kioskconf.py).
    "idle_reset": _kiosk,
    "kiosk_links": _kiosk,
    "take_home_qr": _kiosk,
    "kiosk_search": _kiosk,
}


def settings_of(source) -> Mapping:
    """The settings ``source`` carries: itself when it is the settings, else
    its ``.settings`` (the Pelican object, a generator, a page)."""
    return source if isinstance(source, Mapping) else source.settings


def uses_site(source) -> bool:
    """True when the build whose settings ``source`` carries lists the
    procedure site in PLUGINS."""
    return SITE_PLUGIN in (settings_of(source).get("PLUGINS") or ())


def part_of(package: str) -> str | None:
    """The part a module's ``__package__`` belongs to ("procedure_site.page_model"
    and "procedure_site.page_model.sub" are both "page_model"), or None for a
    package outside the procedure site."""
    site, _, rest = package.partition(".")
    return rest.partition(".")[0] or None if site == SITE_PLUGIN else None


def in_this_build(source, package: str) -> bool:
    """True when the build whose settings ``source`` carries uses the part of
    the procedure site that ``package`` (a module's ``__package__``) is in."""
    part = part_of(package)
    if part is None or not uses_site(source):
        return False
    switch = PART_SWITCHES.get(part)
    return switch is None or switch(settings_of(source))
