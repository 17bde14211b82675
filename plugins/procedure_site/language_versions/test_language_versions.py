import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from pelican.contents import Page
from pelican.settings import read_settings

from procedure_site.language_versions.collation import AZGroup, anchor_for, az_groups
from procedure_site.language_versions.languages import (
    index_outputs,
    public_address,
    public_home_address,
    published_by_language,
    site_languages,
)
from procedure_site.language_versions.plugin import template_globals

ROOT = Path(__file__).resolve().parents[3]


def titled(*titles):
    return [SimpleNamespace(title=title, slug=f"page-{number}") for number, title in enumerate(titles)]


def shown(groups):
    return [(group.label, [page.title for page in group.pages]) for group in groups]


@pytest.fixture(scope="module")
def settings():
    return read_settings(str(ROOT / "pelicanconf.py"))


@pytest.fixture(scope="module")
def kiosk_settings():
    saved = os.environ.get("PUBLIC_SITEURL")
    os.environ["PUBLIC_SITEURL"] = "https://procedures.hospital.test"
    try:
        return read_settings(str(ROOT / "kioskconf.py"))
    finally:
        if saved is None:
            del os.environ["PUBLIC_SITEURL"]
        else:
            os.environ["PUBLIC_SITEURL"] = saved


def page(settings, title, slug, lang):
    return Page(
        "<p>x</p>", metadata={"title": title, "slug": slug, "lang": lang}, settings=settings, source_path=f"{slug}.md"
    )


# --- The A–Z groups ----------------------------------------------------------------

SPANISH = titled(
    "Ñandú", "nuca", "Ómnibus", "Ácido", "abeto", "Oído", "ñame", "Nefrostomía", "Biopsia", "Úlcera", "Acceso"
)


def test_spanish_ignores_accents_for_the_letter_and_gives_n_with_tilde_its_own_after_n():
    assert shown(az_groups(SPANISH, "es")) == [
        ("A", ["abeto", "Acceso", "Ácido"]),
        ("B", ["Biopsia"]),
        ("N", ["Nefrostomía", "nuca"]),
        ("Ñ", ["ñame", "Ñandú"]),
        ("O", ["Oído", "Ómnibus"]),
        ("U", ["Úlcera"]),
    ]


def test_english_puts_n_with_tilde_and_accented_letters_under_their_base_letter():
    groups = shown(az_groups(titled("Ñandú", "nuca", "Échographie", "Endoscopy", "bone marrow aspiration"), "en"))
    assert groups == [("B", ["bone marrow aspiration"]), ("E", ["Échographie", "Endoscopy"]), ("N", ["Ñandú", "nuca"])]


def test_titles_outside_the_alphabet_are_grouped_by_their_first_character():
    groups = az_groups(titled("3D Mammography", "(Test) page", "Angiography", "Ψ scan", "4D scan"), "en")
    assert [(group.label, group.anchor) for group in groups] == [
        ("(", "letter-u0028"), ("3", "letter-3"), ("4", "letter-4"), ("A", "letter-A"), ("Ψ", "letter-Ψ"),
    ]  # fmt: skip


def test_anchors_are_ids_html_allows_and_unique():
    groups = az_groups(SPANISH, "es")
    anchors = [group.anchor for group in groups]
    assert anchors == ["letter-A", "letter-B", "letter-N", "letter-Ñ", "letter-O", "letter-U"]
    assert len(set(anchors)) == len(anchors) and not any(c.isspace() for a in anchors for c in a)
    assert anchor_for("Ch") == "letter-Ch" and anchor_for('"') == "letter-u0022"


def test_groups_unpack_as_label_anchor_and_pages():
    ((label, anchor, pages),) = az_groups(titled("Biopsy"), "en")
    assert (label, anchor, [p.title for p in pages]) == ("B", "letter-B", ["Biopsy"])
    assert isinstance(az_groups(titled("Biopsy"), "en")[0], AZGroup)


def test_equal_titles_keep_one_order():
    pages = [SimpleNamespace(title="Biopsy", slug="b"), SimpleNamespace(title="Biopsy", slug="a")]
    assert [p.slug for p in az_groups(pages, "en")[0].pages] == ["a", "b"]


def test_no_pages_no_groups():
    assert az_groups([], "es") == []


# --- Languages and addresses ----------------------------------------------------------


def test_site_languages_are_those_with_pages_in_settings_order(settings, kiosk_settings):
    english, spanish = SimpleNamespace(lang="en"), SimpleNamespace(lang="es")
    by_language = published_by_language([spanish, english], settings)
    assert list(by_language) == ["en", "es"]
    found = site_languages(settings, by_language)
    assert [(lang.code, lang.name, lang.index_url) for lang in found] == [
        ("en", settings["LANGUAGES"]["en"], settings["HOME_URL"]),
        ("es", settings["LANGUAGES"]["es"], settings["INDEX_LANG_URL"].format(lang="es")),
    ]
    assert [lang.index_url for lang in site_languages(kiosk_settings, by_language)] == ["index.html", "es/index.html"]
    assert [lang.code for lang in site_languages(settings, published_by_language([english], settings))] == ["en"]


def test_public_address_is_the_public_site_whatever_the_build(settings, kiosk_settings):
    for flavour in (settings, kiosk_settings):
        site = flavour["PUBLIC_SITEURL"].rstrip("/")
        english = page(flavour, "Vertebroplasty", "vertebroplasty", "en")
        spanish = page(flavour, "Vertebroplastia", "vertebroplasty", "es")
        assert public_address(flavour, english) == f"{site}/procedures/vertebroplasty/"
        assert public_address(flavour, spanish) == f"{site}/es/procedures/vertebroplasty/"
        assert public_home_address(flavour, "en") == f"{site}/"
        assert public_home_address(flavour, "es") == f"{site}/es/"
    assert spanish.url == "es/procedures/vertebroplasty/index.html"  # the kiosk's own link names the file


def test_each_direct_template_again_in_the_language_folder(settings, kiosk_settings):
    assert index_outputs(settings, "es") == [
        ("index", "es/index.html", "es/"),
        ("search", "es/search/index.html", "es/search/"),
        ("404", "es/404.html", "es/404.html"),
    ]
    assert index_outputs(kiosk_settings, "es") == [
        ("index", "es/index.html", "es/index.html"),
        ("search", "es/search/index.html", "es/search/index.html"),
    ]


def test_template_globals_read_the_build_context_when_called(settings):
    context = {}
    found = template_globals(settings, context)
    assert found["site_languages"]() == []
    context["published_by_language"] = published_by_language([SimpleNamespace(lang="es")], settings)
    assert [lang.code for lang in found["site_languages"]()] == ["es"]
    assert found["public_address"](lang="es") == public_home_address(settings, "es")
    assert found["public_address"]() == public_home_address(settings, settings["DEFAULT_LANG"])
    assert found["public_address"](page(settings, "Biopsia", "biopsy", "es")).endswith("/es/procedures/biopsy/")
    assert [g.label for g in found["az_groups"](titled("Ñame", "Nube"), None)] == ["N"]  # default language: English
    assert [g.label for g in found["az_groups"](titled("Ñame", "Nube"), "es")] == ["N", "Ñ"]
