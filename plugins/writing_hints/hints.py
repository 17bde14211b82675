"""No writing hint is ever published.

``make new-procedure`` (sitebuild/new_procedure.py) scaffolds a page with a
writing hint, ``[Replace this: what goes here]``, wherever the editor has to
write. The marker (``Replace this:``) is the WRITING_HINT_MARKER setting, read
by both, so the scaffold and this check never disagree about what a hint is.

A draft may keep its hints: drafts are not published, so they are not parsed.
For each published page (``Status: draft`` removed or changed) this plugin
reads the page's one parse (``page_model.check``) and reports, through
``content_problem``, every hint still left:

- in its text, as a patient would read it (so a hint inside a list, a table
  or ``code`` counts, and one inside an HTML comment does not), naming the
  section it is in;
- in its metadata lines (Summary, Department, Owner, ...).

Each is reported at its source line, with the fix. It changes nothing.
"""

import re

import blinker
from justhtml import Element

content_problem = blinker.signal("content_problem")
SECTION_LEVELS = ("h1", "h2")
LONGEST_SHOWN = 70  # characters of a hint quoted in a message
KEEP_DRAFT = "or put back the line 'Status: draft' until the text is ready."


def hint_pattern(marker: str) -> re.Pattern:
    """A hint: the marker, with the square bracket before it and its text up
    to the closing bracket (each left out when the editor deleted it)."""
    return re.compile(r"\[?[ \t]*" + re.escape(marker) + r"[^\]]*\]?", re.IGNORECASE)


def hints_in(text: str, pattern: re.Pattern) -> list[str]:
    """Every hint in ``text``, as written."""
    return [match.group(0).strip() for match in pattern.finditer(text or "")]


def shortened(hint: str) -> str:
    """A hint as quoted in a message: on one line, and not too long."""
    hint = " ".join(hint.split())
    if len(hint) <= LONGEST_SHOWN:
        return hint
    return hint[: LONGEST_SHOWN - 5].rstrip() + " …" + ("]" if hint.endswith("]") else "")


def text_hints(model, pattern):
    """(hint, section heading or None for the lead) for each hint in the
    page's text, in reading order."""
    section = None
    for block in model.blocks:
        if isinstance(block, Element) and block.name in SECTION_LEVELS:
            section = " ".join(model.text([block]).split())
        for node in model.texts([block]):
            for hint in hints_in(node.data, pattern):
                yield hint, section


def metadata_hints(metadata: dict, pattern):
    """(metadata key, hint) for each hint in the page's metadata values."""
    for key, value in metadata.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            for hint in hints_in(str(item), pattern):
                yield key, hint


def split_source(source: str):
    """(metadata lines, body lines) of a Markdown source, each as (1-based
    number, text): the metadata ends at the first blank line."""
    lines = list(enumerate(source.splitlines(), start=1))
    end = next((index for index, (_number, line) in enumerate(lines) if not line.strip()), len(lines))
    return lines[:end], lines[end:]


def metadata_line(metadata_lines, key: str):
    """(line number, key as written) of the ``key:`` line, or (None, key)."""
    pattern = re.compile(rf" {{0,3}}({re.escape(key)})\s*:", re.IGNORECASE)
    for number, line in metadata_lines:
        match = pattern.match(line)
        if match:
            return number, match.group(1)
    return None, key.capitalize()


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _blanked(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def marker_places(body_lines, pattern: re.Pattern) -> list[tuple[int, str]]:
    """(line number, the source from the hint's start to the end of its line)
    for each hint written in the page's body, in order. Hints in HTML
    comments are left out: a patient never reads them."""
    if not body_lines:
        return []
    first = body_lines[0][0]
    text = _COMMENT.sub(_blanked, "\n".join(line for _number, line in body_lines))
    return [
        (first + offset, line[match.start():])
        for offset, line in enumerate(text.split("\n"))
        for match in pattern.finditer(line)
    ]


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def body_hint_lines(body_lines, hints, pattern: re.Pattern) -> list:
    """The source line of each hint found in the text, in reading order.

    Each takes the next hint written in the source that starts with its
    words; one whose words Markdown changed (an escape, emphasis inside it)
    takes the next one not yet taken. None when the source has no more."""
    places, position, found = marker_places(body_lines, pattern), 0, []
    for hint in hints:
        words = _words(hint.splitlines()[0])
        match = next((i for i in range(position, len(places)) if _words(places[i][1]).startswith(words)), None)
        index = position if match is None else match
        if index < len(places):
            found.append(places[index][0])
            position = index + 1
        else:
            found.append(None)
    return found


def problems(model, metadata: dict, marker: str):
    """(message, fix, line, hint) for every hint left in a published page."""
    pattern = hint_pattern(marker)
    head, body = split_source(model.source)
    for key, hint in metadata_hints(metadata, pattern):
        line, name = metadata_line(head, key)
        yield (
            f"the '{name}:' line still holds its writing hint '{shortened(hint)}'; "
            "the page is published, so patients would read it.",
            f"write the {name} in place of the hint, and delete the hint with its square brackets; " + KEEP_DRAFT,
            line,
            hint,
        )
    in_text = list(text_hints(model, pattern))
    lines = body_hint_lines(body, [hint for hint, _section in in_text], pattern)
    for (hint, section), line in zip(in_text, lines, strict=True):
        where = f"the section '{section}'" if section else "the lead (the text before the first heading)"
        yield (
            f"a writing hint is still in {where}: '{shortened(hint)}'; "
            "the page is published, so patients would read it.",
            "write the section's text in place of the hint, and delete the hint with its square brackets; "
            + KEEP_DRAFT,
            line,
            hint,
        )


def check_page(content, model=None, **_ignored):
    if model is None:
        return
    marker = content.settings["WRITING_HINT_MARKER"]
    for message, fix, line, hint in problems(model, content.metadata, marker):
        content_problem.send(content.source_path, message=message, fix=fix, line=line, find=hint.splitlines()[0])


def register():
    blinker.signal("page_model.check").connect(check_page)
