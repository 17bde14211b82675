"""Writes connect/: the lookup files a record system finds our pages by.

In every web build (``make html``, ``make publish``), not the kiosk's, which
nothing outside it can ask: its switch is in PART_SWITCHES
(sitebuild/plugin_guard.py). Once Pelican has written the pages
(``page_writer_finalized``), for each code of a published page (its own
``Codes:``, or a translation's original's: procedure_codes.codes_of) this
writes its JSON feed and its page, then ``connect/index.json`` (lookup.py
says what each holds). They go into the build's output folder like every
other file, before the output stages: the publish build minifies and
compresses the pages, and _headers and the manifest list every file.

The pages are written by Pelican's writer with the theme's ``connect.html``
(the base template, its header, footer and styles, no inline script or
style): they pass the same gates as every other page. They say ``noindex``,
and publishconf.py leaves the folder out of the sitemap (SITEMAP_EXCLUDE).

Every file of a chunk of codes is kept whole, by what it is made of (page_cache
``kept_files``): while the codes' pages and titles are unchanged, as after an
edit to a page's text, the files are written from the cache without a render
or Pelican's writer. A code's page is not kept on its own as well: both keys
hold the site key (every page's header), so whenever a chunk is not found no
code's own render could be either, and keeping one cost a cold build a
thousand cache files at 1,000 codes. Of those who listen to
Pelican's ``content_written``, the sitemap leaves connect/ out, and the
preview (sitebuild/preview) notes which files an edit changed: a lookup
file written from the cache is the same as before.
"""

from datetime import UTC, date, datetime
from pathlib import Path

from pelican import signals

from procedure_site.language_versions.languages import public_address, published_pages
from procedure_site.page_cache.trouble import Trouble
from procedure_site.page_cache.writer import keep_files, kept_files, write_handed_ahead
from procedure_site.procedure_codes.plugin import codes_of
from sitebuild.output_files import put, put_files
from sitebuild.plugin_guard import in_this_build
from sitebuild.reused_site import ours_since

from . import lookup

TEMPLATE = "connect"


def utc_text(value) -> str | None:
    """A page date as ISO 8601 UTC; a naive time is taken as UTC, a date as its midnight."""
    if isinstance(value, datetime):
        value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    elif isinstance(value, date):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    else:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def page_date(page):
    facts = getattr(page, "facts", None)
    review = facts.review if facts is not None else None
    return getattr(page, "modified", None) or getattr(page, "date", None) or getattr(review, "reviewed", None)


def version_of(page, settings) -> lookup.Version:
    return lookup.Version(
        slug=page.slug,
        lang=page.lang,
        title=page.title,
        summary=page.summary or "",
        address=public_address(settings, page),
        path=page.url,
        updated=utc_text(page_date(page)),
    )


def codes_and_versions(generator) -> dict:
    """Code -> its published versions, in order (lookup.by_code)."""
    settings = generator.settings
    found = lookup.by_code((version_of(page, settings), codes_of(page)) for page in published_pages(generator))
    return {code: lookup.ordered(versions, settings["DEFAULT_LANG"]) for code, versions in found.items()}


def lookup_files(generator) -> list[str]:
    """The lookup files write_lookups writes, in its order (files_ahead
    makes them, empty, ahead of it): the same codes, from the same pages."""
    codes = {code for page in published_pages(generator) for code in codes_of(page)}
    files = [path for code in sorted(codes) for path in (lookup.json_path(code), lookup.page_path(code))]
    return [*files, lookup.INDEX]


def write_bytes(output: Path, path: str, data: bytes, since: int | None = None) -> None:
    """``data`` into ``output/path``; ``since``: reused_site.ours_since(output)."""
    target = output / path
    target.parent.mkdir(parents=True, exist_ok=True)
    put(str(target), data, since)


# Codes whose lookup files are kept together (page_cache kept_files): a
# chunk's files are in memory at once, about 4 KB a code.
CHUNK = 256


def write_lookups(generator, writer):
    if not in_this_build(generator, __package__):
        return
    settings = generator.settings
    output = Path(generator.output_path)
    since = ours_since(output)
    site_url = settings["PUBLIC_SITEURL"].rstrip("/")
    codes = codes_and_versions(generator)
    items = list(codes.items())
    for start in range(0, len(items), CHUNK):
        chunk = items[start : start + CHUNK]
        # What the files are made of besides the site key and the settings.
        inputs = ("connect", site_url, chunk)
        files = kept_files(inputs)
        if files is None:
            trouble = Trouble()
            with trouble:
                paths = [write_code(generator, writer, code, versions, site_url, since) for code, versions in chunk]
            trouble.show_python_warnings()
            if trouble.quiet:  # else made again, and said again, next build
                keep_files(inputs, {path: (output / path).read_bytes() for pair in paths for path in pair})
            continue
        put_files(output, files, since)
    write_bytes(output, lookup.INDEX, lookup.json_bytes(lookup.index(codes, site_url)), since)


def write_code(generator, writer, code, versions, site_url, since=None) -> tuple[str, str]:
    """A code's JSON feed and its page; their output paths."""
    settings = generator.settings
    feed = lookup.json_bytes(lookup.feed(code, versions))
    write_bytes(Path(generator.output_path), lookup.json_path(code), feed, since)
    groups = lookup.page_groups(versions, settings["DEFAULT_LANG"])
    write_handed_ahead(
        writer,
        lookup.page_path(code),
        generator.get_template(TEMPLATE),
        generator.context,
        relative_urls=settings["RELATIVE_URLS"],
        template_name=TEMPLATE,
        page_name=lookup.page_url(code).rstrip("/"),
        url=lookup.page_url(code),
        code=code,
        groups=groups,
        target=lookup.redirect_target(groups),
        connect_address=f"{site_url}/{lookup.page_url(code)}",
    )
    return lookup.json_path(code), lookup.page_path(code)


def register():
    signals.page_writer_finalized.connect(write_lookups)
