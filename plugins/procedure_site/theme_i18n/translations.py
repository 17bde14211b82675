"""The theme's words in each page's language, from gettext catalogs.

Every word the theme writes (header, skip link, contents list, review dates,
footer, A–Z page, 404 page, the kiosk's parts) is marked in the templates with
``_()`` or ``{% trans %}`` (Jinja's i18n extension, listed in
JINJA_ENVIRONMENT). ``make translations`` extracts them into
``theme/translations/messages.pot`` and updates each language's
``theme/translations/<lang>/LC_MESSAGES/messages.po``. The default language's
words are the msgids themselves: it has no catalog.

Each build reads each language's .po once, with Babel, and compiles it in
memory (no .mo file is kept) into a ``gettext.GNUTranslations``; a fuzzy or
empty translation is left out, so that string shows in the default language.
One Jinja environment per generator renders every language: the new-style
gettext callables installed in it choose the catalog from the context of
each render:

1. the ``lang`` variable, which the per-language A–Z pages are given;
2. else ``page.lang``, a procedure page's own language;
3. else DEFAULT_LANG (the 404 page, the default language's A–Z page).

The templates also get, as Jinja globals:

- ``current_language()``: that same language, for ``<html lang>``;
- ``page_versions(page)``: the page in each language it is written in;
- ``index_versions()``: the A–Z page of each language that has pages;

both lists in LANGUAGES order, for the language switcher and for
``<link rel="alternate" hreflang>``. They build on two globals another plugin
provides (language_versions): ``site_languages()`` and ``public_address(page)``
or ``public_address(lang=code)`` (an A–Z page's), which this one calls by name
and never copies.

A page in a language that has no catalog would show the theme's words in the
default language; the build refuses it and names the file to make.
"""

import gettext
import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from jinja2 import Undefined, pass_context
from pelican import signals

from procedure_site.build_report.report import problem, report
from sitebuild.plugin_guard import in_this_build


DOMAIN = "messages"
TRANSLATIONS_FOLDER = "translations"  # in the theme
I18N_EXTENSION = "jinja2.ext.i18n"


# --- Catalogs ----------------------------------------------------------------------


def catalog_path(folder, lang: str) -> Path:
    """Where the theme keeps ``lang``'s catalog."""
    return Path(folder) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def compiled_catalog(po_file) -> gettext.GNUTranslations:
    """The .po file compiled in memory, as gettext reads a .mo file. Fuzzy
    entries are left out (write_mo's default), as msgfmt does."""
    with open(po_file, "rb") as handle:
        catalog = read_po(handle, abort_invalid=True)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@dataclass(frozen=True)
class Catalogs:
    """One build's catalogs: language code -> translations. The default
    language, and any language without a catalog, gets the msgids."""

    by_language: dict
    default_lang: str

    def for_language(self, lang: str) -> gettext.NullTranslations:
        return self.by_language.get(lang) or gettext.NullTranslations()

    def missing(self, lang: str) -> bool:
        return lang != self.default_lang and lang not in self.by_language


def load_catalogs(folder, languages, default_lang):
    """(Catalogs, problems): every language but the default that has a .po.
    A problem is (path, message, fix, line)."""
    by_language, problems = {}, []
    for lang in languages:
        path = catalog_path(folder, lang)
        if lang == default_lang or not path.is_file():
            continue
        try:
            by_language[lang] = compiled_catalog(path)
        except (PoFileError, ValueError, OSError) as error:
            problems.append((
                str(path),
                f"the theme's catalog for '{lang}' cannot be read: {error}",
                "correct the line named (a translator's tool such as Poedit shows it), "
                "or run `make translations` to rewrite the file.",
                error.lineno + 1 if isinstance(getattr(error, "lineno", None), int) else None,  # Babel counts from 0
            ))
    return Catalogs(by_language, default_lang), problems


# --- Which language a render is in ---------------------------------------------------


def language_of(context, default_lang: str) -> str:
    """The language of the page being rendered: the ``lang`` variable, else
    ``page.lang``, else the default language."""
    lang = context.get("lang")
    if isinstance(lang, str) and lang:
        return lang
    page_lang = getattr(context.get("page"), "lang", None)
    if isinstance(page_lang, str) and page_lang:
        return page_lang
    return default_lang


def gettext_callables(catalogs: Catalogs) -> dict:
    """gettext, ngettext, pgettext and npgettext that read the catalog of the
    render's language. Jinja's new-style wrappers call them with the context
    (they are ``pass_context``), fill ``%(name)s`` and escape the values."""

    def catalog(context):
        return catalogs.for_language(language_of(context, catalogs.default_lang))

    @pass_context
    def gettext_(context, message):
        return catalog(context).gettext(message)

    @pass_context
    def ngettext_(context, singular, plural, n):
        return catalog(context).ngettext(singular, plural, n)

    @pass_context
    def pgettext_(context, message_context, message):
        return catalog(context).pgettext(message_context, message)

    @pass_context
    def npgettext_(context, message_context, singular, plural, n):
        return catalog(context).npgettext(message_context, singular, plural, n)

    return {"gettext": gettext_, "ngettext": ngettext_, "pgettext": pgettext_, "npgettext": npgettext_}


