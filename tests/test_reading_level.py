"""Reading level and plain language: each page measured in its own language,
its plain-language findings kept as data, never a refusal, and one summary
line for the build. In process (tests/harness.py): the read phase of a real
build, with the real settings and plugins, in a fraction of a second."""

import re
import shutil
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup
from pelican.settings import read_settings

from harness import ROOT, SPANISH_FIXTURE, problems_of, read_phase, vertebroplasty, with_spanish

REFERENCE_GRADE = 11.1  # textstat 0.7.3 on the seed page's plain text (the reference)
FIXTURES = {"ALLOW_TEST_FIXTURES": True}
ENGLISH = {"measure": "flesch_kincaid_grade", "target": 8, "better": "lower"}
PREPARE = "## How to Prepare for Vertebroplasty"
AFTER = "## Post Vertebroplasty"


def pages_of(markdown=None, files=None, overrides=None):
    """The pages by language, and the notices; each section's sentences and
    matches kept, as for the content report (PAGE_MODEL_KEPT)."""
    overrides = {**FIXTURES, "PAGE_MODEL_KEPT": True, **(overrides or {})}
    read = read_phase(markdown, files, overrides=overrides)
    assert read.problems == [], read.problems
    return {page.lang: page for page in read.pages}, read.notices


def with_prepare(text):
    """The seed page with its preparation section's text replaced by ``text``."""
    page = vertebroplasty()
    start, end = page.index(PREPARE) + len(PREPARE), page.index(AFTER)
    return page[:start] + "\n\n" + text + "\n\n" + page[end:]


def note(notices):
    (line,) = [said for said in notices if said.startswith("note: ")]
    return line


def count(line, words):
    found = re.search(rf"(\d+) {words}", line)
    return int(found.group(1)) if found else 0


# --- Reading ease, per language -------------------------------------------------------------


def test_the_english_figures_are_what_they_were():
    """Flesch-Kincaid and SMOG of the approved page and of each section, as
    textstat 0.7.3 gave them before Spanish was measured beside them."""
    reading = pages_of(vertebroplasty())[0]["en"].facts.reading
    assert abs(reading.page.grade - REFERENCE_GRADE) <= 0.5
    assert (reading.page.words, reading.page.grade, reading.page.smog) == (601, 10.8, 12.8)
    assert {key: value.grade for key, value in reading.sections.items()} == {
        "lead": 12.1, "why": 9.1, "during": 9.0, "risks-benefits": 11.4, "prepare": 10.0, "after": 11.6,
        "appointment": 6.0}  # fmt: skip
    assert reading.page.szigriszt_pazos is None  # no Spanish formula on English


def test_a_spanish_page_is_measured_in_spanish_with_its_band():
    """The Spanish test translation, as the build measures it, against textstat
    set up on its own in Spanish (set_lang("es"), set_rounding(False)) on the
    same words: the text under the headings, without the phone number."""
    from textstat.textstat import textstatistics

    pages, _ = pages_of(vertebroplasty(), with_spanish())
    reading = pages["es"].facts.reading
    body = SPANISH_FIXTURE.read_text(encoding="utf-8").partition("\n\n")[2]
    prose = " ".join(" ".join(line for line in body.splitlines() if not line.startswith(("#", "{"))).split())
    spanish = textstatistics()
    spanish.set_lang("es")
    spanish.set_rounding(False)
    assert reading.page.szigriszt_pazos == spanish.szigriszt_pazos(prose)
    assert reading.page.fernandez_huerta == spanish.fernandez_huerta(prose)
    assert reading.page.grade is None and reading.target.measure == "szigriszt_pazos"
    assert reading.figure == reading.page.szigriszt_pazos and not reading.harder  # 59.7: "normal", above 55


def test_sections_harder_than_the_target_are_kept_and_the_page_still_builds():
    pages, notices = pages_of(vertebroplasty())
    harder = pages["en"].facts.reading.above_target
    assert "risks-benefits" in harder and "appointment" not in harder
    assert note(notices).startswith("note: 1 page is harder to read than its target, ")


def test_no_page_is_harder_when_the_text_meets_the_target():
    _, notices = pages_of(vertebroplasty(), overrides={"READABILITY": {"en": {**ENGLISH, "target": 20}}})
    assert "harder to read" not in note(notices)


def test_headings_phone_and_link_addresses_are_not_measured():
    """A long address or heading would raise the grade if it were counted as words."""
    address = "https://www.radiologyinfo.org/" + "/".join(["interventional-radiology-procedures"] * 8)
    before = pages_of(vertebroplasty())[0]["en"].facts.reading.sections["prepare"].grade
    changed = vertebroplasty().replace(
        AFTER, f"See [the guide]({address}).\n\n### Antidisestablishmentarianism considerations\n\n{AFTER}"
    )
    after = pages_of(changed)[0]["en"].facts.reading.sections["prepare"].grade
    # "See the guide." is one short sentence: the grade may only go down.
    assert after <= before


