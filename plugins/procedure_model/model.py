"""The procedure content model: required metadata and required sections.

Each procedure page is checked as it is read. Problems are reported through
the ``content_problem`` signal (see the build_report plugin), so every mistake
in every file is listed in one build. A valid page gets ``page.procedure``:
its lead and its sections, in the order the settings give, for the templates.
"""

import functools
import os
import re

from blinker import signal
from pelican import signals
from pelican.contents import Page

from .outline import (
    attach_lines,
    metadata_line,
    nested_headings,
    normalise,
    plain_text,
    split_sections,
)

content_problem = signal("content_problem")
# A full stop, question or exclamation mark that ends a sentence: followed by
# a space and a capital letter, or closing the text.
_SENTENCE_END = re.compile(r"(\S*)[.!?](?=\s+[A-Z]|\s*$)")
# Words whose full stop does not end a sentence.
_ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "st", "vs", "e.g", "i.e", "etc", "approx", "no", "prof"}
_SUBHEADINGS = re.compile(r"<h[3-6][^>]*>.*?</h[3-6]>", re.S | re.I)
_HTML_TAG = re.compile(r"<[A-Za-z/!]")


def sentence_count(text):
    return sum(1 for word in _SENTENCE_END.findall(text) if word.lower() not in _ABBREVIATIONS)


class Section:
    """One section of a procedure page; ``html`` is cut out when rendered.

    Pelican decides the page's site URL (absolute or relative) only while it
    writes the page, and other plugins may still rewrite the page's HTML after
    it is read (the kiosk unlinks external links), so the section is taken
    from the page's final HTML at that point. ``part`` is the section's
    position among the page's headings; None is the lead.
    """

    def __init__(self, page, spec, title, part):
        self._page = page
        self.id = spec["id"]
        self.call_to_action = bool(spec.get("call_to_action"))
        self.title = title
        self._part = part

    @property
    def html(self):
        lead, parts = _split_once(self._page._content or "")
        raw = lead if self._part is None else parts[self._part][1]
        return self._page._update_content(raw, self._page.get_siteurl())


@functools.lru_cache(maxsize=8)
def _split_once(html):
    """Every section of a page asks for the same split while it is written."""
    return split_sections(html)


class Procedure:
    def __init__(self, lead, sections):
        self.lead = lead
        self.sections = sections


def is_procedure(content, settings) -> bool:
    if not isinstance(content, Page):
        return False
    procedures = os.path.join(settings["PATH"], settings["PROCEDURES_DIR"])
    return os.path.commonpath(
        [os.path.abspath(content.source_path), os.path.abspath(procedures)]
    ) == os.path.abspath(procedures)


def heading_for(spec, title):
    return spec["heading"].format(title=title)


