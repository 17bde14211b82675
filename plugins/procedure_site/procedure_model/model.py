"""The procedure content model: required metadata and required sections.

Each published procedure page is checked on its one parse by
``page_procedure``, which page_model/pipeline.py calls: it returns the
problems as data (the build report lists every mistake in every file in one
build) and, for a valid page, its procedure: its lead and its sections, in
the order the settings give, which the pipeline keeps as ``page.procedure``
for the templates and the parts that build on it.

Drafts are never written, so they are not held to the model: the section
rules apply when ``Status: draft`` is removed. Every page's header, a
draft's too, is read for a key given twice or run on to a second line as
the page is read (markdown_reader/header.py).

Text that looks right but is not (sitebuild/unicode_text.py): an invisible
character in a header line or a heading is named by code point, Unicode name
and the text before it, and left out when headings are compared, so it is
reported once; a heading that differs from the required one only by
look-alike letters says which letter, instead of "not one of the required
sections" quoting words that look the same.
"""

import os
import re

from justhtml import Element, JustHTML
from pelican.contents import Page

from procedure_site.appointment_phone.placeholder import number_typed_in
from procedure_site.build_report.report import problem
from procedure_site.unique_urls.urls import folder_language, lang_unsaid
from sitebuild.unicode_text import describe_invisible, describe_lookalikes, fold, why_invisible_matters, without_invisible
from sitebuild.source_text import source_lines

from . import status
from .heading_advice import LIKE_ENOUGH, nearest, only_accents, title_named
from .metadata_lines import header_lines
from .swallowed import swallowed_headings, swallowing

# A full stop, question or exclamation mark that ends a sentence: it closes a
# word (the text split at spaces) and the next word starts with a capital
# letter, or it closes the text. Words, not a regular expression: the one
# this replaced backtracked over each run of marks (a Summary of 30,000 dots
# and a word took 32 s).
_SENTENCE_MARKS = ".!?"
_CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Words whose full stop does not end a sentence.
_ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "st", "vs", "e.g", "i.e", "etc", "approx", "no", "prof"}
_NOT_WORD = re.compile(r"[\W_]+")
SECTION_LEVELS = ("h1", "h2")
SUBHEADING_LEVELS = ("h3", "h4", "h5", "h6")


def sentence_count(text):
    words = text.split()
    return sum(
        1
        for index, word in enumerate(words)
        if word[-1] in _SENTENCE_MARKS
        and (index + 1 == len(words) or words[index + 1][0] in _CAPITALS)
        and word[:-1].lower() not in _ABBREVIATIONS
    )


def normalise(text: str) -> str:
    """Heading text as compared: case, spacing and punctuation do not matter.
    Invisible characters are left out, so a soft hyphen in a heading is
    reported as what it is, and once (PageCheck.check_hidden_characters)."""
    return _NOT_WORD.sub(" ", without_invisible(text)).strip().casefold()


def has_markup(text: str) -> bool:
    return any(isinstance(node, Element) for node in JustHTML(text, fragment=True, sanitize=False).root.children or [])


class Section:
    """One section of a procedure page: its nodes in the page's one tree.

    The HTML is written from the tree when the page is rendered, after every
    rewrite. Pelican resolves ``{filename}`` links only for a whole page
    (``get_content``); its ``_update_content`` is the one way to resolve them
    in a part of a page, so it is used here.
    """

    def __init__(self, page, model, spec, title, nodes):
        self._page = page
        self._model = model
        self.id = spec["id"]
        self.call_to_action = bool(spec.get("call_to_action"))
        self.title = title
        self.nodes = nodes
        self._kept = None  # (html, text) once frozen

    def freeze(self):
        """Keep the HTML and words as text, and let the tree go: once the
        page's rewrites are done they cannot change, and the render only
        reads them (see page_model/pipeline.py). The prose is only measured while
        the page is checked, so it is not kept."""
        self._kept = (self._model.html(self.nodes), self.text)
        self._model = self.nodes = None

    def __getstate__(self):
        """A section is kept (page_cache's read-ahead) as its text only: the
        tree is the page's, and the page is not kept with it (page_cache relinks
        it)."""
        if self._kept is None:
            raise TypeError("a section is kept only once frozen (after its page's rewrites)")
        return {"id": self.id, "call_to_action": self.call_to_action, "title": self.title, "_kept": self._kept}

    def __setstate__(self, state):
        self.__dict__.update(state, _page=None, _model=None, nodes=None)

    @property
    def html(self):
        source = self._kept[0] if self._kept else self._model.html(self.nodes)
        return self._page._update_content(source, self._page.get_siteurl())

    @property
    def text(self):
        """The section's words as plain text, spaces collapsed (for structured
        data and measuring): after the rewrites, so {phone} reads as the number."""
        if self._kept:
            return self._kept[1]
        return " ".join(self._model.text(self.nodes).split())

    @property
    def prose(self):
        """The words a patient reads as prose: without subheadings, the phone
        number or any link's address (link words stay)."""
        if self._kept:
            raise RuntimeError("a section's prose is read while its page is checked, before it is frozen")
        kept = [n for n in self.nodes if not (isinstance(n, Element) and n.name in SUBHEADING_LEVELS)]
        return " ".join(self._model.text(kept).split())


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


