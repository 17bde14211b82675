"""Reading level of a text: Flesch-Kincaid grade and SMOG index.

textstat 0.7.3 is used, pinned: it needs only pyphen's bundled hyphenation
dictionary, so it works offline and gives the same figures on every machine.
(textstat 0.7.4 and later download NLTK data when first used, which fails on
an offline build machine.) Its figures are the published formulas; the seed
page's whole text gives Flesch-Kincaid 11.1, the reference the issue names.

Only prose is measured: the words a patient reads, without headings, the
phone number or link addresses (the procedure model's Section.prose).
"""

import functools
from dataclasses import dataclass


class _RememberedHyphenation:
    """textstat's Pyphen, with each word's hyphenation remembered.

    textstat asks Pyphen for every word of every text it scores, several times
    (the grade and SMOG each count syllables), and a catalog of pages repeats a
    small vocabulary: at 1,000 pages that was 1.25 million calls and a third of
    the build. Pyphen's answer for a word never changes, so it is kept; the
    figures are textstat's own. (textstat's own lru_caches are per whole text,
    128 entries, and never hit across pages.) The cache is bounded, so a huge
    vocabulary cannot grow memory without limit.
    """

    def __init__(self, pyphen):
        self._pyphen = pyphen
        self.positions = functools.lru_cache(maxsize=200_000)(pyphen.positions)

    def __getattr__(self, name):
        return getattr(self._pyphen, name)


@functools.cache
def _textstat():
    """textstat, imported when a text is first measured: a tenth of a second
    that a warm build, which measures no page, does not pay."""
    import textstat  # noqa: PLC0415

    if not isinstance(textstat.textstat.pyphen, _RememberedHyphenation):
        textstat.textstat.pyphen = _RememberedHyphenation(textstat.textstat.pyphen)
        # SMOG counts each word's syllables one word at a time through
        # syllable_count, whose own cache holds 128 entries; the same per-word
        # answers, kept for a whole vocabulary (the instance attribute is found
        # before textstat's method).
        textstat.textstat.syllable_count = functools.lru_cache(maxsize=200_000)(textstat.textstat.syllable_count)
    return textstat


@dataclass(frozen=True)
class Scores:
    words: int
    grade: float  # Flesch-Kincaid grade
    smog: float  # SMOG index (0 when the text has fewer than 3 sentences)


def scores(text: str) -> Scores:
    text = " ".join(text.split())
    if not text:
        return Scores(0, 0.0, 0.0)
    textstat = _textstat()
    return Scores(
        words=textstat.lexicon_count(text, removepunct=True),
        grade=float(textstat.flesch_kincaid_grade(text)),
        smog=float(textstat.smog_index(text)),
    )
