"""``{phone}``: the one owner of the placeholder, from Markdown to the page.

Content writes ``{phone}`` where the appointment number belongs; the number
itself lives in the settings (APPOINTMENT_PHONE, or a page's ``Phone:``).

- Syntax. A Markdown inline pattern turns ``{phone}`` into a slot (see
  page_model/model.py) wherever Markdown reads inline text: a paragraph, the
  start or end of a line, a list item, a table cell. It runs inside Markdown,
  before attr_list, so ``{phone}`` at the start of a line is never taken as an
  attribute list (which used to swallow the number silently).
- Where it may stand. In the text of the page. Not in a heading, not inside a
  link's words or address, not in raw HTML or code (Markdown does not read
  those, so the slot is never made there), not in the Title or Summary.
  Each misuse is a content problem with the file, the line and the fix.
- Near misses. ``{Phone}``, ``{ phone }``; and, by how they look (the TR39
  skeleton, sitebuild/unicode_text.py), ``{phоne}`` with a Cyrillic "о",
  fullwidth ``｛phone｝``, or one holding an invisible character. Patients
  would see any of them as written, so each is a problem that names the
  character that differs.
- How it renders. Web: ``<a class="phone-link" href="tel:+1...">202-...</a>``;
  kiosk (PHONE_LINKS false, nothing to dial with): ``<strong
  class="phone-text">``. The same function renders the header's number, so the
  two never differ.

The slot is filled after the page's one parse, so the checks see the author's
words and the build's own link is never mistaken for a typed number.
"""

import functools
import re
import unicodedata

import phonenumbers
from justhtml import Element, Text, to_html
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from procedure_site.build_report.report import AsWritten
from sitebuild.unicode_text import describe_invisible, describe_lookalikes, find_confusable, fold, without_invisible

from .phone import costly, parse, phone_display, tel_uri, usable

SLOT_NAME = "phone"
SLOT = f"\x02{SLOT_NAME}\x03"
# After links (160) so that [Call]({phone}) stays a link address (reported),
# before emphasis (60) so *{phone}* works.
INLINE_PRIORITY = 75


class _Slot(InlineProcessor):
    def handleMatch(self, match, data):  # noqa: N802 (Python-Markdown's name)
        return AtomicString(SLOT), match.start(0), match.end(0)


class PhonePlaceholder(Extension):
    """Python-Markdown extension: ``{phone}`` becomes the build's phone slot."""

    def __init__(self, placeholder="{phone}", **kwargs):
        self.placeholder = placeholder
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802
        md.inlinePatterns.register(_Slot(re.escape(self.placeholder), md), "appointment_phone", INLINE_PRIORITY)


# --- Rendering -------------------------------------------------------------------


def phone_node(number: str, region: str, links: bool) -> Element:
    """The number as patients see it: a tel: link, or large text on a kiosk."""
    if links:
        element = Element("a", {"class": "phone-link", "href": tel_uri(number, region)}, "html")
    else:
        element = Element("strong", {"class": "phone-text"}, "html")
    element.append_child(Text(phone_display(number, region)))
    return element


def phone_html(number: str, region: str, links: bool) -> str:
    return to_html(phone_node(number, region, links), pretty=False)


def page_number(content) -> str:
    """The page's own valid ``Phone:``, else the appointment number."""
    settings = content.settings
    own = content.metadata.get("phone")
    if own is not None and usable(own, settings["PHONE_REGION"]) is not None:
        return str(own)
    return settings["APPOINTMENT_PHONE"]


def fill_slots(model, content) -> None:
    settings = content.settings
    number = page_number(content)
    for text_node, name in model.slots():
        if name == SLOT_NAME and text_node.parent is not None:
            model.fill_slot(
                text_node, SLOT_NAME, lambda: phone_node(number, settings["PHONE_REGION"], settings["PHONE_LINKS"])
            )


# --- Misuse ----------------------------------------------------------------------


def _ancestors(node):
    parent = node.parent
    while parent is not None and getattr(parent, "name", None) != "#document-fragment":
        yield parent
        parent = parent.parent


@functools.lru_cache(maxsize=8)
def near_misses(placeholder: str) -> re.Pattern:
    """``{Phone}``, ``{ phone }``, ``{PHONE}``: meant as the placeholder, but not it."""
    return re.compile(r"\{\s*" + re.escape(placeholder.strip("{}")) + r"\s*\}", re.I)


@functools.lru_cache(maxsize=8)
def confusable_misses(placeholder: str) -> re.Pattern:
    """The near misses as they look, over folded text (sitebuild/unicode_text.fold):
    ``{phоne}`` with a Cyrillic о, ``｛phone｝`` with fullwidth braces,
    ``{pho\u200dne}`` with a zero-width joiner."""
    return re.compile(r"\{\s*" + re.escape(fold(placeholder.strip("{}"))) + r"\s*\}")


