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
"""

import re

from justhtml import JustHTML

_ATX = re.compile(r"^[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)?(#{1,6})(?!#)[ \t]*(.*?)[ \t]*#*[ \t]*$")
_ATTR_LIST = re.compile(r"\s*\{[^}]*\}\s*$")
_NOT_WORD = re.compile(r"[\W_]+")


def words(text: str) -> str:
    """Heading text reduced to its words, for matching source to HTML."""
    return _NOT_WORD.sub(" ", text).strip().casefold()


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
    for number, line in enumerate(source.splitlines(), start=1):
        atx, raw, underline = _ATX.match(line), raw_heading(line), line.strip()
        if atx:
            found.append((len(atx.group(1)), number, words(_ATTR_LIST.sub("", atx.group(2)))))
        elif raw:
            found.append((raw[0], number, raw[1]))
        elif (
            previous.strip()
            and underline
            and len(set(underline)) == 1
            and underline[0] in "=-"
            and not previous.lstrip().startswith(("#", "|"))
        ):
            found.append((1 if underline[0] == "=" else 2, number - 1, words(_ATTR_LIST.sub("", previous))))
        previous = line
    return found


def metadata_end(source: str) -> int:
    """The number of the first line after the metadata block."""
    for number, line in enumerate(source.splitlines(), start=1):
        if not line.strip():
            return number
    return 0


def attach_lines(headings, source: str) -> None:
    """Set ``line`` on each heading that can be matched to the source."""
    listed = [entry for entry in source_headings(source) if entry[1] > metadata_end(source)]
    position = 0
    for heading in headings:
        wanted = words(heading.text)
        chosen = next(
            (i for i in range(position, len(listed)) if listed[i][0] == heading.level and listed[i][2] == wanted),
            None,
        )
        if chosen is not None:
            heading.line = listed[chosen][1]
            position = chosen + 1


def metadata_line(source: str, key: str) -> int | None:
    pattern = re.compile(rf"^{re.escape(key)}\s*:", re.I)
    for number, line in enumerate(source.splitlines(), start=1):
        if not line.strip():
            return None  # metadata ends at the first blank line
        if pattern.match(line):
            return number
    return None
