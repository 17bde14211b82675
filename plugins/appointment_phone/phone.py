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
    if own is not None:
        if parse(own, region) is None:
            content_problem.send(
                content.source_path,
                message=f"'Phone: {own}' is not a valid phone number.",
                fix="write the full number with its area code, like "
                "202-555-0100, or remove the line to use the hospital's "
                "appointment number.",
                find=f"{own}",
            )
            return
    number = parse(own or settings["APPOINTMENT_PHONE"], region)
    if number is None:
        return  # reported once, by check_setting
    text = _TAGS.sub(" ", content._content or "")
    for match in phonenumbers.PhoneNumberMatcher(text, region):
        if match.number == number:
            content_problem.send(
                content.source_path,
                message=f"the appointment number {match.raw_string} is typed "
                "into the text.",
                fix=f"write {settings['PHONE_PLACEHOLDER']} instead; the build "
                "fills in the number from the settings, so it is kept in one place.",
                find=match.raw_string,
            )


def register():
    signals.initialized.connect(check_setting)
    signals.generator_init.connect(add_filters)
    signals.content_object_init.connect(check_page)
