"""Writes sitemap.xml and a robots.txt that points search engines to it.

Every page the build writes is listed by its absolute, pretty address
(PUBLIC_SITEURL + "/procedures/<slug>/"), except the files named in
SITEMAP_EXCLUDE: the sitemap protocol needs absolute addresses, while the
pages themselves link root-relative. Written in the granular "sitemap" stage,
after every page.

Two builds of the same commit must be byte-identical, so no build time is
used: a page's <lastmod> is its Modified: or Date: metadata, else
SOURCE_DATE_EPOCH when set, else left out (it is optional in the protocol).
"""

import logging
import os
from datetime import UTC, datetime
from xml.sax.saxutils import escape

import blinker
import pelican.plugins.granular_signals
from pelican import signals

logger = logging.getLogger(__name__)

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"

# One build's pages. The devserver runs many builds in one process, so this
# is cleared on get_generators, which every Pelican.run() sends first.
_written = {}  # absolute output path -> the page object, or None


def _reset(_pelican):
    _written.clear()


def in_this_build(pelican) -> bool:
    """Plugins stay connected for the life of the process, which may also run
    builds whose settings do not name this plugin (the kiosk's, say)."""
    return __package__ in pelican.settings["PLUGINS"]


def _record(path, context):
    if path.endswith(".html"):
        _written[os.path.abspath(path)] = context.get("page")


def page_address(relative_path: str) -> str:
    """The address a page is served at: "procedures/x/index.html" -> "procedures/x/"."""
    path = relative_path.replace(os.sep, "/")
    return path[: -len("index.html")] if path.split("/")[-1] == "index.html" else path


def source_date() -> datetime | None:
    """SOURCE_DATE_EPOCH as a UTC time (reproducible-builds.org), or None."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        logger.error("SOURCE_DATE_EPOCH '%s' is not a whole number of seconds since 1970.", value)
        return None
    return datetime.fromtimestamp(int(value), tz=UTC)


def last_modified(page, fallback: datetime | None) -> str | None:
    date = getattr(page, "modified", None) or getattr(page, "date", None) or fallback
    return date.isoformat(timespec="seconds") if date else None


def sitemap_entries(output_path, site_url, excluded):
    """(address, lastmod or None) of every written page, sorted by address."""
    fallback = source_date()
    entries = []
    for path, page in _written.items():
        relative = os.path.relpath(path, output_path).replace(os.sep, "/")
        if relative in excluded:
            continue
        entries.append((f"{site_url}/{page_address(relative)}", last_modified(page, fallback)))
    return sorted(entries)


def sitemap_xml(entries) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for address, lastmod in entries:
        lines.append("<url>")
        lines.append(f"<loc>{escape(address)}</loc>")
        if lastmod:
            lines.append(f"<lastmod>{lastmod}</lastmod>")
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str) -> str:
    return f"# Every page may be crawled.\nUser-agent: *\nDisallow:\n\nSitemap: {site_url}/{SITEMAP}\n"


def write_crawler_files(pelican):
    if not in_this_build(pelican):
        return
    settings = pelican.settings
    site_url = settings["PUBLIC_SITEURL"]
    entries = sitemap_entries(pelican.output_path, site_url, set(settings.get("SITEMAP_EXCLUDE", ())))
    files = {SITEMAP: sitemap_xml(entries), ROBOTS: robots_txt(site_url)}
    for name, text in files.items():
        with open(os.path.join(pelican.output_path, name), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)


def register():
    pelican.plugins.granular_signals.register()
    signals.get_generators.connect(_reset)
    signals.content_written.connect(_record)
    blinker.signal("sitemap").connect(write_crawler_files)
