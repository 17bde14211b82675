"""The appointment phone number: parsing and formatting, with phonenumbers.

The number lives in one setting (APPOINTMENT_PHONE), and a page may override
it with "Phone:" metadata. Numbers are parsed with phonenumbers, so a typo
fails the build instead of reaching a patient. A number that costs the caller
more than a call (premium-rate, shared-cost, as phonenumbers classes it) is
refused too: every tel: link on the site would dial it.

A tel: link is E.164 (``tel:+12028779729``); a number with an extension is
written as RFC 3966 says (``tel:+1-202-877-9729;ext=1234``), so the phone
dials the extension too. phonenumbers writes both.
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
    if parsed.extension:
        # phonenumbers reads an extension in any script's digits and keeps them
        # so ("ext. ۱۲۳"): a phone dials and a patient reads ASCII digits.
        parsed.extension = phonenumbers.normalize_digits_only(parsed.extension)
    return parsed if phonenumbers.is_valid_number(parsed) else None


# What a patient would pay, by the kinds of number phonenumbers tells apart.
COSTLY = {
    phonenumbers.PhoneNumberType.PREMIUM_RATE: "a premium-rate number: patients would pay extra to call it",
    phonenumbers.PhoneNumberType.SHARED_COST: "a shared-cost number: patients would pay part of the call",
}


def costly(number, region) -> str | None:
    """Why a valid number must not be dialled from the site, or None."""
    parsed = parse(number, region)
    return None if parsed is None else COSTLY.get(phonenumbers.number_type(parsed))


def usable(number, region):
    """The PhoneNumber the site may show and dial, or None."""
    parsed = parse(number, region)
    return parsed if parsed is not None and costly(number, region) is None else None


def tel_uri(number, region="US"):
    parsed = parse(number, region)
    if parsed is None:
        raise ValueError(f"not a valid phone number: {number!r}")
    if parsed.extension:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.RFC3966)
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
        # The international format writes the extension itself (" x12"); it is written once, below.
        bare = phonenumbers.PhoneNumber()
        bare.merge_from(parsed)
        bare.extension = None
        text = phonenumbers.format_number(bare, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if parsed.extension:
        text += f" ext. {parsed.extension}"
    return text
