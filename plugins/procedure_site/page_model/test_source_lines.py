import random
import re

from procedure_site.page_model.source_lines import atx_heading, attach_lines, source_headings, without_attr_list

# The regular expressions the hand-written readers replaced (they backtracked
# over runs of spaces: cubic time). On short lines they are the reference.
OLD_ATX = re.compile(r"^[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)?(#{1,6})(?!#)[ \t]*(.*?)[ \t]*#*[ \t]*$")
OLD_ATTR_LIST = re.compile(r"\s*\{[^}]*\}\s*$")


def test_a_heading_with_thousands_of_spaces_is_read_whole():
    source = "Title: X\n\nLead\n\n### Step" + " " * 4000 + "one\n"
    assert source_headings(source) == [(3, 5, "step one")]


def test_a_heading_line_is_read_as_the_old_regular_expression_read_it():
    pieces = [" ", "\t", ">", "#", "-", "*", "+", "1", "٣", ".", ")", "a", "b c", "{#x}", "}", "{"]
    rng = random.Random(18)
    for _ in range(20000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randrange(12)))
        old = OLD_ATX.match(line)
        assert atx_heading(line) == ((len(old.group(1)), old.group(2)) if old else None), repr(line)
        assert without_attr_list(line).strip() == OLD_ATTR_LIST.sub("", line).strip(), repr(line)


def test_closing_hashes_and_attribute_lists_are_left_out():
    assert atx_heading("## Why Vertebroplasty is Performed ##  ") == (2, "Why Vertebroplasty is Performed")
    assert atx_heading("- ### In a list") == (3, "In a list")
    assert atx_heading("####### Seven") is None
    assert without_attr_list("Getting ready {#prepare}") == "Getting ready"
    assert without_attr_list("A {x} {y}") == "A {x}"
    assert without_attr_list("A {x}}") == "A {x}}"


class _Heading:
    def __init__(self, level, text):
        self.level, self.text, self.line = level, text, None


def test_fifty_thousand_headings_each_find_their_line():
    source = "Title: X\n\nLead\n\n" + "".join(f"### Step {number}\n" for number in range(50000))
    headings = [_Heading(3, f"Step {number}") for number in range(50000)]
    unmatched = [_Heading(3, f"Made elsewhere {number}") for number in range(0, 50000, 7)]
    mixed = [h for pair in zip(headings, [*unmatched, *[None] * 50000]) for h in pair if h is not None]
    attach_lines(mixed, source)
    assert [h.line for h in headings] == list(range(5, 50005))
    assert all(h.line is None for h in unmatched)
