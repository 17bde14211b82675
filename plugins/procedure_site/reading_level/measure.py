"""Reading ease of a text in its own language: the formulas of textstat 0.7.3.

textstat 0.7.3 is used, pinned: it needs only pyphen's bundled hyphenation
dictionaries, so it works offline and gives the same figures on every machine.
(textstat 0.7.4 and later download NLTK data when first used, which fails on
an offline build machine.) Its figures are the published formulas; the seed
page's whole text gives Flesch-Kincaid 11.1, the reference the issue names.

textstat keeps its language and rounding as state: the module's functions
are methods of one shared object, and ``set_lang``/``set_rounding`` change
it for every caller. So nothing here touches that object: each language is
measured by an object of its own (``textstatistics()``, which 0.7.3 makes
for exactly this), made once with its language and rounding, and never
changed again. An English figure can never be taken with Spanish syllables,
nor a Spanish one rounded, whatever else in the process calls textstat.

- English (``en_US``, textstat's default) keeps textstat's default rounding,
  so its figures are what they have always been (Vertebroplasty: 11.1).
- Spanish is measured after ``set_lang("es")`` and ``set_rounding(False)``:
  by default textstat rounds the averages inside the formulas, which moves
  Fernández Huerta in 6-point steps (a tenth of a syllable per word times 60).

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


# The textstat locale of a language code (textstat's default is en_US), and
# whether its figures are rounded as textstat does by default.
LOCALES = {"en": "en_US"}
ROUNDED = {"en"}

# Each measure: the field of Scores it fills and the textstat method.
MEASURES = {
    "flesch_kincaid_grade": "grade",
    "smog_index": "smog",
    "szigriszt_pazos": "szigriszt_pazos",
    "fernandez_huerta": "fernandez_huerta",
}


def locale(lang: str) -> str:
    return LOCALES.get(lang, lang)


@functools.cache
def textstat_for(lang: str):
    """The textstat object that measures ``lang``: its own, made once, set
    to the language and rounding here and never changed. Imported when a
    text is first measured: a tenth of a second that a warm build, which
    measures no page, does not pay."""
    from textstat.textstat import textstatistics  # noqa: PLC0415

    measurer = textstatistics()
    measurer.set_lang(locale(lang))
    measurer.set_rounding(lang in ROUNDED)
    measurer.pyphen = _RememberedHyphenation(measurer.pyphen)
    # The instance attribute is found before textstat's method.
    measurer.syllable_count = _words_remembered(measurer.syllable_count)
    return measurer


def _words_remembered(syllable_count):
    """textstat's ``syllable_count``, with each single word's answer kept.

    SMOG and the polysyllable count ask one word at a time, and a catalog
    repeats a small vocabulary, so a word's answer is kept for the whole
    build. A whole text (the grade's average asks for a section's) is
    counted through: its words' hyphenations are kept already
    (_RememberedHyphenation), and keeping each section's text as a key held
    about 5 MB per 1,000 pages in every process that measures, for answers
    never asked again. Texts reach here with their spaces made single
    (``scores``), so a word is a text without a space."""
    remembered = functools.lru_cache(maxsize=200_000)(syllable_count)

    def counted(text, lang=None):
        if lang is None and isinstance(text, str) and " " not in text:
            return remembered(text)
        return syllable_count(text) if lang is None else syllable_count(text, lang)

    counted.remembered = remembered  # for its cache_info
    return counted


@dataclass(frozen=True, slots=True)
class Scores:
    """One text's figures; a measure not taken for its language is None.
    (Slots: every page keeps one per section until the build ends.)"""

    words: int
    grade: float | None = None  # Flesch-Kincaid grade
    smog: float | None = None  # SMOG index (0 when the text has fewer than 3 sentences)
    szigriszt_pazos: float | None = None  # Szigriszt-Pazos perspicuity, read on the INFLESZ scale
    fernandez_huerta: float | None = None  # Fernández Huerta ease

    def figure(self, measure: str) -> float | None:
        return getattr(self, MEASURES[measure])


def scores(text: str, lang: str = "en", measures=("flesch_kincaid_grade", "smog_index")) -> Scores:
    """``text`` measured in ``lang`` by each of ``measures`` (names of MEASURES)."""
    text = " ".join(text.split())
    if not text:
        return Scores(0, **{MEASURES[name]: 0.0 for name in measures})
    measurer = textstat_for(lang)
    return Scores(
        words=measurer.lexicon_count(text, removepunct=True),
        **{MEASURES[name]: float(getattr(measurer, name)(text)) for name in measures},
    )
