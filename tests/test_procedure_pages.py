"""Every procedure page in content/ carries the content model in its HTML."""

import phonenumbers
import pytest
from procedure_site.appointment_phone.phone import phone_display

from conftest import page_path, procedure_sources, soup_of, source_metadata, visible_text

SOURCES = procedure_sources()


@pytest.fixture(params=SOURCES, ids=[s.stem for s in SOURCES])
def page(request, site, settings):
    source = request.param
    return source, soup_of(page_path(site, settings, source))


def written_phone(settings, source):
    return source_metadata(source).get("phone") or settings["APPOINTMENT_PHONE"]


def expected_phone(settings, source):
    return phonenumbers.parse(written_phone(settings, source), settings["PHONE_REGION"])


def test_there_is_at_least_one_procedure():
    assert SOURCES, "content/procedures holds no pages"


def test_required_sections_present_in_order_with_ids_and_text(page, settings):
    _source, soup = page
    ids = [spec["id"] for spec in settings["PROCEDURE_SECTIONS"]]
    elements = [soup.find(id=section_id) for section_id in ids]
    missing = [i for i, e in zip(ids, elements) if e is None]
    assert not missing, f"sections without their id: {missing}"
    in_document_order = [e["id"] for e in soup.find_all(id=True) if e["id"] in ids]
    assert in_document_order == ids, "sections are out of order"
    for spec, element in zip(settings["PROCEDURE_SECTIONS"], elements):
        body = " ".join(visible_text(p) for p in element.find_all(["p", "li", "td"]))
        assert body, f"section #{spec['id']} has no text"
        if spec["heading"]:
            heading = element.find("h2")
            assert heading is not None and visible_text(heading)
    main_ids = [s.get("id") for s in soup.select("main section[id]")]
    assert main_ids == [i for i in ids if i != "lead"]


def test_one_h1_with_the_title(page):
    source, soup = page
    h1s = soup.find_all("h1")
    assert len(h1s) == 1
    assert visible_text(h1s[0]) == source_metadata(source)["title"]


def test_contents_list_links_every_section(page, settings):
    _source, soup = page
    contents = soup.select_one("nav.contents-list")
    assert contents is not None
    assert "On this page" in visible_text(contents)
    hrefs = [a["href"] for a in contents.find_all("a")]
    assert hrefs == [f"#{s['id']}" for s in settings["PROCEDURE_SECTIONS"] if s["heading"]]


def test_phone_is_a_tel_link_in_appointment_section_and_header(page, settings):
    source, soup = page
    number = expected_phone(settings, source)
    href = "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    shown = phone_display(written_phone(settings, source), settings["PHONE_REGION"])
    cta = [s["id"] for s in settings["PROCEDURE_SECTIONS"] if s.get("call_to_action")]
    assert cta, "no section is marked as the call to action"
    for spot in (soup.find(id=cta[0]), soup.select_one("header")):
        links = [a for a in spot.find_all("a", href=True) if a["href"].startswith("tel:")]
        assert links, f"no tel: link in {spot.name}#{spot.get('id')}"
        assert links[0]["href"] == href
        assert visible_text(links[0]) == shown


def test_title_description_and_lang(page, settings):
    source, soup = page
    metadata = source_metadata(source)
    assert soup.html.get("lang") == settings["DEFAULT_LANG"]
    assert metadata["title"] in soup.title.get_text()
    description = soup.find("meta", attrs={"name": "description"})
    assert description is not None and description["content"] == metadata["summary"]


def test_landmarks_and_skip_link(page):
    _source, soup = page
    for landmark in ("header", "nav", "main", "footer"):
        assert soup.find(landmark) is not None, landmark
    first_link = soup.body.find("a")
    assert first_link["href"] == "#main" and "skip" in visible_text(first_link).lower()
    assert soup.find("main").get("id") == "main"
