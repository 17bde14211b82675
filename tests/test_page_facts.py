"""A page's facts (plugins/procedure_site/page_model/facts.py) are one frozen
object, set on the page in one place by the page pipeline: nothing else is
left on Pelican's Page."""

import pytest

from harness import read_phase, vertebroplasty

# What the plugins used to set on Pelican's Page, each its own owner.
SCATTERED = ("procedure", "reading", "review", "search_keywords", "kiosk_search_headings",
             "public_address", "public_url", "take_home_qr")  # fmt: skip


@pytest.mark.parametrize("settings", ["pelicanconf.py", "kioskconf.py"])
def test_a_read_page_holds_its_facts_and_nothing_scattered(settings):
    read = read_phase(vertebroplasty(), settings=settings, env={"PUBLIC_SITEURL": "https://guides.example.org"})
    assert read.problems == []
    (page,) = read.pages
    facts = page.facts
    assert type(facts).__name__ == "PageFacts"
    assert [name for name in SCATTERED if name in vars(page)] == []
    assert [part.id for part in facts.procedure.sections][0] == "why"
    assert facts.reading.page.grade > 0 and facts.review.reviewed
    assert facts.public_address == {"pelicanconf.py": "https://patient-guides.example.org", "kioskconf.py": "https://guides.example.org"}[settings] + "/procedures/vertebroplasty/"
    assert page.template == "procedure" and page._content == facts.html
    assert (facts.take_home_qr is not None) == (settings == "kioskconf.py")
    assert (len(facts.kiosk_search_headings) > 0) == (settings == "kioskconf.py")
