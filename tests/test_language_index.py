"""Each language's own A–Z list, sorted and grouped the language's way.

A small catalog is made once for the module in a temporary folder: the real
content, the Spanish test translation (tests/fixtures/), and test-only pages
(each marked "Fixture:") in English with a Spanish translation whose title
starts with Á, A, N, Ñ, O, Ó, or a small or accented letter. It is built once
with the real build command; the tests read the English list at the root and
the Spanish one at es/ (INDEX_LANG_SAVE_AS).

The groups expected here are written out by hand, as a Spanish reader sorts
them: they are what the build must produce, not a second copy of its rule."""

import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import ALLOW_FIXTURES, ROOT, build, made_once, soup_of, visible_text, with_translations
from test_report import procedure_text
from nu_checker import nu_errors

REVIEWED = "2026-11-02"

# slug, English title, Spanish title
PAGES = [
    ("abdominal-ultrasound", "Abdominal Ultrasound", "Abdomen, ecografía"),
    ("hyaluronic-acid-injection", "Hyaluronic Acid Injection", "Ácido hialurónico, inyección"),
    ("angiography", "Angiography", "Angiografía"),
    ("bone-marrow-biopsy", "Bone Marrow Biopsy", "biopsia de médula ósea"),
    ("nephrostomy", "Nephrostomy", "Nefrostomía"),
    ("parenteral-nutrition", "Parenteral Nutrition", "nutrición parenteral"),
    ("yam-allergy-test", "Yam Allergy Test", "Ñame, prueba de alergia"),
    ("ear-irrigation", "Ear Irrigation", "Oído, lavado"),
    ("optical-coherence-tomography", "Optical Coherence Tomography", "Óptica, tomografía de coherencia"),
    ("osteotomy", "Osteotomy", "Osteotomía"),
    ("ulcer-treatment", "Ulcer Treatment", "úlcera, tratamiento"),
]
ENGLISH_ONLY = ("kyphoplasty", "Kyphoplasty")

# The Spanish list as a Spanish reader expects it: accents do not change the
# letter (Á is under A, Ó under O) nor the order within it; small letters
# are under their capital; Ñ is a letter of its own, after N.
SPANISH_GROUPS = [
    ("A", ["Abdomen, ecografía", "Ácido hialurónico, inyección", "Angiografía"]),
    ("B", ["biopsia de médula ósea"]),
    ("N", ["Nefrostomía", "nutrición parenteral"]),
    ("Ñ", ["Ñame, prueba de alergia"]),
    ("O", ["Oído, lavado", "Óptica, tomografía de coherencia", "Osteotomía"]),
    ("U", ["úlcera, tratamiento"]),
    ("V", ["Vertebroplastia"]),  # the Spanish test translation of the real page
]


def spanish_text(title, slug, settings):
    """A test-only Spanish page with every required section, in Spanish."""
    lines = ["Fixture: TEST FIXTURE ONLY. Made up for the tests; never publish it.", f"Title: {title}",
             f"Slug: {slug}", "Lang: es", f"Summary: Una página de prueba sobre {title}.",
             f"Reviewed: {REVIEWED}"]  # fmt: skip
    body = ["Este texto es una prueba. Explica el procedimiento con palabras sencillas."]
    for spec in settings["PROCEDURE_SECTIONS"]:
        if not spec["heading"]:
            continue
        body.append(f"## {spec['heading']['es'].format(title=title)}")
        body.append("Llame al {phone} para pedir una cita." if spec.get("call_to_action") else "Texto de prueba.")
    return "\n".join(lines) + "\n\n" + "\n\n".join(body) + "\n"


def make_catalog(content, settings):
    shutil.copytree(ROOT / "content", content)
    with_translations(content)
    spanish = content / "procedures" / "es"
    for slug, english, title in PAGES:
        text = procedure_text(english, slug, [("Reviewed", REVIEWED)])
        (content / "procedures" / f"{slug}.md").write_text(text, encoding="utf-8")
        (spanish / f"{slug}.es.md").write_text(spanish_text(title, slug, settings), encoding="utf-8")
    slug, english = ENGLISH_ONLY
    text = procedure_text(english, slug, [("Reviewed", REVIEWED)])
    (content / "procedures" / f"{slug}.md").write_text(text, encoding="utf-8")
    return content


# Each made once for the run (made_once in conftest.py), and only read.
@pytest.fixture(scope="module")
def catalog(tmp_path_factory, settings):
    return made_once(tmp_path_factory, "language-index", lambda folder: make_catalog(folder / "content", settings))


@pytest.fixture(scope="module")
def built(catalog, tmp_path_factory):
    def make(folder):
        result = build(folder / "output", content=catalog, overrides=ALLOW_FIXTURES)
        assert result.returncode == 0, result.stderr
        return folder / "output"

    return made_once(tmp_path_factory, "language-index-built", make)


def groups_of(index):
    """(letter shown, [titles]) of each group of an A–Z page, in order."""
    return [
        (visible_text(group.find(class_="az-group__letter")),
         [visible_text(link) for link in group.select(".procedure-list__title a")])
        for group in index.select("section.az-group")
    ]  # fmt: skip


