"""Writes sitemap.xml and a robots.txt that points search engines to it.

Every page the build writes is listed by its absolute, pretty address
(PUBLIC_SITEURL + "/procedures/<slug>/"), except the files named in
SITEMAP_EXCLUDE and their language versions (``404.html`` also leaves out
``es/404.html``), and the files of a folder it names (``connect/``): the sitemap protocol needs absolute addresses, while the
pages themselves link root-relative. Written in the output stages' first
stage (output_stages), after every page.

A page written in more than one language lists every version, itself
included, as ``<xhtml:link rel="alternate" hreflang="…" href="…"/>``, plus
``hreflang="x-default"`` for the default language's version (Google's
sitemap form of hreflang). A procedure page's versions are Pelican's
``page.translations``; the A–Z lists of the languages (the ``index`` direct
template, rendered per language with ``lang=``) are versions of one another.
Only versions the sitemap lists are named.

Two builds of the same commit must be byte-identical, so no build time is
used: a page's <lastmod> is its Modified: or Date: metadata, else
SOURCE_DATE_EPOCH when set, else left out (it is optional in the protocol).
"""

import logging
import os
from datetime import UTC, datetime
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

from pelican import signals

logger = logging.getLogger(__name__)

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
X_DEFAULT = "x-default"


class Written(NamedTuple):
    """What the sitemap needs to know of one written page."""

    page: object  # the Page, or None for a direct template (the A–Z list, 404)
    lang: str | None  # its language; None: the default
    template: str | None  # a direct template's page name ("index"), when not a Page


class Entry(NamedTuple):
    address: str
    lastmod: str | None = None
    alternates: tuple = ()  # (hreflang, address), itself and x-default included


# One build's pages. The devserver runs many builds in one process, so this
# is cleared on get_generators, which every Pelican.run() sends first.
_written = {}  # absolute output path -> Written


def _reset(_pelican):
    _written.clear()


def direct_template_name(context) -> str | None:
    """A direct template's page_name without its language's folder: the A–Z
    list is "index" at the root and "es/index" in Spanish."""
    name, lang = context.get("page_name"), context.get("lang")
    if name and lang and name.startswith(f"{lang}/"):
        return name[len(lang) + 1 :]
    return name


def _record(path, context):
    if path.endswith(".html"):
        page = context.get("page")
        if page is not None:
            _written[os.path.abspath(path)] = Written(page, getattr(page, "lang", None), None)
        else:
            _written[os.path.abspath(path)] = Written(None, context.get("lang"), direct_template_name(context))


def page_address(relative_path: str) -> str:
    """The address a page is served at: "procedures/x/index.html" -> "procedures/x/"."""
    path = relative_path.replace(os.sep, "/")
    return path[: -len("index.html")] if path.split("/")[-1] == "index.html" else path


def is_excluded(relative_path: str, excluded, languages) -> bool:
    """A file SITEMAP_EXCLUDE names, or its version in a language's folder,
    or a file in a folder it names ("connect/": every file under it)."""
    if relative_path in excluded or any(name.endswith("/") and relative_path.startswith(name) for name in excluded):
        return True
    folder, _, rest = relative_path.partition("/")
    return folder in languages and rest in excluded


def source_date() -> datetime | None:
    """SOURCE_DATE_EPOCH as a UTC time (reproducible-builds.org), or None."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()):  # '²' is a digit int() cannot read
        logger.error("SOURCE_DATE_EPOCH '%s' is not a whole number of seconds since 1970.", value)
        return None
    return datetime.fromtimestamp(int(value), tz=UTC)


def last_modified(page, fallback: datetime | None) -> str | None:
    date = getattr(page, "modified", None) or getattr(page, "date", None) or fallback
    return date.isoformat(timespec="seconds") if date else None


def version_group(written: Written):
    """What a page's language versions share: the page and its translations,
    or the direct template they were all rendered from."""
    if written.page is not None:
        return frozenset(
            id(version) for version in [written.page, *(getattr(written.page, "translations", None) or [])]
        )
    return written.template


def alternates(versions, default_lang) -> tuple:
    """(hreflang, address) of each version, by language, then x-default."""
    if len(versions) < 2:
        return ()
    by_lang = sorted(versions.items())
    default = versions.get(default_lang)
    return tuple(by_lang) + (((X_DEFAULT, default),) if default else ())


def sitemap_entries(output_path, site_url, excluded, default_lang="en", languages=()):
    """Every written page (address, lastmod or None, alternates), sorted by address."""
    fallback = source_date()
    listed = []
    for path, written in _written.items():
        relative = os.path.relpath(path, output_path).replace(os.sep, "/")
        if not is_excluded(relative, excluded, languages):
            listed.append((f"{site_url}/{page_address(relative)}", written))
    versions = {}  # version group -> {lang: address}
    for address, written in listed:
        group = version_group(written)
        if group is not None:
            versions.setdefault(group, {})[written.lang or default_lang] = address
    entries = []
    for address, written in listed:
        group = version_group(written)
        others = alternates(versions[group], default_lang) if group is not None else ()
        entries.append(Entry(address, last_modified(written.page, fallback), others))
    return sorted(entries)


def sitemap_xml(entries) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">',
    ]
    for address, lastmod, *more in entries:
        lines.append("<url>")
        lines.append(f"<loc>{escape(address)}</loc>")
        if lastmod:
            lines.append(f"<lastmod>{lastmod}</lastmod>")
        for hreflang, href in more[0] if more else ():
            lines.append(f'<xhtml:link rel="alternate" hreflang={quoteattr(hreflang)} href={quoteattr(href)}/>')
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str) -> str:
    return f"# Every page may be crawled.\nUser-agent: *\nDisallow:\n\nSitemap: {site_url}/{SITEMAP}\n"


def write_crawler_files(index, settings):
    """The stage: sitemap.xml and robots.txt, written through the output
    index (sitebuild/output_index.py)."""
    site_url = settings["PUBLIC_SITEURL"]
    entries = sitemap_entries(
        index.output,
        site_url,
        set(settings.get("SITEMAP_EXCLUDE", ())),
        settings["DEFAULT_LANG"],
        set(settings.get("LANGUAGES") or ()),
    )
    for name, text in {SITEMAP: sitemap_xml(entries), ROBOTS: robots_txt(site_url)}.items():
        index.write(name, text.encode("utf-8"))


def register():
    signals.get_generators.connect(_reset)
    signals.content_written.connect(_record)
