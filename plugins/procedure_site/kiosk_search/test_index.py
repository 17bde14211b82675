import json
from types import SimpleNamespace

from procedure_site.page_model.facts import PageFacts

from .index import department_groups, documents, index_save_as, index_script, js_json, keyboard_problems, page_entry

SETTINGS = {
    "DEFAULT_LANG": "en",
    "SEARCH_SAVE_AS": "search/index.html",
    "SEARCH_LANG_SAVE_AS": "{lang}/search/index.html",
}


def page(title, url="procedures/x/index.html", **fields):
    return SimpleNamespace(title=title, url=url, slug=title.lower(), **fields)


def test_the_json_can_close_no_script_and_end_no_line():
    text = js_json({"title": "</script><b>&amp;\u2028\u2029 Vértebra"})
    assert not set(text) & set("<>&\u2028\u2029") and text.isascii()
    assert json.loads(text) == {"title": "</script><b>&amp;\u2028\u2029 Vértebra"}


def test_each_index_lies_beside_its_languages_search_page():
    assert index_save_as(SETTINGS, "en") == "search/search-index.js"
    assert index_save_as(SETTINGS, "es") == "es/search/search-index.js"


def test_a_page_is_linked_from_the_search_page_at_any_depth():
    entry = page_entry(page("Vertebroplastia", url="es/procedures/vertebroplasty/index.html"), "es/search/index.html")
    assert entry["url"] == "../procedures/vertebroplasty/index.html"
    assert page_entry(page("X", url="procedures/x/index.html"), "search.html")["url"] == "procedures/x/index.html"


def test_an_entry_holds_what_the_search_ranks_as_plain_one_line_text():
    spine = page(
        "Spine  Care",
        summary="One\nsentence.",
        department=None,
        facts=PageFacts(html="", search_keywords=("bone cement",), kiosk_search_headings=("Why", "Why", " Risks ")),
        content="<p>Rest in <b>bed</b>\nfor a day.</p><h2>Why</h2><p>Vértebra &amp; more.</p>",
    )
    assert page_entry(spine, "search/index.html") == {
        "body": "Rest in bed for a day. Why Vértebra & more.",
        "department": "",
        "headings": ["Why", "Risks"],
        "keywords": ["bone cement"],
        "summary": "One sentence.",
        "title": "Spine Care",
        "url": "../procedures/x/index.html",
    }


def test_documents_are_numbered_in_the_a_to_z_order_given():
    docs = documents([page("B", summary="b"), page("A", summary="a")], "search/index.html")
    assert [(doc["id"], doc["title"], doc["body"]) for doc in docs] == [(0, "B", ""), (1, "A", "")]


def test_the_index_is_one_global_assignment_that_keeps_minisearchs_order():
    serialised = {"documentCount": 1, "index": [["vertebra", {"0": {"0": 1}}]], "storedFields": {"0": {"title": "Vértebra</script>"}}}
    script = index_script("es", serialised)
    head, _, literal = script.rpartition("window.KIOSK_SEARCH_INDEX = ")
    assert literal.endswith(";\n") and "\n" not in literal.rstrip("\n") and literal.isascii()
    assert "</script>" not in literal
    data = json.loads(literal[:-2])
    assert data == {"index": serialised, "lang": "es"}
    assert list(data["index"]) == list(serialised), "MiniSearch's keys keep its order"
    assert script == index_script("es", serialised)


def test_departments_in_order_with_their_pages_and_the_pages_without_one_last():
    pages = [
        page("Knee", department="Orthopedics"),
        page("Chest X-ray"),
        page("Vertebroplasty", department="Interventional  Radiology"),
        page("Kyphoplasty", department="Interventional Radiology"),
        page("Biopsy", department=""),
    ]
    groups = department_groups(pages, str.casefold)
    assert [(g.name, [p.title for p in g.pages]) for g in groups] == [
        ("Interventional Radiology", ["Kyphoplasty", "Vertebroplasty"]),
        ("Orthopedics", ["Knee"]),
        ("", ["Biopsy", "Chest X-ray"]),
    ]
    assert department_groups([], str.casefold) == []


def test_each_wrong_keyboard_is_named():
    languages = {"en": "English", "es": "Español"}
    good = {"en": ["QWERTYUIOP"], "es": ["QWERTYUIOPÑ"]}
    assert keyboard_problems(good, languages) == []
    assert "must give each language" in keyboard_problems(["QWERTY"], languages)[0]
    assert 'ROWS["es"] must be a list' in keyboard_problems({"en": ["Q"]}, languages)[0]
    assert 'ROWS["es"] must be a list' in keyboard_problems({"en": ["Q"], "es": "QWERTY"}, languages)[0]
    assert "not letters or digits" in keyboard_problems({"en": ["Q W"], "es": ["Q"]}, languages)[0]
    assert "the same key twice: Q" in keyboard_problems({"en": ["QWQ"], "es": ["Q"]}, languages)[0]


def test_the_kiosk_keyboards_are_well_formed():
    import kioskconf

    assert keyboard_problems(kioskconf.KIOSK_KEYBOARD_ROWS, kioskconf.LANGUAGES) == []
    assert "Ñ" in "".join(kioskconf.KIOSK_KEYBOARD_ROWS["es"]), "Spanish has its own letter"
