"""An HTML comment left open: finding each one's line, in one pass."""

from procedure_site.writing_hints.comments import lines_of


def test_each_quoted_text_is_found_from_the_one_before():
    """Each search starts just after the last one found, never from the top:
    the pass over the page is linear however many comments are left open."""
    source = "Title: x\n\nOne <!-- a --> two.\n\nThree <!-- left open\n\nFour <!-- left open\n<!-- again"
    assert lines_of(source, ["<!-- left open", "<!-- left open", "<!-- again"]) == [5, 7, 8]
    assert lines_of(source, ["<!-- again", "<!-- left open"]) == [8, None]  # never searched backwards
    assert lines_of(source, []) == []


def test_a_comment_closed_in_its_paragraph_is_passed_over():
    source = "<!-- same --> text\n\n<!-- same words, left open\n\nMore. -->"
    assert lines_of(source, ["<!-- same words, left open"]) == [3]
    assert lines_of(source, ["<!-- same"]) == [3]  # not line 1, closed there


def test_what_the_source_wrote_as_entities_is_no_comment():
    """'&lt;!--' shows the characters on purpose: not found as written, so None."""
    assert lines_of("Bring this: &lt;!-- &amp; more.", ["<!-- & more."]) == [None]
    assert lines_of("Note: <!-- check &amp; confirm", ["<!-- check & confirm"]) == [1]  # cut before the '&'


def test_identical_notes_each_get_their_own_line():
    source = "".join("<!-- same note\n\n" for _ in range(2_000))
    assert lines_of(source, ["<!-- same note"] * 2_000) == list(range(1, 4_000, 2))