def test_a_language_with_no_entry_is_not_measured_and_the_report_says_so(tmp_path):
    from sitebuild.report.render import render_html
    from sitebuild.report.rows import rows_of

    only_english = {"READABILITY": {"en": ENGLISH}}
    read = read_phase(vertebroplasty(), with_spanish(), overrides={**FIXTURES, **only_english})
    spanish = next(page for page in read.pages if page.lang == "es").facts.reading
    assert not spanish.measured and spanish.figure is None and spanish.page.szigriszt_pazos is None
    assert spanish.page.grade is None, "not measured by another language's formula"
    assert count(note(read.notices), "pages? (?:is|are) not measured") == 1
    settings = {**read_settings(str(ROOT / "pelicanconf.py")), **only_english}
    html = render_html(rows_of(read.pages, [], settings), settings, date(2027, 1, 1), "content")
    section = BeautifulSoup(html, "lxml").find(id="plain-vertebroplasty-es")
    assert "Not measured: READABILITY has no entry for Español (es)" in " ".join(section.get_text().split())


# --- Plain-language findings ----------------------------------------------------------------

LIST_AND_TABLE = """Stop eating prior to midnight. Read [the guide](https://example.org/utilize-physician/prior-to).

- Take your tablets prior to the visit
- Give priority to rest

| When | Who |
| --- | --- |
| The day before | Your physician calls you |
"""


def test_a_plain_words_match_is_found_in_a_list_item_and_a_table_cell_never_in_an_address():
    pages, _ = pages_of(with_prepare(LIST_AND_TABLE))
    found = pages["en"].facts.reading.findings["prepare"]
    # "prior to" in the paragraph and the list item, "physician" in the table
    # cell; not "utilize", "physician" or "prior-to" in the link's address,
    # not "priority to"
    assert [(m.written, m.plainer) for m in found.plain_words] == [
        ("prior to", "before"), ("prior to", "before"), ("physician", "doctor")]  # fmt: skip
    assert found.steps_listed is True


def test_a_word_inside_a_longer_word_is_not_matched():
    pages, _ = pages_of(with_prepare("Your priority is rest. Physicianship and utilizations are not words here."))
    assert pages["en"].facts.reading.findings["prepare"].plain_words == ()


def test_long_sentences_are_quoted_and_steps_not_in_a_list_are_noted():
    long_one = "Because light sedation is used, " + " ".join(["you"] * 20) + " need a ride home."
    pages, _ = pages_of(with_prepare(f"Rest well. {long_one}"))
    found = pages["en"].facts.reading.findings
    (sentence,) = found["prepare"].long_sentences
    assert sentence.text == long_one and sentence.words == 29
    assert found["prepare"].steps_listed is False and found["after"].steps_listed is False
    assert found["why"].steps_listed is None  # not a section of steps (PROCEDURE_SECTIONS)


def test_the_share_of_sentences_that_speak_to_the_reader():
    pages, _ = pages_of(with_prepare("You rest. Patients rest. Bring your list. The team calls."), with_spanish())
    prepare = pages["en"].facts.reading.findings["prepare"]
    assert (prepare.to_reader, prepare.sentences) == (2, 4)
    # "Antes del procedimiento programado, los pacientes hablarán con su equipo ...": "su"
    assert pages["es"].facts.reading.findings["prepare"].to_reader == 1


def test_the_summary_line_counts_every_page_s_findings():
    pages, notices = pages_of(vertebroplasty(), with_spanish())
    findings = [f for page in pages.values() for f in page.facts.reading.findings.values()]
    line = note(notices)
    assert count(line, "long sentences") == sum(len(f.long_sentences) for f in findings) > 0
    assert count(line, "words or phrases with a plainer alternative") == sum(len(f.plain_words) for f in findings) > 0
    assert all(f.long_count == len(f.long_sentences) and f.match_count == len(f.plain_words) for f in findings)
    assert count(line, "sections of steps not written as a list") == 4  # prepare and after, in each language
    assert line.endswith(" (make report for details)") and len(notices) == 1, "one line, not a paragraph a page"


def test_a_build_keeps_the_counts_and_leaves_the_quotes_to_the_report():
    """Every page is held until a build ends: it keeps each section's counts,
    and the sentences and matches only for a tool that reads the pages after
    the build (the content report: PAGE_MODEL_KEPT)."""
    kept, reported = pages_of(vertebroplasty())
    read = read_phase(vertebroplasty())
    built = read.pages[0].facts.reading.findings
    assert read.notices == reported
    for key, found in kept["en"].facts.reading.findings.items():
        assert (built[key].long_count, built[key].match_count) == (found.long_count, found.match_count)
        assert built[key].long_sentences == built[key].plain_words == ()
    assert any(found.long_sentences for found in kept["en"].facts.reading.findings.values())


# --- Settings and lists, checked as the build starts ----------------------------------------


def test_a_malformed_readability_setting_stops_the_build_with_what_to_fix():
    wrong = {"READABILITY": {"en": {"measure": "flesch_kincaid_grade", "target": 8, "better": "higher"}}}
    (found,) = problems_of(vertebroplasty(), overrides=wrong)
    assert (found.file, found.message) == ("pelicanconf.py", "READABILITY['en']['better'] is 'higher', but a lower "
                                           "Flesch–Kincaid grade is easier to read: it must be 'lower'.")  # fmt: skip
    assert "READABILITY in pelicanconf.py" in found.fix


def test_a_malformed_plain_words_line_is_named_by_file_and_line(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    listed = theme / "plain-words" / "en.tsv"
    listed.write_text(listed.read_text(encoding="utf-8") + "physician    doctor\n", encoding="utf-8")
    line = len(listed.read_text(encoding="utf-8").splitlines())
    (found,) = problems_of(vertebroplasty(), overrides={"THEME": str(theme)})
    assert (Path(found.file), found.line) == (listed, line)
    assert found.message == "the line has no tab: 'physician    doctor'."
    assert "one tab" in found.fix