def heading_for(spec, title, lang):
    """The required heading of ``spec`` in ``lang``, worded with the page's title."""
    return spec["heading"][lang].format(title=title)


def split_blocks(model):
    """(lead nodes, [(heading, body nodes)]), cut at each top-level h1 or h2."""
    by_element = {id(h.element): h for h in model.headings}
    lead, parts = [], []
    for node in model.blocks:
        heading = by_element.get(id(node)) if isinstance(node, Element) and node.name in SECTION_LEVELS else None
        if heading is not None:
            parts.append((heading, []))
        elif parts:
            parts[-1][1].append(node)
        else:
            lead.append(node)
    return lead, parts


INVISIBLE_FIX = (
    "delete the character: it cannot be seen, so delete the word it is in (after the text "
    "named above) and type the word again."
)


class PageCheck:
    """Checks one page and collects what is wrong with it."""

    def __init__(self, page, model):
        self.page = page
        self.model = model
        self.settings = page.settings
        self.path = page.source_path
        self.source = model.source
        self.slot_name = self.settings["PHONE_PLACEHOLDER"].strip("{}")
        self.lang = getattr(page, "lang", None) or self.settings["DEFAULT_LANG"]
        if lang_unsaid(page):
            # No 'Lang:' line, or an empty one (unique_urls names it): the headings
            # are matched in the language of the page's folder, not the default's.
            folder = folder_language(page)
            self.lang = folder if folder in self.settings["LANGUAGES"] else self.settings["DEFAULT_LANG"]
        self.ok = True
        self.problems = []

    def problem(self, message, fix, line=None, find=None):
        """``line`` may be a heading: its source line, else its words to find."""
        if hasattr(line, "element"):
            line, find = line.line, (None if line.line else line.text)
        self.ok = False
        self.problems.append(problem(self.path, message, fix, line=line, find=find))

    def metadata_line(self, key):
        pattern = re.compile(rf"^{re.escape(key)}\s*:", re.I)
        for number, line in enumerate(source_lines(self.source), start=1):
            if not line.strip():
                return None  # metadata ends at the first blank line
            if pattern.match(line):
                return number
        return None

    def check_metadata(self):
        for key in self.settings["PROCEDURE_REQUIRED_METADATA"]:
            value = self.page.metadata.get(key)
            if not value or not str(value).strip():
                name = key.capitalize()
                self.problem(
                    f"the '{name}:' line is missing or empty.",
                    f"add a line '{name}: ...' at the top of the file, before the first blank line.",
                    line=self.metadata_line(key) or 1,
                )
        for key in self.settings["PROCEDURE_FORBIDDEN_METADATA"]:
            if key in self.page.metadata:
                name = key.capitalize()
                self.problem(
                    f"the '{name}:' line is not allowed on a procedure page: its "
                    "address and layout are the same for every procedure.",
                    f"remove the '{name}:' line; use 'Slug:' to choose the page's address.",
                    line=self.metadata_line(key),
                )
        self.check_hidden_characters()
        if "fixture" in self.page.metadata and not self.settings.get("ALLOW_TEST_FIXTURES"):
            self.problem(
                "this page is a test fixture (its 'Fixture:' line says so): its text was made for "
                "the tests, is not approved by the hospital, and must never be published.",
                "remove the file from content/; test fixtures live in tests/fixtures/.",
                line=self.metadata_line("fixture"),
            )
        summary = str(self.page.metadata.get("summary") or "").strip()
        if has_markup(summary) or "](" in summary:
            self.problem(
                "the 'Summary:' must be plain text; it is used as the page description in search results.",
                "remove links and HTML from the Summary line.",
                line=self.metadata_line("summary"),
            )
        elif summary and sentence_count(summary) > 1:
            self.problem(
                "the 'Summary:' must be one sentence; search results and the A–Z list show it in full.",
                "shorten it to one sentence that says what the procedure is.",
                line=self.metadata_line("summary"),
            )

    def check_hidden_characters(self):
        """Invisible characters in the header's lines and in every heading.
        The Slug: line is the unique_urls plugin's: it names them there."""
        for number, line in header_lines(self.source):
            key = without_invisible(line.partition(":")[0]).strip()
            named = describe_invisible(line)
            if named and key.lower() != "slug":
                what = f"the '{key.capitalize()}:' line" if ":" in line and key else f"line {number}"
                self.problem(
                    f"{what} holds an invisible character: {named}. {why_invisible_matters(line)}.",
                    INVISIBLE_FIX,
                    line=number,
                )
        for heading in self.model.headings:
            named = describe_invisible(heading.text)
            if named:
                self.problem(
                    f"the heading '{without_invisible(heading.text)}' holds an invisible character: {named}. "
                    f"{why_invisible_matters(heading.text)}.",
                    INVISIBLE_FIX,
                    heading,
                )

    def check_sections(self):
        title = self.page.metadata.get("title")
        if not title or isinstance(title, list):
            return None  # headings are worded from the title: nothing to match
        specs = self.settings["PROCEDURE_SECTIONS"]
        by_id = {spec["id"]: spec for spec in specs if spec["heading"]}
        lang = self.lang
        if lang not in self.settings["LANGUAGES"]:
            return None  # the unique_urls plugin names the 'Lang:' line; nothing to match it to
        missing = [spec_id for spec_id, spec in by_id.items() if lang not in spec["heading"]]
        if missing:
            self.problem(
                f"the required sections {', '.join(missing)} have no heading in the language "
                f"'{lang}' in PROCEDURE_SECTIONS (pelicanconf.py).",
                f"a developer adds the '{lang}' heading to each section in PROCEDURE_SECTIONS.",
            )
            return None
        by_heading = {normalise(heading_for(spec, title, lang)): spec for spec in by_id.values()}
        by_look = {normalise(fold(heading_for(spec, title, lang))): spec for spec in by_id.values()}
        order = {spec["id"]: index for index, spec in enumerate(specs)}
        lead_nodes, parts = split_blocks(self.model)
        ids_hint = ", ".join(f"{{#{spec_id}}}" for spec_id in by_id)

        found, unknown = [], []  # (place, spec, heading, body nodes); (place, heading, body nodes)
        for place, (heading, body) in enumerate(parts):
            if heading.level == 1:
                self.problem(
                    f"'# {heading.text}' is a top-level heading; the page title is already the top-level heading.",
                    "use '## ' for section headings and '### ' for headings inside a section.",
                    heading,
                )
                continue
            if heading.explicit_id:
                spec = by_id.get(heading.explicit_id)
                if spec is None:
                    self.problem(
                        f"'{{#{heading.explicit_id}}}' is not a section id.",
                        f"use one of {ids_hint}.",
                        heading,
                    )
                    continue
            else:
                spec = by_heading.get(normalise(heading.text))
                if spec is None and normalise(fold(heading.text)) in by_look and not only_accents(
                    heading.text, heading_for(by_look[normalise(fold(heading.text))], title, lang), normalise
                ):
                    spec = by_look[normalise(fold(heading.text))]
                    self.lookalike_heading(heading, heading_for(spec, title, lang))
                if spec is None:
                    unknown.append((place, heading, body))
                    continue
            found.append((place, spec, heading, body))
        found += self.advise_unknown(unknown, {spec["id"] for _place, spec, _h, _b in found}, by_id, title, lang)
        found = [(spec, heading, body) for _place, spec, heading, body in sorted(found, key=lambda item: item[0])]

        self.check_nested_headings()
        self.check_lead(lead_nodes)
        self.check_each_once_in_order(found, specs, order, title)
        for _spec, heading, body in found:
            words = self.model.text([n for n in body if not (isinstance(n, Element) and n.name in SUBHEADING_LEVELS)])
            pictures = any(e.name == "img" for e in self.model.elements_in(body))
            if not words.strip() and not pictures and not self.model.slots(body):
                self.problem(f"the section '{heading.text}' is empty.", "write the section's text under its heading.", heading)
        self.check_appointment(found)
        lead = Section(self.page, self.model, specs[0], specs[0].get("label"), lead_nodes)
        sections = [Section(self.page, self.model, spec, heading.text, body) for spec, heading, body in found]
        return Procedure(lead, sections)

    def advise_unknown(self, unknown, given, by_id, title, lang) -> list:
        """One problem for each mistake among the headings that are not a
        required section (heading_advice.py): a Title changed under the
        headings worded with it (two or more name the same other thing where
        the Title goes), said once for them all; a heading that
        differs only in its accents; a misspelled one, with the nearest
        required heading not yet on the page and its id. Each such heading
        is then taken as that section (returned as (place, spec, heading,
        body)), so the one mistake is not said again as a missing section."""
        taken, resolved, left = set(given), [], []
        renamed = {}  # the name the headings give -> (as written, [(place, spec, heading, body)])
        for place, heading, body in unknown:
            for spec_id, spec in by_id.items():
                named = None if spec_id in taken else title_named(heading.text, spec["heading"][lang])
                if named and normalise(named) != normalise(title):
                    renamed.setdefault(normalise(named), (named, []))[1].append((place, spec, heading, body))
                    taken.add(spec_id)
                    break
            else:
                left.append((place, heading, body))
        for named, items in list(renamed.values()):
            if len(items) == 1:  # one heading alone: a misspelling of the Title, said below
                place, spec, heading, body = items[0]
                left.append((place, heading, body))
                taken.discard(spec["id"])
                continue
            lines = [str(heading.line) for _p, _s, heading, _b in items if heading.line]
            self.problem(
                f"{len(items)} headings name '{named}', but the Title is '{title}'"
                + (f" (lines {', '.join(lines)})." if lines else "."),
                f"change the 'Title:' line back to '{named}', or write '{title}' in place of '{named}' "
                "in each of these headings.",
                items[0][2],
            )
            resolved += items
        left.sort(key=lambda item: item[0])
        examples = iter([spec_id for spec_id in by_id if spec_id not in taken])
        for place, heading, body in left:
            candidates = [(spec_id, heading_for(spec, title, lang)) for spec_id, spec in by_id.items() if spec_id not in taken]
            accented = next((key for key, wanted in candidates if only_accents(heading.text, wanted, normalise)), None)
            best, score = (accented, 1.0) if accented else nearest(heading.text, candidates, normalise)
            if best is not None and score >= LIKE_ENOUGH:
                wanted = without_invisible(heading_for(by_id[best], title, lang))
                if accented:
                    self.problem(
                        f"the heading '## {heading.text}' differs from the required '## {wanted}' only in its accents.",
                        f"write it as '## {wanted}'.",
                        heading,
                    )
                else:
                    self.problem(
                        f"the heading '## {heading.text}' is not one of the required sections; "
                        f"did you mean '## {wanted}'?",
                        f"write '## {wanted}', or keep your wording and add the section's id: "
                        f"'## {heading.text} {{#{best}}}'. For a heading inside a section, use '### '.",
                        heading,
                    )
                resolved.append((place, by_id[best], heading, body))
                taken.add(best)
                continue
            example = next((key for key in examples if key not in taken), None)
            self.problem(
                f"the heading '## {heading.text}' is not one of the required sections.",
                (
                    "use the exact heading from the list in docs/authoring.md, or keep your wording and add "
                    f"the section's id, for example '## {heading.text} {{#{example}}}'. For a heading "
                    "inside a section, use '### '."
                )
                if example
                else "every required section is already on the page: for a heading inside a section, use '### '.",
                heading,
            )
        return resolved

    def lookalike_heading(self, heading, wanted):
        """A heading that looks like the required one but is written with other
        characters: which characters, and where."""
        written = without_invisible(heading.text)
        named = describe_lookalikes(written, wanted) or "it is written with characters from another alphabet"
        self.problem(
            f"the heading '## {written}' looks like the required '{wanted}' but is written with "
            f"other characters: {named}.",
            f"type the heading again on your keyboard (a letter copied from elsewhere can be from another "
            f"alphabet), or copy it from here: '## {wanted}'.",
            heading,
        )

    def check_nested_headings(self):
        for heading in self.model.headings:
            if heading.element.name in SECTION_LEVELS and not heading.top_level:
                self.problem(
                    f"the heading '{heading.text}' is inside an HTML block, a list or a quote, so "
                    "the page cannot be cut into its sections.",
                    "write the heading in Markdown ('## ...') on its own line, outside any HTML "
                    "element, list or quote.",
                    heading,
                )

    def check_lead(self, lead_nodes):
        if not self.model.text(lead_nodes).strip() and not self.model.slots(lead_nodes):
            self.problem(
                "the page has no lead: the text before the first heading is empty.",
                "start the page, after the metadata lines and a blank line, with "
                "a short paragraph that says what the procedure is.",
                None,
            )

    def check_each_once_in_order(self, found, specs, order, title):
        seen = {}
        latest = None
        for spec, heading, _body in found:
            if spec["id"] in seen:
                first = seen[spec["id"]].line
                self.problem(
                    f"the section '{heading.text}' appears twice" + (f" (first at line {first})." if first else "."),
                    "merge the two into one section.",
                    heading,
                )
                continue
            seen[spec["id"]] = heading
            if latest is not None and order[spec["id"]] < order[latest[0]["id"]]:
                self.problem(
                    f"the section '{heading.text}' is out of order: it must come before '{latest[1].text}'.",
                    "put the sections in this order: "
                    + "; ".join(without_invisible(heading_for(s, title, self.lang)) for s in specs if s["heading"])
                    + ".",
                    heading,
                )
            if latest is None or order[spec["id"]] > order[latest[0]["id"]]:
                latest = (spec, heading)
        previous = "the lead"
        swallowed, said = None, set()
        for spec in specs:
            if not spec["heading"]:
                continue
            wanted = without_invisible(heading_for(spec, title, self.lang))  # the Title: line's are named there
            if spec["id"] not in seen:
                swallowed = swallowed_headings(self.model, normalise) if swallowed is None else swallowed
                block = swallowing(swallowed, wanted, normalise)
                if block is None:
                    self.problem(
                        f"the required section '{wanted}' is missing.",
                        f"add '## {wanted}' with its text, after {previous}.",
                    )
                elif block not in said:  # one problem for the block, however many sections it took
                    said.add(block)
                    self.problem(
                        f"the <{block.element}> that starts here holds '## {block.headings[0]}': Markdown reads "
                        "nothing inside an HTML element, so that heading and what follows it in the element are "
                        "shown as plain text, not as the page's sections.",
                        f"close it with </{block.element}> on a line of its own, then a blank line, where its "
                        f"content ends: before '## {block.headings[0]}'.",
                        line=block.line,
                    )
            previous = f"'{wanted}'"

    def check_appointment(self, found):
        placeholder = self.settings["PHONE_PLACEHOLDER"]
        for spec, heading, body in found:
            shown = any(name == self.slot_name for _node, name in self.model.slots(body))
            if spec.get("call_to_action") and not shown and not number_typed_in(self.model, body, self.page):
                self.problem(
                    f"the section '{heading.text}' does not show the phone number.",
                    f"write {placeholder} where the number should appear; the "
                    "build fills in the appointment number from the settings.",
                    heading,
                )


def page_procedure(content, model) -> tuple:
    """(the page's procedure, or None when it has a problem; its problems),
    as data, for a page is_procedure() says is one: page_model/pipeline.py
    keeps the one on the page (``page.procedure``) and reports the other."""
    check = PageCheck(content, model)
    check.check_metadata()
    procedure = check.check_sections()
    return (procedure if check.ok else None), check.problems


def freeze(procedure) -> None:
    """Once the page's rewrites are done (page_model/pipeline.py): its
    sections as text, the tree let go."""
    for part in (procedure.lead, *procedure.sections):
        part.freeze()


def relink(procedure, page) -> None:
    """A procedure kept by page_cache belongs to the page it is given back
    to (its sections resolve links through the page)."""
    for part in (procedure.lead, *procedure.sections):
        part._page = page


def register():
    status.register()
