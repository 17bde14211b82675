import unicodedata

import pytest

from procedure_site.page_model.model import parse, slot_text
from procedure_site.page_model.pipeline import read_source
from procedure_site.page_model.source_lines import attach_lines, source_headings
from procedure_site.page_model.urls import address_start, classify, intrasite_pattern, srcset_urls

INTRASITE = intrasite_pattern("[{|](?P<what>.*?)[|}]")


def kinds(html):
    return [(u.element.name, u.attribute, u.value, u.kind) for u in parse(html, INTRASITE).urls]


@pytest.mark.parametrize(
    "address, kind",
    [
        ("{filename}kyphoplasty.md", "page"),
        ("|filename|kyphoplasty.md", "page"),
        ("{static}/images/spine.png", "static"),
        ("{attach}spine.png", "static"),
        ("{tag}spine", "listing"),
        ("#prepare", "anchor"),
        ("tel:+12025550143", "tel"),
        ("MAILTO:a@example.org", "mailto"),
        ("https://example.org/", "outside"),
        ("http://example.org/", "outside"),
        ("//cdn.example/x.png", "outside"),
        ("/\\cdn.example/x.png", "outside"),
        ("\\\\cdn.example/x.png", "outside"),
        ("/procedures/x/", "site"),
        ("../x/index.html", "site"),
        ("javascript:alert(1)", "forbidden"),
        ("java\tscript:alert(1)", "forbidden"),
        ("  \x01javascript:alert(1)", "forbidden"),
        ("data:image/png;base64,AAAA", "forbidden"),
        ("sms:+12025550143", "forbidden"),
        ("file:///etc/passwd", "forbidden"),
    ],
)
def test_each_address_is_classified_as_a_browser_reads_it(address, kind):
    assert classify(address, INTRASITE)[0] == kind


def test_an_attribute_with_a_greater_than_sign_hides_no_link():
    html = '<p><a title="1 > 0" href="https://example.org/">x</a> <a href="https://e.org/" title="a>b">y</a></p>'
    assert kinds(html) == [("a", "href", "https://example.org/", "outside"), ("a", "href", "https://e.org/", "outside")]
    assert parse(html, INTRASITE).html().count("<a ") == 2


def test_entities_are_decoded_before_classifying():
    assert kinds('<a href="&#106;avascript:alert(1)">x</a>')[0][3] == "forbidden"


def test_every_srcset_candidate_is_an_address():
    html = '<img alt="" src="a.png" srcset="a.png 1x, https://cdn.example/b.png 2x">'
    assert [k[2:] for k in kinds(html)] == [("a.png", "site"), ("a.png", "site"), ("https://cdn.example/b.png", "outside")]


@pytest.mark.parametrize(
    "srcset, urls",
    [
        ("a.png 1x, b.png 2x", ["a.png", "b.png"]),
        ("a.png, b.png 2x", ["a.png", "b.png"]),
        ("a,b.png 1x,c.png 2x", ["a,b.png", "c.png"]),
        ("a.png 100w,\n  b.png (max-width: 3px, x) 2x, c.png", ["a.png", "b.png", "c.png"]),
        ("a.png (() , https://evil.example/t.png 1x", ["a.png", "https://evil.example/t.png"]),
        ("a.png ((x) , https://evil.example/t.png", ["a.png", "https://evil.example/t.png"]),
        ("", []),
    ],
)
def test_srcset_is_split_by_the_html_standard(srcset, urls):
    assert srcset_urls(srcset) == urls


def test_headings_keep_level_text_and_id_and_know_whether_they_are_in_html():
    model = parse('<h2 id="why">Why <em>this</em></h2><div><h2>Inside</h2></div><h3>Sub</h3>', INTRASITE)
    assert [(h.level, h.text, h.explicit_id, h.top_level) for h in model.headings] == [
        (2, "Why this", "why", True),
        (2, "Inside", None, False),
        (3, "Sub", None, True),
    ]


