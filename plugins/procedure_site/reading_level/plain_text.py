"""A section's words as a reader meets them: blocks, sentences and words.

Everything here reads the page model's text nodes (page_model/model.py), never
the HTML: a link's address is an attribute, so it is never text, while the
link's words are. Each block (a paragraph, a list item, a table cell, a
quote...) is a text of its own, so a list of short steps without full stops
is several short sentences, not one long one, and a word in one table cell
never runs into the next cell's. Headings are not prose and are left out.

No regular expression reads the content's text (Python's ``re`` backtracks):
blocks are found by walking the tree, sentences by looking at each word once
(split at spaces), and words by looking at each character once. Every pass
is linear in the text.
"""

import unicodedata

from justhtml import Element, Text

BLOCKS = frozenset(
    "address article aside blockquote caption dd details div dl dt figcaption figure footer header li main "
    "nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
LISTS = frozenset(("ul", "ol"))

SENTENCE_MARKS = ".!?…"
# What may close a sentence after its mark ("Rest." or (rest.) or «Descanse.»),
# or open the next one before its first letter (¿Tiene dolor?).
CLOSING = "\"'”’»)]"
OPENING = "\"'“‘«([¿¡"
# Words whose full stop does not end a sentence, by language (lower case,
# without the stop).
ABBREVIATIONS = {
    "en": frozenset("dr mr mrs ms st vs e.g i.e etc approx no prof fig min max".split()),
    "es": frozenset("dr dra sr sra srta ud uds etc aprox p.ej núm pág fig min máx mín".split()),
}
# Marks that fold away when words are compared, so "cirugía" and "cirugia",
# "Después" and "despues" are one word. The tilde is kept: "año" is not "ano".
FOLDED_MARKS = frozenset(("\u0300", "\u0301", "\u0308"))


def blocks(nodes) -> list[str]:
    """The text of each block under ``nodes``, in order, spaces collapsed,
    slots (``{phone}``, filled later) and headings left out."""
    found, current = [], []

    def close():
        words = without_slots("".join(current)).split()
        if words:
            found.append(" ".join(words))
        current.clear()

    stack = [(node, False) for node in reversed(list(nodes))]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            close()
        elif isinstance(node, Text):
            current.append(node.data or "")
        elif isinstance(node, Element):
            if node.name in HEADINGS:
                close()
                continue
            if node.name == "br":
                current.append(" ")
                continue
            if node.name in BLOCKS:
                close()
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.children or []))
    close()
    return found


def has_list(nodes) -> bool:
    """True when a list (ul or ol) is among or under ``nodes``."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, Element):
            if node.name in LISTS:
                return True
            stack.extend(node.children or [])
    return False


def without_slots(text: str) -> str:
    """``text`` without the build's slots (``\\x02phone\\x03``)."""
    if "\x02" not in text:
        return text
    pieces = text.split("\x02")
    kept = [pieces[0]]
    for piece in pieces[1:]:
        _name, closed, rest = piece.partition("\x03")
        kept.append(rest if closed else piece)
    return "".join(kept)


def sentences(block: str, lang: str) -> list[str]:
    """The sentences of one block: a word ending in . ! ? or … ends one when
    the next word starts with a capital letter or a digit (after any opening
    quote, bracket, ¿ or ¡), or when it is the block's last word; not after
    an abbreviation of the language (Dr., Sra.)."""
    abbreviations = ABBREVIATIONS.get(lang, frozenset())
    words = block.split()
    found, start = [], 0
    for index, word in enumerate(words):
        bare = word.rstrip(CLOSING)
        if not bare or bare[-1] not in SENTENCE_MARKS:
            continue
        if index + 1 < len(words):
            following = words[index + 1].lstrip(OPENING)
            if not following or not (following[0].isupper() or following[0].isdigit()):
                continue
            if bare[:-1].lstrip(OPENING).lower() in abbreviations:
                continue
        found.append(" ".join(words[start : index + 1]))
        start = index + 1
    if start < len(words):
        found.append(" ".join(words[start:]))
    return found


def word_count(sentence: str) -> int:
    """Words that hold a letter or a digit (a dash or a bullet is not a word).
    Most words are all letters and digits, which ``isalnum`` answers at once;
    only the others are read a character at a time."""
    return sum(
        1 for word in sentence.split() if word.isalnum() or any(character.isalnum() for character in word)
    )


def fold(text: str) -> str:
    """``text`` as words are compared: case and the folded accents ignored."""
    if text.isascii():
        return text.lower()  # most words: nothing to decompose
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in FOLDED_MARKS))


def words(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end) of each word of ``text``: a run of letters and
    digits (and the combining marks on them), so "follow-up" is two words and
    "patient’s" is "patient" and "s". The text is cut at spaces first; a piece
    that is all letters and digits (most are) is a word as it stands, and
    only the others are read a character at a time. Positions are in ``text``."""
    return counted_words(text)[0]


def counted_words(text: str) -> tuple[list[tuple[str, int, int]], int]:
    """(``words(text)``, ``word_count(text)``) from one pass over ``text``:
    the reading level asks both of every sentence of every page, and cutting
    each sentence at spaces twice was a fifth of its time. A piece between
    spaces counts as a word for ``word_count`` when it holds a letter or a
    digit, which is exactly when ``words`` finds a word in it (a word starts
    only at a letter or a digit)."""
    found, position, count = [], 0, 0
    for piece in text.split():
        start = text.find(piece, position)  # the next piece: spaces hold none of its characters
        position = start + len(piece)
        if piece.isalnum():
            found.append((fold(piece), start, position))
            count += 1
            continue
        already = len(found)
        begun = None
        for index, character in enumerate(piece):
            if character.isalnum() or (begun is not None and unicodedata.category(character) == "Mn"):
                if begun is None:
                    begun = index
            elif begun is not None:
                found.append((fold(piece[begun:index]), start + begun, start + index))
                begun = None
        if begun is not None:
            found.append((fold(piece[begun:]), start + begun, position))
        count += len(found) > already
    return found, count
