from procedure_model.outline import metadata_line, normalise, source_heading_lines, split_sections


def test_split_sections_cuts_at_level_one_and_two_headings_only():
    html = '<p>Lead</p>\n<h2 id="why">Why</h2>\n<p>A</p>\n<h3>Sub</h3>\n<p>B</p>\n<h2>Next</h2>\n<p>C</p>'
    lead, parts = split_sections(html)
    assert lead == "<p>Lead</p>\n"
    assert [(h.text, h.explicit_id) for h, _ in parts] == [("Why", "why"), ("Next", None)]
    assert "<h3>Sub</h3>" in parts[0][1] and parts[1][1].strip() == "<p>C</p>"


def test_source_heading_lines_skip_code_fences_and_read_setext():
    source = "Title: X\n\nLead\n\n## One\n\n```\n## not a heading\n```\n\nTwo\n---\n\n### Three\n"
    assert source_heading_lines(source) == [(2, 5), (2, 11), (3, 14)]


def test_normalise_ignores_case_and_spacing():
    assert normalise("  Why  Vertebroplasty\nis Performed ") == normalise("why vertebroplasty is performed")


def test_metadata_line_stops_at_the_first_blank_line():
    assert metadata_line("Title: X\nSummary: Y\n\nPhone: 1", "summary") == 2
    assert metadata_line("Title: X\nSummary: Y\n\nPhone: 1", "phone") is None
