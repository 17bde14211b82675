"""Translations: the section model in every language, and every way a
translation can be wrong (each a content error with file, line and fix).

The Spanish text is a test fixture (tests/fixtures/), never the hospital's."""

import pytest

from conftest import ALLOW_FIXTURES, FIXTURES_DIR, build, soup_of, visible_text
from harness import SPANISH, problems_of, vertebroplasty, with_spanish


def edit(content, page, change):
    path = content / page
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


@pytest.fixture
def bilingual(content_copy):
    from conftest import with_translations

    return with_translations(content_copy)


def test_the_spanish_page_has_the_same_sections_in_spanish(site, settings):
    english = soup_of(site / "procedures" / "vertebroplasty" / "index.html")
    spanish = soup_of(site / "es" / "procedures" / "vertebroplasty" / "index.html")
    ids = [s["id"] for s in english.select("main section[id]")]
    assert [s["id"] for s in spanish.select("main section[id]")] == ids
    wanted = [spec["heading"]["es"] for spec in settings["PROCEDURE_SECTIONS"] if spec["heading"]]
    assert [visible_text(s.find("h2")) for s in spanish.select("main section[id]")] == wanted
    assert spanish.select_one("#appointment a.phone-link[href^='tel:+1']") is not None


def test_a_heading_kept_in_its_approved_wording_with_an_id_works_in_spanish(bilingual, tmp_path):
    edit(bilingual, SPANISH, lambda t: t.replace("## Cómo prepararse", "## Antes de su cita {#prepare}"))
    result = build(tmp_path / "o", content=bilingual, overrides=ALLOW_FIXTURES)
    assert result.returncode == 0, result.stderr
    page = soup_of(tmp_path / "o" / "es" / "procedures" / "vertebroplasty" / "index.html")
    assert visible_text(page.select_one("#prepare h2")) == "Antes de su cita"


def translated(edit=lambda text: text, files=None, overrides=ALLOW_FIXTURES):
    """The problems of the real page with the Spanish test translation changed
    by ``edit`` (tests/harness.py), as (file, line, message); each has a fix."""
    problems = problems_of(vertebroplasty(), files={**with_spanish(edit(SPANISH_TEXT)), **(files or {})}, overrides=overrides)
    assert all(problem.fix for problem in problems), problems
    return [(problem.file, problem.line, problem.message) for problem in problems]


SPANISH_TEXT = (FIXTURES_DIR / "vertebroplasty.es.md").read_text(encoding="utf-8")


def spanish_line(text):
    return SPANISH_TEXT.splitlines().index(text) + 1


def test_a_spanish_page_with_an_english_required_heading_fails():
    line = spanish_line("## Por qué se realiza")
    assert translated(lambda t: t.replace("## Por qué se realiza", "## Why Vertebroplasty is Performed")) == [
        (SPANISH, None, "the required section 'Por qué se realiza' is missing."),
        (SPANISH, line, "the heading '## Why Vertebroplasty is Performed' is not one of the required sections."),
    ]


def test_a_translation_without_its_original_fails():
    assert translated(lambda t: t.replace("Slug: vertebroplasty", "Slug: kyphoplasty")) == [
        (SPANISH, spanish_line("Slug: vertebroplasty"), "this 'es' translation has no page in the default language "
         "('en') with 'Slug: kyphoplasty'."),
    ]


def test_a_translation_hidden_apart_from_its_original_is_named_at_its_status_line():
    edit = lambda t: t.replace("Lang: es", "Lang: es\nStatus: hidden")  # noqa: E731
    assert translated(edit) == [(
        SPANISH, spanish_line("Lang: es") + 1, "this 'es' translation is hidden but its original, "
        "procedures/vertebroplasty.md, is published: a hidden page's translation would show in the default "
        "language's A–Z list.",
    )]  # fmt: skip


def test_a_translation_of_a_draft_is_told_its_original_is_a_draft():
    """Was 'has no page in the default language ... with Slug: vertebroplasty', of a page that is there, as a draft."""
    english = vertebroplasty().replace("Reviewed: 2026-11-25", "Reviewed: 2026-11-25\nStatus: draft")
    problems = problems_of(english, files=with_spanish(SPANISH_TEXT), overrides=ALLOW_FIXTURES)
    assert [(p.file, p.line, p.message, p.fix) for p in problems] == [(
        SPANISH, spanish_line("Slug: vertebroplasty"), "this 'es' translation is published but its original, "
        "procedures/vertebroplasty.md, is a draft: the translation would be published alone, at the original's "
        "address.",
        "give the translation 'Status: draft' too until its original is approved (then remove the line from both).",
    )]  # fmt: skip
    both = SPANISH_TEXT.replace("Lang: es", "Lang: es\nStatus: draft")
    assert problems_of(english, files=with_spanish(both), overrides=ALLOW_FIXTURES) == []
    hidden = SPANISH_TEXT.replace("Lang: es", "Lang: es\nStatus: hidden")
    [found] = problems_of(english, files=with_spanish(hidden), overrides=ALLOW_FIXTURES)
    assert found.message.startswith("this 'es' translation is hidden but its original, procedures/vertebroplasty.md, is a draft")


