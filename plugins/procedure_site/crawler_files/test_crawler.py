from datetime import UTC, datetime
from types import SimpleNamespace

from procedure_site.crawler_files.crawler import (
    Entry,
    Written,
    alternates,
    direct_template_name,
    is_excluded,
    page_address,
    robots_txt,
    sitemap_xml,
    source_date,
    version_group,
)


def test_pages_are_listed_at_their_pretty_address():
    assert page_address("index.html") == ""
    assert page_address("procedures/a/index.html") == "procedures/a/"
    assert page_address("404.html") == "404.html"


def test_sitemap_escapes_addresses_and_leaves_out_unknown_dates():
    xml = sitemap_xml([("https://s.example/?a=1&b=2", None), ("https://s.example/x/", "2026-01-01T00:00:00+00:00")])
    assert "<loc>https://s.example/?a=1&amp;b=2</loc>\n</url>" in xml
    assert "<lastmod>2026-01-01T00:00:00+00:00</lastmod>" in xml
    assert xml.count("<lastmod>") == 1


def test_source_date_epoch_is_honoured(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert source_date() == datetime(2026, 1, 1, tzinfo=UTC)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert source_date() is None
    for written in ("²", "1767225600²", "soon"):  # '²' is a digit to str.isdigit, not to int()
        monkeypatch.setenv("SOURCE_DATE_EPOCH", written)
        assert source_date() is None


def test_robots_txt_names_the_sitemap():
    assert robots_txt("https://s.example").endswith("Sitemap: https://s.example/sitemap.xml\n")


def test_alternates_are_declared_in_the_xhtml_namespace_and_escaped():
    from xml.etree import ElementTree

    alternates = (
        ("en", "https://s.example/a/?x=1&y=2"),
        ("es", "https://s.example/es/a/"),
        ("x-default", "https://s.example/a/?x=1&y=2"),
    )
    xml = sitemap_xml([Entry("https://s.example/es/a/", None, alternates), Entry("https://s.example/b/")])
    root = ElementTree.fromstring(xml)
    links = root.findall("{http://www.sitemaps.org/schemas/sitemap/0.9}url/{http://www.w3.org/1999/xhtml}link")
    assert [(link.get("rel"), link.get("hreflang"), link.get("href")) for link in links] == [
        ("alternate", lang, href) for lang, href in alternates
    ]
    assert xml.count("<xhtml:link") == 3


def test_versions_are_grouped_by_translation_and_by_direct_template():
    english, spanish, alone = SimpleNamespace(lang="en"), SimpleNamespace(lang="es"), SimpleNamespace(lang="en")
    english.translations, spanish.translations, alone.translations = [spanish], [english], []
    assert version_group(Written(english, "en", None)) == version_group(Written(spanish, "es", None))
    assert version_group(Written(alone, "en", None)) != version_group(Written(english, "en", None))
    assert version_group(Written(None, "es", "index")) == version_group(Written(None, None, "index"))
    assert direct_template_name({"page_name": "es/index", "lang": "es"}) == "index"
    assert direct_template_name({"page_name": "index"}) == "index"


def test_a_single_version_has_no_alternates_and_x_default_is_the_default_language():
    assert alternates({"en": "https://s.example/a/"}, "en") == ()
    both = {"es": "https://s.example/es/a/", "en": "https://s.example/a/"}
    assert alternates(both, "en") == (("en", both["en"]), ("es", both["es"]), ("x-default", both["en"]))


def test_an_excluded_file_is_excluded_in_every_language_folder():
    assert is_excluded("404.html", {"404.html"}, {"en", "es"})
    assert is_excluded("es/404.html", {"404.html"}, {"en", "es"})
    assert not is_excluded("xx/404.html", {"404.html"}, {"en", "es"})
    assert not is_excluded("es/index.html", {"404.html"}, {"en", "es"})


def test_a_folder_named_with_a_slash_excludes_every_file_under_it():
    assert is_excluded("connect/cpt/22510/index.html", {"connect/"}, {"en", "es"})
    assert not is_excluded("connector/index.html", {"connect/"}, {"en", "es"})
    assert not is_excluded("connect/index.html", {"connect"}, {"en", "es"})
