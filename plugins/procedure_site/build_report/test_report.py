import unicodedata

import pytest

from procedure_site.build_report import report
from procedure_site.build_report.report import AsWritten, Problem, line_containing, summary_line


def test_problem_names_file_line_and_fix():
    problem = Problem("content/procedures/x.md", "the section 'Why' is empty.", "write its text.", 12)
    assert problem.render() == "content/procedures/x.md:12: the section 'Why' is empty.\n    How to fix: write its text."


def test_problem_without_line_or_fix():
    assert Problem("kioskconf.py", "bad.").render() == "kioskconf.py: bad."


def test_line_containing_ignores_case_and_survives_unreadable_files(tmp_path):
    page = tmp_path / "x.md"
    page.write_text("Title: X\n\n<SCRIPT>x</SCRIPT>\n", encoding="utf-8")
    assert line_containing(page, "<script") == 3
    assert line_containing(page, "absent") is None
    (tmp_path / "bad.md").write_bytes(b"\xff\xfe")
    assert line_containing(tmp_path / "bad.md", "x") is None
    assert line_containing(tmp_path / "missing.md", "x") is None


def test_line_containing_finds_a_text_quoted_as_written_at_its_own_line_and_any_other_ignoring_case(tmp_path):
    page = tmp_path / "x.md"
    page.write_text("Title: X\nDepartment: Radiology\n\nCall {phone}.\n\nAsk the department: or {Phone}.\n",
                    encoding="utf-8")
    assert line_containing(page, "department:") == 2  # a header's key, named in lowercase: the header line
    assert line_containing(page, AsWritten("{Phone}")) == 6  # quoted from the page: its own line
    assert line_containing(page, "{Phone}") == 4
    assert line_containing(page, AsWritten("{pHone}")) == 4  # not as written anywhere: the first, ignoring case
    assert line_containing(page, AsWritten("absent")) is None


def test_line_containing_counts_lines_in_the_folded_text_where_folding_changes_their_length(tmp_path):
    page = tmp_path / "x.md"
    page.write_text("Title: X\n\n" + "ß" * 40 + "\nshort\nline\n\nSTRASSE\n" + "x\n" * 30, encoding="utf-8")
    # casefold turns each ß into "ss": 40 more characters before the match
    assert line_containing(page, "straße") == 7
    assert line_containing(page, AsWritten("straße")) == 7


def test_line_containing_finds_text_in_a_page_saved_as_nfd(tmp_path):
    page = tmp_path / "x.es.md"
    page.write_text(unicodedata.normalize("NFD", "Title: X\n\n## Por qué se realiza\n"), encoding="utf-8")
    assert line_containing(page, "## Por qué se realiza") == 3
    assert line_containing(page, unicodedata.normalize("NFD", "por qué")) == 3


def test_content_stop_lists_the_problems_so_far_and_stops_the_build(caplog):
    report._collect("content/images/passwd.txt", "this is a link, not a file.", "delete the link.")
    with pytest.raises(report.ContentProblems) as stopped:
        report._stop_now(None)
    assert [problem.path for problem in stopped.value.problems] == ["content/images/passwd.txt"]
    assert [record.content_path for record in caplog.records] == ["content/images/passwd.txt"]
    report._stop_now(None)  # the list was emptied: nothing is carried into the next build


def test_line_containing_reads_a_file_once_for_all_its_problems(tmp_path, monkeypatch):
    import builtins

    page = tmp_path / "x.md"
    page.write_text("Title: X\n\n" + "".join(f"## Straße {number}\n" for number in range(3000)), encoding="utf-8")
    opened = []
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda *a, **k: (opened.append(a[0]), real_open(*a, **k))[1])
    assert [line_containing(page, f"STRASSE {number}\n".strip()) for number in (0, 2999, 10)] == [3, 3002, 13]
    assert line_containing(page, "straße 1\nx") is None
    assert line_containing(page, "") == 1
    assert opened.count(page) == 1


def test_tallied_notices_add_up_to_one_line_and_a_zero_is_left_out():
    def tallied(path, long_ones, harder):
        return Problem(path, "m").tallied((("page is harder", "pages are harder", harder), ("long one", "long ones", long_ones)))

    said = summary_line([tallied("a.md", 3, 1), Problem("b.md", "review overdue"), tallied("c.md", 1, 0)])
    assert said == "note: 1 page is harder, 4 long ones (make report for details)"
    assert summary_line([tallied("a.md", 0, 0), Problem("b.md", "review overdue")]) is None


