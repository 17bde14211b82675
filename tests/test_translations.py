"""The theme's words in each page's language (gettext catalogs, the theme_i18n
plugin): every template string is translated, the committed catalogs are what
`make translations` makes, and a Spanish page says every word of the theme in
Spanish, as the catalog gives it.

The Spanish page is the test fixture tests/fixtures/vertebroplasty.es.md,
never published; the expected words are read from the catalog, never typed."""

import os
import shutil
import subprocess

import pytest
from babel.messages.pofile import read_po
from pelican.settings import read_settings

from conftest import ROOT, made_once, soup_of
from harness import SPANISH, problems_of, vertebroplasty, with_spanish

TRANSLATIONS = ROOT / "theme" / "translations"
ALLOW_FIXTURES = {"ALLOW_TEST_FIXTURES": True}
ENGLISH_PAGE = "procedures/vertebroplasty/index.html"
SPANISH_PAGE = "es/procedures/vertebroplasty/index.html"


@pytest.fixture(scope="module")
def bilingual(site, kiosk_site):
    """The local and kiosk builds of the shared catalog (tests/catalog.py),
    with the Spanish test translation among its pages."""
    return {"web": site, "kiosk": kiosk_site}


def languages():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    return [code for code in settings["LANGUAGES"] if code != settings["DEFAULT_LANG"]]


def catalog(path):
    with open(path, "rb") as handle:
        return read_po(handle)


