import json
from types import SimpleNamespace

from .index import department_groups, index_save_as, index_script, js_json, keyboard_problems, page_entry

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
        search_keywords=["bone cement"],
        kiosk_search_headings=["Why", "Why", " Risks "],
    )
    assert page_entry(spine, "search/index.html") == {
        "department": "",
        "headings": ["Why", "Risks"],
        "keywords": ["bone cement"],
        "summary": "One sentence.",
        "title": "Spine Care",
        "url": "../procedures/x/index.html",
    }


def test_the_index_is_one_global_assignment_with_keys_in_one_order():
    script = index_script("en", [page("B", summary="b"), page("A", summary="a")], "search/index.html")
    head, _, literal = script.rpartition("window.KIOSK_SEARCH_INDEX = ")
    assert literal.endswith(";\n") and "\n" not in literal.rstrip("\n")
    data = json.loads(literal[:-2])
    assert [p["title"] for p in data["pages"]] == ["B", "A"], "the pages stay in the A-Z order given"
    assert literal[:-2] == json.dumps(data, sort_keys=True, separators=(",", ":"))
    assert script == index_script("en", [page("B", summary="b"), page("A", summary="a")], "search/index.html")


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
