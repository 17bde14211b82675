"""Rejects active content in pages: scripts, embedded frames and objects,
inline event handlers and javascript: URLs; and anything a page would load
from another site (an image from a CDN), or from a data: address.

Pages must work without JavaScript, pass a strict Content-Security-Policy and
never load anything from elsewhere, so none of these has a legitimate use in
a procedure page. The check runs on the HTML the Markdown produced, so it
sees raw HTML and Markdown links alike.
"""

import re

import lxml.html
from blinker import signal
from pelican import signals
from pelican.contents import Page

content_problem = signal("content_problem")

FORBIDDEN_ELEMENTS = {
    "script": "scripts do not run on these pages",
    "iframe": "embedded pages are not allowed",
    "frame": "embedded pages are not allowed",
    "object": "embedded objects are not allowed",
    "embed": "embedded objects are not allowed",
    "applet": "embedded objects are not allowed",
    "base": "it would change where every link points",
    "meta": "page settings come from the theme",
    "link": "stylesheets come from the theme",
    "style": "styles come from the theme",
    "form": "forms are not allowed on procedure pages",
}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "cite", "xlink:href", "srcset")
# Attributes whose address the browser loads by itself, without a click.
LOADED_ATTRIBUTES = ("src", "srcset", "poster", "data", "background")
_REMOTE = re.compile(r"^\s*(https?:)?//", re.I)
# Browsers ignore control characters and spaces inside a scheme: "java\tscript:".
_SCHEME_NOISE = re.compile(r"[\x00-\x20]+")


def problems_in(html):
    """Yield (message, fix, needle) for each unsafe thing in the HTML."""
    if not html or not html.strip():
        return
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in FORBIDDEN_ELEMENTS:
            yield (
                f"<{tag}> is not allowed: {FORBIDDEN_ELEMENTS[tag]}.",
                f"remove the <{tag}> element. To show a video or map, link to it "
                "with its address written out instead.",
                f"<{tag}",
            )
        for name, value in element.attrib.items():
            lowered = name.lower()
            if lowered.startswith("on"):
                yield (
                    f"the attribute {name}= is an inline event handler, which "
                    "is not allowed.",
                    f"remove {name}=\"...\" from the <{tag}> element.",
                    f"{name}=",
                )
                continue
            if lowered not in URL_ATTRIBUTES:
                continue
            scheme = _SCHEME_NOISE.sub("", value).lower()
            if scheme.startswith("javascript:"):
                yield (
                    "a javascript: link is not allowed.",
                    "link to a page or a file instead.",
                    "javascript:",
                )
            elif scheme.startswith("data:"):
                yield (
                    "a data: address is not allowed; the page's security policy blocks it.",
                    "save the image as a file in content/images/ and link it as "
                    "{static}/images/name.png.",
                    "data:",
                )
            elif lowered in LOADED_ATTRIBUTES and _REMOTE.match(value):
                yield (
                    f"the <{tag}> loads {value.strip()} from another site. Pages load "
                    "nothing from elsewhere: the other site would learn who reads "
                    "about this procedure.",
                    "save the file in content/images/ and link it as "
                    "{static}/images/name.png.",
                    value.strip(),
                )


def check_page(content):
    if not isinstance(content, Page):
        return
    for message, fix, needle in problems_in(content._content):
        content_problem.send(content.source_path, message=message, fix=fix, find=needle)


def register():
    signals.content_object_init.connect(check_page)
