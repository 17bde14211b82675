"""The hint finder reads by hand what regular expressions read before, in
linear time: the same hints, the same places, the same lines."""

import random
import re

from procedure_site.writing_hints.hints import body_hint_lines, hint_pattern, hint_spans, hints_in, without_comments

MARKER = "Replace this:"
PATTERN = hint_pattern(MARKER)
OLD_HINT = re.compile(r"\[?[ \t]*" + re.escape(MARKER) + r"[^\]]*\]?", re.IGNORECASE)
OLD_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def old_body_hint_lines(places, hints):
    def words(text):
        return " ".join(text.split()).casefold()

    position, found = 0, []
    for hint in hints:
        wanted = words(hint.splitlines()[0])
        match = next((i for i in range(position, len(places)) if words(places[i][1]).startswith(wanted)), None)
        index = position if match is None else match
        if index < len(places):
            found.append(places[index][0])
            position = index + 1
        else:
            found.append(None)
    return found


def test_hints_are_found_where_the_old_regular_expression_found_them():
    pieces = [" ", "\t", "[", "]", "\n", "x", "Replace this:", "REPLACE THIS:", "Replace", "<!--", "-->", "-"]
    rng = random.Random(18)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(12)))
        assert list(hint_spans(text, PATTERN)) == [m.span() for m in OLD_HINT.finditer(text)], repr(text)
        blanked = OLD_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
        assert without_comments(text) == blanked, repr(text)


def test_long_runs_of_spaces_and_open_comments_are_read_once():
    title = "Kypho" + " " * 20000 + "plasty"
    assert hints_in(title, PATTERN) == []
    assert hints_in(" " * 20000 + "[ Replace this: x] y", PATTERN) == ["[ Replace this: x]"]
    assert without_comments("<!--" * 30000) == "<!--" * 30000


def test_each_hint_takes_its_line_as_the_old_search_gave_it():
    rng = random.Random(18)
    words = ["[replace this: a", "[replace this: a b", "[replace this: b", "replace this: a", "[replace this: c"]
    for _ in range(3000):
        lines = [(number, rng.choice(words) + "]") for number in range(rng.randrange(8))]
        hints = [rng.choice(words) for _ in range(rng.randrange(8))]
        body = [(number, text) for number, text in lines]
        assert body_hint_lines(body, hints, PATTERN) == old_body_hint_lines(lines, hints), (lines, hints)


def test_fifty_thousand_hints_whose_words_markdown_changed_each_get_a_line():
    body = [(number, f"[Replace this: *word {number}*]") for number in range(3, 50003)]
    hints = [f"[Replace this: word {number}]" for number in range(3, 50003)]
    assert body_hint_lines(body, hints, PATTERN) == list(range(3, 50003))
