"""The language versions of a page, linked together: the switcher in the
header (each language named in its own language), <link rel="alternate"
hreflang> in the head (complete, reciprocal, with x-default), the kiosk's
language buttons on its home page. On the shared catalog's builds
(tests/catalog.py): the Spanish test translation (tests/fixtures/, never
published), two other translated pages, and English pages that have none."""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from pelican.settings import read_settings

from catalog import CATALOG_ES
from conftest import KIOSK_SITEURL, PUBLIC_SITE_URL, ROOT, build, made_once, soup_of

PAIR = {"en": "procedures/vertebroplasty/index.html", "es": "es/procedures/vertebroplasty/index.html"}
INDEXES = {"en": "index.html", "es": "es/index.html"}
UNTRANSLATED = "procedures/blood-draw/index.html"
# Every page written in both languages: the A–Z lists and the catalog's translated pages.
VERSIONED = [*INDEXES.values()] + [
    path for slug in sorted(CATALOG_ES) for path in (f"procedures/{slug}/index.html", f"es/procedures/{slug}/index.html")
]


@pytest.fixture(scope="module")
def flavours(site, published_site, kiosk_site):
    """The local, production and kiosk builds of the shared catalog
    (tests/catalog.py), with the public address each is made for."""
    public = {"web": read_settings(str(ROOT / "pelicanconf.py"))["PUBLIC_SITEURL"], "publish": PUBLIC_SITE_URL,
              "kiosk": KIOSK_SITEURL}
    outputs = {"web": site, "publish": published_site, "kiosk": kiosk_site}
    return {name: (output, public[name]) for name, output in outputs.items()}


@pytest.fixture(scope="module")
def english_only(tmp_path_factory):
    """The local build of content/ as it is: English only (made once for the run)."""

    def make(folder):
        result = build(folder / "output")
        assert result.returncode == 0, result.stderr
        return folder / "output"

    return made_once(tmp_path_factory, "english-only", make)


@pytest.fixture(scope="module")
def site_languages():
    return read_settings(str(ROOT / "pelicanconf.py"))["LANGUAGES"]


def target_file(output, page, href):
    """The file a link of ``page`` opens: root-relative on the web, relative
    (and naming the file) in the kiosk."""
    path = unquote(urlsplit(href).path)
    target = output / path.lstrip("/") if path.startswith("/") else page.parent / path
    if path.endswith("/"):
        target = target / "index.html"
    return target.resolve()


def switcher_links(soup):
    switcher = soup.select("nav.language-switcher")
    if not switcher:
        return None
    assert len(switcher) == 1
    return switcher[0].select("a")


def alternates(soup):
    return {link["hreflang"]: link["href"] for link in soup.select('head link[rel="alternate"][hreflang]')}


def public_address(public, output, page):
    """Where an output file lives on the public site: its folder's address."""
    path = page.relative_to(output).as_posix()
    return f"{public}/{path.removesuffix('index.html')}"


@pytest.mark.parametrize("flavour", ["web", "publish", "kiosk"])
def test_each_version_links_to_the_other_in_its_own_language(flavour, flavours, site_languages):
    output, _public = flavours[flavour]
    for lang, path in PAIR.items():
        page = output / path
        [(other, other_path)] = [(code, p) for code, p in PAIR.items() if code != lang]
        [link] = switcher_links(soup_of(page))
        assert link.get_text(strip=True) == site_languages[other]
        assert link["lang"] == link["hreflang"] == other
        assert target_file(output, page, link["href"]) == (output / other_path).resolve()


# Not the production build: its minified pages leave out the optional </p>,
# which lxml, unlike an HTML5 parser, does not close at <nav>. Same templates.
@pytest.mark.parametrize("flavour", ["web", "kiosk"])
def test_the_switcher_is_in_the_header_beside_the_phone_on_every_page_that_has_one(flavour, flavours):
    output, _public = flavours[flavour]
    for path in [*PAIR.values(), *INDEXES.values()]:
        switcher = soup_of(output / path).select_one("nav.language-switcher")
        assert switcher is not None, path
        assert switcher.parent.get("class") == ["site-header__inner"] and switcher.find_parent("header"), path
        assert "site-header__help" in switcher.find_previous_sibling().get("class"), path
        assert switcher.get("aria-label"), path


@pytest.mark.parametrize("flavour", ["web", "publish", "kiosk"])
def test_only_pages_with_another_language_version_have_a_switcher_and_alternates(flavour, flavours):
    """Blood Draw has no translation; the 404 pages are not versions of one another."""
    output, _public = flavours[flavour]
    assert set(PAIR.values()) <= set(VERSIONED) and len(VERSIONED) == 2 + 2 * 3
    versioned = {(output / p).resolve() for p in VERSIONED}
    assert (output / UNTRANSLATED).is_file()
    for page in output.rglob("*.html"):
        soup = soup_of(page)
        has_versions = page.resolve() in versioned
        assert (switcher_links(soup) is not None) == has_versions, page
        assert bool(soup.select('link[rel="alternate"]')) == has_versions, page


