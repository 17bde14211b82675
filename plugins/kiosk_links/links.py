"""Kiosk pages never navigate away: links out of the bundle become text.

A kiosk has no network and no phone, so a link to another site is shown as
its words followed by the address, for the patient to note down, and a tel:
link is shown as the number in large type.
"""

import re

from pelican import signals
from pelican.contents import Page

_LINK = re.compile(r"<a\s(?P<attrs>[^>]*)>(?P<text>.*?)</a>", re.S | re.I)
_HREF = re.compile(r"""\bhref\s*=\s*(["'])(?P<href>.*?)\1""", re.S | re.I)
_OUTSIDE = re.compile(r"^(https?:|//|mailto:|tel:)", re.I)


def _unlink(match):
    href_match = _HREF.search(match.group("attrs"))
    if not href_match or not _OUTSIDE.match(href_match.group("href").strip()):
        return match.group(0)
    href, text = href_match.group("href").strip(), match.group("text")
    if href.lower().startswith("tel:"):
        return f'<strong class="phone-text">{text}</strong>'
    address = re.sub(r"^mailto:", "", href, flags=re.I)
    if re.sub(r"<[^>]+>", "", text).strip() == address:
        return f'<span class="offline-link">{address}</span>'
    return f'<span class="offline-link">{text} <span class="offline-link__address">({address})</span></span>'


def unlink_external(html):
    return _LINK.sub(_unlink, html)


def rewrite_page(content):
    if isinstance(content, Page) and content._content:
        content._content = unlink_external(content._content)


def register():
    signals.content_object_init.connect(rewrite_page)
