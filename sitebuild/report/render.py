"""Writes the content report's rows as one self-contained HTML file (a Jinja
template with autoescaping, templates/content-report.html) and as CSV for a
spreadsheet, each replaced atomically: written beside its final name, then
renamed over it, so a reader never sees half a report."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .plain import plain_summary
from .rows import BUILT, DRAFT, DUE_SOON, DUE_TODAY, MISSING, ORDERS, OVERDUE, chart_of, chart_scale, ordered

TEMPLATES = Path(__file__).resolve().parent / "templates"
HTML_NAME, CSV_NAME = "content-report.html", "content-report.csv"


def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def summary_of(rows, target) -> dict:
    built = [row for row in rows if row.status != "draft"]
    return {
        "pages": len(rows),
        "translations": sum(
            1 for row in rows for code, version in row.versions.items() if code != row.lang and version == BUILT
        ),
        "published": sum(1 for row in rows if row.status == "published"),
        "hidden": sum(1 for row in rows if row.status == "hidden"),
        "drafts": len(rows) - len(built),
        "overdue": sum(1 for row in rows if row.review_state == OVERDUE),
        "due_soon": sum(1 for row in rows if row.review_state in (DUE_SOON, DUE_TODAY)),
        "above_target": sum(1 for row in rows if target is not None and row.grade is not None and row.grade > target),
        "without_alt": sum(row.images_without_alt or 0 for row in rows),
        "pages_without_alt": sum(1 for row in rows if row.images_without_alt),
        "rows_without_alt": [row for row in rows if row.images_without_alt],
        "untranslated": sum(1 for row in rows if row.untranslated),
    }


def row_anchors(rows) -> dict:
    """An id for each page's row in the first table, by its file: its slug,
    numbered when two rows share one (drafts may)."""
    anchors, taken = {}, set()
    for row in rows:
        anchor, n = f"page-{row.slug or 'untitled'}", 2
        while anchor in taken:
            anchor, n = f"page-{row.slug or 'untitled'}-{n}", n + 1
        taken.add(anchor)
        anchors[row.file] = anchor
    return anchors


def grade_target(settings):
    """The Flesch-Kincaid target of the default language (READABILITY), which
    the grade columns and charts show; None when it is measured otherwise."""
    entry = (settings.get("READABILITY") or {}).get(settings["DEFAULT_LANG"]) or {}
    return entry.get("target") if entry.get("measure") == "flesch_kincaid_grade" else None


def render_html(rows, settings, as_of: date, content_folder: str) -> str:
    target = grade_target(settings)
    measured = [row for row in rows if row.measured] if target is not None else []
    scale = chart_scale(measured, target or 0)
    return environment().get_template("content-report.html").render(
        rows=rows,
        orders=[(order, ordered(rows, order)) for order in ORDERS],
        sortable_by={order.column: order for order in ORDERS},
        charts=[(row, chart_of(row, target, scale)) for row in measured],
        scale=scale,
        target=target,
        warning_days=settings["REVIEW_WARNING_DAYS"],
        as_of=as_of,
        site=settings.get("SITENAME") or "",
        content_folder=content_folder,
        summary=summary_of(rows, target),
        plain=plain_summary(rows),
        long_sentence_words=settings.get("LONG_SENTENCE_WORDS"),
        anchors=row_anchors(rows),
        section_ids=section_ids(settings, rows),
        states={"overdue": OVERDUE, "soon": (DUE_SOON, DUE_TODAY)},
        languages=dict(settings["LANGUAGES"]),
        default_lang=settings["DEFAULT_LANG"],
        version_words=VERSION_WORDS,
        codes=codes_summary(rows),
    )


def codes_summary(rows) -> dict:
    """The procedure codes section: each built page's codes, and the
    published pages with none (a record system cannot find them by code)."""
    built = [row for row in rows if row.status != "draft"]
    return {
        "with": [row for row in built if row.codes],
        "without": [row for row in built if row.status == "published" and not row.codes],
    }


def section_ids(settings, rows) -> list[str]:
    ids = [spec["id"] for spec in settings["PROCEDURE_SECTIONS"]]
    extra = [key for row in rows for key in row.sections if key not in ids]
    return ids + list(dict.fromkeys(extra))


# A page's version in a language, in the HTML's words.
VERSION_WORDS = {BUILT: "Yes", DRAFT: "Draft only", MISSING: "No"}


def csv_header(sections, languages=()) -> list[str]:
    return [
        "title", "slug", "file", "status", "department", "owner",
        "last_reviewed", "next_due", "days_until_due", "review_state",
        "words", "grade", "smog",
        *(f"grade_{key}" for key in sections),
        "sections_above_target",
        "sentences", "sentences_to_reader", "long_sentences", "plain_words", "steps_not_listed",
        "links", "links_outside", "images", "images_without_alt", "images_decorative",
        "languages", *(f"lang_{code}" for code in languages), "untranslated",
    ]  # fmt: skip


def cell(value):
    """A CSV cell: dates in ISO form, numbers as plain numbers, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return value


def render_csv(rows, settings) -> str:
    sections = section_ids(settings, rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    languages = list(settings["LANGUAGES"])
    writer.writerow(csv_header(sections, languages))
    for row in rows:
        writer.writerow(
            [
                cell(value)
                for value in (
                    row.title, row.slug, row.file, row.status, row.department, row.owner,
                    row.reviewed, row.due, row.days_until_due, row.review_state,
                    row.words, row.grade, row.smog,
                    *(row.sections.get(key) for key in sections),
                    " ".join(row.above_target) if row.measured else None,
                    *plain_cells(row),
                    row.links, row.links_outside, row.images, row.images_without_alt, row.images_decorative,
                    " ".join(row.languages),
                    *(row.versions.get(code, MISSING) for code in languages),
                    "yes" if row.untranslated else "no",
                )
            ]
        )  # fmt: skip
    return out.getvalue()


def plain_cells(row) -> tuple:
    """The plain-language counts of the row's own page (its translations have
    theirs in the HTML report), or nothing for a page not built."""
    own = next((plain for plain in row.plain if plain.lang == row.lang), None)
    if own is None:
        return (None,) * 5
    return own.sentences, own.to_reader, own.long_sentences, own.matches, own.unlisted_steps


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to a temporary file beside ``path``, then rename
    it over ``path``: the old file stays whole until the new one is complete."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)  # mkstemp makes it private; a report is shared
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def write_report(rows, settings, folder, as_of: date, content_folder: str) -> tuple[Path, Path]:
    """Render both files first, so a failure writes neither; then replace each."""
    html = render_html(rows, settings, as_of, content_folder)
    table = render_csv(rows, settings)
    folder = Path(folder)
    write_atomically(folder / HTML_NAME, html)
    write_atomically(folder / CSV_NAME, table)
    return folder / HTML_NAME, folder / CSV_NAME
