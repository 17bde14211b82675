"""Translations: the section model in every language, and every way a
translation can be wrong (each a content error with file, line and fix).

The Spanish text is a test fixture (tests/fixtures/), never the hospital's."""

import shutil

import pytest

from conftest import ALLOW_FIXTURES, FIXTURES_DIR, build, soup_of, visible_text

SPANISH = "procedures/es/vertebroplasty.es.md"


def edit(content, page, change):
    path = content / page
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def line_of(path, text):
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


@pytest.fixture
def bilingual(content_copy):
    from conftest import with_translations

    return with_translations(content_copy)


def test_the_spanish_page_has_the_same_sections_in_spanish(spanish_site, settings):
    english = soup_of(spanish_site / "procedures" / "vertebroplasty" / "index.html")
    spanish = soup_of(spanish_site / "es" / "procedures" / "vertebroplasty" / "index.html")
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


def failed(result):
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "How to fix:" in result.stderr
    return result.stderr


def test_a_spanish_page_with_an_english_required_heading_fails(bilingual, tmp_path):
    path = edit(bilingual, SPANISH, lambda t: t.replace("## Por qué se realiza", "## Why Vertebroplasty is Performed"))
    stderr = failed(build(tmp_path / "o", content=bilingual, overrides=ALLOW_FIXTURES))
    line = line_of(path, "## Why Vertebroplasty is Performed")
    assert f"vertebroplasty.es.md:{line}: the heading '## Why Vertebroplasty is Performed' is not one" in stderr
    assert "the required section 'Por qué se realiza' is missing" in stderr


def test_a_translation_without_its_original_fails(bilingual, tmp_path):
    edit(bilingual, SPANISH, lambda t: t.replace("Slug: vertebroplasty", "Slug: kyphoplasty"))
    stderr = failed(build(tmp_path / "o", content=bilingual, overrides=ALLOW_FIXTURES))
    assert "vertebroplasty.es.md: this 'es' translation has no page in the default language ('en') with " \
        "'Slug: kyphoplasty'" in stderr


def test_two_translations_in_one_language_fail(bilingual, tmp_path):
    shutil.copy(bilingual / SPANISH, bilingual / "procedures" / "es" / "vertebroplastia.md")
    stderr = failed(build(tmp_path / "o", content=bilingual, overrides=ALLOW_FIXTURES))
    assert "vertebroplastia.md: the slug 'vertebroplasty' is also used by" in stderr
    assert "two 'es' translations would have the same address" in stderr


def test_an_unknown_language_fails_at_its_line(bilingual, tmp_path):
    path = edit(bilingual, SPANISH, lambda t: t.replace("Lang: es", "Lang: xx"))
    stderr = failed(build(tmp_path / "o", content=bilingual, overrides=ALLOW_FIXTURES))
    assert f"vertebroplasty.es.md:{line_of(path, 'Lang: xx')}: 'Lang: xx' is not one of the site's languages" in stderr
    assert "'es' (Español)" in stderr


def test_a_capitalised_language_code_is_one_problem_that_says_codes_are_lowercase(bilingual, tmp_path):
    """Not also 'a developer adds the ES heading' or 'no page in the default language'."""
    path = edit(bilingual, SPANISH, lambda t: t.replace("Lang: es", "Lang: ES"))
    stderr = failed(build(tmp_path / "o", content=bilingual, overrides=ALLOW_FIXTURES))
    line = line_of(path, "Lang: ES")
    assert f"vertebroplasty.es.md:{line}: 'Lang: ES': language codes are lowercase." in stderr
    assert "How to fix: write it as 'Lang: es'." in stderr
    assert "failed with 1 problem(s)" in stderr


def test_a_translation_outside_its_language_folder_fails(content_copy, tmp_path):
    shutil.copy(FIXTURES_DIR / "vertebroplasty.es.md", content_copy / "procedures" / "vertebroplastia.md")
    stderr = failed(build(tmp_path / "o", content=content_copy, overrides=ALLOW_FIXTURES))
    assert "it belongs in content/procedures/es/" in stderr


def test_an_english_page_in_the_spanish_folder_fails(bilingual, tmp_path):
    edit(bilingual, SPANISH, lambda t: t.replace("Lang: es\n", ""))
    stderr = failed(build(tmp_path / "o", content=bilingual, overrides=ALLOW_FIXTURES))
    assert "is in the 'es' folder but says 'Lang: en'" in stderr


def test_a_test_fixture_is_never_published(bilingual, tmp_path):
    """The fixture's first line marks it; only a test build may include it."""
    assert (FIXTURES_DIR / "vertebroplasty.es.md").read_text(encoding="utf-8").startswith("Fixture: TEST FIXTURE ONLY")
    stderr = failed(build(tmp_path / "o", content=bilingual))
    assert "vertebroplasty.es.md:1: this page is a test fixture" in stderr
    assert not (tmp_path / "o").exists()


def test_the_spanish_pages_structured_data_is_in_spanish(spanish_site):
    import extruct

    html = (spanish_site / "es" / "procedures" / "vertebroplasty" / "index.html").read_text(encoding="utf-8")
    (data,) = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
    assert data["inLanguage"] == "es" and data["name"] == "Vertebroplastia"
    assert data["url"].endswith("/es/procedures/vertebroplasty/")