@pytest.fixture(scope="module")
def spanish():
    return catalog(TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po")


def in_spanish(spanish, english):
    """The catalog's Spanish for an English string of the theme."""
    message = spanish.get(english)
    assert message is not None, f"{english!r} is not in the Spanish catalog"
    assert message.string and not message.fuzzy, f"{english!r} has no Spanish translation"
    return message.string


# --- The catalogs --------------------------------------------------------------------


def run_make_translations(folder):
    result = subprocess.run(
        ["make", "-C", str(folder), "translations", f"VENV={ROOT / '.venv'}"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def make_translations(folder):
    """`make translations` on a copy of the theme, the settings and the
    Makefile in ``folder``, with the project's .venv; returns the copy's
    translations folder."""
    for name in ("Makefile", "babel.cfg", "pelicanconf.py"):
        shutil.copy(ROOT / name, folder)
    for part in ("templates", "translations"):
        shutil.copytree(ROOT / "theme" / part, folder / "theme" / part)
    requirements = folder / "requirements.txt"  # older than the .venv: make installs nothing
    requirements.write_text("")
    os.utime(requirements, (0, 0))
    run_make_translations(folder)
    return folder / "theme" / "translations"


def messages(path):
    """What a catalog says, without its header (dates change on every run)."""
    return [
        (m.id, m.context, m.string, sorted(m.locations), m.auto_comments, sorted(m.flags), m.previous_id)
        for m in catalog(path)
        if m.id
    ]


def untranslated(path):
    """The strings of a catalog with no translation, or only a fuzzy one."""
    found = []
    for message in catalog(path):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and (message.fuzzy or not all(strings)):
            found.append(message.id)
    return found


@pytest.fixture(scope="module")
def remade(tmp_path_factory):
    """Made once for the run (made_once in conftest.py); the tests only read it."""
    return made_once(tmp_path_factory, "remade-translations", make_translations)


def test_every_language_has_a_catalog_and_no_compiled_file_is_kept():
    for lang in languages():
        assert (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").is_file(), lang
    assert not list(TRANSLATIONS.rglob("*.mo")), "the build compiles the catalogs; no .mo in git"


def test_every_template_string_has_a_translation_in_every_language(remade):
    """make translations adds a new template string to each .po, untranslated."""
    for lang in languages():
        missing = untranslated(remade / lang / "LC_MESSAGES" / "messages.po")
        assert not missing, f"no '{lang}' translation (or a fuzzy one) for: {missing}"


def test_the_committed_catalogs_are_what_make_translations_makes(remade):
    assert messages(remade / "messages.pot") == messages(TRANSLATIONS / "messages.pot"), "run make translations"
    for lang in languages():
        path = f"{lang}/LC_MESSAGES/messages.po"
        assert messages(remade / path) == messages(TRANSLATIONS / path), "run make translations"


def test_make_translations_adds_a_new_string_and_keeps_every_translation(tmp_path):
    remade = make_translations(tmp_path)
    footer = tmp_path / "theme" / "templates" / "components" / "site_footer.html"
    footer.write_text(footer.read_text(encoding="utf-8").replace(
        "</footer>", '  <p>{{ _("Printed for you by the hospital.") }}</p>\n</footer>'
    ), encoding="utf-8")
    run_make_translations(tmp_path)
    assert "Printed for you by the hospital." in [m.id for m in catalog(remade / "messages.pot")]
    for lang in languages():
        path = remade / lang / "LC_MESSAGES" / "messages.po"
        assert untranslated(path) == ["Printed for you by the hospital."]
        before = {m.id: m.string for m in catalog(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po") if m.id}
        after = {m.id: m.string for m in catalog(path) if m.id in before}
        assert after == before


def test_no_translation_holds_markup_or_a_quote():
    """Jinja treats a translation as safe HTML (it goes into attributes too)."""
    for lang in languages():
        for message in catalog(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in strings:
                assert not set(text) & set('<>&"'), (lang, message.id, text)


# --- The Spanish page ---------------------------------------------------------------------


def first_text(element):
    """An element's own first words, before any child element."""
    return next(element.stripped_strings)


THEME_WORDS = {  # where the theme writes a word, and how to read it
    "skip link": lambda soup: soup.select_one("a.skip-link").get_text(strip=True),
    "header: appointments": lambda soup: first_text(soup.select_one("header .site-header__help")),
    "header: all procedures": lambda soup: soup.select_one("header .site-nav__link").get_text(strip=True),
    "header: navigation label": lambda soup: soup.select_one("header .site-nav")["aria-label"],
    "contents list": lambda soup: soup.select_one(".contents-list__title").get_text(strip=True),
    "last reviewed": lambda soup: soup.select(".review-dates__label")[0].get_text(strip=True),
    "next review": lambda soup: soup.select(".review-dates__label")[1].get_text(strip=True),
    "footer: online address": lambda soup: first_text(soup.select_one(".site-footer__address")),
    "footer: disclaimer": lambda soup: soup.select(".site-footer p")[1].get_text(strip=True),
}


@pytest.mark.parametrize("where", THEME_WORDS)
def test_the_spanish_page_says_the_themes_words_as_the_catalog_does(where, bilingual, spanish):
    read = THEME_WORDS[where]
    english = read(soup_of(bilingual["web"] / ENGLISH_PAGE))
    assert read(soup_of(bilingual["web"] / SPANISH_PAGE)) == in_spanish(spanish, english)


def test_each_page_declares_its_own_language(bilingual):
    for flavour, folder in bilingual.items():
        for page in folder.rglob("*.html"):
            lang = "es" if page.relative_to(folder).parts[0] == "es" else "en"
            assert soup_of(page).html["lang"] == lang, f"{flavour}: {page}"


def test_the_review_dates_are_said_and_written_in_spanish(bilingual, spanish):
    """The date itself is the review_dates plugin's long_date("es") (Babel)."""
    items = soup_of(bilingual["web"] / SPANISH_PAGE).select(".review-dates__item")
    said = [" ".join(item.get_text(" ").split()) for item in items]
    assert said == [
        f"{in_spanish(spanish, 'Page last reviewed:')} 25 de noviembre de 2026",
        f"{in_spanish(spanish, 'Next review due:')} 25 de noviembre de 2027",
    ]
    assert items[0].find("time")["datetime"] == "2026-11-25"


def theme_texts(soup):
    """Every text and every attribute a reader may meet: words and labels."""
    texts = {" ".join(text.split()) for text in soup.stripped_strings}
    for element in soup.find_all(True):
        for name in ("aria-label", "content", "title", "alt"):
            if element.get(name):
                texts.add(" ".join(element[name].split()))
    return texts


def english_fragments(spanish):
    """Each English string of the theme whose Spanish differs, cut at its
    first placeholder ("To make an appointment, call")."""
    fragments = set()
    for message in spanish:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            fragment = english.split("%(")[0].strip()
            if message.id and fragment and fragment not in strings:
                fragments.add(fragment)
    return fragments


def test_no_word_of_the_theme_is_left_in_english_on_a_spanish_page(bilingual, spanish):
    fragments = english_fragments(spanish)
    assert "On this page" in fragments  # the check reads the real catalog
    for flavour, folder in bilingual.items():
        pages = sorted((folder / "es").rglob("*.html"))
        assert folder / SPANISH_PAGE in pages and folder / "es" / "index.html" in pages
        for page in pages:
            texts = theme_texts(soup_of(page))
            left = sorted(f for f in fragments if any(t.startswith(f) or t == f for t in texts))
            assert not left, f"{flavour}: {page.relative_to(folder)} still says {left}"


def test_the_spanish_kiosk_page_asks_and_counts_down_in_spanish(bilingual, spanish):
    dialog = soup_of(bilingual["kiosk"] / SPANISH_PAGE).select_one("#idle-dialog")
    assert dialog.select_one("#idle-dialog-title").get_text(strip=True) == in_spanish(spanish, "Are you still reading?")
    assert dialog.select_one("button").get_text(strip=True) == in_spanish(spanish, "Yes, keep reading")
    countdown = next(m for m in spanish if isinstance(m.id, tuple) and "list of procedures" in m.id[0])
    seconds = dialog["data-countdown-seconds"]
    wanted = countdown.string[1] % {"seconds": seconds}
    assert " ".join(dialog.select_one("#idle-dialog-text").get_text().split()) == wanted
    assert dialog.select_one("#idle-dialog-count").get_text() == seconds
    home = soup_of(bilingual["kiosk"] / SPANISH_PAGE).select_one("a.site-nav__home")
    assert home.get_text(strip=True) == in_spanish(spanish, "Home")


def test_a_page_in_a_language_without_a_catalog_fails_the_build(tmp_path):
    """Through tests/harness.py (a refused build's exit code and output: test_bad_content.py)."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    shutil.rmtree(theme / "translations" / "es")
    problems = problems_of(vertebroplasty(), files=with_spanish(), overrides={**ALLOW_FIXTURES, "THEME": str(theme)})
    assert [(p.file, p.line, p.message, p.fix) for p in problems] == [
        (SPANISH, None, f"this page is in 'es', but the theme has no catalog of its words in that language ({theme}/"
         "translations/es/LC_MESSAGES/messages.po), so they would show in 'en'.", "a developer runs `make "
         "translations`, which makes the catalog, and has its strings translated (see docs/translations.md, "
         "'Adding a language')."),
    ]  # fmt: skip
