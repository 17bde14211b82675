"""One parse of a page's HTML, kept on the page for every check and rewrite.

The HTML that Markdown produced is parsed once, by justhtml, which follows the
HTML5 parsing algorithm the way a browser does: what the checks see is what a
patient's browser builds, so nothing can hide in markup that one parser reads
differently from another (``<a title="1 > 0" href=...>``). justhtml was chosen
over html5lib by measurement: 1.1 ms against 2.6 ms per page, parse and
serialise, and it records each node's line.

The model holds:

- the tree (``root``), whose top-level nodes are the page's blocks;
- ``headings``: every h1-h6 with its level, text, explicit id and the line of
  the Markdown source it came from;
- ``urls``: every URL-bearing attribute, classified once (see urls.py);
- slots: places a Markdown extension marked for the build to fill in
  (``{phone}``). A slot is the text ``\\x02name\\x03``. Python-Markdown deletes
  STX and ETX from an author's source before it reads it, so an author cannot
  type one; spelled as character references (``&#2;phone&#3;``) it would
  only be another way to write ``{phone}``, held to the same rules. STX and
  ETX anywhere else (attributes, or outside a slot) are dropped as the page
  is parsed: they mean nothing to a reader.

HTML comments the author wrote (``<!-- INTERNAL-NOTE: ask Dr Lee -->``) are
dropped as the page is parsed, in every build flavour: an editor's note is
not for patients, and the kiosk bundle and the website would otherwise ship
it (only the production build minifies). Only the page's own HTML is parsed
here, so the theme's templates keep whatever comments they have.

The HTML is written back once, from the tree, after the rewrites.
"""

import re
from dataclasses import dataclass, field

from justhtml import DropComments, Element, JustHTML, Text, to_html

from .urls import SRCSET_ATTRIBUTES, URL_ATTRIBUTES, UrlRef, classify, srcset_urls

SLOT = re.compile("\x02([a-z][a-z0-9-]*)\x03")
# HTML's whitespace, not str's: U+2028 or NEL in a heading is an invisible
# character to name (procedure_model), not a space to fold away unseen.
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
HEADING_LEVELS = {f"h{level}": level for level in range(1, 7)}


def _without_stray_controls(text: str) -> str:
    pieces = SLOT.split(text)  # text, name, text, name, ..., text
    for index in range(0, len(pieces), 2):
        pieces[index] = pieces[index].replace("\x02", "").replace("\x03", "")
    for index in range(1, len(pieces), 2):
        pieces[index] = slot_text(pieces[index])
    return "".join(pieces)


def slot_text(name: str) -> str:
    return f"\x02{name}\x03"


@dataclass
class Heading:
    level: int
    text: str  # plain text, spaces collapsed, slots left out
    explicit_id: str | None
    element: Element
    line: int | None = None  # in the Markdown source

    @property
    def top_level(self) -> bool:
        """Written as a Markdown heading, not inside an HTML block."""
        return self.element.parent is not None and self.element.parent.name == "#document-fragment"


@dataclass
class PageModel:
    root: object
    headings: list = field(default_factory=list)
    urls: list = field(default_factory=list)
    source: str = ""  # the Markdown source, for pointing authors at lines

    # --- Reading -------------------------------------------------------------

    def elements(self, node=None):
        """Every element under ``node`` (default: the page), in document order."""
        stack = list(reversed((node or self.root).children or []))
        while stack:
            current = stack.pop()
            if isinstance(current, Element):
                yield current
                stack.extend(reversed(current.children or []))

    def elements_in(self, nodes):
        """Every element among ``nodes`` and under them, in document order."""
        for node in nodes:
            if isinstance(node, Element):
                yield node
                yield from self.elements(node)

    def texts(self, nodes=None):
        """Every text node under ``nodes`` (default: the page), in order."""
        for node in self.root.children if nodes is None else nodes:
            if isinstance(node, Text):
                yield node
            elif isinstance(node, Element):
                stack = list(reversed(node.children or []))
                while stack:
                    current = stack.pop()
                    if isinstance(current, Text):
                        yield current
                    elif isinstance(current, Element):
                        stack.extend(reversed(current.children or []))

    def text(self, nodes) -> str:
        """The words of ``nodes`` as a reader sees them: slots left out."""
        return SLOT.sub("", "".join(node.data or "" for node in self.texts(nodes)))

    def slots(self, nodes=None) -> list[tuple[Text, str]]:
        """(text node, slot name) for each slot under ``nodes``."""
        return [(node, m.group(1)) for node in self.texts(nodes) for m in SLOT.finditer(node.data or "")]

    @property
    def blocks(self) -> list:
        return list(self.root.children or [])

    # --- Writing -------------------------------------------------------------

    def html(self, nodes=None) -> str:
        """The HTML of ``nodes`` (default: the whole page), from the tree."""
        nodes = self.blocks if nodes is None else nodes
        # A slot only exists while its plugin runs (the plugin adds the Markdown
        # extension that makes it), so one left unfilled was spelled by hand
        # with character references; it is dropped like any control character.
        written = "".join(to_html(node, pretty=False) for node in nodes)
        return SLOT.sub("", written).replace("\x02", "").replace("\x03", "")

    def fill_slot(self, text_node: Text, name: str, make) -> None:
        """Replace each ``name`` slot in ``text_node`` by ``make()``'s node."""
        parent = text_node.parent
        pieces = re.split(f"(\x02{re.escape(name)}\x03)", text_node.data)
        for piece in pieces:
            if piece == slot_text(name):
                parent.insert_before(make(), text_node)
            elif piece:
                parent.insert_before(Text(piece), text_node)
        parent.remove_child(text_node)


def parse(html: str, intrasite: re.Pattern) -> PageModel:
    """The model of one page's HTML fragment."""
    root = JustHTML(html or "", fragment=True, sanitize=False, transforms=[DropComments()]).root
    model = PageModel(root)
    for node in model.texts():
        if node.data and ("\x02" in node.data or "\x03" in node.data):
            node.data = _without_stray_controls(node.data)
    for element in model.elements():
        for name, value in list((element.attrs or {}).items()):
            if value and ("\x02" in value or "\x03" in value):
                element.attrs[name] = value.replace("\x02", "").replace("\x03", "")
    for element in model.elements():
        level = HEADING_LEVELS.get(element.name) if element.namespace == "html" else None
        if level:
            text = _WHITESPACE.sub(" ", model.text([element])).strip()
            model.headings.append(Heading(level, text, element.attrs.get("id"), element))
        for name, value in (element.attrs or {}).items():
            if value is None:
                continue
            lowered = name.lower()
            if lowered in URL_ATTRIBUTES:
                model.urls.append(UrlRef(element, lowered, value, *classify(value, intrasite)))
            elif lowered in SRCSET_ATTRIBUTES:
                for index, url in enumerate(srcset_urls(value)):
                    model.urls.append(UrlRef(element, lowered, url, *classify(url, intrasite), candidate=index))
    return model
