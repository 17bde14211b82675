"""Reading level of a text: Flesch-Kincaid grade and SMOG index.

textstat 0.7.3 is used, pinned: it needs only pyphen's bundled hyphenation
dictionary, so it works offline and gives the same figures on every machine.
(textstat 0.7.4 and later download NLTK data when first used, which fails on
an offline build machine.) Its figures are the published formulas; the seed
page's whole text gives Flesch-Kincaid 11.1, the reference the issue names.

Only prose is measured: the words a patient reads, without headings, the
phone number or link addresses (the procedure model's Section.prose).
"""

from dataclasses import dataclass

import textstat


@dataclass(frozen=True)
class Scores:
    words: int
    grade: float  # Flesch-Kincaid grade
    smog: float  # SMOG index (0 when the text has fewer than 3 sentences)


def scores(text: str) -> Scores:
    text = " ".join(text.split())
    if not text:
        return Scores(0, 0.0, 0.0)
    return Scores(
        words=textstat.lexicon_count(text, removepunct=True),
        grade=float(textstat.flesch_kincaid_grade(text)),
        smog=float(textstat.smog_index(text)),
    )