# --- The page in each of its languages -----------------------------------------------


@dataclass(frozen=True)
class LanguageVersion:
    """One language's version of a page, for the switcher and hreflang."""

    code: str  # "es": the lang and hreflang attributes
    name: str  # "Español": the language's name in its own language
    url: str  # relative to SITEURL, as every link of the theme
    public_url: str  # absolute, on the public site
    current: bool  # the version being rendered
    default: bool  # the default language's version: hreflang="x-default"


def in_language_order(versions, languages):
    """``versions`` sorted as LANGUAGES lists their languages (any other last)."""
    order = {code: position for position, code in enumerate(languages)}
    return sorted(versions, key=lambda version: order.get(version.code, len(order)))


def other_plugins_global(context, name: str):
    """A Jinja global another plugin provides (called by name, never copied)."""
    value = context.resolve(name)
    if isinstance(value, Undefined):
        raise LookupError(
            f"the theme calls the Jinja global {name}(), which the language_versions plugin "
            "provides; add it to PLUGINS (pelicanconf.py)."
        )
    return value


def page_versions_of(page, public_address, settings) -> list:
    """The page and its translations (Pelican's ``page.translations``)."""
    languages = settings["LANGUAGES"]
    versions = [
        LanguageVersion(
            version.lang,
            languages.get(version.lang, version.lang),
            version.url,
            public_address(version),
            version is page,
            version.lang == settings["DEFAULT_LANG"],
        )
        for version in [page, *getattr(page, "translations", ())]
    ]
    return in_language_order(versions, languages)


def index_versions_of(site_languages, public_address, current: str, settings) -> list:
    """The A–Z page of each language that has pages (``site_languages()``);
    ``public_address(lang=code)`` is its address on the public site."""
    versions = [
        LanguageVersion(
            language.code,
            language.name,
            language.index_url,
            public_address(lang=language.code),
            language.code == current,
            language.code == settings["DEFAULT_LANG"],
        )
        for language in site_languages
    ]
    return in_language_order(versions, settings["LANGUAGES"])


def template_globals(settings) -> dict:
    default_lang = settings["DEFAULT_LANG"]

    @pass_context
    def current_language(context):
        return language_of(context, default_lang)

    @pass_context
    def page_versions(context, page):
        return page_versions_of(page, other_plugins_global(context, "public_address"), settings)

    @pass_context
    def index_versions(context):
        site_languages = other_plugins_global(context, "site_languages")()
        public_address = other_plugins_global(context, "public_address")
        return index_versions_of(site_languages, public_address, language_of(context, default_lang), settings)

    return {"current_language": current_language, "page_versions": page_versions, "index_versions": index_versions}


# --- The signals -----------------------------------------------------------------------

# One build's catalogs. The devserver runs many builds in one process: they
# are read afresh on get_generators, which every Pelican.run() sends first.
_build = {"catalogs": None}


def read_catalogs(pelican):
    if not in_this_build(pelican, __package__):
        return
    settings = pelican.settings
    folder = Path(pelican.theme) / TRANSLATIONS_FOLDER
    catalogs, problems = load_catalogs(folder, settings["LANGUAGES"], settings["DEFAULT_LANG"])
    _build["catalogs"] = catalogs
    report(problem(path, message, fix, line=line) for path, message, fix, line in problems)


def install_in_environment(generator):
    if not in_this_build(generator, __package__):
        return
    env = generator.env
    if not hasattr(env, "install_gettext_callables"):
        raise RuntimeError(
            f"the theme is translated with Jinja's i18n extension: add {I18N_EXTENSION!r} to "
            "JINJA_ENVIRONMENT['extensions'] in pelicanconf.py."
        )
    env.install_gettext_callables(**gettext_callables(_build["catalogs"]), newstyle=True)
    env.globals.update(template_globals(generator.settings))


def check_page_languages(generator):
    """Every page's language has the theme's words."""
    if not in_this_build(generator, __package__):
        return
    catalogs = _build["catalogs"]
    folder = Path(generator.theme) / TRANSLATIONS_FOLDER
    languages = generator.settings["LANGUAGES"]  # another plugin refuses any other language
    pages = [*generator.pages, *generator.translations, *generator.hidden_pages, *generator.hidden_translations]
    report(
        problem(
            page.source_path,
            f"this page is in '{page.lang}', but the theme has no catalog of its words in "
            f"that language ({catalog_path(folder, page.lang)}), so they would show in "
            f"'{catalogs.default_lang}'.",
            "a developer runs `make translations`, which makes the catalog, and has its "
            "strings translated (see docs/translations.md, 'Adding a language').",
        )
        for page in pages
        if page.lang in languages and catalogs.missing(page.lang)
    )


def register():
    signals.get_generators.connect(read_catalogs)
    signals.generator_init.connect(install_in_environment)
    signals.page_generator_finalized.connect(check_page_languages)
