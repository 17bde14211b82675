from types import SimpleNamespace

from pelican.settings import DEFAULT_CONFIG

from procedure_site.unique_urls.urls import is_valid_slug, metadata_line, slug_problem, suggested_slug, translation_problems, written_pages

SUBS = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]


def test_valid_slugs():
    assert is_valid_slug("kyphoplasty")
    assert is_valid_slug("knee-replacement-2")
    for bad in ("Kypho Plasty Page", "kypho_plasty", "Kyphoplasty", "kypho/plasty", "café", ""):
        assert not is_valid_slug(bad), bad


def test_suggestion_comes_from_pelicans_slugify():
    assert suggested_slug("Kypho Plasty Page", SUBS) == "kypho-plasty-page"
    assert suggested_slug("Knee_Replacement (2)", SUBS) == "knee-replacement-2"
    assert suggested_slug("Café", SUBS) == "cafe"
    assert suggested_slug("!!!", SUBS) == ""


def test_problem_and_fix():
    assert slug_problem("kyphoplasty", "x", SUBS) is None
    assert slug_problem("Kypho Plasty Page", "x", SUBS) == (
        "the slug 'Kypho Plasty Page' may hold only lowercase letters, digits and hyphens (-): "
        "it becomes the page's address.",
        "write it as 'Slug: kypho-plasty-page'.",
    )
    assert slug_problem("", "knee", SUBS) == (
        "the 'Slug:' line is empty.",
        "write a slug such as 'Slug: knee', or remove the line to use the file name.",
    )


def test_metadata_line_is_found_only_in_the_metadata():
    assert metadata_line("Title: X\nslug: Bad Slug\n\nSlug: body\n") == 2
    assert metadata_line("Title: X\n\nSlug: body\n") is None


def test_drafts_are_not_written_so_never_clash():
    def page(slug, path, lang="en"):
        return SimpleNamespace(slug=slug, source_path=path, lang=lang)

    generator = SimpleNamespace(
        pages=[page("knee", "a.md")],
        translations=[page("knee", "b.md")],
        hidden_pages=[page("hip", "c.md")],
        hidden_translations=[],
        draft_pages=[page("hip", "d.md")],
        draft_translations=[],
    )
    found = [(path, message) for path, message, _fix, _key in translation_problems(written_pages(generator), "en")]
    assert [path for path, _ in found] == ["a.md", "b.md"] and "also used by" in found[0][1]


def test_a_translation_needs_its_original_and_one_version_per_language():
    def page(slug, path, lang):
        return SimpleNamespace(slug=slug, source_path=path, lang=lang)

    pages = [page("knee", "knee.md", "en"), page("knee", "es/knee.md", "es"), page("hip", "es/hip.md", "es"),
             page("back", "back.md", "en"), page("back", "es/back.md", "es"), page("back", "es/back2.md", "es")]
    found = {(path, message.split(":")[0]) for path, message, _fix, _key in translation_problems(pages, "en")}
    assert found == {
        ("es/hip.md", "this 'es' translation has no page in the default language ('en') with 'Slug"),
        ("es/back.md", "the slug 'back' is also used by es/back2.md"),
        ("es/back2.md", "the slug 'back' is also used by es/back.md"),
    }

def test_a_translation_has_its_originals_status():
    def page(path, lang, status):
        return SimpleNamespace(slug="knee", source_path=path, lang=lang, status=status)

    found = list(translation_problems([page("knee.md", "en", "hidden"), page("es/knee.md", "es", "published")], "en"))
    assert [(path, message.split(":")[0], key) for path, message, _fix, key in found] == [
        ("es/knee.md", "this 'es' translation is published but its original, knee.md, is hidden", "Status:")
    ]


def test_an_invisible_character_in_a_slug_is_named():
    assert slug_problem("vertebro\u200bplasty", "x", SUBS) == (
        "the slug 'vertebroplasty' holds an invisible character: U+200B ZERO WIDTH SPACE after 'vertebro'. "
        "It cannot be seen, but it would be part of the page's address.",
        "write it as 'Slug: vertebroplasty'.",
    )


def test_a_look_alike_letter_in_a_slug_is_named_with_the_letter_it_imitates():
    message, fix = slug_problem("v\u0435rtebroplasty", "x", SUBS)
    assert message.startswith(
        "the slug 'v\u0435rtebroplasty' holds a letter from another alphabet: '\u0435' after 'v' is "
        "U+0435 CYRILLIC SMALL LETTER IE, which looks like 'e' (U+0065 LATIN SMALL LETTER E)."
    )
    assert fix == "write it as 'Slug: vertebroplasty'."


def test_a_capitalised_language_code_is_told_it_is_lowercase_and_left_out_of_translation_checks():
    from procedure_site.unique_urls.urls import language_problem

    settings = {"LANGUAGES": {"en": "English", "es": "Español"}, "DEFAULT_LANG": "en", "PATH": "content",
                "PROCEDURES_DIR": "procedures"}
    page = SimpleNamespace(lang="ES", settings=settings, source_path="content/procedures/knee.md", slug="knee")
    assert language_problem(page) == ("'Lang: ES': language codes are lowercase.", "write it as 'Lang: es'.")
    assert list(translation_problems([page], "en", settings["LANGUAGES"])) == []


def test_an_empty_language_line_is_told_so_and_a_missing_one_is_the_default():
    from procedure_site.unique_urls.urls import language_problem

    settings = {"LANGUAGES": {"en": "English", "es": "Español"}, "DEFAULT_LANG": "en", "PATH": "content",
                "PROCEDURES_DIR": "procedures"}
    empty = SimpleNamespace(lang="", metadata={"lang": " "}, settings=settings,
                            source_path="content/procedures/knee.md", slug="knee")
    assert language_problem(empty) == (
        "the 'Lang:' line is empty, so the page would have no address.",
        "write the page's language, one of 'en' (English), 'es' (Español), or delete the line for a page in English.",
    )
    none = SimpleNamespace(lang="en", metadata={}, settings=settings, source_path="content/procedures/knee.md",
                           slug="knee")
    assert language_problem(none) is None


def test_an_empty_language_line_in_a_language_folder_is_told_that_folders_language():
    from procedure_site.unique_urls.urls import language_problem

    settings = {"LANGUAGES": {"en": "English", "es": "Español"}, "DEFAULT_LANG": "en", "PATH": "content",
                "PROCEDURES_DIR": "procedures"}
    page = SimpleNamespace(lang="", metadata={"lang": ""}, settings=settings,
                           source_path="content/procedures/es/rodilla.md", slug="knee")
    assert language_problem(page) == ("the 'Lang:' line is empty, so the page would have no address.",
                                      "write 'Lang: es', the language of the folder it is in.")
