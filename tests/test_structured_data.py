"""Each procedure page carries one schema.org JSON-LD block in its <head>,
read back with a real structured-data parser (extruct), and every value in it
is what the built page itself says: the text of the section the settings map
it to, the page's title, summary, address, language and review date. Checked
on the local build and on the production build (minified), and on content
copies for what the seed page does not show."""

from pathlib import Path

import extruct
import pytest

from conftest import build, edit_page, page_path, procedure_sources, soup_of, source_metadata, visible_text
from harness import problems_of, vertebroplasty

SOURCES = procedure_sources()
JSON_LD = {"type": "application/ld+json"}


def json_ld(html_path, address):
    """Every JSON-LD item extruct finds in the page."""
    return extruct.extract(Path(html_path).read_text(encoding="utf-8"), base_url=address, syntaxes=["json-ld"])[
        "json-ld"
    ]


def public_address(settings, source):
    slug = source_metadata(source).get("slug") or source.stem
    return f"{settings['PUBLIC_SITEURL']}/{settings['PUBLIC_PAGE_URL'].format(slug=slug)}"


def the_item(html_path, address):
    items = json_ld(html_path, address)
    assert len(items) == 1, f"{html_path}: {len(items)} JSON-LD items"
    return items[0]


def section_text(soup, section_id):
    """A section's words as the page shows them, without its own heading."""
    element = soup.find(id=section_id)
    assert element is not None, f"no #{section_id}"
    for heading in element.find_all("h2"):
        heading.decompose()
    return " ".join(element.get_text().split())


@pytest.fixture(params=["local", "production"])
def built(request):
    """(build output, the settings it was made with)"""
    if request.param == "local":
        return request.getfixturevalue("site"), request.getfixturevalue("settings")
    return request.getfixturevalue("published_site"), request.getfixturevalue("published_settings")


def test_exactly_one_json_ld_block_and_it_is_in_the_head(built):
    site, settings = built
    for source in SOURCES:
        soup = soup_of(page_path(site, settings, source))
        blocks = soup.find_all("script", attrs=JSON_LD)
        assert len(blocks) == 1, f"{source.name}: {len(blocks)} JSON-LD blocks"
        assert blocks[0].parent.name == "head"
        item = the_item(page_path(site, settings, source), public_address(settings, source))
        assert item["@context"] == "https://schema.org"
        assert item["@type"] == "MedicalWebPage"
        assert item["about"]["@type"] == "MedicalProcedure"


def test_name_description_address_language_and_audience(built):
    site, settings = built
    for source in SOURCES:
        html = page_path(site, settings, source)
        soup = soup_of(html)
        metadata = source_metadata(source)
        item = the_item(html, public_address(settings, source))
        assert item["name"] == visible_text(soup.find("h1")) == metadata["title"]
        assert item["about"]["name"] == metadata["title"]
        assert item["description"] == soup.find("meta", attrs={"name": "description"})["content"] == metadata["summary"]
        assert item["url"] == public_address(settings, source)
        canonical = soup.find("link", rel="canonical")
        if canonical is not None:  # the production build
            assert item["url"] == canonical["href"]
        assert item["inLanguage"] == metadata.get("lang", settings["DEFAULT_LANG"]) == soup.html["lang"]
        assert item["audience"] == {"@type": "Patient"}


def test_procedure_properties_are_the_text_of_their_sections(site, settings):
    mapping = settings["STRUCTURED_DATA_SECTIONS"]
    assert {"description", "howPerformed", "preparation", "followup"} <= set(mapping)
    for source in SOURCES:
        html = page_path(site, settings, source)
        about = the_item(html, public_address(settings, source))["about"]
        for prop, section_id in mapping.items():
            expected = section_text(soup_of(html), section_id)
            assert expected, f"#{section_id} is empty"
            assert about[prop] == expected, f"{source.name}: {prop} is not the text of #{section_id}"


