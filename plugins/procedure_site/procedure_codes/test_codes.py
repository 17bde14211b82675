import pytest

from .codes import BY_KEY, Code, parse_codes

FIX_COPY = "copy the code again from the code set (or the chart) it comes from."


def only_problem(value):
    codes, problems = parse_codes(value)
    assert codes == [] and len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize(
    "value, code",
    [
        ("CPT 22510", Code("cpt", "22510")),
        ("CPT 0001F", Code("cpt", "0001F")),
        ("CPT 0042T", Code("cpt", "0042T")),
        ("cpt 0042t", Code("cpt", "0042T")),  # letters are written upper case
        ("HCPCS G0121", Code("hcpcs", "G0121")),
        ("ICD-10-PCS 0SRC0J9", Code("icd10pcs", "0SRC0J9")),
        # Known SNOMED CT concepts: myocardial infarction, surgical
        # procedure, appendectomy, percutaneous vertebroplasty.
        ("SNOMED 22298006", Code("snomed", "22298006")),
        ("SNOMED 387713003", Code("snomed", "387713003")),
        ("SNOMED 80146002", Code("snomed", "80146002")),
        ("SNOMED CT 80146002", Code("snomed", "80146002")),
        # Known LOINC codes: glucose, hemoglobin, HbA1c, creatinine.
        ("LOINC 2345-7", Code("loinc", "2345-7")),
        ("LOINC 718-7", Code("loinc", "718-7")),
        ("LOINC 4548-4", Code("loinc", "4548-4")),
        ("LOINC 2160-0", Code("loinc", "2160-0")),
    ],
)
def test_a_valid_code_of_each_system_is_kept(value, code):
    assert parse_codes(value) == ([code], [])


def test_codes_are_split_on_commas_in_order():
    codes, problems = parse_codes("CPT 22510,  CPT 22511 ,CPT 22512")
    assert problems == [] and [c.label for c in codes] == ["CPT 22510", "CPT 22511", "CPT 22512"]


@pytest.mark.parametrize(
    "value, message",
    [
        ("CPT 2251", "Codes: 'CPT 2251' has 4 characters; a CPT code is five digits, or four digits and F or T (as in 22510 or 0001F)."),
        ("CPT 0001X", "Codes: 'CPT 0001X' is not a CPT code: a CPT code is five digits, or four digits and F or T (as in 22510 or 0001F)."),
        ("CPT 2251O", "Codes: 'CPT 2251O' is not a CPT code: a CPT code is five digits, or four digits and F or T (as in 22510 or 0001F)."),
        ("CPT ２２５１０", "Codes: 'CPT ２２５１０' is not a CPT code: a CPT code is five digits, or four digits and F or T (as in 22510 or 0001F)."),
        ("HCPCS G012", "Codes: 'HCPCS G012' has 4 characters; an HCPCS code is a letter and four digits (as in G0121)."),
        ("HCPCS 00121", "Codes: 'HCPCS 00121' is not an HCPCS code: an HCPCS code is a letter and four digits (as in G0121)."),
        ("ICD-10-PCS 0SRC0J", "Codes: 'ICD-10-PCS 0SRC0J' has 6 characters; an ICD-10-PCS code is seven characters, digits and letters other than I and O (as in 0SRC0J9)."),
        ("ICD-10-PCS OSRC0J9", "Codes: 'ICD-10-PCS OSRC0J9' holds the letter O, which ICD-10-PCS never uses (it would be read as 0); an ICD-10-PCS code is seven characters, digits and letters other than I and O (as in 0SRC0J9)."),
        ("ICD-10-PCS 0SRC0JI", "Codes: 'ICD-10-PCS 0SRC0JI' holds the letter I, which ICD-10-PCS never uses (it would be read as 1); an ICD-10-PCS code is seven characters, digits and letters other than I and O (as in 0SRC0J9)."),
        ("ICD-10-PCS 0SRC0J-", "Codes: 'ICD-10-PCS 0SRC0J-' is not an ICD-10-PCS code: an ICD-10-PCS code is seven characters, digits and letters other than I and O (as in 0SRC0J9)."),
        ("SNOMED 22298007", "Codes: 'SNOMED 22298007' fails its check digit: the last digit of a SNOMED CT identifier is its Verhoeff check digit, so a digit here is mistyped or two are swapped."),
        ("SNOMED 22928006", "Codes: 'SNOMED 22928006' fails its check digit: the last digit of a SNOMED CT identifier is its Verhoeff check digit, so a digit here is mistyped or two are swapped."),
        ("SNOMED 12345", "Codes: 'SNOMED 12345' has 5 digits; a SNOMED CT identifier is 6 to 18 digits, the last its Verhoeff check digit."),
        ("SNOMED 1234567890123456789", "Codes: 'SNOMED 1234567890123456789' has 19 digits; a SNOMED CT identifier is 6 to 18 digits, the last its Verhoeff check digit."),
        ("SNOMED 2229800X", "Codes: 'SNOMED 2229800X' is not a SNOMED CT identifier: an identifier is 6 to 18 digits, the last its Verhoeff check digit."),
        ("LOINC 2345-8", "Codes: 'LOINC 2345-8' fails its check digit: the digit after the hyphen of a LOINC code is its mod-10 check digit, so a digit here is mistyped or two are swapped."),
        ("LOINC 23457", "Codes: 'LOINC 23457' is not a LOINC code: a LOINC code is digits, a hyphen and a check digit (as in 2345-7)."),
        ("LOINC 2345-77", "Codes: 'LOINC 2345-77' is not a LOINC code: a LOINC code is digits, a hyphen and a check digit (as in 2345-7)."),
    ],
)
def test_each_malformed_code_names_its_system_s_rule(value, message):
    assert only_problem(value) == (message, FIX_COPY)


