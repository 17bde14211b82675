"""Codes: on real pages, in process (tests/harness.py): each malformed code
named at the page's Codes: line with its rule and fix, all in one run; a
translation's codes held to its original's. The rules themselves, system by
system, are tested beside them (plugins/procedure_site/procedure_codes/)."""

from conftest import ALLOW_FIXTURES
from harness import PAGE, SPANISH, problems_of, read_phase, vertebroplasty, with_spanish

CODES = "Codes: CPT 22510, CPT 22511, CPT 22512"
FIX_COPY = "copy the code again from the code set (or the chart) it comes from."


def with_codes(line):
    text = vertebroplasty()
    assert CODES in text
    return text.replace(CODES, line)


def codes_line(text):
    return text.splitlines().index(next(line for line in text.splitlines() if line.startswith("Codes:"))) + 1


def test_the_real_page_s_codes_are_valid_and_kept_on_the_page():
    read = read_phase(vertebroplasty())
    assert read.problems == []
    (page,) = read.pages
    assert [code.label for code in page.facts.procedure_codes] == ["CPT 22510", "CPT 22511", "CPT 22512"]


def test_every_malformed_code_is_named_at_the_codes_line_in_one_run():
    text = with_codes("Codes: CPT 2251, ICD10 S32.0, SNOMED 22298007, LOINC 2345-8, CPT 22510, CPT 22510")
    found = problems_of(text)
    line = codes_line(text)
    assert [(p.file, p.line, p.message, p.fix) for p in found] == [
        (PAGE, line, "Codes: 'CPT 2251' has 4 characters; a CPT code is five digits, or four digits and F or T "
         "(as in 22510 or 0001F).", FIX_COPY),
        (PAGE, line, "Codes: 'ICD10 S32.0' names the code system 'ICD10', which is not one the site knows "
         "(CPT, HCPCS, ICD-10-PCS, SNOMED, LOINC).",
         "write each code as one of those systems and the code: Codes: CPT 22510, CPT 22511."),
        (PAGE, line, "Codes: 'SNOMED 22298007' fails its check digit: the last digit of a SNOMED CT identifier is "
         "its Verhoeff check digit, so a digit here is mistyped or two are swapped.", FIX_COPY),
        (PAGE, line, "Codes: 'LOINC 2345-8' fails its check digit: the digit after the hyphen of a LOINC code is "
         "its mod-10 check digit, so a digit here is mistyped or two are swapped.", FIX_COPY),
        (PAGE, line, "Codes: 'CPT 22510' is listed twice.", "list each code once (delete the second 'CPT 22510')."),
    ]  # fmt: skip


def test_a_page_without_codes_has_none_and_no_problem():
    text = vertebroplasty().replace(CODES + "\n", "")
    read = read_phase(text)
    assert read.problems == [] and read.pages[0].facts.procedure_codes == ()


def test_a_translation_without_codes_inherits_its_original_s():
    read = read_phase(vertebroplasty(), files=with_spanish(), overrides=ALLOW_FIXTURES)
    assert read.problems == []
    from procedure_site.procedure_codes.plugin import codes_of

    spanish = next(page for page in read.pages if page.lang == "es")
    assert spanish.facts.procedure_codes == ()
    assert [code.label for code in codes_of(spanish)] == ["CPT 22510", "CPT 22511", "CPT 22512"]


def spanish_with(line):
    text = with_spanish()[SPANISH]
    return {SPANISH: text.replace("Lang: es\n", f"Lang: es\n{line}\n")}


def test_a_translation_may_list_its_original_s_codes_in_any_order():
    assert problems_of(vertebroplasty(), files=spanish_with("Codes: CPT 22512, CPT 22510, CPT 22511"), overrides=ALLOW_FIXTURES) == []


def test_a_translation_with_other_codes_is_a_problem_at_its_codes_line():
    files = spanish_with("Codes: CPT 22510, CPT 22513")
    found = problems_of(vertebroplasty(), files=files, overrides=ALLOW_FIXTURES)
    assert [(p.file, p.line, p.message, p.fix) for p in found] == [
        (
            SPANISH,
            codes_line(files[SPANISH]),
            "this 'es' translation lists Codes: CPT 22510, CPT 22513, but its original, procedures/vertebroplasty.md, "
            "lists CPT 22510, CPT 22511, CPT 22512: a record system would find the two versions by different codes.",
            "give the translation the same 'Codes:' line as its original, or delete the line: a translation "
            "without one has its original's codes.",
        )
    ]