def test_production_build_carries_the_same_data_through_minifying(site, settings, published_site, published_settings):
    for source in SOURCES:
        local = the_item(page_path(site, settings, source), public_address(settings, source))
        address = public_address(published_settings, source)
        published = the_item(page_path(published_site, published_settings, source), address)
        assert published.pop("url") == address
        local.pop("url")
        assert published == local


def test_last_reviewed_is_the_pages_reviewed_line(site, settings):
    for source in SOURCES:
        item = the_item(page_path(site, settings, source), public_address(settings, source))
        reviewed = source_metadata(source).get("reviewed")
        if reviewed:
            assert item["lastReviewed"] == reviewed
        else:
            assert "lastReviewed" not in item, "a review date the page does not give"


def add_unmapped_copy(content, slug="not-mapped"):
    """A second page, the seed's text under a slug no setting maps."""
    seed = Path(content) / "procedures" / "vertebroplasty.md"
    text = seed.read_text(encoding="utf-8").replace("Slug: vertebroplasty", f"Slug: {slug}", 1)
    (seed.parent / f"{slug}.md").write_text(text, encoding="utf-8")


def test_body_location_only_where_the_settings_map_one(content_copy, tmp_path, settings):
    locations = settings["PROCEDURE_BODY_LOCATIONS"]
    assert "not-mapped" not in locations
    add_unmapped_copy(content_copy)
    output = tmp_path / "output"
    result = build(output, content_copy)
    assert result.returncode == 0, result.stderr
    for slug in ("vertebroplasty", "not-mapped"):
        html = output / settings["PAGE_SAVE_AS"].format(slug=slug)
        about = the_item(html, "https://example.org/")["about"]
        if slug in locations:
            assert about["bodyLocation"] == locations[slug]
        else:
            assert "bodyLocation" not in about


def test_text_that_looks_like_markup_cannot_end_the_block(content_copy, tmp_path, settings):
    sneaky = "Bring this: &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;!-- &amp; more."

    def edit(text):
        head, _, body = text.partition("\n\n")
        return f"{head}\n\n{sneaky}\n\n{body}"

    edit_page(content_copy, edit)
    output = tmp_path / "output"
    result = build(output, content_copy)
    assert result.returncode == 0, result.stderr
    html = output / settings["PAGE_SAVE_AS"].format(slug="vertebroplasty")
    raw = html.read_text(encoding="utf-8")
    soup = soup_of(html)
    assert len(soup.find_all("script")) == 1, "the text opened or closed a script element"
    block = soup.find("script", attrs=JSON_LD).string
    assert "\\u003c/script\\u003e" in block and "<" not in block and "&" not in block
    assert raw.count("</script>") == 1
    shown = "Bring this: </script><script>alert(1)</script> <!-- & more."
    assert the_item(html, "https://example.org/")["about"]["description"].startswith(shown)


def test_a_mapped_section_id_that_does_not_exist_stops_the_build():
    """Through tests/harness.py (a refused build's exit code and output: test_bad_content.py)."""
    problems = problems_of(vertebroplasty(), overrides={"STRUCTURED_DATA_SECTIONS": {"howPerformed": "durin"}})
    assert [(p.file, p.line, p.message, p.fix) for p in problems] == [
        ("pelicanconf.py", None, "STRUCTURED_DATA_SECTIONS maps 'howPerformed' to 'durin', which is not a section id "
         "in PROCEDURE_SECTIONS.", "use one of: lead, why, during, risks-benefits, prepare, after, appointment."),
    ]  # fmt: skip


def test_the_procedure_names_its_codes_and_a_translation_inherits_them(built):
    site, settings = built
    expected = [{"@type": "MedicalCode", "codeValue": value, "codingSystem": "CPT"} for value in ("22510", "22511", "22512")]
    for path in ("procedures/vertebroplasty/index.html", "es/procedures/vertebroplasty/index.html"):
        item = the_item(site / path, f"{settings['PUBLIC_SITEURL']}/{path[: -len('index.html')]}")
        assert item["about"]["code"] == expected, path
