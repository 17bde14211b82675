"""{phone} shows the number wherever Markdown text can hold it.

One web build and one kiosk build of a page with {phone} in every position
the authors use; each position must show the number (a tel: link on the web,
large text on the kiosk). Before {phone} had one owner, a {phone} at the
start of a line was read by attr_list as an attribute list and vanished.
"""

import phonenumbers
import pytest

from procedure_site.appointment_phone.phone import phone_display
from conftest import build, edit_page, soup_of, visible_text

KIOSK_ENV = {"PUBLIC_SITEURL": "https://patient-guides.example.org"}

# marker word -> Markdown that holds it and {phone}
POSITIONS = {
    "the lead": "Lead marker: for questions, call\n{phone}",
    "the start of a line": "Start marker: questions? Call\n{phone}",
    "the end of a line": "End marker: to book, call {phone}",
    "a paragraph of its own": None,  # the appointment section's own {phone}
    "a list item": "- List marker: the desk, {phone}\n- Another item",
    "a table cell": "| Desk | Number |\n| --- | --- |\n| Table marker | {phone} |",
    "emphasis": "Emphasis marker: call *{phone}* today.",
}
MARKERS = {
    "the lead": "Lead marker",
    "the start of a line": "Start marker",
    "the end of a line": "End marker",
    "a paragraph of its own": None,  # the paragraph that holds nothing but the number
    "a list item": "List marker",
    "a table cell": "Table marker",
    "emphasis": "Emphasis marker",
}


def with_every_position(text):
    lead_end = text.index("## Why")
    text = text[:lead_end] + POSITIONS["the lead"] + "\n\n" + text[lead_end:]
    extra = "\n\n".join(v for k, v in POSITIONS.items() if v and k != "the lead")
    at = text.index("## Risks and Benefits")
    return text[:at] + extra + "\n\n" + text[at:]


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    import shutil

    from conftest import ROOT

    root = tmp_path_factory.mktemp("phone")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    edit_page(content, with_every_position)
    web = build(root / "web", content=content)
    kiosk = build(root / "kiosk", content=content, settings="kioskconf.py", env=KIOSK_ENV)
    assert web.returncode == 0, web.stderr
    assert kiosk.returncode == 0, kiosk.stderr
    return root


def block_with(page, marker):
    """The smallest element whose text holds the marker (a cell's row for a table)."""
    if marker is None:
        alone = [p for p in page.select("#appointment p") if len(p.contents) == 1 and p.find(class_=True)]
        assert len(alone) == 1, page.select_one("#appointment")
        return alone[0]
    found = [e for e in page.select("main p, main li, main tr") if marker in visible_text(e)]
    assert found, f"nothing on the page says {marker!r}"
    return found[0]


@pytest.mark.parametrize("position", sorted(MARKERS))
def test_the_web_page_shows_the_number_as_a_tel_link(position, builds, settings):
    page = soup_of(builds / "web" / settings["PAGE_SAVE_AS"].format(slug="vertebroplasty"))
    number = settings["APPOINTMENT_PHONE"]
    dial = "tel:" + phonenumbers.format_number(
        phonenumbers.parse(number, settings["PHONE_REGION"]), phonenumbers.PhoneNumberFormat.E164
    )
    block = block_with(page, MARKERS[position])
    link = block.find("a", href=dial)
    assert link is not None, block
    if position == "a table cell":
        assert link.find_parent("td") is not None, "the table was not built as a table"
    assert visible_text(link) == phone_display(number, settings["PHONE_REGION"])
    assert "{phone}" not in visible_text(page.find("main"))


@pytest.mark.parametrize("position", sorted(MARKERS))
def test_the_kiosk_shows_the_number_as_large_text(position, builds, settings):
    page = soup_of(builds / "kiosk" / "procedures" / "vertebroplasty" / "index.html")
    block = block_with(page, MARKERS[position])
    shown = block.find("strong", class_="phone-text")
    assert shown is not None and visible_text(shown) == phone_display(settings["APPOINTMENT_PHONE"], settings["PHONE_REGION"])
    assert not page.select('a[href^="tel:"]')


def test_the_header_number_is_rendered_the_same_way(builds, settings):
    page = soup_of(builds / "web" / settings["PAGE_SAVE_AS"].format(slug="vertebroplasty"))
    header = page.select_one(".site-header__help a.phone-link")
    appointment = page.select_one("#appointment a.phone-link")
    assert str(header) == str(appointment)


def test_a_page_number_with_an_extension_dials_the_extension_too(content_copy, tmp_path, settings):
    """RFC 3966: the extension is part of the tel: link, not only of the words."""
    edit_page(content_copy, lambda t: t.replace("Department:", "Phone: 202-877-9729 ext. 1234\nDepartment:", 1))
    result = build(tmp_path / "output", content=content_copy)
    assert result.returncode == 0, result.stderr
    page = soup_of(tmp_path / "output" / settings["PAGE_SAVE_AS"].format(slug="vertebroplasty"))
    links = page.select("a.phone-link")
    assert len(links) == 2  # the header's and the appointment section's
    for link in links:
        assert link["href"] == "tel:+1-202-877-9729;ext=1234"
        assert visible_text(link) == "202-877-9729 ext. 1234"