class PageCheck:
    """Checks one page and collects what is wrong with it."""

    def __init__(self, page):
        self.page = page
        self.settings = page.settings
        self.path = page.source_path
        with open(self.path, encoding="utf-8") as handle:
            self.source = handle.read()
        self.ok = True

    def problem(self, message, fix, line=None, find=None):
        self.ok = False
        content_problem.send(self.path, message=message, fix=fix, line=line, find=find)

    def check_metadata(self):
        for key in self.settings["PROCEDURE_REQUIRED_METADATA"]:
            value = self.page.metadata.get(key)
            if not value or not str(value).strip():
                name = key.capitalize()
                self.problem(
                    f"the '{name}:' line is missing or empty.",
                    f"add a line '{name}: ...' at the top of the file, before "
                    "the first blank line.",
                    line=metadata_line(self.source, key) or 1,
                )
        for key in self.settings["PROCEDURE_FORBIDDEN_METADATA"]:
            if key in self.page.metadata:
                name = key.capitalize()
                self.problem(
                    f"the '{name}:' line is not allowed on a procedure page: its "
                    "address and layout are the same for every procedure.",
                    f"remove the '{name}:' line; use 'Slug:' to choose the page's address.",
                    line=metadata_line(self.source, key),
                )
        summary = str(self.page.metadata.get("summary") or "").strip()
        if _HTML_TAG.search(summary) or "](" in summary:
            self.problem(
                "the 'Summary:' must be plain text; it is used as the page "
                "description in search results.",
                "remove links and HTML from the Summary line.",
                line=metadata_line(self.source, "summary"),
            )
        elif summary and sentence_count(summary) > 1:
            self.problem(
                "the 'Summary:' must be one sentence; search results and the "
                "A–Z list show it in full.",
                "shorten it to one sentence that says what the procedure is.",
                line=metadata_line(self.source, "summary"),
            )

    def check_sections(self):
        title = self.page.metadata.get("title")
        if not title:
            return None  # headings are worded from the title: nothing to match
        specs = self.settings["PROCEDURE_SECTIONS"]
        by_id = {spec["id"]: spec for spec in specs if spec["heading"]}
        by_heading = {normalise(heading_for(spec, title)): spec for spec in by_id.values()}
        order = {spec["id"]: index for index, spec in enumerate(specs)}
        lead_html, parts = split_sections(self.page._content or "")
        attach_lines([heading for heading, _ in parts], self.source)
        ids_hint = ", ".join(f"{{#{spec_id}}}" for spec_id in by_id)

        found = []  # (spec, heading, body, part)
        for part, (heading, body) in enumerate(parts):
            if heading.level == 1:
                self.problem(
                    f"'# {heading.text}' is a top-level heading; the page title "
                    "is already the top-level heading.",
                    "use '## ' for section headings and '### ' for headings "
                    "inside a section.",
                    heading.line,
                )
                continue
            if heading.explicit_id:
                spec = by_id.get(heading.explicit_id)
                if spec is None:
                    self.problem(
                        f"'{{#{heading.explicit_id}}}' is not a section id.",
                        f"use one of {ids_hint}.",
                        heading.line,
                    )
                    continue
            else:
                spec = by_heading.get(normalise(heading.text))
                if spec is None and self.settings["PHONE_PLACEHOLDER"] in heading.text:
                    continue  # reported by the appointment_phone plugin
                if spec is None:
                    wording = re.sub(r"\s*\{[^}]*\}", "", heading.text)
                    self.problem(
                        f"the heading '## {heading.text}' is not one of the "
                        "required sections.",
                        "use the exact heading from the list in README.md, or "
                        "keep your wording and add the section's id, for example "
                        f"'## {wording} {{#prepare}}'. For a heading inside "
                        "a section, use '### '.",
                        heading.line,
                    )
                    continue
            found.append((spec, heading, body, part))

        self.check_nested_headings()
        self.check_lead(lead_html)
        self.check_each_once_in_order(found, specs, order, title)
        for spec, heading, body, _part in found:
            if not plain_text(_SUBHEADINGS.sub("", body)).strip() and "<img" not in body:
                self.problem(
                    f"the section '{heading.text}' is empty.",
                    "write the section's text under its heading.",
                    heading.line,
                )
        self.check_appointment(found)
        lead = Section(self.page, specs[0], specs[0].get("label"), None)
        sections = [Section(self.page, spec, heading.text, part) for spec, heading, _body, part in found]
        return Procedure(lead, sections)

    def check_nested_headings(self):
        for text in nested_headings(self.page._content or ""):
            self.problem(
                f"the heading '{text}' is inside an HTML block, so the page "
                "cannot be cut into its sections.",
                "write the heading in Markdown ('## ...') on its own line, "
                "outside any HTML element.",
                find=text,
            )

    def check_lead(self, lead_html):
        if not plain_text(lead_html).strip():
            self.problem(
                "the page has no lead: the text before the first heading is empty.",
                "start the page, after the metadata lines and a blank line, with "
                "a short paragraph that says what the procedure is.",
                None,
            )

    def check_each_once_in_order(self, found, specs, order, title):
        seen = {}
        latest = None
        for spec, heading, _body, _part in found:
            if spec["id"] in seen:
                first = seen[spec["id"]].line
                self.problem(
                    f"the section '{heading.text}' appears twice"
                    + (f" (first at line {first})." if first else "."),
                    "merge the two into one section.",
                    heading.line,
                )
                continue
            seen[spec["id"]] = heading
            if latest is not None and order[spec["id"]] < order[latest[0]["id"]]:
                self.problem(
                    f"the section '{heading.text}' is out of order: it must come "
                    f"before '{latest[1].text}'.",
                    "put the sections in this order: "
                    + "; ".join(heading_for(s, title) for s in specs if s["heading"])
                    + ".",
                    heading.line,
                )
            if latest is None or order[spec["id"]] > order[latest[0]["id"]]:
                latest = (spec, heading)
        previous = "the lead"
        for spec in specs:
            if not spec["heading"]:
                continue
            wanted = heading_for(spec, title)
            if spec["id"] not in seen:
                self.problem(
                    f"the required section '{wanted}' is missing.",
                    f"add '## {wanted}' with its text, after {previous}.",
                )
            previous = f"'{wanted}'"

    def check_appointment(self, found):
        placeholder = self.settings["PHONE_PLACEHOLDER"]
        for spec, heading, body, _part in found:
            if spec.get("call_to_action") and placeholder not in body:
                self.problem(
                    f"the section '{heading.text}' does not show the phone number.",
                    f"write {placeholder} where the number should appear; the "
                    "build fills in the appointment number from the settings.",
                    heading.line,
                )


def init_procedure(content):
    if not is_procedure(content, content.settings):
        return
    check = PageCheck(content)
    check.check_metadata()
    procedure = check.check_sections()
    content.template = content.settings["PROCEDURE_TEMPLATE"]
    if check.ok and procedure is not None:
        content.procedure = procedure


def register():
    signals.content_object_init.connect(init_procedure)
