"""Measures each procedure page for plain language, in its own language, as a
notice: never a refusal, since the approved wording is the hospital's.

Once the page's procedure is known (page_model/pipeline.py, before any
rewrite, so the phone number is not yet in the text) the page gets
``page.facts.reading``: for the page and each section, by id,

- its reading ease by the measure READABILITY names for the page's language
  (readability.py; measure.py), with the measures taken beside it; a
  language with no entry is not measured;
- its findings (``Findings``): the sentences of more than LONG_SENTENCE_WORDS
  words, quoted; each word or phrase of the language's plain-words list
  (plain_words.py) with its plainer alternative; how many sentences speak to
  the reader; for a section of steps (``"steps": True`` in
  PROCEDURE_SECTIONS), whether they are a list.

The details are the content report's (``make report``), and only the report
keeps them: a build keeps each section's counts, and the quoted sentences
and the matches only when a tool reads the pages after the build
(PAGE_MODEL_KEPT, which sitebuild/collect.py sets for the report). Every
page is held until the build ends, and the quotes and matches of a
thousand-page catalog are about 15 MB; the counts are a hundredth of that.
What the build says
is one line for the whole build: each page's notice carries its counts as a
tally, and build_report adds them up (a tallied notice is not printed on its
own). The notices are kept with the page in the page cache, so a warm build
prints the line a cold one does.
"""

from dataclasses import dataclass, field

from pelican import signals

from procedure_site.build_report.report import problem, report
from sitebuild.plugin_guard import in_this_build

from .measure import Scores, scores
from .plain_text import blocks, counted_words, has_list, sentences, word_count
from .plain_words import list_problems, plain_words
from .readability import LABELS, Target, long_sentence_problems, long_sentence_words, readability_problems, targets

# Words that speak to the reader, folded (plain_text.fold: no accents, lower
# case). English: "you" and its forms ("you'll" is "you" and "ll"). Spanish:
# the formal "usted" and its possessive "su"/"sus", which patient pages use,
# and the familiar "tú" forms; not "le"/"les" or "se", which as often mean
# someone else ("le explica al médico"). "su" can mean "his" or "her" too, so
# the Spanish share reads a little high. A language not here has no share.
READER_WORDS = {
    "en": frozenset(("you", "your", "yours", "yourself", "yourselves")),
    "es": frozenset(("usted", "ustedes", "su", "sus", "suyo", "suya", "suyos", "suyas", "tu", "tus", "te", "ti", "contigo")),
}
# A long sentence is quoted up to this many characters, then "…": enough to
# find it in the page.
QUOTE_CHARACTERS = 300

