"""sitemap.xml names every language version of a page (the production build).

On the production build of the shared catalog (tests/catalog.py): the real
content, the Spanish test translation, translated and untranslated pages. Each page written in more than
one language lists every version, itself included, as
<xhtml:link rel="alternate" hreflang="…" href="…"/>, plus x-default for the
default language's version (Google's sitemap form of hreflang); the Spanish
pages and the Spanish A–Z list are in the sitemap; no 404 page is."""

from collections import Counter

import pytest
from lxml import etree

from conftest import PUBLIC_SITE_URL

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NS = {"s": SITEMAP_NS, "xhtml": XHTML_NS}
ENGLISH_ONLY = "blood-draw"  # a page of the catalog with no translation


@pytest.fixture(scope="module")
def published(published_site):
    return published_site


@pytest.fixture(scope="module")
def sitemap(published):
    """The parsed sitemap: lxml refuses XML that is not well-formed or binds
    a prefix it never declares."""
    return etree.parse(str(published / "sitemap.xml"), etree.XMLParser(ns_clean=False, recover=False)).getroot()


def entries(sitemap):
    """loc -> [(hreflang, href)] of every <url>."""
    found = {}
    for url in sitemap.findall("s:url", NS):
        links = url.findall("xhtml:link", NS)
        assert all(link.get("rel") == "alternate" and set(link.keys()) == {"rel", "hreflang", "href"} for link in links)
        found[url.findtext("s:loc", namespaces=NS)] = [(link.get("hreflang"), link.get("href")) for link in links]
    return found


def address(settings, lang, slug):
    pattern = settings["PUBLIC_PAGE_URL"] if lang == settings["DEFAULT_LANG"] else settings["PUBLIC_PAGE_LANG_URL"]
    return f"{PUBLIC_SITE_URL}/{pattern.format(lang=lang, slug=slug)}"


def test_the_sitemap_is_well_formed_with_both_namespaces_declared(sitemap, published):
    assert sitemap.tag == f"{{{SITEMAP_NS}}}urlset"
    assert sitemap.nsmap == {None: SITEMAP_NS, "xhtml": XHTML_NS}
    tags = Counter(element.tag for element in sitemap.iter())
    assert set(tags) == {f"{{{SITEMAP_NS}}}{n}" for n in ("urlset", "url", "loc", "lastmod")} | {f"{{{XHTML_NS}}}link"}
    assert (published / "sitemap.xml").read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')


def test_each_version_of_a_translated_page_lists_every_version_and_x_default(sitemap, settings):
    found = entries(sitemap)
    english, spanish = address(settings, "en", "vertebroplasty"), address(settings, "es", "vertebroplasty")
    expected = {("en", english), ("es", spanish), ("x-default", english)}
    for loc in (english, spanish):
        assert loc in found, f"{loc} is in the sitemap"
        assert set(found[loc]) == expected and len(found[loc]) == len(expected), loc


def test_the_language_lists_are_versions_of_one_another(sitemap, settings):
    found = entries(sitemap)
    home = f"{PUBLIC_SITE_URL}/"
    spanish = f"{PUBLIC_SITE_URL}/{settings['INDEX_LANG_URL'].format(lang='es')}"
    assert spanish in found
    expected = {("en", home), ("es", spanish), ("x-default", home)}
    assert set(found[home]) == expected and set(found[spanish]) == expected


def test_a_page_with_no_translation_has_no_alternates(sitemap, settings):
    assert entries(sitemap)[address(settings, "en", ENGLISH_ONLY)] == []


def test_every_alternate_is_listed_itself_and_no_404_is(sitemap, published):
    found = entries(sitemap)
    for loc, links in found.items():
        assert not loc.endswith("404.html") and "/404" not in loc, loc
        for _, href in links:
            assert href in found, f"{loc}: the alternate {href} is not in the sitemap"
    assert (published / "es" / "404.html").is_file(), "the Spanish 404 page is written, just not listed"
    written = {p.relative_to(published).as_posix() for p in published.rglob("index.html")}
    search_pages = {"search/index.html", "es/search/index.html"}  # noindex, like the 404
    assert search_pages <= written
    written -= search_pages
    lookups = {page for page in written if page.startswith("connect/")}  # noindex: ways to pages listed
    assert lookups
    written -= lookups
    listed = {loc[len(PUBLIC_SITE_URL) + 1 :] + "index.html" for loc in found}
    assert listed == written, "every page, in every language, and nothing else"