def misses_in(text: str, placeholder: str) -> set[str]:
    """Every near miss of the placeholder in ``text``, as written. Plain ASCII
    text is searched as before; other text also by how it looks, so a
    placeholder typed with a letter of another alphabet is not shown to
    patients as written."""
    found = {m.group(0) for m in near_misses(placeholder).finditer(text)}
    if not text.isascii():
        found.update(find_confusable(text, confusable_misses(placeholder), needs="{}"))
    return found - {placeholder}


def doubled_brackets(text: str, placeholder: str) -> set[str]:
    """The placeholder written with a bracket more around it ("{{phone}}",
    "{{phone}", "{phone}}"), as written, in a text node where the Markdown
    extension made each placeholder a slot (page_model's SLOT)."""
    found, start = set(), text.find(SLOT)
    while start != -1:
        end = start + len(SLOT)
        before, after = text[start - 1 : start] == "{", text[end : end + 1] == "}"
        if before or after:
            found.add("{" * before + placeholder + "}" * after)
        start = text.find(SLOT, end)
    return found


def miss_problem(miss: str, placeholder: str):
    """(message, fix) for a near miss: what differs, by name when it cannot be seen."""
    shown = without_invisible(miss)
    retype = f"delete it and type {placeholder} again on your keyboard: curly brackets, small letters, no spaces."
    invisible = describe_invisible(miss)
    if invisible and shown == placeholder:
        return (
            f"this {placeholder} holds an invisible character: {invisible}. So it is not the placeholder, "
            "and patients would see it as written.",
            retype,
        )
    unusual = invisible or describe_lookalikes(shown, placeholder)
    if unusual:
        return (
            f"{shown} looks like {placeholder} but is written with other characters: {unusual}. "
            "Patients would see it as written.",
            retype,
        )
    return (
        f"{miss} looks like {placeholder} but is written differently, so it would be shown as written.",
        f"write it exactly as {placeholder}: small letters, no spaces.",
    )


def _line_of(node, model, placeholder):
    """Text to find the misplaced placeholder's own source line by."""
    heading = next((h for h in model.headings if any(a is h.element for a in _ancestors(node))), None)
    if heading is not None and heading.line:
        return None, heading.line
    link = next((a for a in _ancestors(node) if a.name == "a" and (a.attrs or {}).get("href")), None)
    if link is not None:
        return link.attrs["href"], None
    words = next((line.strip() for line in (node.data or "").splitlines() if placeholder in line), "")
    if node.parent is not None and node.parent.name == "code":
        words = f"`{words}`"
    return words or placeholder, None


def _attribute_needle(model, element, name, value):
    """Text to find the placeholder-as-address's own line by: the element's
    link or attribute as written ("[Call us]({phone}" in Markdown,
    'href="{phone}"' in HTML), so a {phone} written rightly elsewhere is not
    taken for it. Then any Markdown link to the value; else the value."""
    words = model.text([element]).strip()
    around = (f"[{words}]({value}", f'{name}="{value}"', f"{name}='{value}'", f"]({value}", f"](<{value}>")
    return AsWritten(next((needle for needle in around if needle in model.source), value))


def problems(model, content):
    """(message, fix, text to find in the source, line) for each misuse of the placeholder."""
    for message, fix, *where in _problems(model, content):
        yield (message, fix, *where, None) if len(where) == 1 else (message, fix, *where)


def _problems(model, content):
    placeholder = content.settings["PHONE_PLACEHOLDER"]
    region = content.settings["PHONE_REGION"]
    own = content.metadata.get("phone")
    if own is not None and parse(own, region) is None:
        yield (
            f"'Phone: {own}' is not a valid phone number.",
            "write the full number with its area code, like 202-555-0100, or "
            "remove the line to use the hospital's appointment number.",
            "phone:",  # the header line, even when it is empty
        )
    elif own is not None and costly(own, region):
        yield (
            f"'Phone: {own}' is {costly(own, region)}.",
            "write a number patients can call at the ordinary price, or remove the line to use "
            "the hospital's appointment number.",
            "phone:",
        )
    for key, value in sorted(content.metadata.items()):
        if isinstance(value, str) and (placeholder in value or misses_in(value, placeholder)):
            yield (
                f"{placeholder} is in the '{key.capitalize()}:' line, where the number cannot be filled in.",
                f"write the number's place in the page's text instead; the '{key.capitalize()}:' line "
                "is shown as written.",
                f"{key}:",
            )
    doubled_in = {}  # each text node once, however many slots it holds
    for text_node, _name in model.slots():
        doubled_in.setdefault(id(text_node), text_node)
    for text_node in doubled_in.values():
        for written in sorted(doubled_brackets(text_node.data or "", placeholder)):
            yield (
                f"{written} has a curly bracket too many, so patients would see the number with it "
                f"({written.replace(placeholder, '202-555-0100')}).",
                f"write {placeholder}, with one curly bracket on each side.",
                AsWritten(written),
            )
    for text_node, _name in model.slots():
        inside = {element.name for element in _ancestors(text_node)}
        if inside & {"h1", "h2", "h3", "h4", "h5", "h6"}:
            yield (
                f"{placeholder} is in a heading; the number can only be filled in within a section's text.",
                f"move {placeholder} out of the heading into the text below it.",
                *_line_of(text_node, model, placeholder),
            )
        elif "a" in inside:
            yield (
                f"{placeholder} is inside a link's words; the build makes the number a link by itself.",
                f"write {placeholder} on its own, outside the [words](...) of the link.",
                *_line_of(text_node, model, placeholder),
            )
    for text_node in model.texts():
        data = text_node.data or ""
        if placeholder in data:
            yield (
                f"{placeholder} is inside HTML or `code`, where the build cannot fill in the number.",
                f"write {placeholder} in the page's Markdown text, outside any HTML tag or backticks.",
                *_line_of(text_node, model, placeholder),
            )
        for miss in sorted(misses_in(data, placeholder)):
            # as written: "{Phone}" is on its own line, not on the first "{phone}"
            yield (*miss_problem(miss, placeholder), AsWritten(miss))
    for element in model.elements():
        for name, value in (element.attrs or {}).items():
            if value and placeholder in value:
                yield (
                    f"{placeholder} is used as a link address or attribute; the build makes the number "
                    "a link by itself.",
                    f"write {placeholder} on its own, not inside [text](...) or an HTML tag.",
                    _attribute_needle(model, element, name, value),
                )
    yield from typed_numbers(model, content)


