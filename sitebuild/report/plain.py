"""The content report's plain-language part: for every built page, each
language's version included, what the build found (``page.facts.reading``,
procedure_site/reading_level): the reading ease by its language's measure,
with its band; per section, the long sentences, each word of the
plain-words list with its plainer alternative, and the share of sentences
that speak to the reader.

Pure functions of the pages, as rows.py; the template is
templates/plain-language.html. The counts of ``plain_summary`` are the ones
the build's summary line gives ("note: 3 pages are harder to read than their
target, 41 long sentences ... (make report for details)").
"""

from __future__ import annotations

from dataclasses import dataclass



def _readability():
    """The build's own names, directions and bands of the measures
    (procedure_site/reading_level/readability.py): imported when a report is
    made, once the build has put the plugins where Python finds them."""
    from procedure_site.reading_level import readability  # noqa: PLC0415

    return readability


@dataclass(frozen=True)
class Band:
    word: str  # in the scale's language (Spanish)
    english: str


def band_of(measure, value) -> Band | None:
    readability = _readability()
    word = readability.band(measure, value)
    return Band(word, readability.INFLESZ_ENGLISH.get(word, word)) if word else None


@dataclass(frozen=True)
class Figure:
    """One text's reading ease by its language's measure."""

    value: float | None
    band: Band | None
    harder: bool  # harder to read than the target
    beside: float | None  # the measure taken beside it (SMOG, Fernández Huerta)


@dataclass(frozen=True)
class Suggestion:
    written: str  # as the page first writes it
    plainer: str
    count: int


@dataclass(frozen=True)
class PlainSection:
    id: str
    title: str
    figure: Figure | None
    sentences: int
    to_reader: int | None
    long_sentences: tuple  # reading_level's LongSentence (words, text)
    suggestions: tuple  # Suggestion
    steps_listed: bool | None  # None: not a section of steps
    long_count: int  # as the build counted them (its summary line)
    matches: int


@dataclass(frozen=True)
class PlainPage:
    title: str
    slug: str
    lang: str
    file: str
    measure: str | None  # None: the language has no READABILITY entry
    target: float | None
    better: str | None
    figure: Figure | None
    sections: tuple  # PlainSection

    @property
    def anchor(self) -> str:
        return f"plain-{self.slug}-{self.lang}"

    @property
    def measured(self) -> bool:
        return self.measure is not None

    @property
    def label(self) -> str:
        return _readability().LABELS.get(self.measure, self.measure or "")

    @property
    def beside_label(self) -> str:
        readability = _readability()
        return readability.LABELS[readability.BESIDE[self.measure][0]] if self.measured else ""

    @property
    def sentences(self) -> int:
        return sum(s.sentences for s in self.sections)

    @property
    def to_reader(self) -> int | None:
        counts = [s.to_reader for s in self.sections]
        return None if any(c is None for c in counts) else sum(counts)

    @property
    def long_sentences(self) -> int:
        return sum(s.long_count for s in self.sections)

    @property
    def matches(self) -> int:
        return sum(s.matches for s in self.sections)

    @property
    def unlisted_steps(self) -> int:
        return sum(1 for s in self.sections if s.steps_listed is False)


def figure_of(scores, target) -> Figure | None:
    if target is None:
        return None
    value = scores.figure(target.measure)
    beside = target.measures[1] if len(target.measures) > 1 else None
    return Figure(value, band_of(target.measure, value), target.harder(value), scores.figure(beside) if beside else None)


def suggestions_of(matches) -> tuple:
    """Each entry once, as the page first writes it, with how many times."""
    found = {}
    for match in matches:
        key = (match.phrase.casefold(), match.plainer)
        written, count = found.get(key, (match.written, 0))
        found[key] = (written, count + 1)
    return tuple(Suggestion(written, plainer, count) for (_phrase, plainer), (written, count) in found.items())


def plain_page(page, file) -> PlainPage | None:
    """A built page's plain-language part (None: the build did not measure it)."""
    facts = getattr(page, "facts", None)
    reading, procedure = (facts.reading, facts.procedure) if facts is not None else (None, None)
    if reading is None or procedure is None or not hasattr(reading, "findings"):
        return None
    target = reading.target
    titles = {part.id: part.title or part.id for part in (procedure.lead, *procedure.sections)}
    sections = tuple(
        PlainSection(
            id=key,
            title=titles.get(key, key),
            figure=figure_of(reading.sections[key], target) if key in reading.sections else None,
            sentences=found.sentences,
            to_reader=found.to_reader,
            long_sentences=found.long_sentences,
            suggestions=suggestions_of(found.plain_words),
            steps_listed=found.steps_listed,
            long_count=found.long_count,
            matches=found.match_count,
        )
        for key, found in reading.findings.items()
    )
    return PlainPage(
        title=str(getattr(page, "title", "") or page.slug),
        slug=str(page.slug),
        lang=reading.lang,
        file=file,
        measure=target.measure if target else None,
        target=target.target if target else None,
        better=target.better if target else None,
        figure=figure_of(reading.page, target),
        sections=sections,
    )


def plain_summary(rows) -> dict:
    """What the report lists, counted as the build's summary line counts it."""
    pages = [plain for row in rows for plain in row.plain]
    return {
        "pages": len(pages),
        "harder": sum(1 for p in pages if p.figure is not None and p.figure.harder),
        "not_measured": sum(1 for p in pages if not p.measured),
        "long_sentences": sum(p.long_sentences for p in pages),
        "matches": sum(p.matches for p in pages),
        "unlisted_steps": sum(p.unlisted_steps for p in pages),
    }
