"""The lookup files a record system (EHR) finds our pages by: pure, no Pelican.

An EHR asks an HL7 Infobutton service for education about a code (the code
system's OID and the code); MedlinePlus Connect answers with a JSON feed of
pages. These files give the same answer for this hospital's own pages, as
static files a CDN serves (docs/ehr.md):

- ``connect/<system>/<code>.json``: a feed in MedlinePlus Connect's JSON
  shape, one entry per page and language, its summary the page's Summary;
- ``connect/<system>/<code>/index.html``: a page a portal can link to (the
  template ``connect.html``), made from ``page_groups``;
- ``connect/index.json``: every code, its system's OID, its files and pages.

Every address in the JSON is absolute: the page's public address
(``page.public_address``, language_versions), which is PUBLIC_SITEURL and the
page's path in every build. A JSON file is read by another system, which has
no page to resolve a relative address against.

The files must be the same bytes in every build of the same content (a cold
and a warm build, two machines): nothing here reads the clock. A feed's
``updated`` is the newest date of its pages (Modified:, Date:, else the
Reviewed: date).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from procedure_site.procedure_codes.codes import BY_KEY, Code

FOLDER = "connect"
INDEX = f"{FOLDER}/index.json"


@dataclass(frozen=True)
class Version:
    """One page in one language, as a lookup names it."""

    slug: str
    lang: str
    title: str
    summary: str
    address: str  # absolute: PUBLIC_SITEURL and the page's path
    path: str  # the page's URL path in this build's output ("procedures/x/")
    updated: str | None  # ISO 8601 date-time, UTC, or None


def json_path(code: Code) -> str:
    return f"{FOLDER}/{code.system}/{code.value}.json"


def page_path(code: Code) -> str:
    return f"{FOLDER}/{code.system}/{code.value}/index.html"


def page_url(code: Code) -> str:
    return f"{FOLDER}/{code.system}/{code.value}/"


def by_code(versions_and_codes) -> dict[Code, list[Version]]:
    """Code -> its versions, from (version, codes) pairs; codes sorted, each
    code's versions in a fixed order (default language first, then by
    language, title and slug)."""
    found: dict[Code, list[Version]] = {}
    for version, codes in versions_and_codes:
        for code in codes:
            found.setdefault(code, []).append(version)
    return {code: found[code] for code in sorted(found)}


def ordered(versions, default_lang: str) -> list[Version]:
    return sorted(versions, key=lambda v: (v.lang != default_lang, v.lang, v.title.casefold(), v.slug))


def newest(versions) -> str | None:
    dates = [v.updated for v in versions if v.updated]
    return max(dates) if dates else None


def feed(code: Code, versions) -> dict:
    """The MedlinePlus Connect JSON response for ``code``."""
    body = {"title": {"_value": f"Patient guides for {code.label}"}}
    updated = newest(versions)
    if updated:
        body["updated"] = {"_value": updated}
    body["entry"] = [
        {
            "title": {"_value": v.title},
            "link": [{"href": v.address, "hreflang": v.lang}],
            "summary": {"_value": v.summary},
        }
        for v in versions
    ]
    return {"feed": body}


def index(codes: dict[Code, list[Version]], site_url: str) -> dict:
    """connect/index.json: every code with its system's OID, its files and pages."""
    base = site_url.rstrip("/")
    return {
        "systems": {key: {"name": system.name, "oid": system.oid} for key, system in BY_KEY.items()},
        "codes": [
            {
                "system": BY_KEY[code.system].name,
                "oid": BY_KEY[code.system].oid,
                "code": code.value,
                "json": f"{base}/{json_path(code)}",
                "page": f"{base}/{page_url(code)}",
                "pages": [{"title": v.title, "href": v.address, "hreflang": v.lang} for v in versions],
            }
            for code, versions in codes.items()
        ],
    }


def json_bytes(data) -> bytes:
    """Stable bytes: keys in the order made here, UTF-8, one trailing newline."""
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@dataclass(frozen=True)
class PageGroup:
    """One page of a code, in each language it is written in."""

    title: str
    summary: str
    versions: tuple  # Version, default language first


def page_groups(versions, default_lang: str) -> list[PageGroup]:
    """The code's pages, each with its language versions, by title."""
    slugs: dict[str, list[Version]] = {}
    for version in versions:
        slugs.setdefault(version.slug, []).append(version)
    groups = []
    for found in slugs.values():
        found = ordered(found, default_lang)
        groups.append(PageGroup(found[0].title, found[0].summary, tuple(found)))
    return sorted(groups, key=lambda g: (g.title.casefold(), g.versions[0].slug))


def redirect_target(groups) -> Version | None:
    """Where the code's page sends the reader: the one page's first version
    (the default language's, else the first language's), when the code has
    one page; None when it has several (the page lists them)."""
    return groups[0].versions[0] if len(groups) == 1 else None
