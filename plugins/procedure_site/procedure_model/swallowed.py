"""Section headings an HTML block swallowed.

Python-Markdown reads a block that starts with an HTML tag (``<div>``,
``<details>``) as HTML up to its closing tag, and reads no Markdown inside
it. A ``<details>`` left open before ``## Risks and Benefits`` takes that
heading, and every section after it, as plain text inside the element: the
page showed "## Risks and Benefits of ..." to patients, and the build said
four required sections were "missing", though the author can see each
heading in the file. So the procedure model asks here, for a section it
does not find, whether its heading is written inside such a block, and says
that once, at the line the block starts, with the fix.

One pass over the page's top-level blocks and their text; the source is
read once more, line by line, only for a block that holds a heading.
"""

from __future__ import annotations

from dataclasses import dataclass

from justhtml import Element

from procedure_site.page_model.source_lines import atx_heading
from sitebuild.source_text import source_lines


# What Markdown itself writes as a block (a code block is <pre>; a quote, a
# list, a table): a "## " line inside one is not an HTML block left open.
MARKDOWN_BLOCKS = frozenset({"pre", "blockquote", "ul", "ol", "table", "p", "hr", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True)
class Swallowed:
    element: str  # "details"
    headings: tuple  # the '## ' headings written inside it, as written, in order
    line: int | None  # where the element starts in the source


def swallowed_headings(model, normalise) -> list[Swallowed]:
    """Each top-level HTML block holding lines written as ``## `` headings
    (``normalise``: how the model compares headings)."""
    found = []
    for node in model.blocks:
        if not isinstance(node, Element) or node.name in ("h1", "h2") or node.name in MARKDOWN_BLOCKS:
            continue
        headings = tuple(
            line.strip()[3:].strip()
            for text in model.texts([node])
            for line in (text.data or "").split("\n")
            if line.strip().startswith("## ")
        )
        if headings:
            found.append(Swallowed(node.name, headings, _start_line(model.source, node.name, headings[0], normalise)))
    return found


def _start_line(source, name, heading, normalise) -> int | None:
    """The line of the ``<name`` the ``## heading`` line is inside: the
    nearest opening of that element before it, with no closing between
    (an earlier copy of the heading, in a comment say, is passed over). One
    pass over the page's lines."""
    wanted, opening, closing = normalise(heading), f"<{name}", f"</{name}"
    last_open = None  # the line of the nearest <name before this one, while no </name followed it
    for number, line in enumerate(source_lines(source), start=1):
        lowered = line.lower()
        parsed = atx_heading(line)
        if parsed and parsed[0] == 2 and last_open is not None and normalise(parsed[1]) == wanted:
            return last_open
        if closing in lowered:
            last_open = None
        if opening in lowered:
            last_open = number
    return None


def swallowing(swallowed: list[Swallowed], wanted: str, normalise) -> Swallowed | None:
    """The block that holds the heading ``wanted`` (matched as the model
    matches headings: ``normalise``), or None."""
    key = normalise(wanted)
    return next((block for block in swallowed if any(normalise(heading) == key for heading in block.headings)), None)
