"""Classifies every address a page's HTML carries, once, the way a browser reads it.

Each URL-bearing attribute value gets one kind:

- ``page``: a Pelican link to another page (``{filename}kyphoplasty.md``, ``{index}``);
- ``static``: a Pelican link to a file (``{static}/images/spine.png``, ``{attach}``);
- ``listing``: a Pelican link to a tag, category or author page;
- ``anchor``: a place on the same page (``#prepare``);
- ``tel``, ``mailto``;
- ``outside``: another site (``https:``, ``http:``, or ``//host`` with no scheme);
- ``site``: an address on this site written as a path (``/procedures/x/``, ``../x``);
- ``forbidden``: any other scheme (``javascript:``, ``data:``, ``file:``, ``sms:`` ...).

The value is first cleaned as the WHATWG URL parser does: leading and trailing
C0 controls and spaces are dropped and tabs and newlines removed anywhere
(``java\\tscript:`` is ``javascript:``), and a backslash counts as a slash in an
address without a scheme, since the page's own scheme is http(s)
(``/\\cdn.example/x.png`` is ``//cdn.example/x.png``, another site). Entities
are already decoded by the HTML parser.

``srcset`` is split into its candidates by the HTML standard's parsing rules
(a comma inside a URL does not split it), so every candidate is checked, not
only the first. Written by hand because no maintained Python library parses
srcset by the standard's algorithm; it is short and tested beside this file.
"""

import re
from dataclasses import dataclass

# Attributes whose value the browser treats as an address (HTML, SVG, legacy).
URL_ATTRIBUTES = frozenset(
    {
        "action", "background", "cite", "data", "formaction", "href", "icon",
        "longdesc", "lowsrc", "manifest", "ping", "poster", "src", "xlink:href",
    }
)
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
# Fetched by the browser as the page loads, without a click.
LOADED_ATTRIBUTES = frozenset({"src", "srcset", "imagesrcset", "poster", "data", "background", "lowsrc", "icon"})

_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
PAGE_LINKS = frozenset({"filename", "index"})
FILE_LINKS = frozenset({"static", "attach"})
LISTING_LINKS = frozenset({"tag", "category", "author"})


@dataclass
class UrlRef:
    """One address in one attribute of one element."""

    element: object  # the justhtml Element
    attribute: str
    value: str  # as written, entities decoded (one srcset candidate's URL)
    kind: str
    what: str | None = None  # for Pelican links: filename, static, tag, ...
    target: str | None = None  # for Pelican links: the path after {what}
    candidate: int | None = None  # position within a srcset

    @property
    def loaded(self) -> bool:
        return self.attribute in LOADED_ATTRIBUTES

    @property
    def scheme(self) -> str | None:
        """``javascript``, ``https``... as the browser reads it; None for none."""
        return scheme_of(self.value)

    @property
    def start(self) -> int:
        """Where in ``value`` the address begins as the browser reads it
        (``address_start``), for a check that looks at the raw value."""
        return address_start(self.value)


def cleaned(value: str) -> str:
    """The address as a browser's URL parser sees it before it splits it."""
    return _TAB_OR_NEWLINE.sub("", value.strip(_C0_OR_SPACE))


def address_start(value: str) -> int:
    """Where in ``value`` the address begins: after the C0 controls and
    spaces ``cleaned`` drops from its start."""
    return len(value) - len(value.lstrip(_C0_OR_SPACE))


def classify(value: str, intrasite: re.Pattern) -> tuple[str, str | None, str | None]:
    """(kind, what, target) of one address; ``intrasite`` matches Pelican's
    ``{what}`` prefix (the INTRASITE_LINK_REGEX setting, anchored)."""
    address = cleaned(value)
    marker = intrasite.match(address)
    if marker:
        what, target = marker.group("what"), address[marker.end() :]
        if what in PAGE_LINKS:
            return "page", what, target
        if what in FILE_LINKS:
            return "static", what, target
        if what in LISTING_LINKS:
            return "listing", what, target
        return "forbidden", what, target
    scheme = _SCHEME.match(address)
    if scheme:
        name = scheme.group(1).lower()
        if name in ("http", "https"):
            return "outside", None, None
        if name in ("tel", "mailto"):
            return name, None, None
        return "forbidden", None, None
    if address.startswith("#"):
        return "anchor", None, None
    if address.replace("\\", "/").startswith("//"):
        return "outside", None, None
    return "site", None, None


def scheme_of(value: str) -> str | None:
    found = _SCHEME.match(cleaned(value))
    return found.group(1).lower() if found else None


def srcset_urls(value: str) -> list[str]:
    """The URL of each image candidate in a srcset, by the HTML standard's
    "parse a srcset attribute" steps (descriptors are not needed here)."""
    urls, position, length = [], 0, len(value)
    whitespace = " \t\n\r\f"
    while True:
        while position < length and (value[position] in whitespace or value[position] == ","):
            position += 1
        if position >= length:
            return urls
        start = position
        while position < length and value[position] not in whitespace:
            position += 1
        url = value[start:position]
        if url.endswith(","):
            urls.append(url.rstrip(","))
            continue
        urls.append(url)
        # Skip the descriptors, up to a comma outside parentheses. The
        # standard's tokenizer does not nest: the first ")" ends "in parens",
        # so "((x) , next.png" starts a new candidate at the comma.
        in_parens = False
        while position < length:
            char = value[position]
            if in_parens:
                in_parens = char != ")"
            elif char == "(":
                in_parens = True
            elif char == ",":
                position += 1
                break
            position += 1


def intrasite_pattern(setting: str) -> re.Pattern:
    """Pelican's INTRASITE_LINK_REGEX (``[{|](?P<what>.*?)[|}]``), anchored."""
    return re.compile("^" + setting)
