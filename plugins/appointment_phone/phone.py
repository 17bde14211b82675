"""The appointment phone number: validation and formatting.

The number lives in one setting (APPOINTMENT_PHONE), and a page may override
it with "Phone:" metadata. Numbers are parsed with phonenumbers, so a typo
fails the build instead of reaching a patient. Templates get two filters:
``tel_uri`` (E.164, for the tel: link) and ``phone_display`` (what is read).
"""

import re

import phonenumbers
from blinker import signal
from pelican import signals
from pelican.contents import Page

content_problem = signal("content_problem")
_TAGS = re.compile(r"<[^>]+>")
_TEL_HREF = re.compile(r"""href\s*=\s*["']?\s*tel:([^"'\s>]+)""", re.I)


def parse(number, region):
    """A valid PhoneNumber, or None."""
    try:
        parsed = phonenumbers.parse(str(number), region)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


def tel_uri(number, region="US"):
    parsed = parse(number, region)
    if parsed is None:
        raise ValueError(f"not a valid phone number: {number!r}")
    return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_display(number, region="US"):
    """US numbers read as 202-877-9729, the form patients see on letters."""
    parsed = parse(number, region)
    if parsed is None:
        raise ValueError(f"not a valid phone number: {number!r}")
    national = phonenumbers.national_significant_number(parsed)
    if parsed.country_code == 1 and len(national) == 10:
        text = f"{national[:3]}-{national[3:6]}-{national[6:]}"
    else:
        text = phonenumbers.format_number(
            parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
    if parsed.extension:
        text += f" ext. {parsed.extension}"
    return text


def check_setting(pelican):
    settings = pelican.settings
    if parse(settings["APPOINTMENT_PHONE"], settings["PHONE_REGION"]) is None:
        content_problem.send(
            "pelicanconf.py",
            message=f"APPOINTMENT_PHONE = {settings['APPOINTMENT_PHONE']!r} is "
            "not a valid phone number.",
            fix="write the full number with its area code, like 202-555-0100.",
        )


def add_filters(generator):
    region = generator.settings["PHONE_REGION"]
    generator.env.filters["tel_uri"] = lambda number: tel_uri(number, region)
    generator.env.filters["phone_display"] = lambda number: phone_display(number, region)


def check_page(content):
    if not isinstance(content, Page):
        return
    settings = content.settings
    region = settings["PHONE_REGION"]
    own = content.metadata.get("phone")
    if own is not None and parse(own, region) is None:
        report(
            content,
            f"'Phone: {own}' is not a valid phone number.",
            "write the full number with its area code, like 202-555-0100, or "
            "remove the line to use the hospital's appointment number.",
            find=str(own),
        )
        return
    numbers = [n for n in (parse(own, region) if own else None, parse(settings["APPOINTMENT_PHONE"], region)) if n]
    check_placeholder_use(content, settings["PHONE_PLACEHOLDER"])
    check_typed_numbers(content, numbers, region, settings["PHONE_PLACEHOLDER"])


def report(content, message, fix, find=None):
    content_problem.send(content.source_path, message=message, fix=fix, find=find)


def check_placeholder_use(content, placeholder):
    """The placeholder is filled in only in a section's text."""
    with open(content.source_path, encoding="utf-8") as handle:
        source = handle.read()
    for line in source.splitlines():
        if line.lstrip().startswith("#") and placeholder in line:
            report(
                content,
                f"{placeholder} is in a heading; the number can only be filled "
                "in within a section's text.",
                f"move {placeholder} out of the heading into the text below it.",
                find=line.strip(),
            )
    if re.search(rf"<[^>]*{re.escape(placeholder)}[^>]*>", content._content or ""):
        report(
            content,
            f"{placeholder} is used as a link address; the build makes the "
            "number a link by itself.",
            f"write {placeholder} on its own, not inside [text](...) or an HTML tag.",
            find=f"({placeholder})" if f"({placeholder})" in source else placeholder,
        )


def check_typed_numbers(content, numbers, region, placeholder):
    """No appointment number typed into the text or into a tel: link."""
    html = content._content or ""
    text = _TAGS.sub(" ", html)
    found = [(m.number, m.raw_string) for m in phonenumbers.PhoneNumberMatcher(text, region)]
    for href in _TEL_HREF.findall(html):
        found.append((parse(href, region), f"tel:{href}"))
    for number, written in found:
        if number in numbers:
            report(
                content,
                f"the appointment number {written} is typed into the page.",
                f"write {placeholder} instead; the build fills in the number "
                "from the settings, so it is kept in one place.",
                find=written,
            )


def register():
    signals.initialized.connect(check_setting)
    signals.generator_init.connect(add_filters)
    signals.content_object_init.connect(check_page)
