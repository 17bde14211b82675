from pathlib import Path

from procedure_site.content_safety.theme_ids import template_ids, theme_ids

THEME = Path(__file__).resolve().parents[3] / "theme"

FORM = """{% macro search_form(query_id="site-search-q", modifier="header") %}
<label for="{{ query_id }}">Search</label><input id="{{ query_id }}" name="q">
<p id="{{ query_id }}-hint">Type a word</p>
{% endmacro %}"""
PAGE = """{% from "form.html" import search_form %}
<main id="main">{{ search_form() }}{% call search_form("search-q", "page") %}x{% endcall %}
{{ search_form(query_id="kiosk-q") }}
<section id="{{ part.id }}"><h2 id="{{ part.id }}-title">{% trans %}Hello{% endtrans %}</h2></section>
<p class='x' id='single'>s</p><p data-id="not-an-id">d</p></main>"""


def test_literal_ids_and_the_literal_values_of_macro_arguments_are_listed():
    assert template_ids([FORM, PAGE], ["jinja2.ext.i18n"]) == {
        "main",
        "single",
        "site-search-q",
        "site-search-q-hint",
        "search-q",
        "search-q-hint",
        "kiosk-q",
        "kiosk-q-hint",
    }


def test_the_real_theme_s_ids_include_the_header_search_box_and_the_kiosk_s():
    ids = theme_ids(THEME, ["jinja2.ext.i18n"])
    assert {"main", "site-search-q", "search-q", "idle-dialog", "idle-dialog-continue", "take-home-qr-title"} <= ids
    assert not any("{" in i or "}" in i for i in ids)
