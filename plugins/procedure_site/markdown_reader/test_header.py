from procedure_site.markdown_reader.header import HeaderProblem, read_header

KNOWN = {key.lower(): key for key in ("Title", "Slug", "Summary", "Status", "Phone", "Owner", "Review-Interval-Months")}
HEAD = "Title: Knee\nSlug: knee\nSummary: A knee.\n"


def lines(source):
    return [(found.line, found.message) for found in read_header(source, KNOWN).problems]


def test_a_clean_header_and_a_text_that_starts_without_a_blank_line_are_no_problem():
    assert read_header(HEAD + "\nText: with a colon, in the text.\n", KNOWN).problems == ()
    assert read_header(HEAD + "The text starts here, with no blank line.\nStill text.\n", KNOWN).problems == ()
    assert read_header("---\n" + HEAD + "---\nSlug: text now\n", KNOWN).problems == ()  # after the closing ---, text


def test_a_key_given_twice_is_named_at_its_second_line_by_its_documented_name():
    source = HEAD + "Review-interval-months: 6\nreview-interval-months: 3\n\nText.\n"
    assert lines(source) == [(5, "the 'Review-Interval-Months:' line is given more than once: line 4 says '6', "
                                 "line 5 says '3'.")]


def test_a_value_run_on_to_an_indented_line_is_named_at_that_line():
    [found] = read_header("Title: Knee\nPhone: 202-877-9729\n    ext. 1234\n\nText.\n", KNOWN).problems
    assert found == HeaderProblem(3, "the 'Phone:' line runs on to line 3 ('ext. 1234'), which is read as a second "
                                     "'Phone:' value.",
                                  "write the whole value on the 'Phone:' line (line 2), or delete line 3; only the "
                                  "page's text may be indented.")


def test_an_unknown_key_is_refused_with_the_key_it_looks_like_or_the_list():
    found = read_header(HEAD + "Staus: draft\nColour: red\n\nText.\n", KNOWN).problems
    assert [(p.line, p.fix) for p in found] == [
        (4, "write 'Status:' if that is what you mean; otherwise delete the line."),
        (5, "delete the line; the header lines a page may have are 'Title', 'Slug', 'Summary', 'Status', 'Phone', "
            "'Owner', 'Review-Interval-Months'."),
    ]
    assert found[0].message == "'Staus:' is not a header line this site reads, so the build would ignore it without a word."


def test_a_line_that_ends_the_header_early_is_named_and_the_lines_it_cut_off_are_still_read():
    header = read_header("Title: Knee\nOwner : Radiology\nSummary: A knee.\nSlug: knee\n\nText.\n", KNOWN)
    assert [(p.line, p.message, p.fix) for p in header.problems] == [(
        2,
        "line 2 is not a header line ('Key: value'), so the header ends there: it (and the header lines after it: "
        "Summary:, Slug:) would be published as the page's first paragraph.",
        "write it as 'Owner: Radiology': the key, then the colon, with no space before it.",
    )]
    assert header.cut_off == {"summary": ["A knee."], "slug": ["knee"]}
    tab = read_header("Title: Knee\nReview interval months\t: 6\n\nText.\n", KNOWN).problems
    assert [p.fix for p in tab] == ["write it as 'Review-Interval-Months: 6': the key, then the colon, with no space before it."]
    other = read_header("Title: Knee\nA line of text\nSlug: knee\n\nText.\n", KNOWN).problems
    assert [p.fix for p in other] == ["write it as 'Key: value', or delete it, or leave a blank line before the page's text."]


def test_a_header_line_after_the_blank_line_is_named_but_a_later_paragraph_is_text():
    source = HEAD + "\nStatus: draft\nPhone: 202-877-9729\n\nOwner: is a word a paragraph may start with.\n"
    assert lines(source) == [
        (5, "'Status: draft' comes after the blank line that ends the header, so it would be published as text, not read."),
        (6, "'Phone: 202-877-9729' comes after the blank line that ends the header, so it would be published as text, "
            "not read."),
    ]


def test_lines_are_read_as_markdown_reads_them_tabs_expanded_and_ended_at_newlines_only():
    """A tab-indented run-on was missed (the value dropped); U+2028 in a value ended the line for this check only."""
    assert lines("Title: Knee\nSummary: A knee.\n\tand more\n\nText.\n") == [
        (3, "the 'Summary:' line runs on to line 3 ('and more'), which is read as a second 'Summary:' value.")]
    assert lines("Title: Knee\nSummary: A\u2028knee.\r\nSlug: knee\r\n\r\nText.\n") == []
    assert read_header("Title: Knee\nOwner : X\nSlug: knee\n\nText.\n", KNOWN).lines == {"title": 1, "slug": 3}
