"""READABILITY and LONG_SENTENCE_WORDS: what each language is measured by,
checked as every build starts, and the INFLESZ scale's words.

A measure belongs to a language: Flesch-Kincaid counts English syllables
against English school grades, and means nothing on a Spanish page. So each
language names its own measure, and a language with no entry is not
measured at all (the report says so) rather than measured wrongly.
"""

from dataclasses import dataclass

from .measure import MEASURES

# What each measure is, for the settings check and the report: its name for
# people, which way is easier, and the other measures taken beside it (the
# figures a reader of that language's guidance expects to see).
LABELS = {
    "flesch_kincaid_grade": "Flesch–Kincaid grade",
    "smog_index": "SMOG grade",
    "szigriszt_pazos": "Szigriszt-Pazos (INFLESZ)",
    "fernandez_huerta": "Fernández Huerta",
}
EASIER = {"flesch_kincaid_grade": "lower", "smog_index": "lower", "szigriszt_pazos": "higher", "fernandez_huerta": "higher"}
BESIDE = {
    "flesch_kincaid_grade": ("smog_index",),
    "smog_index": ("flesch_kincaid_grade",),
    "szigriszt_pazos": ("fernandez_huerta",),
    "fernandez_huerta": ("szigriszt_pazos",),
}

# The INFLESZ scale (Barrio-Cantalejo et al., 2008), on which Spanish health
# care reads a Szigriszt-Pazos figure: (from, word), each band up to the next.
INFLESZ = ((80, "muy fácil"), (65, "bastante fácil"), (55, "normal"), (40, "algo difícil"), (float("-inf"), "muy difícil"))
INFLESZ_ENGLISH = {
    "muy fácil": "very easy",
    "bastante fácil": "quite easy",
    "normal": "normal",
    "algo difícil": "somewhat difficult",
    "muy difícil": "very difficult",
}
BANDS = {"szigriszt_pazos": INFLESZ}


def band(measure: str, value: float | None) -> str | None:
    """The band word of ``value`` on ``measure``'s scale, or None (no scale)."""
    scale = BANDS.get(measure)
    if scale is None or value is None:
        return None
    return next(word for start, word in scale if value >= start)


@dataclass(frozen=True)
class Target:
    """One language's measure and target."""

    measure: str
    target: float
    better: str  # "lower" or "higher"

    @property
    def measures(self) -> tuple:
        return (self.measure, *BESIDE[self.measure])

    def harder(self, value: float | None) -> bool:
        """True when ``value`` is harder to read than the target."""
        if value is None:
            return False
        return value > self.target if self.better == "lower" else value < self.target


def readability_problems(readability, languages) -> list[str]:
    """What is wrong with READABILITY, in words (empty: nothing)."""
    if not isinstance(readability, dict):
        return [f"READABILITY is {type(readability).__name__}, not a dict of languages."]
    found = []
    for lang, entry in readability.items():
        where = f"READABILITY[{lang!r}]"
        if lang not in languages:
            found.append(f"READABILITY has {lang!r}, which is not a language of LANGUAGES ({', '.join(languages)}).")
            continue
        if not isinstance(entry, dict):
            found.append(f"{where} is {type(entry).__name__}, not a dict.")
            continue
        unknown = sorted(set(entry) - {"measure", "target", "better"})
        if unknown:
            found.append(f"{where} has {', '.join(map(repr, unknown))}: it takes only 'measure', 'target' and 'better'.")
        measure, target, better = entry.get("measure"), entry.get("target"), entry.get("better")
        if measure not in MEASURES:
            found.append(f"{where}['measure'] is {measure!r}; it must be one of {', '.join(MEASURES)}.")
        if isinstance(target, bool) or not isinstance(target, (int, float)):
            found.append(f"{where}['target'] is {target!r}; it must be a number.")
        if better not in ("lower", "higher"):
            found.append(f"{where}['better'] is {better!r}; it must be 'lower' or 'higher'.")
        elif measure in MEASURES and better != EASIER[measure]:
            found.append(
                f"{where}['better'] is {better!r}, but a {EASIER[measure]} {LABELS[measure]} is easier to read: "
                f"it must be {EASIER[measure]!r}."
            )
        if measure in MEASURES and not _hyphenation(lang):
            found.append(f"{where}: textstat has no hyphenation dictionary for {lang!r}, so its syllables cannot be counted.")
    return found


def _hyphenation(lang: str) -> bool:
    from pyphen import language_fallback  # noqa: PLC0415

    from .measure import locale

    return language_fallback(locale(lang)) is not None


def long_sentence_problems(value) -> list[str]:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return [f"LONG_SENTENCE_WORDS is {value!r}; it must be a whole number of words, 1 or more."]
    return []


def targets(settings) -> dict:
    """Language -> Target, for each well-formed entry of READABILITY (one
    that is not was reported as the build started; its language is then
    not measured, and the build stops before anything is written)."""
    readability = settings.get("READABILITY")
    if not isinstance(readability, dict):
        return {}
    found = {}
    for lang, entry in readability.items():
        if readability_problems({lang: entry}, settings["LANGUAGES"]):
            continue
        found[lang] = Target(entry["measure"], entry["target"], entry["better"])
    return found


def long_sentence_words(settings) -> int:
    value = settings.get("LONG_SENTENCE_WORDS", 20)
    return value if not long_sentence_problems(value) else 20
