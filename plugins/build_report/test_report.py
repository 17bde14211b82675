from build_report.report import Problem, line_containing


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