def test_line_containing_looks_after_a_line_and_takes_the_first_of_its_texts_found(tmp_path):
    page = tmp_path / "x.md"
    page.write_text("Title: X\nKeywords: bone\n\n![Spine](bone)\n\nAgain ![Spine](bone)\n", encoding="utf-8")
    assert line_containing(page, "bone") == 2
    assert line_containing(page, "bone", after=2) == 4
    assert line_containing(page, "bone", after=6) is None
    assert line_containing(page, "bone", after=99) is None
    assert line_containing(page, report.address_needles("bone")) == 4  # as Markdown writes an address, not the header's word
    assert line_containing(page, report.address_needles("bone"), after=4) == 6
    assert line_containing(page, (AsWritten("absent"), "keywords")) == 2


def test_a_problem_found_again_is_named_at_the_next_line_holding_its_text(tmp_path):
    page = tmp_path / "x.md"
    page.write_text("Title: X\n\n<iframe>\n\ntext\n\n<IFRAME>\n", encoding="utf-8")
    twice = [report.problem(page, "<iframe> is not allowed.", "remove it.", find="<iframe") for _ in range(3)]
    other = report.problem(page, "another mistake.", "fix it.", find="<iframe")
    assert [found.line for found in twice] == [3, 3, 3]
    assert [found.line for found in report.spread([*twice, other])] == [3, 7, 7, 3]  # a third has no later line: it keeps its last
    placed = [report.problem(page, "m.", "f.", line=7, find="<iframe"), report.problem(page, "m.", "f.", line=3, find="<iframe")]
    assert [found.line for found in report.spread(placed)] == [7, 7]  # a line given is kept unless it is at or before the last
    unfound = [report.problem(page, "m.", "f.", find="absent") for _ in range(2)]
    assert [found.line for found in report.spread(unfound)] == [None, None]
    assert report.spread(twice)[1] == Problem(str(page), "<iframe> is not allowed.", "remove it.", 7)  # what it was found by is not compared


def test_a_problem_found_many_times_reads_the_page_a_few_times_not_once_each(tmp_path, monkeypatch):
    """Made and spread, a thousand repeats of one problem (a link to a place
    that is not there, in a thousand paragraphs) search the page a few
    times, not a thousand (each search reads the rest of the page)."""
    page = tmp_path / "x.md"
    page.write_text("Title: X\n\n" + '<a href="#nowhere">see</a>\n\ntext\n\n' * 1000, encoding="utf-8")
    searched = []
    real = report._FoldedLines.line_of
    monkeypatch.setattr(report._FoldedLines, "line_of", lambda self, *a, **k: (searched.append(a), real(self, *a, **k))[1])
    needles = (AsWritten("(#nowhere)"), AsWritten('"#nowhere"'), report.Loose("#nowhere"))
    repeats = report.spread([report.problem(page, "m.", "f.", find=needles) for _ in range(1000)])
    assert [found.line for found in repeats] == [3 + 4 * number for number in range(1000)]
    # From the top, '(#nowhere)' (in no line: the whole page) then '"#nowhere"'; for the repeats,
    # '(#nowhere)' once more (spent), then from each line to the next by '"#nowhere"'. Each
    # problem looking again, by each text, read the whole page about three thousand times.
    assert len(searched) <= 1003
    spent = report.spread([report.problem(page, "n.", "f.", find="title: x") for _ in range(1000)])
    assert {found.line for found in spent} == {1} and len(searched) <= 1003 + 2


def test_a_repeat_is_found_by_the_text_that_found_the_first_not_a_looser_one(tmp_path):
    """The same link twice on one line is one place: not also a later '{#wound-care}' that holds '#wound'."""
    page = tmp_path / "x.md"
    page.write_text("Title: X\n\nRead [it](#wound) and again [it](#wound).\n\n### Care {#wound-care}\n", encoding="utf-8")
    needles = (AsWritten("(#wound)"), AsWritten('"#wound"'), report.Loose("#wound"))
    assert [found.line for found in report.spread([report.problem(page, "m.", "f.", find=needles)] * 2)] == [3, 3]
