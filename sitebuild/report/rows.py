"""One row of the content report per procedure page: pure functions over what
the build left on each page (its facts, ``page.facts``, and its
``page.page_model``) and, for a draft, over its metadata and its images.

Nothing here imports a plugin or writes a file; render.py turns the rows into
HTML and CSV.

Counting rules, in one place:

- links: every ``<a href>`` on the page as it is published, so the
  appointment phone link the build fills in counts; ``links_outside`` is how
  many of them go to another site (the page model's ``outside`` kind).
- images: every ``<img>``. One with no ``alt`` attribute at all is an image
  *without alt text* (a screen reader falls back to its file name). One with
  ``alt=""`` (or only spaces) is *decorative*: a deliberate choice that the
  image says nothing, counted apart and not as a fault. A published page
  with an image without alt text does not build (content_safety/images.py),
  so the ones the report finds are in drafts: a draft is not checked, but
  its images are counted, so an editor sees them before publishing it.
- languages: the page's own ``lang`` and the languages of its translations.
- versions: for each language of LANGUAGES, whether the page has a version
  in it: a page and its translations share a ``Slug:`` (Pelican's
  PAGE_TRANSLATION_ID), whatever their status. A version that is published
  or hidden is built (``BUILT``); one that is only a draft is ``DRAFT``. A
  page with no built version in any other language is *untranslated*.
  Translations are not rows of their own: one row per default-language page
  (a translation with no default-language page, which the build refuses
  unless it is a draft, keeps a row so it is not lost).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from datetime import date

from .plain import plain_page

OVERDUE, DUE_SOON, DUE_TODAY, IN_DATE = "overdue", "due soon", "due today", "in date"
BUILT, DRAFT, MISSING = "yes", "draft", "no"  # a page's version in a language


@dataclass
class Row:
    title: str
    slug: str
    file: str
    status: str
    department: str | None = None
    owner: str | None = None
    reviewed: date | str | None = None  # a date once the build has read it; a draft's as written
    due: date | None = None
    days_until_due: int | None = None
    review_state: str | None = None
    words: int | None = None
    grade: float | None = None
    smog: float | None = None
    sections: dict = field(default_factory=dict)  # section id -> grade, in the settings' order
    section_titles: dict = field(default_factory=dict)  # section id -> its heading on the page
    above_target: tuple = ()  # section ids above the Flesch-Kincaid target (READABILITY)
    links: int | None = None
    links_outside: int | None = None
    images: int | None = None
    images_without_alt: int | None = None
    images_decorative: int | None = None
    languages: tuple = ()
    versions: dict = field(default_factory=dict)  # language code -> BUILT, DRAFT or MISSING, in LANGUAGES order
    lang: str | None = None  # the page's own language
    codes: tuple = ()  # its Codes:, as people read them ("CPT 22510"); a draft's are not checked, so none
    plain: tuple = ()  # plain.PlainPage of the page and of each of its built translations

    @property
    def measured(self) -> bool:
        return self.grade is not None

    @property
    def untranslated(self) -> bool:
        """The site has other languages and no built version of the page is in one."""
        others = [value for code, value in self.versions.items() if code != self.lang]
        return bool(others) and BUILT not in others

    @property
    def anchor(self) -> str:
        """The id of the page's chart in the HTML report (slugs of built pages are unique)."""
        return f"chart-{self.slug}"

    @property
    def review_words(self) -> str:
        """The review state in words, so nothing depends on colour."""
        days = self.days_until_due
        if days is None:
            return "—"
        if days < 0:
            return f"Overdue by {plural(-days, 'day')}"
        if days == 0:
            return "Due today"
        return f"Due in {plural(days, 'day')}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def review_state(days: int, warning_days: int) -> str:
    if days < 0:
        return OVERDUE
    if days == 0:
        return DUE_TODAY
    return DUE_SOON if days <= warning_days else IN_DATE


def display_path(source_path: str, content_folder: str) -> str:
    """The file as the web team finds it: from the content folder's parent
    (``content/procedures/x.md``)."""
    return os.path.relpath(os.path.abspath(source_path), os.path.dirname(os.path.abspath(content_folder)))


def text_or_none(value) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def image_counts(model) -> tuple[int, int, int]:
    """(images, without an alt attribute, decorative: alt empty or blank)."""
    images = without = decorative = 0
    for element in model.elements():
        if element.name != "img":
            continue
        images += 1
        attrs = element.attrs or {}
        if "alt" not in attrs:
            without += 1
        elif not (attrs["alt"] or "").strip():
            decorative += 1
    return images, without, decorative