def english_titles():
    return {english for _, english, _ in PAGES} | {ENGLISH_ONLY[1], "Vertebroplasty"}


# --- The Spanish list --------------------------------------------------------------


def test_the_spanish_list_is_at_its_language_address_with_the_spanish_pages_only(built, settings):
    index = soup_of(built / settings["INDEX_LANG_SAVE_AS"].format(lang="es"))
    links = [link["href"] for link in index.select(".procedure-list__title a")]
    expected = {f"{settings['SITEURL']}/{settings['PAGE_LANG_URL'].format(lang='es', slug=slug)}"
                for slug in [*(slug for slug, _, _ in PAGES), "vertebroplasty"]}  # fmt: skip
    assert sorted(links) == sorted(expected)
    assert not english_titles() & {title for _, titles in groups_of(index) for title in titles}


def test_the_spanish_list_is_grouped_and_sorted_the_spanish_way(built, settings):
    index = soup_of(built / settings["INDEX_LANG_SAVE_AS"].format(lang="es"))
    assert groups_of(index) == SPANISH_GROUPS


def test_every_spanish_letter_link_jumps_to_its_group(built, settings):
    index = soup_of(built / settings["INDEX_LANG_SAVE_AS"].format(lang="es"))
    jumps = index.select(".az-index a[href^='#']")
    assert [visible_text(link) for link in jumps] == [letter for letter, _ in SPANISH_GROUPS]
    ids = [element["id"] for element in index.select("[id]")]
    assert len(ids) == len(set(ids)), "ids are unique"
    for link in jumps:
        (target,) = index.find_all(id=unquote(link["href"][1:]))
        assert target.name == "section" and "az-group" in target["class"]
        assert visible_text(target.find(class_="az-group__letter")) == visible_text(link)


def test_the_spanish_list_and_its_404_pass_the_nu_checker(built, settings):
    pages = [built / settings["INDEX_LANG_SAVE_AS"].format(lang="es"), built / "es" / "404.html"]
    assert all(page.is_file() for page in pages)
    errors = nu_errors(pages)
    assert not errors, errors


@pytest.mark.browser
def test_the_n_with_tilde_jump_link_scrolls_to_its_group_in_chromium(built, settings, browser):
    page = browser.new_page(viewport={"width": 400, "height": 700})
    try:
        page.goto(Path(built / settings["INDEX_LANG_SAVE_AS"].format(lang="es")).as_uri())
        page.get_by_role("link", name="Ñ", exact=True).click()
        assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == "letter-Ñ"
        assert page.locator("#letter-Ñ").is_visible()
        top = page.evaluate("document.getElementById('letter-Ñ').getBoundingClientRect().top")
        assert -1 < top < 50, "the group is scrolled to the top of the window"
    finally:
        page.close()


# --- The English list and the other pages -----------------------------------------------


def test_the_english_list_is_unchanged_in_behaviour(built):
    index = soup_of(built / "index.html")
    groups = groups_of(index)
    titles = [title for _, titles in groups for title in titles]
    assert sorted(titles) == sorted(english_titles()), "every English page once, no Spanish one"
    for letter, members in groups:
        assert all(title[0].upper() == letter for title in members)
        assert members == sorted(members, key=str.casefold)
    assert [letter for letter, _ in groups] == sorted(letter for letter, _ in groups)
    for link in index.select(".az-index a[href^='#']"):
        (target,) = index.find_all(id=link["href"][1:])
        assert target.name == "section"
    assert all(not a["href"].startswith("/es/") for a in index.select(".procedure-list__title a"))


def test_the_404_page_has_a_spanish_version_and_the_kiosk_has_none(built, catalog, tmp_path):
    assert (built / "es" / "404.html").is_file()
    kiosk = tmp_path / "kiosk"
    overrides = {**ALLOW_FIXTURES, "PUBLIC_SITEURL": "https://procedures.hospital.test"}
    result = build(kiosk, content=catalog, settings="kioskconf.py", overrides=overrides)
    assert result.returncode == 0, result.stderr
    assert (kiosk / "es" / "index.html").is_file() and not list(kiosk.rglob("404.html"))
    spanish = soup_of(kiosk / "es" / "index.html")
    links = [link["href"] for link in spanish.select(".procedure-list__title a")]
    assert len(links) == len(PAGES) + 1  # and the Spanish Vertebroplasty
    for href in links:
        target = (kiosk / "es" / unquote(href)).resolve()
        assert href.endswith("/index.html") and target.is_file(), href
        assert target.relative_to(kiosk.resolve()).parts[0] == "es", "a Spanish page"


def test_a_language_with_no_pages_gets_no_list(catalog, settings, tmp_path):
    languages = {**settings["LANGUAGES"], "fr": "Français"}
    output = tmp_path / "output"
    result = build(output, content=catalog, overrides={**ALLOW_FIXTURES, "LANGUAGES": languages})
    assert result.returncode == 0, result.stderr
    assert (output / "es" / "index.html").is_file()
    assert not (output / "fr").exists()
