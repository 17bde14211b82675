"""Content problems apart from bugs, by the exception's type and where it was
raised, never by what the stack's frames hold (sitebuild/log_report.py,
sitebuild/content_error.py)."""

import logging
import sys

import pytest
from pelican.settings import read_settings
from pelican.utils import get_date

from conftest import ROOT
from procedure_site.markdown_reader.reader import ReusedMarkdownReader
from sitebuild.content_error import ContentError
from sitebuild.log_report import classify
from sitebuild.output_files import content_type

PAGE = "Title: Knee\nSummary: A knee operation.\n{header}\nThe lead.\n"


def record_of(exc_info, name="knee.md"):
    return logging.LogRecord("pelican.generators", logging.ERROR, __file__, 1, "Could not process %s", (name,), exc_info)


def raised(function, *args):
    try:
        function(*args)
    except Exception:  # noqa: BLE001 (the test wants whatever it raised)
        return sys.exc_info()
    raise AssertionError("nothing was raised")


@pytest.fixture(scope="module")
def reader():
    return ReusedMarkdownReader(read_settings(str(ROOT / "pelicanconf.py")))


def test_a_date_pelican_cannot_read_is_the_author_s_at_its_line_and_the_rest_of_the_header_is_read(reader, tmp_path):
    from blinker import signal

    page = tmp_path / "knee.md"
    page.write_text(PAGE.format(header="Date: the fourth of July\n"), encoding="utf-8")
    said = []
    receiver = lambda path, **problem: said.append((path, problem["line"], problem["message"]))  # noqa: E731
    signal("content_problem").connect(receiver)
    try:
        _html, metadata = reader.read(str(page))
    finally:
        signal("content_problem").disconnect(receiver)
    assert said == [(str(page), 3, "the 'Date:' line cannot be read: 'the fourth of July' is not a valid date.")]
    assert metadata["title"] == "Knee" and "date" not in metadata


def test_a_header_pelican_cannot_read_with_no_one_line_to_blame_is_its_error_with_the_fix(reader, monkeypatch, tmp_path):
    page = tmp_path / "knee.md"
    page.write_text(PAGE.format(header=""), encoding="utf-8")
    real = ReusedMarkdownReader._parse_metadata
    monkeypatch.setattr(ReusedMarkdownReader, "_parse_metadata",
                        lambda self, meta: real(self, meta) if len(meta) == 1 else get_date("the fourth of July"))
    exc_info = raised(reader.read, str(page))
    assert isinstance(exc_info[1], ContentError)  # raised from the reader, this project's code
    (message,), bugs = classify([record_of(exc_info)])
    assert bugs == []
    assert message.startswith("error: Could not process knee.md: ") and "the fourth of July" in message
    assert "How to fix: check the lines at the top of the file; a date, for example, is written Date: 2026-11-24." in message


def test_a_file_that_is_not_utf8_is_the_author_s(reader, tmp_path):
    page = tmp_path / "knee.md"
    page.write_bytes(PAGE.format(header="").encode("utf-8") + "Caf\u00e9".encode("latin-1") + b"\n")
    exc_info = raised(reader.read, str(page))
    assert isinstance(exc_info[1], ContentError) and isinstance(exc_info[1].cause, UnicodeDecodeError)
    (message,), bugs = classify([record_of(exc_info)])
    assert bugs == [] and "can't decode byte 0xe9" in message


def test_an_error_raised_in_this_project_s_code_is_a_bug():
    exc_info = raised(content_type, None, {})
    messages, bugs = classify([record_of(exc_info)])
    assert messages == [] and [record.exc_info for record in bugs] == [exc_info]


def test_an_error_raised_only_in_pelican_is_the_author_s():
    exc_info = raised(get_date, "the fourth of July")
    (message,), bugs = classify([record_of(exc_info)])
    assert bugs == [] and "a date, for example" in message


def test_markdown_failing_inside_the_reader_is_a_bug_not_the_author_s(reader, tmp_path, monkeypatch):
    """Only what the reader raises as a ContentError is the author's: an
    error in Markdown or this project's extensions gets its traceback."""
    page = tmp_path / "knee.md"
    page.write_text(PAGE.format(header=""), encoding="utf-8")
    markdown = reader._markdown()
    monkeypatch.setattr(markdown, "convert", lambda text: [][0])
    exc_info = raised(reader.read, str(page))
    assert isinstance(exc_info[1], IndexError)
    messages, bugs = classify([record_of(exc_info)])
    assert messages == [] and len(bugs) == 1


def test_nothing_reads_a_frame_s_local_variables():
    """The classification reads types and file names, never a frame's locals."""
    for folder in ("sitebuild", "plugins"):
        for path in (ROOT / folder).rglob("*.py"):
            assert "f_locals" not in path.read_text(encoding="utf-8"), path


def problem_record(path, covers=()):
    record = logging.LogRecord("procedure_site", logging.ERROR, __file__, 1, "%s:8: a problem of the page.", (path,), None)
    record.content_path, record.content_covers = path, covers
    return record


def pelican_said(message):
    return logging.LogRecord("pelican.generators", logging.WARNING, __file__, 1, message, (), None)


def test_pelican_s_echo_of_a_page_s_problem_is_dropped_but_not_its_error_about_a_translation_of_the_same_name():
    """A problem of procedures/vertebroplasty.md hid Pelican's error about
    procedures/es/vertebroplasty.md (its translation, by the same file
    name): 'all problems in one run' lost the Spanish page's."""
    english = "/site/content/procedures/vertebroplasty.md"
    messages, bugs = classify([
        problem_record(english, covers=("spine.png",)),
        pelican_said("Could not process procedures/es/vertebroplasty.md: '2026-13-45' is not a valid date"),
        pelican_said("Skipping procedures/vertebroplasty.md: could not find information about 'date'"),
        pelican_said(f"Could not process {english}"),
        pelican_said("Unable to find `/images/spine.png`, skipping url replacement."),
    ])
    assert bugs == []
    assert messages == [
        f"{english}:8: a problem of the page.",
        "warning: Could not process procedures/es/vertebroplasty.md: '2026-13-45' is not a valid date",
    ]