def test_two_translations_in_one_language_fail():
    also = "the slug 'vertebroplasty' is also used by {}: two 'es' translations would have the same address."
    assert translated(files={"procedures/es/vertebroplastia.md": SPANISH_TEXT}) == [
        ("procedures/es/vertebroplastia.md", spanish_line("Slug: vertebroplasty"), also.format(SPANISH)),
        (SPANISH, spanish_line("Slug: vertebroplasty"), also.format("procedures/es/vertebroplastia.md")),
    ]


def test_an_unknown_language_fails_at_its_line():
    """The message names the site's languages: 'es' (Español)."""
    (problem,) = problems_of(vertebroplasty(), files=with_spanish(SPANISH_TEXT.replace("Lang: es", "Lang: xx")),
                             overrides=ALLOW_FIXTURES)  # fmt: skip
    assert (problem.file, problem.line, problem.message) == (
        SPANISH, spanish_line("Lang: es"), "'Lang: xx' is not one of the site's languages."
    )
    assert problem.fix == "use one of 'en' (English), 'es' (Español); a developer adds a language to LANGUAGES in pelicanconf.py."


def test_a_capitalised_language_code_is_one_problem_that_says_codes_are_lowercase():
    """Not also 'a developer adds the ES heading' or 'no page in the default language'."""
    (problem,) = problems_of(vertebroplasty(), files=with_spanish(SPANISH_TEXT.replace("Lang: es", "Lang: ES")),
                             overrides=ALLOW_FIXTURES)  # fmt: skip
    assert (problem.file, problem.line, problem.message, problem.fix) == (
        SPANISH, spanish_line("Lang: es"), "'Lang: ES': language codes are lowercase.", "write it as 'Lang: es'."
    )


def test_a_translation_outside_its_language_folder_fails():
    problems = problems_of(vertebroplasty(), files={"procedures/vertebroplastia.md": SPANISH_TEXT}, overrides=ALLOW_FIXTURES)
    assert [(p.file, p.line, p.message, p.fix) for p in problems] == [
        ("procedures/vertebroplastia.md", spanish_line("Lang: es"), "this page says 'Lang: es', so it belongs in "
         "content/procedures/es/.", "move the file into content/procedures/es/, next to the other Español pages."),
    ]  # fmt: skip


def test_a_page_in_the_spanish_folder_without_a_language_line_fails_with_the_one_problem_that_says_why():
    """Its headings are Spanish and matched as Spanish; no clash of slugs is said of it or of its original."""
    assert translated(lambda t: t.replace("Lang: es\n", "")) == [(
        SPANISH, 1, "this page is in the 'es' folder but has no 'Lang:' line, so the build would take it for a "
        "page in English, at the address of the English page with its slug.",
    )]  # fmt: skip


def test_an_english_page_in_the_spanish_folder_fails():
    """Among the section model's problems (its headings are Spanish), the one that says why, at its line."""
    assert (SPANISH, spanish_line("Lang: es"), "this page is in the 'es' folder but says 'Lang: en'.") in translated(
        lambda t: t.replace("Lang: es\n", "Lang: en\n")
    )


def test_a_test_fixture_is_never_published():
    """The fixture's first line marks it; only a test build may include it
    (that a failed build writes nothing: test_bad_content.py)."""
    assert SPANISH_TEXT.startswith("Fixture: TEST FIXTURE ONLY")
    assert translated(overrides=None) == [
        (SPANISH, 1, "this page is a test fixture (its 'Fixture:' line says so): its text was made for the tests, "
         "is not approved by the hospital, and must never be published."),
    ]  # fmt: skip


def test_the_spanish_pages_structured_data_is_in_spanish(site):
    import extruct

    html = (site / "es" / "procedures" / "vertebroplasty" / "index.html").read_text(encoding="utf-8")
    (data,) = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
    assert data["inLanguage"] == "es" and data["name"] == "Vertebroplastia"
    assert data["url"].endswith("/es/procedures/vertebroplasty/")