def test_the_check_digits_are_the_published_algorithms():
    # A swapped pair of digits is what a check digit is for: Verhoeff catches
    # every one; each valid identifier above with its last digit changed fails.
    for good in ("22298006", "387713003", "80146002"):
        for digit in "0123456789":
            changed = good[:-1] + digit
            assert (parse_codes(f"SNOMED {changed}")[1] == []) == (changed == good)


def test_an_unknown_system_names_the_known_ones():
    assert only_problem("ICD10 S32.0") == (
        "Codes: 'ICD10 S32.0' names the code system 'ICD10', which is not one the site knows "
        "(CPT, HCPCS, ICD-10-PCS, SNOMED, LOINC).",
        "write each code as one of those systems and the code: Codes: CPT 22510, CPT 22511.",
    )
    assert only_problem("22510")[0].startswith("Codes: '22510' names the code system '22510'")


def test_a_system_without_a_code_an_empty_item_and_an_empty_line():
    assert only_problem("CPT") == (
        "Codes: 'CPT' names the system but no code.",
        "write the code after the system's name: Codes: CPT 22510, CPT 22511.",
    )
    codes, problems = parse_codes("CPT 22510,, CPT 22511,")
    assert [c.value for c in codes] == ["22510", "22511"]
    assert [p[0] for p in problems] == [
        "Codes: 'CPT 22510,, CPT 22511,' has an empty item (two commas in a row, or a comma at the end).",
    ] * 2
    assert parse_codes("  ")[1] == [
        ("Codes: is empty.", "list each code as its system and the code (Codes: CPT 22510, CPT 22511), or delete the line.")
    ]


def test_a_code_given_twice_is_a_problem_and_kept_once():
    codes, problems = parse_codes("CPT 22510, CPT 22511, cpt 22510")
    assert [c.label for c in codes] == ["CPT 22510", "CPT 22511"]
    assert problems == [("Codes: 'CPT 22510' is listed twice.", "list each code once (delete the second 'CPT 22510').")]


def test_every_mistake_of_one_line_is_named_in_one_run():
    _codes, problems = parse_codes("CPT 2251, XYZ 1, SNOMED 22298007, LOINC 718-7")
    assert [p[0].split("'")[1] for p in problems] == ["CPT 2251", "XYZ 1", "SNOMED 22298007"]


def test_too_many_codes_are_refused():
    _codes, problems = parse_codes(", ".join(f"CPT {n:05d}" for n in range(41)))
    assert problems == [
        (
            "Codes: lists 41 codes; at most 40 are allowed.",
            "list the codes this procedure is billed or charted under, not a whole code set.",
        )
    ]


def test_the_hl7_oids_of_the_systems():
    assert {key: system.oid for key, system in BY_KEY.items()} == {
        "cpt": "2.16.840.1.113883.6.12",
        "hcpcs": "2.16.840.1.113883.6.285",
        "icd10pcs": "2.16.840.1.113883.6.4",
        "snomed": "2.16.840.1.113883.6.96",
        "loinc": "2.16.840.1.113883.6.1",
    }


def test_a_translation_s_codes_must_be_its_original_s_or_none():
    from types import SimpleNamespace

    from .plugin import translation_problems

    def page(slug, lang, *codes):
        from procedure_site.page_model.facts import PageFacts

        facts = PageFacts(html="", procedure_codes=tuple(Code("cpt", c) for c in codes))
        return SimpleNamespace(slug=slug, lang=lang, source_path=f"{lang}/{slug}.md", facts=facts)

    pages = [page("a", "en", "22510"), page("a", "es"), page("b", "en"), page("b", "es", "22511"),
             page("c", "en", "22510", "22511"), page("c", "es", "22511", "22510")]  # fmt: skip
    assert [(path, message.split(": a record")[0]) for path, message, _fix in translation_problems(pages, "en")] == [
        ("es/b.md", "this 'es' translation lists Codes: CPT 22511, but its original, en/b.md, lists no codes"),
    ]