# \d is any script's decimal digit, as phonenumbers reads them. The runs of
# digits are found and joined: removing every other character (re.sub of \D)
# made a match of nearly every character of the page, 0.2 ms a page.
_DIGIT_RUN = re.compile(r"\d+")


def _digits(text: str) -> str:
    """The text's digits alone, in order, each as an ASCII digit (phonenumbers
    reads any script's digits, so the comparison does too)."""
    digits = "".join(_DIGIT_RUN.findall(text))
    return digits if digits.isascii() else "".join(str(unicodedata.decimal(c)) for c in digits)


def could_hold(text: str, number) -> bool:
    """False when ``text`` cannot contain ``number`` in any written form.

    However a number is written (dashes, dots, brackets, spaces, a country
    code), its national digits stand together once everything but the digits is
    taken out. Checking that first spares PhoneNumberMatcher, which parses
    every run of digits on the page (years, doses, counts): that was a tenth of
    a 1,000-page build, on pages that hold no number at all."""
    return phonenumbers.national_significant_number(number) in _digits(text)


def appointment_numbers(content) -> list:
    """The numbers a page must not type: its own Phone:, and the hospital's."""
    region = content.settings["PHONE_REGION"]
    numbers = [parse(n, region) for n in (content.metadata.get("phone"), content.settings["APPOINTMENT_PHONE"]) if n]
    return [n for n in numbers if n is not None]  # PhoneNumber is not hashable


def number_typed_in(model, nodes, content) -> bool:
    """Whether the appointment number is typed among ``nodes`` (in their words
    or a tel: link): typed_numbers reports it, and a section that shows the
    number that way is not also "without the number"."""
    region, numbers = content.settings["PHONE_REGION"], appointment_numbers(content)
    text = model.text(nodes)
    if any(could_hold(text, n) for n in numbers):
        if any(m.number in numbers for m in phonenumbers.PhoneNumberMatcher(text, region)):
            return True
    inside = {id(element) for element in model.elements_in(nodes)}
    return any(
        url.kind == "tel" and id(url.element) in inside and parse(url.value.split(":", 1)[1], region) in numbers
        for url in model.urls
    )


def typed_numbers(model, content):
    """The appointment number typed into the words, or into a tel: link: one
    problem for each place it is typed, so a link that shows the number it
    dials ([202-877-9729](tel:+12028779729)) is one mistake, said once."""
    settings = content.settings
    region = settings["PHONE_REGION"]
    placeholder = settings["PHONE_PLACEHOLDER"]
    numbers = appointment_numbers(content)
    text = model.text(None)
    in_words = []
    if any(could_hold(text, number) for number in numbers):
        in_words = [(m.number, m.raw_string) for m in phonenumbers.PhoneNumberMatcher(text, region)]
    in_words = [(number, written) for number, written in in_words if number in numbers]
    for url in model.urls:
        if url.kind != "tel":
            continue
        number, address = parse(url.value.split(":", 1)[1], region), url.value.strip()
        if number not in numbers:
            continue
        words = model.text(url.element.children or [])
        shown = next((found for found in in_words if found[0] == number and found[1] in words), None)
        if shown is None:
            yield (
                f"the appointment number {address} is typed into the page.",
                f"write {placeholder} instead; the build fills in the number from the settings, so it is kept in one place.",
                address,
            )
            continue
        in_words.remove(shown)
        yield (
            f"the appointment number is typed into the page as a link, [{shown[1]}]({address}).",
            f"write {placeholder} in place of the whole link, brackets and all; the build fills in the number "
            "from the settings and makes it a link by itself.",
            address,
        )
    for _number, written in in_words:
        yield (
            f"the appointment number {written} is typed into the page.",
            f"write {placeholder} instead; the build fills in the number from the settings, so it is kept in one place.",
            written,
        )
