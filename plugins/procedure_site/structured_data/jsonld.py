"""Each procedure page described for search engines as schema.org JSON-LD.

A ``MedicalWebPage`` about a ``MedicalProcedure``, built from the page's
section model (``page.facts.procedure``, from the procedure_model plugin), so the
structured data says exactly what the page says and never needs editing by
hand. The procedure's ``code`` lists its codes (``Codes:``, procedure_codes) as
schema.org ``MedicalCode``s. Which section fills which schema.org property is a setting,
``STRUCTURED_DATA_SECTIONS``; the body location comes from
``PROCEDURE_BODY_LOCATIONS``, by slug.

The JSON is made here, not in a template: ``json.dumps`` gets the quoting
right, and ``<``, ``>`` and ``&`` are written as ``\\u003c`` and so on, so no
text on a page can end the ``<script>`` element early. A JSON-LD block is a
data block, never run, so ``script-src 'none'`` still holds.

Templates call ``structured_data_json(page, address)`` (the component
``components/structured_data.html``); ``address`` is the page's public address
as the templates already compute it, so it is worked out in one place.
"""

import json

from markupsafe import Markup
from pelican import signals

from procedure_site.build_report.report import problem, report
from procedure_site.procedure_codes.codes import CODING_SYSTEMS
from procedure_site.procedure_codes.plugin import codes_of
from sitebuild.plugin_guard import in_this_build



# What HTML's script-data parser looks for (``</script``, ``<!--``) and what a
# reader might take for a character reference: as JSON escapes, the data is
# the same and the element can only end where the template ends it. Three
# str.replace calls, not str.translate with a table: translate looks up every
# character of the text in the table (0.2 ms a page), replace scans in C.
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


def script_safe_json(data) -> str:
    """``data`` as compact JSON that can sit inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for unsafe, escaped in _SCRIPT_SAFE:
        text = text.replace(unsafe, escaped)
    return text


def sections_by_id(procedure) -> dict:
    return {part.id: part for part in (procedure.lead, *procedure.sections)}


def medical_procedure(page, settings) -> dict:
    """The schema.org MedicalProcedure the page is about."""
    parts = sections_by_id(page.facts.procedure)
    procedure = {"@type": "MedicalProcedure", "name": page.title}
    for prop, section_id in settings["STRUCTURED_DATA_SECTIONS"].items():
        procedure[prop] = parts[section_id].text
    location = settings["PROCEDURE_BODY_LOCATIONS"].get(page.slug)
    if location:
        procedure["bodyLocation"] = location
    codes = codes_of(page)  # Codes:, a translation's inherited from its original
    if codes:
        procedure["code"] = [medical_code(code) for code in codes]
    return procedure


def medical_code(code) -> dict:
    """A schema.org MedicalCode: the code and the name of its system."""
    return {"@type": "MedicalCode", "codeValue": code.value, "codingSystem": CODING_SYSTEMS[code.system]}


def medical_web_page(page, address, settings) -> dict:
    """The schema.org MedicalWebPage for one procedure page."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.title,
        "description": page.summary,
        "url": address,
        "inLanguage": getattr(page, "lang", None) or settings["DEFAULT_LANG"],
    }
    # The review dates are the page's facts; until a page has them,
    # saying nothing is better than guessing a date.
    review = page.facts.review if getattr(page, "facts", None) else None
    if review is not None:
        data["lastReviewed"] = review.reviewed.isoformat()
    # schema.org's Patient is the MedicalAudience type for "any person
    # recipient of health care services" (it is no longer an enumeration
    # member, so a bare https://schema.org/Patient URL would be wrong).
    data["audience"] = {"@type": "Patient"}
    data["about"] = medical_procedure(page, settings)
    return data


def unknown_section_ids(settings) -> list[tuple[str, str]]:
    """(property, id) for each mapped id that PROCEDURE_SECTIONS does not define."""
    known = {spec["id"] for spec in settings["PROCEDURE_SECTIONS"]}
    return [(prop, sid) for prop, sid in settings["STRUCTURED_DATA_SECTIONS"].items() if sid not in known]


def check_settings(pelican):
    """Every build, so a devserver keeps saying so until the setting is fixed."""
    if not in_this_build(pelican, __package__):
        return
    settings = pelican.settings
    known = ", ".join(spec["id"] for spec in settings["PROCEDURE_SECTIONS"])
    report(
        problem(
            "pelicanconf.py",
            f"STRUCTURED_DATA_SECTIONS maps '{prop}' to '{section_id}', which is not a section id in PROCEDURE_SECTIONS.",
            f"use one of: {known}.",
        )
        for prop, section_id in unknown_section_ids(settings)
    )


def add_template_function(generator):
    if not in_this_build(generator, __package__):
        return
    settings = generator.settings

    def structured_data_json(page, address):
        return Markup(script_safe_json(medical_web_page(page, address, settings)))

    generator.env.globals["structured_data_json"] = structured_data_json


def register():
    signals.get_generators.connect(check_settings)
    signals.generator_init.connect(add_template_function)
