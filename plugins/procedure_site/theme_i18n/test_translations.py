from types import SimpleNamespace

from jinja2 import DictLoader, Environment

from procedure_site.theme_i18n.translations import (
    catalog_path,
    compiled_catalog,
    gettext_callables,
    index_versions_of,
    language_of,
    load_catalogs,
    page_versions_of,
)

PO = """\
msgid ""
msgstr ""
"Language: es\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "On this page"
msgstr "En esta página"

msgid "Call %(phone)s."
msgstr "Llame al %(phone)s."

msgid "%(n)s second"
msgid_plural "%(n)s seconds"
msgstr[0] "%(n)s segundo"
msgstr[1] "%(n)s segundos"

#, fuzzy
msgid "Home"
msgstr "Casa"

msgid "Site"
msgstr ""
"""

SETTINGS = {"LANGUAGES": {"en": "English", "fr": "Français", "es": "Español"}, "DEFAULT_LANG": "en"}


def write_catalog(folder, lang, text=PO):
    path = catalog_path(folder, lang)
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_catalog_is_compiled_in_memory_without_fuzzy_or_empty_translations(tmp_path):
    catalog = compiled_catalog(write_catalog(tmp_path, "es"))
    assert catalog.gettext("On this page") == "En esta página"
    assert catalog.ngettext("%(n)s second", "%(n)s seconds", 1) == "%(n)s segundo"
    assert catalog.ngettext("%(n)s second", "%(n)s seconds", 30) == "%(n)s segundos"
    assert catalog.gettext("Home") == "Home"  # fuzzy: not used until a translator confirms it
    assert catalog.gettext("Site") == "Site"  # not translated yet
    assert not list(tmp_path.rglob("*.mo"))


def test_each_language_but_the_default_has_its_catalog_and_a_missing_one_is_known(tmp_path):
    write_catalog(tmp_path, "es")
    catalogs, problems = load_catalogs(tmp_path, SETTINGS["LANGUAGES"], "en")
    assert problems == []
    assert set(catalogs.by_language) == {"es"}
    assert catalogs.for_language("en").gettext("On this page") == "On this page"
    assert catalogs.missing("fr") and not catalogs.missing("es") and not catalogs.missing("en")


def test_a_broken_catalog_is_a_problem_naming_the_file_and_line(tmp_path):
    path = write_catalog(tmp_path, "es", PO + '\nmsgid "Next"\nmsgstrr "Siguiente"\n')
    catalogs, problems = load_catalogs(tmp_path, ["en", "es"], "en")
    assert "es" not in catalogs.by_language
    [(where, message, fix, line)] = problems
    assert where == str(path) and "catalog for 'es' cannot be read" in message and "make translations" in fix
    assert line == len(path.read_text(encoding="utf-8").splitlines())


def test_the_language_is_the_lang_variable_else_the_pages_else_the_default():
    page = SimpleNamespace(lang="es")
    assert language_of({"lang": "fr", "page": page}, "en") == "fr"
    assert language_of({"page": page}, "en") == "es"
    assert language_of({"page": SimpleNamespace(lang=None)}, "en") == "en"
    assert language_of({}, "en") == "en"


TEMPLATES = {
    "parts.html": '{% macro heading() %}<h2>{{ _("On this page") }}</h2>{% endmacro %}',
    "page.html": (
        '{% from "parts.html" import heading with context %}'
        '{{ heading() }}|{{ _("Call %(phone)s.", phone=phone) }}|'
        '{% trans n=30 %}{{ n }} second{% pluralize %}{{ n }} seconds{% endtrans %}'
    ),
}


def environment(tmp_path):
    write_catalog(tmp_path, "es")
    catalogs, _ = load_catalogs(tmp_path, ["en", "es"], "en")
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(**gettext_callables(catalogs), newstyle=True)
    return env


def test_one_environment_renders_each_page_in_its_own_language(tmp_path):
    template = environment(tmp_path).get_template("page.html")
    phone = "<b>202</b>"
    spanish = template.render(page=SimpleNamespace(lang="es"), phone=phone)
    english = template.render(page=SimpleNamespace(lang="en"), phone=phone)
    index = template.render(lang="es", phone=phone)
    assert spanish == index == "<h2>En esta página</h2>|Llame al &lt;b&gt;202&lt;/b&gt;.|30 segundos"
    assert english == "<h2>On this page</h2>|Call &lt;b&gt;202&lt;/b&gt;.|30 seconds"


def test_a_page_in_a_language_without_a_catalog_gets_the_default_words(tmp_path):
    template = environment(tmp_path).get_template("page.html")
    assert template.render(page=SimpleNamespace(lang="fr"), phone="1").startswith("<h2>On this page</h2>")


def page(lang, url):
    return SimpleNamespace(lang=lang, url=url, translations=[])


def test_a_pages_versions_are_in_language_order_with_the_current_and_default_marked():
    english, french, spanish = page("en", "procedures/x/"), page("fr", "fr/procedures/x/"), page("es", "es/procedures/x/")
    spanish.translations = [french, english]
    versions = page_versions_of(spanish, lambda p: "https://site.test/" + p.url, SETTINGS)
    assert [(v.code, v.name, v.url) for v in versions] == [
        ("en", "English", "procedures/x/"),
        ("fr", "Français", "fr/procedures/x/"),
        ("es", "Español", "es/procedures/x/"),
    ]
    assert [v.code for v in versions if v.current] == ["es"] and [v.code for v in versions if v.default] == ["en"]
    assert versions[2].public_url == "https://site.test/es/procedures/x/"


def test_a_page_without_translations_is_its_only_version():
    versions = page_versions_of(page("en", "procedures/x/"), lambda p: "https://site.test/" + p.url, SETTINGS)
    assert [(v.code, v.current, v.default) for v in versions] == [("en", True, True)]


def test_the_index_versions_come_from_site_languages_with_their_public_addresses():
    languages = [SimpleNamespace(code="es", name="Español", index_url="es/"), SimpleNamespace(code="en", name="English", index_url="")]
    versions = index_versions_of(languages, lambda lang: f"https://site.test/{lang}/", "es", SETTINGS)
    assert [(v.code, v.url, v.public_url, v.current, v.default) for v in versions] == [
        ("en", "", "https://site.test/en/", False, True),
        ("es", "es/", "https://site.test/es/", True, False),
    ]

