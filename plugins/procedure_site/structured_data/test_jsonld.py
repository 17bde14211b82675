"""The JSON-LD builder on its own, with stand-in pages: what goes in, what is
left out, and that no text can end the <script> element it is written into.
The built pages are tested in tests/test_structured_data.py."""

import datetime
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from pelican.settings import read_settings

from procedure_site.page_model.facts import PageFacts
from procedure_site.structured_data.jsonld import medical_web_page, script_safe_json, unknown_section_ids

ROOT = Path(__file__).resolve().parents[3]
ADDRESS = "https://patient-guides.example.org/procedures/test/"


@pytest.fixture(scope="module")
def settings():
    return read_settings(str(ROOT / "pelicanconf.py"))


def stand_in_page(settings, slug="test", review=None, procedure_codes=(), **attributes):
    """A page whose every section's text is 'text of <id>' (its facts as the
    page pipeline makes them)."""
    parts = [SimpleNamespace(id=spec["id"], text=f"text of {spec['id']}") for spec in settings["PROCEDURE_SECTIONS"]]
    procedure = SimpleNamespace(lead=parts[0], sections=parts[1:])
    facts = PageFacts(html="", procedure=procedure, review=review, procedure_codes=procedure_codes)
    fields = {"title": "Test", "summary": "A test.", "slug": slug, "lang": "en", "facts": facts}
    return SimpleNamespace(**{**fields, **attributes})


def test_no_text_can_close_the_script_element():
    text = 'a </script><script>alert(1)</script> <!-- & "b" > c'
    written = script_safe_json({"description": text})
    assert not set("<>&") & set(written)
    assert json.loads(written) == {"description": text}


def test_each_mapped_property_is_its_sections_text(settings):
    about = medical_web_page(stand_in_page(settings), ADDRESS, settings)["about"]
    for prop, section_id in settings["STRUCTURED_DATA_SECTIONS"].items():
        assert about[prop] == f"text of {section_id}"


def test_last_reviewed_only_from_a_review(settings):
    reviewed = SimpleNamespace(reviewed=datetime.date(2026, 3, 9))
    assert medical_web_page(stand_in_page(settings, review=reviewed), ADDRESS, settings)["lastReviewed"] == "2026-03-09"
    assert "lastReviewed" not in medical_web_page(stand_in_page(settings), ADDRESS, settings)


def test_body_location_only_where_the_settings_map_one(settings):
    slug, location = next(iter(settings["PROCEDURE_BODY_LOCATIONS"].items()))
    mapped = medical_web_page(stand_in_page(settings, slug=slug), ADDRESS, settings)
    assert mapped["about"]["bodyLocation"] == location
    unmapped = medical_web_page(stand_in_page(settings, slug="not-mapped-anywhere"), ADDRESS, settings)
    assert "bodyLocation" not in unmapped["about"]


def test_language_falls_back_to_the_default(settings):
    assert medical_web_page(stand_in_page(settings, lang="es"), ADDRESS, settings)["inLanguage"] == "es"
    data = medical_web_page(stand_in_page(settings, lang=None), ADDRESS, settings)
    assert data["inLanguage"] == settings["DEFAULT_LANG"]


def test_the_audience_is_the_patient_type(settings):
    assert medical_web_page(stand_in_page(settings), ADDRESS, settings)["audience"] == {"@type": "Patient"}


def test_a_mapped_id_that_is_no_section_is_named(settings):
    assert unknown_section_ids(settings) == []
    wrong = {**settings, "STRUCTURED_DATA_SECTIONS": {"howPerformed": "durin"}}
    assert unknown_section_ids(wrong) == [("howPerformed", "durin")]


def test_the_procedure_s_codes_are_medical_codes(settings):
    from procedure_site.procedure_codes.codes import Code

    codes = (Code("cpt", "22510"), Code("snomed", "387713003"), Code("icd10pcs", "0SRC0J9"))
    about = medical_web_page(stand_in_page(settings, procedure_codes=codes), ADDRESS, settings)["about"]
    assert about["code"] == [
        {"@type": "MedicalCode", "codeValue": "22510", "codingSystem": "CPT"},
        {"@type": "MedicalCode", "codeValue": "387713003", "codingSystem": "SNOMED-CT"},
        {"@type": "MedicalCode", "codeValue": "0SRC0J9", "codingSystem": "ICD-10-PCS"},
    ]
    assert "code" not in medical_web_page(stand_in_page(settings), ADDRESS, settings)["about"]


def test_a_translation_without_codes_has_its_original_s(settings):
    from procedure_site.procedure_codes.codes import Code

    original = stand_in_page(settings, procedure_codes=(Code("cpt", "22510"),))
    spanish = stand_in_page(settings, lang="es", translations=[original])
    spanish.settings = settings
    assert medical_web_page(spanish, ADDRESS, settings)["about"]["code"] == [
        {"@type": "MedicalCode", "codeValue": "22510", "codingSystem": "CPT"}
    ]