def link_counts(model) -> tuple[int, int]:
    """(links on the page as published, links to another site)."""
    links = sum(1 for e in model.elements() if e.name == "a" and (e.attrs or {}).get("href") is not None)
    outside = sum(1 for u in model.urls if u.element.name == "a" and u.attribute == "href" and u.kind == "outside")
    return links, outside


def languages_of(page) -> tuple:
    found = [page.lang, *(t.lang for t in getattr(page, "translations", None) or [])]
    return tuple(dict.fromkeys(lang for lang in found if lang))


def base_row(page, settings) -> Row:
    metadata = page.metadata
    return Row(
        title=str(getattr(page, "title", None) or metadata.get("title") or os.path.basename(page.source_path)),
        slug=str(getattr(page, "slug", None) or ""),
        file=display_path(page.source_path, settings["PATH"]),
        status=str(getattr(page, "status", None) or metadata.get("status") or "published"),
        department=text_or_none(metadata.get("department")),
        owner=text_or_none(metadata.get("owner")),
        languages=languages_of(page),
        lang=getattr(page, "lang", None) or settings["DEFAULT_LANG"],
    )


def page_row(page, settings) -> Row:
    """The row of a page the build parsed and measured (published or hidden)."""
    row = base_row(page, settings)
    from procedure_site.page_model.facts import PageFacts  # the build's own, as for a draft's parse below

    facts = getattr(page, "facts", None) or PageFacts(html="")
    review = facts.review
    if review is not None:
        row.owner = review.owner or row.owner
        row.reviewed, row.due = review.reviewed, review.due
        row.days_until_due = review.days_until_due()
        row.review_state = review_state(row.days_until_due, settings["REVIEW_WARNING_DAYS"])
    else:
        row.reviewed = text_or_none(page.metadata.get("reviewed"))
    reading = facts.reading
    # The grade columns and charts are Flesch-Kincaid's: filled when the
    # page's language is measured by it (READABILITY).
    if reading is not None and reading.page.grade is not None and reading.target.measure == "flesch_kincaid_grade":
        row.words, row.grade, row.smog = reading.page.words, round(reading.page.grade, 1), round(reading.page.smog, 1)
        order = [spec["id"] for spec in settings["PROCEDURE_SECTIONS"]]
        known = [key for key in order if key in reading.sections] + [k for k in reading.sections if k not in order]
        row.sections = {key: round(reading.sections[key].grade, 1) for key in known}
        row.above_target = tuple(key for key in known if key in reading.above_target)
    procedure = facts.procedure
    if procedure is not None:
        row.section_titles = {part.id: part.title for part in (procedure.lead, *procedure.sections) if part.title}
    row.codes = codes_of_row(page)
    model = getattr(page, "page_model", None)
    if model is not None:
        row.links, row.links_outside = link_counts(model)
        row.images, row.images_without_alt, row.images_decorative = image_counts(model)
    return row


def codes_of_row(page) -> tuple:
    """The page's own codes (in its facts)."""
    facts = getattr(page, "facts", None)
    return tuple(code.label for code in (facts.procedure_codes if facts is not None else ()))


def draft_row(page, settings) -> Row:
    """A draft is not checked or measured: what its metadata says, and its
    images, counted on one parse of its HTML (its images without alt text
    would stop it when it is published)."""
    row = base_row(page, settings)
    row.status = "draft"
    row.reviewed = text_or_none(page.metadata.get("reviewed"))
    from procedure_site.page_model.model import parse  # the build's own parse, as for a built page
    from procedure_site.page_model.urls import intrasite_pattern

    html = getattr(page, "_content", None) or ""  # as read: a draft is never rendered
    row.images, row.images_without_alt, row.images_decorative = image_counts(
        parse(html, intrasite_pattern(settings["INTRASITE_LINK_REGEX"]))
    )
    return row


def version_groups(pages, drafts, settings) -> list[list[tuple]]:
    """(page, is_draft) of each page and draft, grouped by what makes versions
    of one page (Pelican's PAGE_TRANSLATION_ID, the slug), in first-seen order."""
    key = settings.get("PAGE_TRANSLATION_ID") or "slug"
    groups = {}
    for page, is_draft in [*((page, False) for page in pages), *((page, True) for page in drafts)]:
        group = getattr(page, key, None) if isinstance(key, str) else None
        groups.setdefault(group if group else ("no-id", id(page)), []).append((page, is_draft))
    return list(groups.values())


def versions_of(group, settings) -> dict:
    """Language code -> BUILT, DRAFT or MISSING, for each language of LANGUAGES."""
    found = {}
    for page, is_draft in group:
        lang = getattr(page, "lang", None) or settings["DEFAULT_LANG"]
        if found.get(lang) != BUILT:
            found[lang] = DRAFT if is_draft else BUILT
    return {code: found.get(code, MISSING) for code in settings["LANGUAGES"]}


