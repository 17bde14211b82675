from procedure_site.build_report.report import Problem
from procedure_site.page_cache.entries import Entries
from procedure_site.page_model.facts import PageFacts
from procedure_site.page_cache.keys import header, page_key, site_key


def test_facts_are_read_back_and_the_html_and_the_sections_only_when_asked(tmp_path):
    entries = Entries(tmp_path)
    notice = Problem("a.md", "m")
    html = "<p>x \u2013 \U0001f600\r\n</p>"  # beyond Latin-1, and a newline kept as written
    facts = PageFacts(html=html, procedure=["a", "b"], reading="grades", notices=(notice,), review="due", static_links=("a.png",))
    entries.write_facts("k", facts)
    # What a warm build holds for a page: no HTML, no sections.
    assert entries.facts("k") == PageFacts(html=None, notices=(notice,), review="due", static_links=("a.png",))
    assert entries.html("k") == html
    assert entries.sections("k") == {"procedure": ["a", "b"], "reading": "grades"}


def test_an_entry_that_cannot_be_read_is_a_miss(tmp_path):
    entries = Entries(tmp_path)
    assert entries.facts("absent") is None and entries.sections("absent") is None
    assert entries.html("absent") is None
    assert entries.render("absent") is None
    entries.facts_path("cut").write_bytes(b"\0\0\0\0\0\0\0\x40half")
    assert entries.facts("cut") is None and entries.html("cut") is None
    entries.facts_path("short").write_bytes(b"\0" * 15 + b"\x40" + b"<p>")
    assert entries.facts("short") is None and entries.html("short") is None


def test_a_render_comes_back_byte_for_byte(tmp_path):
    entries = Entries(tmp_path)
    entries.write_render("k", "<p>line\r\nnext\rlast é</p>\n")
    assert entries.render("k") == "<p>line\r\nnext\rlast é</p>\n"


def test_a_page_key_changes_with_its_bytes_and_the_site_key_with_any_header(tmp_path):
    (tmp_path / "a.md").write_text("Title: A\n\nText.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("Title: B\n\nText.\n", encoding="utf-8")
    site = site_key(tmp_path)
    key = page_key(site, str(tmp_path / "a.md"))
    (tmp_path / "b.md").write_text("Title: B\n\nOther text.\n", encoding="utf-8")
    assert site_key(tmp_path) == site  # a page's text is not in the site key
    assert page_key(site, str(tmp_path / "a.md")) == key
    (tmp_path / "b.md").write_text("Title: Bee\n\nOther text.\n", encoding="utf-8")
    assert site_key(tmp_path) != site
    (tmp_path / "a.md").write_text("Title: A\n\nEdited.\n", encoding="utf-8")
    assert page_key(site, str(tmp_path / "a.md")) != key
    assert page_key(site, str(tmp_path / "missing.md")) is None
    assert header(b"Title: A\nSlug: a\n\nText\n") == b"Title: A\nSlug: a"
