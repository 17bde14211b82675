"""The codes a procedure is billed or charted under: pure rules, no Pelican.

A page says ``Codes: CPT 22510, CPT 22511, CPT 22512``: each item a
code system and a code. A record system (EHR) finds the page by them (the
lookup files, ehr_connect), and the page's structured data names them. A
mistyped code would send a patient the wrong page, or none, so each one is
held to its system's shape, and to its check digit where the system has one:

- CPT: five digits, or four digits and F or T (Category II and III codes);
- HCPCS (Level II): a letter and four digits;
- ICD-10-PCS: seven characters, digits and letters other than I and O
  (the system leaves them out so they are never read as 1 and 0);
- SNOMED CT: an identifier of 6 to 18 digits whose last digit is its
  Verhoeff check digit (SNOMED CT's technical guide, "SCTID");
- LOINC: digits, a hyphen, and the mod-10 check digit (LOINC's users' guide:
  the Luhn algorithm over the digits before the hyphen).

The check digits come from python-stdnum (``stdnum.verhoeff``,
``stdnum.luhn``), which implements both from their published tables.

The value is parsed with str methods only: it is the author's text, and no
backtracking pattern meets it.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from stdnum import luhn, verhoeff

EXAMPLE = "Codes: CPT 22510, CPT 22511"
MAX_CODES = 40  # a page about one procedure; more is a pasted list, not codes


@dataclass(frozen=True)
class System:
    key: str  # folder of its lookup files: connect/<key>/
    name: str  # as written in Codes: and shown to people
    oid: str  # HL7's object identifier, what an Infobutton query names
    rule: str  # the shape of a code, in words, for messages


SYSTEMS = {
    system.name: system
    for system in (
        System("cpt", "CPT", "2.16.840.1.113883.6.12", "five digits, or four digits and F or T (as in 22510 or 0001F)"),
        System("hcpcs", "HCPCS", "2.16.840.1.113883.6.285", "a letter and four digits (as in G0121)"),
        System(
            "icd10pcs",
            "ICD-10-PCS",
            "2.16.840.1.113883.6.4",
            "seven characters, digits and letters other than I and O (as in 0SRC0J9)",
        ),
        System("snomed", "SNOMED", "2.16.840.1.113883.6.96", "6 to 18 digits, the last its Verhoeff check digit"),
        System("loinc", "LOINC", "2.16.840.1.113883.6.1", "digits, a hyphen and a check digit (as in 2345-7)"),
    )
}
BY_KEY = {system.key: system for system in SYSTEMS.values()}
# Other spellings an author may use for a system, and the name they mean.
ALIASES = {"SNOMED CT": "SNOMED", "SNOMED-CT": "SNOMED", "SNOMEDCT": "SNOMED", "ICD10PCS": "ICD-10-PCS"}
# What schema.org's MedicalCode.codingSystem says for each: the names the
# systems' owners use.
CODING_SYSTEMS = {"cpt": "CPT", "hcpcs": "HCPCS", "icd10pcs": "ICD-10-PCS", "snomed": "SNOMED-CT", "loinc": "LOINC"}

ICD10PCS_CHARACTERS = frozenset(string.digits + string.ascii_uppercase) - {"I", "O"}


@dataclass(frozen=True, order=True, slots=True)  # slots: one in every page's facts, for the whole build
class Code:
    system: str  # a key of BY_KEY
    value: str  # as the system writes it (letters upper case)

    @property
    def label(self) -> str:
        """How a person reads it: "CPT 22510"."""
        return f"{BY_KEY[self.system].name} {self.value}"


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def shape_problem(system: System, value: str) -> str | None:
    """What is wrong with ``value`` as a code of ``system``, in words, or None."""
    shown = f"{system.name} {value}"
    if system.key == "cpt":
        if len(value) != 5:
            return f"'{shown}' has {len(value)} characters; a CPT code is {system.rule}."
        if not (_digits(value) or (_digits(value[:4]) and value[4] in "FT")):
            return f"'{shown}' is not a CPT code: a CPT code is {system.rule}."
    elif system.key == "hcpcs":
        if len(value) != 5:
            return f"'{shown}' has {len(value)} characters; an HCPCS code is {system.rule}."
        if not (value[0] in string.ascii_uppercase and _digits(value[1:])):
            return f"'{shown}' is not an HCPCS code: an HCPCS code is {system.rule}."
    elif system.key == "icd10pcs":
        if len(value) != 7:
            return f"'{shown}' has {len(value)} characters; an ICD-10-PCS code is {system.rule}."
        for letter, looks_like in (("O", "0"), ("I", "1")):
            if letter in value:
                return (
                    f"'{shown}' holds the letter {letter}, which ICD-10-PCS never uses (it would be read as "
                    f"{looks_like}); an ICD-10-PCS code is {system.rule}."
                )
        if not set(value) <= ICD10PCS_CHARACTERS:
            return f"'{shown}' is not an ICD-10-PCS code: an ICD-10-PCS code is {system.rule}."
    elif system.key == "snomed":
        if not _digits(value):
            return f"'{shown}' is not a SNOMED CT identifier: an identifier is {system.rule}."
        if not 6 <= len(value) <= 18:
            return f"'{shown}' has {len(value)} digits; a SNOMED CT identifier is {system.rule}."
        if not verhoeff.is_valid(value):
            return (
                f"'{shown}' fails its check digit: the last digit of a SNOMED CT identifier is its Verhoeff "
                "check digit, so a digit here is mistyped or two are swapped."
            )
    elif system.key == "loinc":
        number, hyphen, check = value.partition("-")
        if not (hyphen and _digits(number) and 1 <= len(number) <= 7 and _digits(check) and len(check) == 1):
            return f"'{shown}' is not a LOINC code: a LOINC code is {system.rule}."
        if luhn.calc_check_digit(number) != check:
            return (
                f"'{shown}' fails its check digit: the digit after the hyphen of a LOINC code is its mod-10 "
                "check digit, so a digit here is mistyped or two are swapped."
            )
    return None


FIX_COPY = "copy the code again from the code set (or the chart) it comes from."


def _item(raw: str) -> tuple[System | None, str, str]:
    """(system or None, the name as written, the code) of one item."""
    words = raw.split()
    if not words:
        return None, "", ""
    name, rest = words[0], words[1:]
    if len(words) >= 3 and f"{words[0]} {words[1]}".upper() in ALIASES:
        name, rest = f"{words[0]} {words[1]}", words[2:]
    known = ALIASES.get(name.upper(), name.upper())
    return SYSTEMS.get(known), name, " ".join(rest).upper()


def parse_codes(value) -> tuple[list[Code], list[tuple[str, str]]]:
    """(codes, problems) of a ``Codes:`` value; each problem is (message, fix).

    Every item is checked, so an author sees every mistake of the line in one
    run; a code given twice is named once per repeat."""
    text = " ".join(str(value or "").split())  # one line's value (markdown_reader/header.py)
    names = ", ".join(SYSTEMS)
    if not text:
        return [], [("Codes: is empty.", f"list each code as its system and the code ({EXAMPLE}), or delete the line.")]
    codes, problems = [], []
    for raw in text.split(","):
        system, name, code = _item(raw)
        item = " ".join(raw.split())
        if not item:
            problems.append(
                (
                    f"Codes: '{text}' has an empty item (two commas in a row, or a comma at the end).",
                    f"separate codes with single commas: {EXAMPLE}.",
                )
            )
        elif system is None:
            problems.append(
                (
                    f"Codes: '{item}' names the code system '{name}', which is not one the site knows ({names}).",
                    f"write each code as one of those systems and the code: {EXAMPLE}.",
                )
            )
        elif not code:
            problems.append(
                (
                    f"Codes: '{item}' names the system but no code.",
                    f"write the code after the system's name: {EXAMPLE}.",
                )
            )
        else:
            wrong = shape_problem(system, code)
            found = Code(system.key, code)
            if wrong:
                problems.append((f"Codes: {wrong}", FIX_COPY))
            elif found in codes:
                problems.append(
                    (
                        f"Codes: '{found.label}' is listed twice.",
                        f"list each code once (delete the second '{found.label}').",
                    )
                )
            else:
                codes.append(found)
    if len(codes) > MAX_CODES:
        problems.append(
            (
                f"Codes: lists {len(codes)} codes; at most {MAX_CODES} are allowed.",
                "list the codes this procedure is billed or charted under, not a whole code set.",
            )
        )
    return codes, problems
