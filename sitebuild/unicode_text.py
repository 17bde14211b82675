"""Text that looks right but is not: invisible characters and look-alike letters.

Editors paste titles and headings from Word, PDFs and web pages, and the paste
can bring characters nobody sees: a soft hyphen (U+00AD) inside a word, a
zero-width space, a right-to-left override (U+202E) that makes "Kyphoytsalp"
display as "Kyphoplasty". Or a letter from another alphabet that looks the
same as ours: Cyrillic "а" (U+0430) for Latin "a". The page then shows one
thing and says another: search, the A–Z list and the heading checks read the
characters, not their look. The checks name such a character by its code point
and Unicode name, and by the text just before it, because that is the only
way to point at something that cannot be seen.

- Invisible: every format character (Unicode category Cf: the bidirectional
  controls U+202A–202E, U+2066–2069, U+200E/200F, U+061C; the zero-width
  U+200B–200D, U+2060, U+FEFF; the soft hyphen U+00AD; and the rest of Cf),
  control characters (Cc) other than tab and line ends, and the line and
  paragraph separators U+2028/U+2029. A language that needs a joiner inside
  its words (Persian writes U+200C) would need an exception here; the site's
  languages (English, Spanish) never do.
- Look-alike: two texts are confusable when their folds are equal. The fold
  is Unicode TR39's skeleton, character by character (as TR39 defines it),
  taken after NFKC (so fullwidth "｛" reads as "{") with invisible characters
  left out, and without case (casefold before and after, since TR39 maps "I"
  to "l"). The skeleton is ICU's SpoofChecker, from PyICU, already pinned for
  the A–Z list: its confusables data is ICU's own, shipped in the library, so
  nothing is downloaded and no map is kept here. PyPI's confusables packages
  would be one more pin for the same data (and the one with a skeleton-like
  normalise, confusables 1.2.0, has had no release since 2021).

Every function is one pass over its text, or a bounded number of them; the
regular expressions that meet page text have no nested repetition (a pattern
over folded text, like the placeholder's, must not either).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import icu

_KEPT_CONTROLS = frozenset("\t\n\r")
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zl", "Zp"})
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# How much of the text before a character a message quotes.
CONTEXT_CHARACTERS = 20


def is_invisible(character: str) -> bool:
    return character not in _KEPT_CONTROLS and unicodedata.category(character) in _INVISIBLE_CATEGORIES


class _Table(dict):
    """A ``str.translate`` table that works out each code point's entry the
    first time it is met: translate then runs in C over a page's text, and
    the table holds only the characters the site's texts use."""

    def __init__(self, entry):
        super().__init__()
        self._entry = entry

    def __missing__(self, code_point):
        value = self[code_point] = self._entry(chr(code_point))
        return value


# An invisible character is left out of the text shown and compared; one that
# breaks a line (U+2028, U+2029, a form feed, NEL) stands for the space it
# takes the place of ("Why Vertebroplasty<U+2028>is Performed" is three words).
_VISIBLE = _Table(lambda character: (" " if character.isspace() else None) if is_invisible(character) else character)
_GONE = _Table(lambda character: None if is_invisible(character) else character)


def without_invisible(text: str) -> str:
    return text.translate(_VISIBLE)


def invisible_positions(text: str) -> list[int]:
    """The index of each invisible character in ``text``."""
    if len(text.translate(_GONE)) == len(text):
        return []  # the common case, answered in C
    return [index for index, character in enumerate(text) if is_invisible(character)]


def character_name(character: str) -> str:
    """'U+00AD SOFT HYPHEN'. Control characters have no Unicode name."""
    name = unicodedata.name(character, None) or "CONTROL CHARACTER"
    return f"U+{ord(character):04X} {name}"


def text_before(text: str, index: int) -> str:
    """The visible text just before ``text[index]``, at most
    CONTEXT_CHARACTERS of it and starting at a word when cut."""
    before = without_invisible(text[max(0, index - 4 * CONTEXT_CHARACTERS) : index]).lstrip()
    if len(before) > CONTEXT_CHARACTERS:
        before = before[-CONTEXT_CHARACTERS:]
        space = before.find(" ")
        if 0 <= space < len(before) - 1:
            before = before[space + 1 :]
    return before


def where(text: str, index: int) -> str:
    """"after 'Kypho'", or "at the start" when nothing visible comes before."""
    before = text_before(text, index)
    return f"after '{before}'" if before else "at the start"


def describe_invisible(text: str, limit: int = 3) -> str | None:
    """"U+00AD SOFT HYPHEN after 'Vertebro'" for each invisible character of
    ``text`` (at most ``limit``, then how many more), or None when it has none."""
    positions = invisible_positions(text)
    if not positions:
        return None
    named = [f"{character_name(text[i])} {where(text, i)}" for i in positions[:limit]]
    if len(positions) > limit:
        named.append(f"and {len(positions) - limit} more")
    return ", ".join(named)


def why_invisible_matters(text: str) -> str:
    """What the invisible characters of ``text`` do, in a reader's terms: a
    sentence, without its full stop."""
    if any(character in BIDI_CONTROLS for character in text):
        return (
            "It changes the direction the text is shown in, so readers see other words "
            "than the ones written (search and the A–Z list read the written ones)"
        )
    return (
        "It cannot be seen, but it splits or changes the words: search, the A–Z list "
        "and the page's checks read different words than the ones you see"
    )


