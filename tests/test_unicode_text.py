"""sitebuild/unicode_text.py: invisible characters named, look-alikes found."""

import re

import pytest

from sitebuild.unicode_text import (
    character_name,
    describe_invisible,
    describe_lookalikes,
    find_confusable,
    fold,
    invisible_positions,
    lookalikes,
    why_invisible_matters,
    without_invisible,
)


@pytest.mark.parametrize(
    "character, name",
    [
        ("\u00ad", "U+00AD SOFT HYPHEN"),
        ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\u200d", "U+200D ZERO WIDTH JOINER"),
        ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        ("\x07", "U+0007 CONTROL CHARACTER"),
        ("\U000e0041", "U+E0041 TAG LATIN CAPITAL LETTER A"),
    ],
)
def test_characters_are_named_by_code_point_and_unicode_name(character, name):
    assert character_name(character) == name
    assert invisible_positions(f"ab{character}c") == [2]


@pytest.mark.parametrize(
    "character",
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u200c\u200d\u2060\ufeff\u00ad\u2028",
)
def test_every_bidi_control_and_zero_width_character_is_invisible(character):
    assert invisible_positions(character) == [0]
    # A line or paragraph separator stands for the space it took the place of ("a b"): a heading
    # "Why Vertebroplasty<U+2028>is Performed" is compared as three words, not as "Vertebroplastyis".
    assert without_invisible(f"a{character}b") == ("a b" if character.isspace() else "ab")


@pytest.mark.parametrize("character", "\u2028\u2029\x0b\x0c\x85")
def test_an_invisible_line_break_stands_for_a_space_and_a_zero_width_space_for_nothing(character):
    assert invisible_positions(f"Why{character}is") == [3]
    assert without_invisible(f"Why{character}is\u200bPerformed") == "Why isPerformed"


@pytest.mark.parametrize("text", ["Vertebroplasty", "Cómo prepararse", "Qué\tesperar\n", "Ω 5 µm", "a\u00a0b"])
def test_visible_text_has_no_invisible_characters(text):
    assert invisible_positions(text) == [] and describe_invisible(text) is None


def test_an_invisible_character_is_named_with_the_text_before_it():
    assert describe_invisible("Kypho\u202eytsalp") == "U+202E RIGHT-TO-LEFT OVERRIDE after 'Kypho'"
    assert describe_invisible("\u200bSpine") == "U+200B ZERO WIDTH SPACE at the start"
    assert describe_invisible("Ri\u00adsks") == "U+00AD SOFT HYPHEN after 'Ri'"


def test_the_text_before_is_short_starts_at_a_word_and_shows_no_other_invisible_character():
    text = "What to Expect During Verte\u00adbro\u200bplasty"
    assert describe_invisible(text) == (
        "U+00AD SOFT HYPHEN after 'Expect During Verte', U+200B ZERO WIDTH SPACE after 'During Vertebro'"
    )


def test_many_invisible_characters_are_counted_after_the_first_three():
    assert describe_invisible("a\u200bb\u200bc\u200bd\u200be\u200b").endswith("and 2 more")


def test_why_a_bidi_control_matters_is_said_apart():
    assert "direction" in why_invisible_matters("Kypho\u202eytsalp")
    assert "direction" not in why_invisible_matters("Ri\u00adsks")


@pytest.mark.parametrize(
    "written",
    ["Vertebropl\u0430sty", "VERTEBROPLASTY", "Verte\u00adbroplasty", "\uff36ertebroplasty", "Vertebr\u03bfplasty"],
)
def test_look_alikes_fold_to_the_same_text(written):
    assert fold(written) == fold("Vertebroplasty")


@pytest.mark.parametrize("other", ["Vertebroplasti", "Kyphoplasty", "Vertebroplasty!"])
def test_different_words_do_not_fold_together(other):
    assert fold(other) != fold("Vertebroplasty")


def test_an_ascii_text_looks_only_like_itself():
    """TR39 maps "m" to "rn" and "0" to "O"; authors' plain ASCII is not a look-alike."""
    assert fold("modern") != fold("rnodern")
    assert fold("ph0ne") != fold("phone")


def test_the_look_alike_is_named_with_what_it_imitates():
    written, wanted = "Why Vertebropl\u0430sty is Performed", "Why Vertebroplasty is Performed"
    assert lookalikes(written, wanted) == [(14, "a")]
    assert describe_lookalikes(written, wanted) == (
        "'\u0430' after 'Why Vertebropl' is U+0430 CYRILLIC SMALL LETTER A, which looks like "
        "'a' (U+0061 LATIN SMALL LETTER A)"
    )


def test_case_is_not_a_look_alike():
    assert lookalikes("why vertebroplasty IS performed", "Why Vertebroplasty is Performed") == []


def test_a_latin_letter_in_a_text_of_another_alphabet_is_found_too():
    assert lookalikes("\u0421\u0430\u0443", "\u0421\u0430\u0443") == []
    assert lookalikes("\u0421a\u0443", "\u0421\u0430\u0443") == [(1, "\u0430")]


PHONE = re.compile(r"\{\s*" + re.escape(fold("phone")) + r"\s*\}")


@pytest.mark.parametrize(
    "text, found",
    [
        ("Call {ph\u043ene} today", ["{ph\u043ene}"]),  # Cyrillic о
        ("Call \uff5bphone\uff5d today", ["\uff5bphone\uff5d"]),  # fullwidth braces
        ("Call {pho\u200dne} today", ["{pho\u200dne}"]),  # zero-width joiner
        ("Call \u2774 PH\u039fNE \u2775", ["\u2774 PH\u039fNE \u2775"]),  # ornament braces, Greek Ο
        ("café, call {phone} or {ph\u043ene}", ["{phone}", "{ph\u043ene}"]),
        ("café, no placeholder", []),
    ],
)
def test_confusable_spellings_are_found_as_written(text, found):
    assert find_confusable(text, PHONE) == found
    assert find_confusable(text, PHONE, needs="{}") == found  # the quick look first finds the same


def test_no_plain_character_but_the_braces_themselves_looks_like_a_brace():
    """The quick look trusts that, in the plain ranges, only { and } look like { or }."""
    from sitebuild.unicode_text import _plain_lookalikes

    assert _plain_lookalikes(frozenset("{}")) == "{}"
