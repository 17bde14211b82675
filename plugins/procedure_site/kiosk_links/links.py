"""Kiosk pages never navigate away: links out of the bundle become text.

A kiosk has no network and no phone, so a link to another site is shown as
its words followed by the address, for the patient to note down, and a tel:
link is shown as the number in large type. Any address with a scheme
(https:, mailto:, tel: ...) or a ``//host`` counts as outside.

A reference written as a site address ("/procedures/x/", "../x", "..") cannot
work from file://, where every link must name a file; every build refuses it
(plugins/procedure_site/intrasite_links) and asks for a {filename} or {static} link, which
works in every build.

Works on the page's one parse (plugins/procedure_site/page_model): the addresses are the ones
the model classified, so an attribute such as ``title="1 > 0"`` before the
href can neither hide a link nor leak into the page.
"""

import phonenumbers
from justhtml import Element, Text


OUTSIDE_KINDS = frozenset({"outside", "tel", "mailto", "forbidden"})


def _span(css_class, children):
    span = Element("span", {"class": css_class}, "html")
    for child in children:
        span.append_child(child)
    return span


def readable_number(address: str, region: str) -> str:
    """tel:+12025550143 as a patient reads it: (202) 555-0143."""
    number = address.split(":", 1)[1]
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return number
    same_country = parsed.country_code == phonenumbers.country_code_for_region(region)
    style = phonenumbers.PhoneNumberFormat.NATIONAL if same_country else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(parsed, style)


def offline_node(link, url, region="US"):
    """What replaces one outside link: its words and the address, as text."""
    words = list(link.children or [])
    if url.kind == "tel":
        strong = Element("strong", {"class": "phone-text"}, "html")
        said = link.to_text(separator="", strip=True)
        for child in words:
            strong.append_child(child)
        if not any(character.isdigit() for character in said):  # "Call the clinic": add the number
            number = readable_number(url.value.strip(), region)
            strong.append_child(Text(f" {number}" if said else number))
        return strong
    address = url.value.strip()
    if url.kind == "mailto":
        address = address.split(":", 1)[1]
    if link.to_text(separator="", strip=True) == address:
        return _span("offline-link", [Text(address)])
    return _span("offline-link", [*words, Text(" "), _span("offline-link__address", [Text(f"({address})")])])


def unlink_outside(model, region="US") -> None:
    for url in list(model.urls):
        link = url.element
        if link.name != "a" or url.attribute != "href" or url.kind not in OUTSIDE_KINDS or link.parent is None:
            continue
        link.parent.replace_child(offline_node(link, url, region), link)


def register():
    """Nothing to connect: page_model/pipeline.py calls unlink_outside in a kiosk build."""
