"""Kiosk pages never navigate away: links out of the bundle become text.

A kiosk has no network and no phone, so a link to another site is shown as
its words followed by the address, for the patient to note down, and a tel:
link is shown as the number in large type. A link written as a site address
("/procedures/x/") cannot work from file://, so the kiosk build refuses it
and asks for a {filename} link, which works in every build.
"""

import re

from blinker import signal
from pelican import signals
from pelican.contents import Page

content_problem = signal("content_problem")
_LINK = re.compile(r"<a\s(?P<attrs>[^>]*)>(?P<text>.*?)</a>", re.S | re.I)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))""", re.I)
_OUTSIDE = re.compile(r"^(https?:|//|mailto:|tel:)", re.I)


def _unlink(match):
    href = _href_of(match.group("attrs"))
    if href is None or not _OUTSIDE.match(href):
        return match.group(0)
    text = match.group("text")
    if href.lower().startswith("tel:"):
        return f'<strong class="phone-text">{text}</strong>'
    address = re.sub(r"^mailto:", "", href, flags=re.I)
    if re.sub(r"<[^>]+>", "", text).strip() == address:
        return f'<span class="offline-link">{address}</span>'
    return f'<span class="offline-link">{text} <span class="offline-link__address">({address})</span></span>'


def _href_of(attrs):
    found = _HREF.search(attrs)
    if not found:
        return None
    return next(v for v in found.group("dq", "sq", "bare") if v is not None).strip()


def site_address_links(html):
    """Hrefs that only work on a web server: root-relative or a bare folder."""
    bad = []
    for match in _LINK.finditer(html):
        href = _href_of(match.group("attrs"))
        if href is None or href.startswith(("#", "{", "|")) or _OUTSIDE.match(href):
            continue
        path = href.split("#")[0].split("?")[0]
        if href.startswith("/") or (path and path.endswith("/")):
            bad.append(href)
    return bad


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
            "[Kyphoplasty]({filename}kyphoplasty.md).",
            find=href,
        )


def register():
    signals.content_object_init.connect(rewrite_page)
