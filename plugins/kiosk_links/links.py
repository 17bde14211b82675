"""Kiosk pages never navigate away: links out of the bundle become text.

A kiosk has no network and no phone, so a link to another site is shown as
its words followed by the address, for the patient to note down, and a tel:
link is shown as the number in large type. Any address with a scheme
(https:, mailto:, sms:, ftp:, ...) counts as outside. A reference written as
a site address ("/procedures/x/", "../x", "..") cannot work from file://,
where every link must name a file, so the kiosk build refuses it and asks
for a {filename} or {static} link, which works in every build.
"""

import html as html_entities
import re

from blinker import signal
from pelican import signals
from pelican.contents import Page

content_problem = signal("content_problem")
_LINK = re.compile(r"<a\s(?P<attrs>[^>]*)>(?P<text>.*?)</a>", re.S | re.I)
_ATTRIBUTE = r"""\b{name}\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))"""
_HREF = re.compile(_ATTRIBUTE.format(name="href"), re.I)
_SOURCE = re.compile(r"<[a-z]+\s[^>]*?" + _ATTRIBUTE.format(name="(?:src|poster|data)"), re.I)
_OUTSIDE = re.compile(r"^(//|[a-z][a-z0-9+.-]*:)", re.I)


def _unlink(match):
    href = _href_of(match.group("attrs"))
    if href is None or not _OUTSIDE.match(href):
        return match.group(0)
    text = match.group("text")
    if href.lower().startswith("tel:"):
        return f'<strong class="phone-text">{text}</strong>'
    address = re.sub(r"^(mailto|sms):", "", href, flags=re.I)
    shown = html_entities.escape(address)
    if html_entities.unescape(re.sub(r"<[^>]+>", "", text)).strip() == address:
        return f'<span class="offline-link">{shown}</span>'
    return f'<span class="offline-link">{text} <span class="offline-link__address">({shown})</span></span>'


def _value(found):
    """The attribute's value as the browser reads it (entities decoded)."""
    raw = next(v for v in found.group("dq", "sq", "bare") if v is not None)
    return html_entities.unescape(raw).strip()


def _href_of(attrs):
    found = _HREF.search(attrs)
    return _value(found) if found else None


def names_no_file(reference):
    """True for a reference that only works on a web server: root-relative,
    or ending in a folder rather than a file."""
    if reference.startswith(("#", "{", "|")) or _OUTSIDE.match(reference):
        return False
    path = reference.split("#")[0].split("?")[0]
    if not path:
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return path.startswith("/") or path.endswith("/") or "." not in last.strip(".")


def site_address_links(html):
    """Links and sources in the page that name no file in the bundle."""
    references = [_href_of(m.group("attrs")) for m in _LINK.finditer(html)]
    references += [_value(m) for m in _SOURCE.finditer(html)]
    return [r for r in references if r is not None and names_no_file(r)]


def unlink_external(html):
    return _LINK.sub(_unlink, html)


def rewrite_page(content):
    if not isinstance(content, Page) or not content._content:
        return
    content._content = unlink_external(content._content)
    for href in site_address_links(content._content):
        content_problem.send(
            content.source_path,
            message=f"the link {href} is a web address, which does not work in "
            "the kiosk (it opens pages as files).",
            fix="link to the page's file instead, for example "
            "[Kyphoplasty]({filename}kyphoplasty.md), or to an image as "
            "{static}/images/name.png.",
            find=href,
        )


def register():
    signals.content_object_init.connect(rewrite_page)
