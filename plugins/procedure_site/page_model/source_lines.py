"""Finds the Markdown source line of each heading, so an author is pointed at it.

Python-Markdown keeps no source positions, so every line that may be a
heading (``## ...`` with or without a space, inside a quote or a list item
too; setext underlines; ``<h2>`` written as HTML) is listed, and each parsed
heading takes the next listed line of the same level with the same words.
A heading that matches no line gets no line rather than a wrong one (the
report then finds it by its words), so one odd heading never shifts the
lines of the others. Every level takes part, so ``###`` headings inside
sections never disturb the ``##`` ones. (This project does not enable
fenced code blocks, so ``` is not a fence here.)

Each line is read by hand, left to right, once: a regular expression for a
heading line backtracked over runs of spaces (``### Step`` and 4,000 spaces
took 106 s), and a page's lines are the author's to fill. Every pass here
is linear in the page, whatever it holds.
"""

import re
from bisect import bisect_left

from justhtml import JustHTML

from sitebuild.source_text import source_lines as lines_of

_NOT_WORD = re.compile(r"[\W_]+")  # one character class: linear
_BLANKS = " \t"


def words(text: str) -> str:
    """Heading text reduced to its words, for matching source to HTML."""
    return _NOT_WORD.sub(" ", text).strip().casefold()


def _after_list_marker(line: str, index: int) -> int:
    """Where the text starts after a list marker (``-``, ``*``, ``+``,
    ``1.``, ``1)`` and at least one space or tab) at ``index``, or ``index``."""
    end = index
    if end < len(line) and line[end] in "-*+":
        end += 1
    else:
        while end < len(line) and line[end].isdecimal():  # as the regex \d did
            end += 1
        if end == index or end >= len(line) or line[end] not in ".)":
            return index
        end += 1
    if end >= len(line) or line[end] not in _BLANKS:
        return index
    while end < len(line) and line[end] in _BLANKS:
        end += 1
    return end


def atx_heading(line: str) -> tuple[int, str] | None:
    """(level, text) of a ``#`` heading line, read as Python-Markdown does:
    after quote marks and one list marker, 1 to 6 ``#`` (not 7), then the
    text without its closing ``#``s and the spaces around it."""
    start = 0
    while start < len(line) and line[start] in " \t>":
        start += 1
    start = _after_list_marker(line, start)
    end = start
    while end < len(line) and line[end] == "#" and end - start < 7:
        end += 1
    level = end - start
    if not 1 <= level <= 6:
        return None
    text = line[end:].strip(_BLANKS).rstrip("#").rstrip(_BLANKS)
    return level, text


def without_attr_list(text: str) -> str:
    """``text`` without a closing ``{#id .class}`` (attr_list's syntax)."""
    text = text.rstrip()
    if not text.endswith("}"):
        return text
    closing = len(text) - 1
    # The first "{" after any other "}": the list may hold "{" but not "}".
    opening = text.find("{", text.rfind("}", 0, closing) + 1, closing)
    if opening == -1:
        return text
    return text[:opening].rstrip()


def raw_heading(line: str) -> tuple[int, str] | None:
    """(level, words) when the line starts with a heading written as HTML."""
    if "<h" not in line.lower():
        return None
    for element in JustHTML(line, fragment=True, sanitize=False).root.query("h1, h2, h3, h4, h5, h6"):
        return int(element.name[1]), words(element.to_text())
    return None


def source_headings(source: str) -> list[tuple[int, int, str]]:
    """(level, 1-based line, words) of each heading in the Markdown source."""
    found, previous = [], ""
    for number, line in enumerate(lines_of(source), start=1):
        atx, raw, underline = atx_heading(line), raw_heading(line), line.strip()
        if atx:
            found.append((atx[0], number, words(without_attr_list(atx[1]))))
        elif raw:
            found.append((raw[0], number, raw[1]))
        elif (
            previous.strip()
            and underline
            and len(set(underline)) == 1
            and underline[0] in "=-"
            and not previous.lstrip().startswith(("#", "|"))
        ):
            found.append((1 if underline[0] == "=" else 2, number - 1, words(without_attr_list(previous))))
        previous = line
    return found


def metadata_end(source: str) -> int:
    """The number of the first line after the metadata block."""
    for number, line in enumerate(lines_of(source), start=1):
        if not line.strip():
            return number
    return 0


def attach_lines(headings, source: str) -> None:
    """Set ``line`` on each heading that can be matched to the source.

    Each heading takes the first listed line after the previous match with
    its level and words: the listed lines are grouped by (level, words) once,
    so a heading with no line of its own costs a lookup, not a pass over
    every line after it."""
    end = metadata_end(source)
    listed = [entry for entry in source_headings(source) if entry[1] > end]
    places = {}  # (level, words) -> indexes into listed, ascending
    for index, (level, _line, text) in enumerate(listed):
        places.setdefault((level, text), []).append(index)
    position = 0
    for heading in headings:
        candidates = places.get((heading.level, words(heading.text)), ())
        found = bisect_left(candidates, position)
        if found < len(candidates):
            chosen = candidates[found]
            heading.line = listed[chosen][1]
            position = chosen + 1


def metadata_line(source: str, key: str) -> int | None:
    pattern = re.compile(rf"^{re.escape(key)}\s*:", re.I)
    for number, line in enumerate(lines_of(source), start=1):
        if not line.strip():
            return None  # metadata ends at the first blank line
        if pattern.match(line):
            return number
    return None