def plain_pages(group, settings) -> tuple:
    """The plain-language part of each built version of one page: its own
    language first, then the others in LANGUAGES order."""
    order = {code: index for index, code in enumerate(settings["LANGUAGES"])}
    built = [page for page, is_draft in group if not is_draft]
    built.sort(key=lambda page: (getattr(page, "lang", None) != settings["DEFAULT_LANG"], order.get(getattr(page, "lang", None), len(order))))
    found = (plain_page(page, display_path(page.source_path, settings["PATH"])) for page in built)
    return tuple(plain for plain in found if plain is not None)


def rows_of(pages, drafts, settings) -> list[Row]:
    """One row per default-language page, drafts included, in title order. A
    translation is not a row of its own: its language is a column of the page
    it translates."""
    default = settings["DEFAULT_LANG"]
    rows = []
    for group in version_groups(pages, drafts, settings):
        originals = [(p, d) for p, d in group if (getattr(p, "lang", None) or default) == default] or group
        plain = plain_pages(group, settings)
        for page, is_draft in originals:
            row = draft_row(page, settings) if is_draft else page_row(page, settings)
            row.versions = versions_of(group, settings)
            row.plain, plain = plain, ()  # one row shows a group's pages, so each is listed once
            rows.append(row)
    return sorted(rows, key=title_key)


# --- Orders --------------------------------------------------------------------


def title_key(row: Row):
    return (row.title.casefold(), row.slug, row.file)


def due_key(row: Row):
    """Soonest review first (overdue pages lead); pages with no date last."""
    return (row.due is None, row.due or date.max, *title_key(row))


def grade_key(row: Row):
    """Hardest to read first; unmeasured drafts last."""
    return (row.grade is None, -(row.grade or 0.0), *title_key(row))


def department_key(row: Row):
    return (row.department is None, (row.department or "").casefold(), *title_key(row))


@dataclass(frozen=True)
class Order:
    id: str  # the HTML section's id
    column: str  # the column whose heading links to this order
    label: str  # "by title"
    direction: str  # aria-sort: ascending or descending
    key: object


ORDERS = (
    Order("by-title", "title", "by title (A–Z)", "ascending", title_key),
    Order("by-due", "due", "by next review due (soonest first)", "ascending", due_key),
    Order("by-grade", "grade", "by reading grade (hardest first)", "descending", grade_key),
    Order("by-department", "department", "by department (A–Z)", "ascending", department_key),
)


def ordered(rows, order: Order) -> list[Row]:
    return sorted(rows, key=order.key)


# --- Chart geometry -------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    section: str
    title: str  # the section's heading, drawn above its bar
    grade: float
    above: bool
    y: float
    width: float
    value_x: float  # where its figure is drawn: after the bar, never across the target line


@dataclass(frozen=True)
class Chart:
    bars: tuple
    target_x: float
    width: int
    height: int
    label_width: int
    bar_top: int
    bar_height: int
    row_height: int


# Each section is a row: its heading on a line of its own, then its bar, so a
# long heading is never cut and never crosses the target line.
CHART_BAR_WIDTH, CHART_VALUE_WIDTH = 380, 100
CHART_TOP, CHART_ROW, CHART_LABEL, CHART_BAR = 24, 40, 18, 14
# The most a figure ("10.2 above", 13px) takes: one that would cross the
# target line is drawn after it instead.
CHART_VALUE_TEXT = 72


def chart_scale(rows, target) -> int:
    """One scale for every chart of a report, so bars compare across pages."""
    grades = [grade for row in rows for grade in row.sections.values()]
    return max(math.ceil(max(grades, default=0)), math.ceil(target) + 2, 1)


def chart_of(row: Row, target, scale) -> Chart:
    def x(grade):
        return round(CHART_BAR_WIDTH * min(max(grade, 0.0), scale) / scale, 1)

    target_x = x(target)

    def value_x(end):
        after = end + 6
        crosses = after <= target_x + 6 and after + CHART_VALUE_TEXT >= target_x - 2
        return target_x + 6 if crosses else after

    bars = tuple(
        Bar(key, row.section_titles.get(key, key), grade, key in row.above_target,
            CHART_TOP + index * CHART_ROW, x(grade), value_x(x(grade)))  # fmt: skip
        for index, (key, grade) in enumerate(row.sections.items())
    )
    return Chart(
        bars=bars,
        target_x=target_x,
        width=CHART_BAR_WIDTH + CHART_VALUE_WIDTH,
        height=CHART_TOP + len(bars) * CHART_ROW,
        label_width=0,
        bar_top=CHART_LABEL,
        bar_height=CHART_BAR,
        row_height=CHART_ROW,
    )
