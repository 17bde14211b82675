"""An HTML comment left open: where it is found, and where it is not."""

from procedure_site.writing_hints.comments import open_comment_line


def numbered(text, first=10):
    return list(enumerate(text.split("\n"), start=first))


def test_every_comment_closed_is_no_problem():
    assert open_comment_line(numbered("One <!-- a --> two.\n\n<!-- b\nspanning lines -->\nThree.")) is None
    assert open_comment_line(numbered("No comment at all.")) is None
    assert open_comment_line([]) is None


def test_the_first_comment_left_open_is_found_at_its_own_line():
    text = "One <!-- closed -->.\n\nTwo.\nThree <!-- pending legal review\nFour.\n<!-- another -->"
    assert open_comment_line(numbered(text)) is None  # the '-->' on the last line closes it
    text = "One <!-- closed -->.\n\nTwo.\nThree <!-- pending legal review\nFour."
    assert open_comment_line(numbered(text)) == 13
    assert open_comment_line(numbered("<!-- a -->\n<!-- b\n<!-- c")) == 11  # not the closed one before it


def test_a_closing_mark_before_the_opening_closes_nothing():
    assert open_comment_line(numbered("An arrow --> here.\nThen <!-- a note")) == 11


def test_a_long_page_of_openings_is_one_linear_pass():
    body = numbered("<!-- a -->\n" * 50_000 + "<!-- left open")
    assert open_comment_line(body) == 10 + 50_000
