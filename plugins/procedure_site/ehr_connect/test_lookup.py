"""The lookup files' contents on their own, from stand-in versions; the built
files are tested in tests/test_ehr_connect.py."""

from datetime import date, datetime, timedelta, timezone

from procedure_site.procedure_codes.codes import Code

from . import lookup
from .plugin import utc_text


def version(slug, lang="en", title=None, updated=None):
    title = title or slug.title()
    return lookup.Version(slug, lang, title, f"About {title}.", f"https://x.example/{lang}/{slug}/",
                          f"{lang}/{slug}/", updated)  # fmt: skip


def test_codes_are_sorted_and_each_lists_every_page_that_has_it():
    a, b = version("a"), version("b")
    found = lookup.by_code([(b, (Code("snomed", "387713003"), Code("cpt", "22511"))), (a, (Code("snomed", "387713003"),))])
    assert list(found) == [Code("cpt", "22511"), Code("snomed", "387713003")]
    assert found[Code("snomed", "387713003")] == [b, a]


def test_the_feed_has_one_entry_per_version_and_the_newest_date():
    versions = [version("v", updated="2026-11-25T00:00:00Z"), version("v", "es", "Ve", updated="2026-12-01T00:00:00Z")]
    assert lookup.feed(Code("cpt", "22511"), versions) == {
        "feed": {
            "title": {"_value": "Patient guides for CPT 22511"},
            "updated": {"_value": "2026-12-01T00:00:00Z"},
            "entry": [
                {"title": {"_value": "V"}, "link": [{"href": "https://x.example/en/v/", "hreflang": "en"}],
                 "summary": {"_value": "About V."}},
                {"title": {"_value": "Ve"}, "link": [{"href": "https://x.example/es/v/", "hreflang": "es"}],
                 "summary": {"_value": "About Ve."}},
            ],
        }
    }  # fmt: skip
    assert "updated" not in lookup.feed(Code("cpt", "22511"), [version("v")])["feed"]


def test_the_default_language_comes_first_then_by_language_and_title():
    ordered = lookup.ordered([version("b", "es"), version("b"), version("a", "es"), version("c")], "en")
    assert [(v.slug, v.lang) for v in ordered] == [("b", "en"), ("c", "en"), ("a", "es"), ("b", "es")]


def test_one_page_in_any_number_of_languages_is_a_redirect_several_are_a_list():
    one = lookup.page_groups([version("v"), version("v", "es", "Ve")], "en")
    assert len(one) == 1 and lookup.redirect_target(one) == version("v")
    several = lookup.page_groups([version("lumbar"), version("knee")], "en")
    assert [g.title for g in several] == ["Knee", "Lumbar"] and lookup.redirect_target(several) is None


def test_the_index_names_each_system_s_oid_and_absolute_addresses():
    index = lookup.index({Code("loinc", "718-7"): [version("blood")]}, "https://x.example/")
    assert index["codes"] == [
        {"system": "LOINC", "oid": "2.16.840.1.113883.6.1", "code": "718-7",
         "json": "https://x.example/connect/loinc/718-7.json", "page": "https://x.example/connect/loinc/718-7/",
         "pages": [{"title": "Blood", "href": "https://x.example/en/blood/", "hreflang": "en"}]},
    ]  # fmt: skip
    assert index["systems"]["icd10pcs"] == {"name": "ICD-10-PCS", "oid": "2.16.840.1.113883.6.4"}


def test_dates_are_utc_text_whatever_their_kind():
    assert utc_text(date(2026, 11, 25)) == "2026-11-25T00:00:00Z"
    assert utc_text(datetime(2026, 11, 25, 9, 30)) == "2026-11-25T09:30:00Z"
    assert utc_text(datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=-5)))) == "2026-11-25T14:30:00Z"
    assert utc_text(None) is None