def test_the_a_to_z_page_offers_other_languages_only_when_another_has_pages(english_only, flavours):
    """The real content is in English only: its pages are built as before."""
    assert switcher_links(soup_of(flavours["web"][0] / "index.html"))
    for page in english_only.rglob("*.html"):
        assert not soup_of(page).select(".language-switcher, .language-buttons, link[rel=alternate]"), page


@pytest.mark.parametrize("flavour", ["web", "publish", "kiosk"])
def test_the_a_to_z_pages_link_to_each_others_language(flavour, flavours, site_languages):
    output, _public = flavours[flavour]
    for lang, path in INDEXES.items():
        page = output / path
        [(other, other_path)] = [(code, p) for code, p in INDEXES.items() if code != lang]
        [link] = switcher_links(soup_of(page))
        assert (link.get_text(strip=True), link["lang"], link["hreflang"]) == (site_languages[other], other, other)
        assert target_file(output, page, link["href"]) == (output / other_path).resolve()


@pytest.mark.parametrize("flavour", ["web", "publish", "kiosk"])
def test_hreflang_alternates_are_complete_reciprocal_and_public(flavour, flavours):
    output, public = flavours[flavour]
    for group in (PAIR, INDEXES):
        expected = {lang: public_address(public, output, output / path) for lang, path in group.items()}
        expected["x-default"] = expected["en"]
        for lang, path in group.items():
            found = alternates(soup_of(output / path))
            assert found == expected, f"{flavour}: {path}"
            assert found[lang] == public_address(public, output, output / path)  # itself included
    assert expected["en"] == f"{public}/", "the default language's A–Z page is the site root"


def test_kiosk_switcher_links_are_relative_and_name_files(flavours):
    output, _public = flavours["kiosk"]
    for path in [*PAIR.values(), *INDEXES.values()]:
        page = output / path
        links = soup_of(page).select(".language-switcher a, .language-buttons a")
        assert links, path
        for link in links:
            href = link["href"]
            assert not urlsplit(href).scheme and not href.startswith("/"), href
            assert href.endswith(".html"), href
            assert target_file(output, page, href).is_file(), href


def test_kiosk_home_offers_each_language_as_a_button(flavours, site_languages):
    output, _public = flavours["kiosk"]
    for lang, path in INDEXES.items():
        page = output / path
        buttons = soup_of(page).select("main .language-buttons a")
        assert [(b["lang"], b["hreflang"], b.get_text(strip=True)) for b in buttons] == [
            (code, code, site_languages[code]) for code in INDEXES
        ]
        for button in buttons:
            code = button["lang"]
            assert target_file(output, page, button["href"]) == (output / INDEXES[code]).resolve()
            assert (button.get("aria-current") == "page") == (code == lang)
    for flavour in ("web", "publish"):
        assert not soup_of(flavours[flavour][0] / "index.html").select(".language-buttons")


def test_spanish_pages_lead_home_in_spanish_and_the_idle_reset_to_the_start(flavours):
    output, _public = flavours["kiosk"]
    page = output / PAIR["es"]
    soup = soup_of(page)
    assert target_file(output, page, soup.select_one("a.site-nav__home")["href"]) == (output / INDEXES["es"]).resolve()
    reset = soup.select_one("#idle-dialog")["data-home"]
    assert target_file(output, page, reset) == (output / "index.html").resolve(), "back to the default language"
    web, _ = flavours["web"]
    link = soup_of(web / PAIR["es"]).select_one("a.site-nav__link")
    assert target_file(web, web / PAIR["es"], link["href"]) == (web / INDEXES["es"]).resolve()


# --- In Chromium -------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [{"width": 1080, "height": 1920}, {"width": 1920, "height": 1080}],
                         ids=["portrait", "landscape"])
def test_kiosk_language_buttons_and_links_are_at_least_44px(viewport, flavours, browser):
    output, _public = flavours["kiosk"]
    context = browser.new_context(viewport=viewport)
    context.route(re.compile(r"^(?!file://)"), lambda route: route.abort())
    try:
        page = context.new_page()
        for path in [*PAIR.values(), *INDEXES.values()]:
            page.goto(Path(output / path).resolve().as_uri())
            sizes = page.eval_on_selector_all(
                ".language-switcher a, .language-buttons a",
                "els => els.map(e => { const r = e.getBoundingClientRect(); return [e.textContent, r.width, r.height]; })",
            )
            assert sizes, path
            small = [s for s in sizes if s[1] < 44 or s[2] < 44]
            assert not small, f"{path}: {small}"
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    finally:
        context.close()


@pytest.mark.browser
def test_the_switcher_works_without_script_from_files(flavours, browser):
    output, _public = flavours["kiosk"]
    context = browser.new_context(viewport={"width": 1080, "height": 1920}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((output / PAIR["en"]).resolve().as_uri())
        page.locator(".language-switcher").get_by_role("link", name="Español").click()
        assert page.url == (output / PAIR["es"]).resolve().as_uri()
        assert page.evaluate("document.documentElement.lang") == "es"
        page.locator(".language-switcher").get_by_role("link", name="English").click()
        assert page.url == (output / PAIR["en"]).resolve().as_uri()
    finally:
        context.close()