def test_slots_are_left_out_of_the_words_and_filled_once():
    from justhtml import Element, Text

    model = parse(f"<p>Call {slot_text('phone')} today</p>", INTRASITE)
    assert model.text(None) == "Call  today"
    (node, name), = model.slots()

    def make():
        element = Element("b", {}, "html")
        element.append_child(Text("1"))
        return element

    model.fill_slot(node, name, make)
    assert model.html() == "<p>Call <b>1</b> today</p>"


def test_an_unfilled_slot_never_reaches_the_page():
    assert parse(f"<p>a{slot_text('other')}b</p>", INTRASITE).html() == "<p>ab</p>"


def test_heading_lines_survive_subheadings_html_headings_and_code():
    source = (
        "Title: X\nSummary: Y\n\nLead\n\n## One\n\n### Sub one\n\nText\n\n```\n## not a heading\n```\n\n"
        "Two\n---\n\n<h3>Raw</h3>\n\n#### Deep\n\n## Three {#three}\n"
    )
    model = parse(
        "<p>Lead</p><h2>One</h2><h3>Sub one</h3><p>Text</p><pre><code>## not a heading</code></pre>"
        '<h2>Two</h2><h3>Raw</h3><h4>Deep</h4><h2 id="three">Three</h2>',
        INTRASITE,
    )
    attach_lines(model.headings, source)
    assert [(h.text, h.line) for h in model.headings] == [
        ("One", 6), ("Sub one", 8), ("Two", 16), ("Raw", 19), ("Deep", 21), ("Three", 23)
    ]


def test_source_headings_are_read_as_python_markdown_reads_them():
    source = "## A\n##B\n> ### C\n- #### D\n<div><h2>E</h2></div>\nF\n===\n"
    assert source_headings(source) == [(2, 1, "a"), (2, 2, "b"), (3, 3, "c"), (4, 4, "d"), (2, 5, "e"), (1, 6, "f")]


def test_a_heading_that_matches_no_source_line_shifts_no_other_line():
    source = "Title: X\n\nLead\n\n## One\n\n%%% odd %%%\n\n## Two\n"
    model = parse("<p>Lead</p><h2>One</h2><h2>Made elsewhere</h2><h2>Two</h2>", INTRASITE)
    attach_lines(model.headings, source)
    assert [(h.text, h.line) for h in model.headings] == [("One", 5), ("Made elsewhere", None), ("Two", 9)]


def test_control_characters_from_character_references_never_break_the_page():
    model = parse('<p>&#2;x&#3; &#2;phone&#3;</p><abbr title="&#2;phone&#3;">CT</abbr>', INTRASITE)
    assert [name for _node, name in model.slots()] == ["x", "phone"]
    from justhtml import Text

    model.fill_slot(model.slots()[1][0], "phone", lambda: Text("N"))
    assert model.html() == '<p> N</p><abbr title="phone">CT</abbr>'


def test_the_authors_html_comments_are_not_written_back():
    model = parse("<!-- INTERNAL-NOTE: top --><p>Before<!-- INTERNAL-NOTE: ask Dr Lee -->after</p>"
                  "<div><!--\nINTERNAL-NOTE\n--><p>x</p></div>", INTRASITE)
    assert model.html() == "<p>Beforeafter</p><div><p>x</p></div>"


def test_the_source_is_read_as_nfc_so_headings_find_their_lines(tmp_path):
    page = tmp_path / "x.es.md"
    page.write_text(unicodedata.normalize("NFD", "Title: X\n\n## Cómo prepararse\n"), encoding="utf-8")
    assert read_source(str(page)) == "Title: X\n\n## Cómo prepararse\n"


@pytest.mark.parametrize(
    ("value", "start"),
    [("{static}/a.pdf", 0), ("  {static}/a.pdf", 2), ("\x01\t\n {filename}x.md", 4), ("x \t", 0), ("   ", 3)],
)
def test_the_address_starts_where_the_browser_begins_to_read_it(value, start):
    """intrasite_links' markers.py reads a marker as honoured only there."""
    assert address_start(value) == start
    assert parse(f'<a href="{value}">x</a>', INTRASITE).urls[0].start == start
