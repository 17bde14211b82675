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
looked at only for a block that holds a heading, back from that heading's
line.
"""

from __future__ import annotations

from dataclasses import dataclass

from justhtml import Element

from sitebuild.source_text import source_lines


@dataclass(frozen=True)
class Swallowed:
    element: str  # "details"
    headings: tuple  # the '## ' headings written inside it, as written, in order
    line: int | None  # where the element starts in the source


def swallowed_headings(model) -> list[Swallowed]:
    """Each top-level HTML block holding lines written as ``## `` headings."""
    found = []
    lines = None
    for node in model.blocks:
        if not isinstance(node, Element) or node.name in ("h1", "h2"):
            continue
        headings = tuple(
            line.strip()[3:].strip()
            for text in model.texts([node])
            for line in (text.data or "").split("\n")
            if line.strip().startswith("## ")
        )
        if headings:
            lines = lines if lines is not None else source_lines(model.source)
            found.append(Swallowed(node.name, headings, _start_line(lines, node.name, headings[0])))
    return found


def _start_line(lines, name, heading) -> int | None:
    """The last line before ``## heading`` that opens a ``<name`` element."""
    at = next((index for index, line in enumerate(lines) if line.strip() == f"## {heading}"), None)
    if at is None:
        return None
    opening = f"<{name}"
    return next((index + 1 for index in range(at - 1, -1, -1) if opening in lines[index].lower()), None)


def swallowing(swallowed: list[Swallowed], wanted: str, normalise) -> Swallowed | None:
    """The block that holds the heading ``wanted`` (matched as the model
    matches headings: ``normalise``), or None."""
    key = normalise(wanted)
    return next((block for block in swallowed if any(normalise(heading) == key for heading in block.headings)), None)
