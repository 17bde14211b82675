"""Which languages the site publishes, and where each version lives: pure
functions over the settings and the pages, for the templates and the plugin.

- ``published_pages(generator)``: the pages the site publishes, of every
  language: Pelican's page generator's pages and translations (its hidden
  pages and drafts are kept apart).
- ``published_by_language(pages, settings)``: a language's published pages,
  in LANGUAGES order and each in the language's collation order.
- ``site_languages(settings, by_language)``: the languages with published
  pages, each with its code, its name (as LANGUAGES writes it, in the language
  itself) and the address of its A–Z list relative to SITEURL, as ``page.url``
  is: HOME_URL for the default language, INDEX_LANG_URL for the others.
- ``public_address(settings, page)``: where a page lives on the public site,
  whatever the build flavour: PUBLIC_SITEURL + "/" + PUBLIC_PAGE_URL, or
  PUBLIC_PAGE_LANG_URL for a page in another language than DEFAULT_LANG.
  Printed on paper and encoded in the kiosk's QR code.
- ``public_home_address(settings, lang)``: the public address of a
  language's A–Z list (PUBLIC_INDEX_LANG_URL; the site root for the default).
- ``index_outputs(settings, lang)``: (template, save_as, url) of each direct
  template (DIRECT_TEMPLATES) written again for a language: the index at
  INDEX_LANG_SAVE_AS, any other (404) at ``<TEMPLATE>_LANG_SAVE_AS`` when set,
  else in the language's folder (``es/404.html``).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from itertools import chain

from .collation import sorted_pages


@dataclass(frozen=True)
class SiteLanguage:
    code: str  # "es"
    name: str  # "Español"
    index_url: str  # relative to SITEURL: "" or "index.html" (default), "es/" or "es/index.html"


def published_pages(generator):
    """The page generator's published pages of every language: not hidden,
    not drafts (the A–Z lists', the search index's and the lookup files')."""
    return chain(generator.pages, generator.translations)


def lang_of(page, settings) -> str:
    return getattr(page, "lang", None) or settings["DEFAULT_LANG"]


def published_by_language(pages, settings) -> dict[str, list]:
    found = {}
    for page in pages:
        found.setdefault(lang_of(page, settings), []).append(page)
    order = [code for code in settings["LANGUAGES"] if code in found] + sorted(set(found) - set(settings["LANGUAGES"]))
    return {code: sorted_pages(found[code], code) for code in order}


def home_url(settings, lang: str) -> str:
    if lang == settings["DEFAULT_LANG"]:
        return settings["HOME_URL"]
    return settings["INDEX_LANG_URL"].format(lang=lang)


def site_languages(settings, by_language) -> list[SiteLanguage]:
    return [
        SiteLanguage(code, name, home_url(settings, code))
        for code, name in settings["LANGUAGES"].items()
        if by_language.get(code)
    ]


def url_fields(page) -> dict:
    """What a URL pattern may name: Pelican's own ``url_format`` of the page."""
    fields = getattr(page, "url_format", None)
    return dict(fields) if fields else {"slug": page.slug, "lang": getattr(page, "lang", None)}


def public_address(settings, page) -> str:
    default = lang_of(page, settings) == settings["DEFAULT_LANG"]
    pattern = settings["PUBLIC_PAGE_URL"] if default else settings["PUBLIC_PAGE_LANG_URL"]
    fields = {"lang": lang_of(page, settings), **{k: v for k, v in url_fields(page).items() if v is not None}}
    return f"{settings['PUBLIC_SITEURL'].rstrip('/')}/{pattern.format(**fields)}"


def public_home_address(settings, lang: str) -> str:
    path = "" if lang == settings["DEFAULT_LANG"] else settings["PUBLIC_INDEX_LANG_URL"].format(lang=lang)
    return f"{settings['PUBLIC_SITEURL'].rstrip('/')}/{path}"


def index_outputs(settings, lang: str) -> list[tuple[str, str, str]]:
    outputs = []
    for template in settings["DIRECT_TEMPLATES"]:
        name = template.upper()
        if template == "index":
            save_as, url = settings["INDEX_LANG_SAVE_AS"], settings["INDEX_LANG_URL"]
        else:
            plain = settings.get(f"{name}_SAVE_AS", f"{template}.html")
            if not plain:
                continue
            save_as = settings.get(f"{name}_LANG_SAVE_AS") or posixpath.join("{lang}", plain)
            url = settings.get(f"{name}_LANG_URL") or save_as
        outputs.append((template, save_as.format(lang=lang), url.format(lang=lang)))
    return outputs
