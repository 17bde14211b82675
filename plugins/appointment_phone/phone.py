"""The appointment phone number: parsing and formatting, with phonenumbers.

The number lives in one setting (APPOINTMENT_PHONE), and a page may override
it with "Phone:" metadata. Numbers are parsed with phonenumbers, so a typo
fails the build instead of reaching a patient.
"""

import functools

import phonenumbers


@functools.lru_cache(maxsize=256)
def parse(number, region):
    """A valid PhoneNumber, or None. Cached: a catalog repeats one number."""
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
        text = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if parsed.extension:
        text += f" ext. {parsed.extension}"
    return text
