from datetime import UTC, datetime

from crawler_files.crawler import page_address, robots_txt, sitemap_xml, source_date


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


def test_robots_txt_names_the_sitemap():
    assert robots_txt("https://s.example").endswith("Sitemap: https://s.example/sitemap.xml\n")