# The build's summary line, in this order: (one, several) of each count.
TALLY = (
    ("page is harder to read than its target", "pages are harder to read than their target"),
    ("page is not measured (READABILITY has no entry for its language)",
     "pages are not measured (READABILITY has no entry for their language)"),
    ("long sentence", "long sentences"),
    ("word or phrase with a plainer alternative", "words or phrases with a plainer alternative"),
    ("section of steps not written as a list", "sections of steps not written as a list"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class LongSentence:
    words: int
    text: str  # quoted, cut at QUOTE_CHARACTERS


@dataclass(frozen=True, slots=True)
class Findings:
    """One section's plain-language findings."""

    sentences: int
    to_reader: int | None  # sentences that speak to the reader (None: no words for the language)
    long_count: int = 0  # sentences of more than LONG_SENTENCE_WORDS words
    match_count: int = 0  # words and phrases of the plain-words list found
    steps_listed: bool | None = None  # None: not a section of steps
    # What they are, for the content report (see the module's doc): empty
    # unless the pages are read after the build.
    long_sentences: tuple = ()  # LongSentence
    plain_words: tuple = ()  # plain_words.Match


@dataclass
class Reading:
    page: Scores
    sections: dict = field(default_factory=dict)  # section id -> Scores
    target: Target | None = None  # None: the page's language is not measured
    lang: str = "en"
    findings: dict = field(default_factory=dict)  # section id -> Findings

    @property
    def measured(self) -> bool:
        return self.target is not None

    @property
    def figure(self) -> float | None:
        """The page's figure by its language's measure."""
        return self.page.figure(self.target.measure) if self.target else None

    @property
    def harder(self) -> bool:
        """The page is harder to read than its target."""
        return bool(self.target and self.target.harder(self.figure))

    @property
    def above_target(self) -> dict:
        """The sections harder to read than the target, by id."""
        if not self.target:
            return {}
        return {key: value for key, value in self.sections.items() if self.target.harder(value.figure(self.target.measure))}

    def tally(self) -> tuple:
        found = list(self.findings.values())
        counts = (
            int(self.harder),
            int(not self.measured),
            sum(f.long_count for f in found),
            sum(f.match_count for f in found),
            sum(1 for f in found if f.steps_listed is False),
        )
        return tuple((one, several, count) for (one, several), count in zip(TALLY, counts))


def findings_of(part, lang, listed, limit, steps, details=False) -> Findings:
    """``part``'s findings (a Section: its nodes in the page's one tree);
    the sentences and matches themselves with ``details``."""
    reader = READER_WORDS.get(lang)
    said = [sentence for block in blocks(part.nodes) for sentence in sentences(block, lang)]
    long_ones, matches, to_reader = [], [], 0
    for sentence in said:
        found, count = counted_words(sentence)
        if count > limit:
            quoted = sentence if len(sentence) <= QUOTE_CHARACTERS else sentence[:QUOTE_CHARACTERS].rstrip() + "…"
            long_ones.append(LongSentence(count, quoted))
        if listed is not None:
            matches += listed.matches(sentence, found)
        if reader is not None and any(word in reader for word, _start, _end in found):
            to_reader += 1
    return Findings(
        sentences=len(said),
        to_reader=to_reader if reader is not None else None,
        long_count=len(long_ones),
        match_count=len(matches),
        steps_listed=has_list(part.nodes) if steps else None,
        long_sentences=tuple(long_ones) if details else (),
        plain_words=tuple(matches) if details else (),
    )


def page_reading(content, procedure) -> tuple:
    """(the page's Reading, its notices as data): page_model/pipeline.py
    keeps the one in the page's facts (``page.facts.reading``) and reports the other."""
    settings = content.settings
    lang = getattr(content, "lang", None) or settings["DEFAULT_LANG"]
    target = targets(settings).get(lang)
    parts = [procedure.lead, *procedure.sections]
    texts = {part.id: part.prose for part in parts}
    if target is not None:
        measure = lambda text: scores(text, lang, target.measures)  # noqa: E731
    else:
        measure = lambda text: Scores(word_count(text))  # noqa: E731
    steps = {spec["id"] for spec in settings["PROCEDURE_SECTIONS"] if spec.get("steps") is True}
    listed, limit = plain_words(settings, lang), long_sentence_words(settings)
    details = bool(settings.get("PAGE_MODEL_KEPT"))
    reading = Reading(
        page=measure(" ".join(texts.values())),
        sections={key: measure(text) for key, text in texts.items()},
        target=target,
        lang=lang,
        findings={part.id: findings_of(part, lang, listed, limit, part.id in steps, details) for part in parts},
    )
    tally = reading.tally()
    if not any(count for _one, _several, count in tally):
        return reading, []
    said = "; ".join(f"{count} {one if count == 1 else several}" for one, several, count in tally if count)
    if target is not None:
        said = f"{LABELS[target.measure]} {reading.figure:.1f} (target {target.target}, {target.better} is easier); " + said
    notice = problem(content.source_path, f"plain language: {said}.", "make report shows where.")
    return reading, [notice.tallied(tally)]


def check_settings(pelican):
    """As the build starts: READABILITY, LONG_SENTENCE_WORDS, each section's
    ``steps`` and each plain-words list, every mistake at once."""
    if not in_this_build(pelican, __package__):
        return
    settings = pelican.settings
    fix = "see the comment above {} in pelicanconf.py."
    found = [problem("pelicanconf.py", message, fix.format("READABILITY"))
             for message in readability_problems(settings.get("READABILITY"), settings["LANGUAGES"])]  # fmt: skip
    found += [problem("pelicanconf.py", message, fix.format("LONG_SENTENCE_WORDS"))
              for message in long_sentence_problems(settings.get("LONG_SENTENCE_WORDS"))]  # fmt: skip
    for spec in settings["PROCEDURE_SECTIONS"]:
        if "steps" in spec and not isinstance(spec["steps"], bool):
            found.append(problem("pelicanconf.py", f"PROCEDURE_SECTIONS: the section '{spec['id']}' has "
                                 f"'steps': {spec['steps']!r}; it must be True or False.", fix.format("PROCEDURE_SECTIONS")))  # fmt: skip
    found += [problem(str(path), message, fix, line=line) for path, line, message, fix in list_problems(settings)]
    report(found)


def register():
    """page_model/pipeline.py calls page_reading; the settings are checked here."""
    signals.get_generators.connect(check_settings)