# --- Look-alikes ---------------------------------------------------------------

_SPOOF_CHECKER = icu.SpoofChecker()


def _skeleton(text: str) -> str:
    return _SPOOF_CHECKER.getSkeleton(0, text)


def _fold_character(character: str) -> str:
    """One character as it looks. TR39's skeleton maps each character on its
    own (after NFD, which the skeleton does), so folding a text character by
    character is folding the text."""
    if character.isascii():
        # ASCII letters and digits the skeleton maps to others ("m" -> "rn",
        # "0" -> "o") are not what this is for: an ASCII text looks like itself.
        return character.casefold()
    text = without_invisible(unicodedata.normalize("NFKC", character)).casefold()
    if text.isascii():
        return text
    return _skeleton(text).casefold()


_FOLDED = _Table(_fold_character)


def fold(text: str) -> str:
    """The text as it looks, for comparing: NFKC, invisible characters left
    out, the TR39 skeleton, no case. Equal folds mean the texts look alike."""
    return text.translate(_FOLDED)


def _folded_with_origins(text: str) -> tuple[str, list[int]]:
    """fold(text) one character at a time, with the index in ``text`` that
    each folded character came from."""
    pieces, origins = [], []
    for index, character in enumerate(text):
        folded = _FOLDED[ord(character)]
        pieces.append(folded)
        origins.extend([index] * len(folded))
    return "".join(pieces), origins


# Latin letters (ASCII to Latin Extended-B) and the usual typographic
# punctuation (dashes, quotes, ellipsis): nearly every character of an English
# or Spanish page. Which of them look like a given character is worked out once.
_PLAIN_RANGES = ((0x0000, 0x0250), (0x2010, 0x2028))
_BEYOND_PLAIN = re.compile("[^" + "".join(f"\\U{a:08x}-\\U{b - 1:08x}" for a, b in _PLAIN_RANGES) + "]")


@functools.lru_cache(maxsize=16)
def _plain_lookalikes(needs: frozenset) -> str:
    """The characters of the plain ranges that fold to one holding a character of ``needs``."""
    plain = (chr(code_point) for a, b in _PLAIN_RANGES for code_point in range(a, b))
    return "".join(c for c in plain if not needs.isdisjoint(_FOLDED[ord(c)]))


def _holds_folded(text: str, needs: frozenset) -> bool:
    """Whether any character of ``text`` folds to one that holds a character
    of ``needs``: a few substring searches, and a look at the distinct
    characters only of a text that has any beyond the plain ranges."""
    if any(character in text for character in _plain_lookalikes(needs)):
        return True
    if _BEYOND_PLAIN.search(text) is None:
        return False
    return any(not needs.isdisjoint(_FOLDED[ord(c)]) for c in set(text) if not c.isascii())


def find_confusable(text: str, pattern: re.Pattern, needs: str = "") -> list[str]:
    """The parts of ``text`` that, folded, match ``pattern`` (itself written
    over folded text), each as written in ``text``. ``needs``: characters one
    of which every match holds (a placeholder's "{}"), to pass over a text
    without any at the cost of a look at its distinct characters.

    One fold of the whole text decides whether there is anything to find; only
    then is it folded again character by character, to map each match back to
    the characters that were written."""
    if needs and not _holds_folded(text, frozenset(needs)):
        return []
    if pattern.search(fold(text)) is None:
        return []
    folded, origins = _folded_with_origins(text)
    found = []
    for match in pattern.finditer(folded):
        if match.end() > match.start():
            found.append(text[origins[match.start()] : origins[match.end() - 1] + 1])
    return found


def lookalikes(written: str, wanted: str) -> list[tuple[int, str]]:
    """(index in ``written``, the character of ``wanted`` it imitates) for each
    character of ``written`` that ``wanted`` does not use but that looks like
    one that it does: the Cyrillic "а" in a heading whose required wording has
    the Latin "a". Case does not matter, as in the heading comparison."""
    wanted_characters = set(wanted) | set(wanted.casefold())
    by_look = {}
    for character in sorted(wanted_characters):
        if not is_invisible(character) and not character.isspace():
            by_look.setdefault(_FOLDED[ord(character)], character)
    found = []
    for index, character in enumerate(written):
        if character in wanted_characters or character.casefold() in wanted_characters or is_invisible(character):
            continue
        imitated = by_look.get(_FOLDED[ord(character)])
        if imitated is not None:
            found.append((index, imitated))
    return found


def describe_lookalikes(written: str, wanted: str, limit: int = 3) -> str | None:
    """"'а' after 'Why Vertebropl' (U+0430 CYRILLIC SMALL LETTER A) looks like
    'a' (U+0061 LATIN SMALL LETTER A)", for each look-alike, or None."""
    found = lookalikes(written, wanted)
    if not found:
        return None
    named = [
        f"'{written[i]}' {where(written, i)} is {character_name(written[i])}, which looks like "
        f"'{imitated}' ({character_name(imitated)})"
        for i, imitated in found[:limit]
    ]
    if len(found) > limit:
        named.append(f"and {len(found) - limit} more")
    return "; ".join(named)
