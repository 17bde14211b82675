"""Reads the section outline of a procedure page.

Works on the HTML the Markdown reader produced (the truth for headings and
their ``{#id}`` attributes) and looks up line numbers in the Markdown source
so an author is pointed at the right line. Sections are cut out of the HTML by
position, never re-serialised, so Pelican's ``{filename}`` links survive.
"""

import re
from dataclasses import dataclass

import lxml.html

# Python-Markdown writes every heading on a line of its own.
_HEADING = re.compile(r"^<h([1-6])(\s[^>]*)?>(.*?)</h\1>\s*$", re.M | re.S)
_ATX = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_SETEXT = {"=": 1, "-": 2}
_FENCE = re.compile(r"^\s*(```|~~~)")
_WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Heading text as compared: spacing and case do not matter."""
    return _WHITESPACE.sub(" ", text).strip().casefold()


def plain_text(html: str) -> str:
    if not html.strip():
        return ""
    return lxml.html.fragment_fromstring(html, create_parent="div").text_content()


@dataclass
class Heading:
    level: int
    text: str
    explicit_id: str | None
    start: int  # where the heading tag starts in the HTML
    end: int  # where it ends
    line: int | None = None


def headings_in(html: str) -> list[Heading]:
    found = []
    for match in _HEADING.finditer(html):
        level, attrs, inner = int(match.group(1)), match.group(2) or "", match.group(3)
        tag = lxml.html.fragment_fromstring(f"<h{level}{attrs}></h{level}>")
        found.append(
            Heading(
                level=level,
                text=_WHITESPACE.sub(" ", plain_text(inner)).strip(),
                explicit_id=tag.get("id"),
                start=match.start(),
                end=match.end(),
            )
        )
    return found


def nested_headings(html: str) -> list[str]:
    """Text of each h1 or h2 that sits inside another element (raw HTML)."""
    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return [
        _WHITESPACE.sub(" ", h.text_content()).strip()
        for h in root.iter("h1", "h2")
        if h.getparent() is not root
    ]


def split_sections(html: str):
    """(lead HTML, [(heading, body HTML)]) cut at each level 1 or 2 heading."""
    headings = [h for h in headings_in(html) if h.level <= 2]
    lead = html[: headings[0].start] if headings else html
    parts = []
    for index, heading in enumerate(headings):
        end = headings[index + 1].start if index + 1 < len(headings) else len(html)
        parts.append((heading, html[heading.end : end]))
    return lead, parts


def source_heading_lines(source: str) -> list[tuple[int, int]]:
    """(level, 1-based line) of each Markdown heading, outside code fences."""
    lines = source.splitlines()
    found, fenced, previous = [], False, ""
    for number, line in enumerate(lines, start=1):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            atx = _ATX.match(line)
            underline = line.strip()
            if atx:
                found.append((len(atx.group(1)), number))
            elif (
                previous.strip()
                and underline
                and set(underline) <= {"="} | {"-"}
                and len(set(underline)) == 1
                and not previous.lstrip().startswith(("-", "*", "#", ">"))
                and ":" not in previous.split(" ", 1)[0]
            ):
                found.append((_SETEXT[underline[0]], number - 1))
        previous = line
    return found


def attach_lines(headings: list[Heading], source: str) -> None:
    """Give each heading its source line when the two outlines line up."""
    lines = [line for _, line in source_heading_lines(source)]
    if len(lines) == len(headings):
        for heading, line in zip(headings, lines):
            heading.line = line


def metadata_line(source: str, key: str) -> int | None:
    pattern = re.compile(rf"^{re.escape(key)}\s*:", re.I)
    for number, line in enumerate(source.splitlines(), start=1):
        if not line.strip():
            return None  # metadata ends at the first blank line
        if pattern.match(line):
            return number
    return None


def first_line_containing(source: str, needle: str) -> int | None:
    needle = needle.casefold()
    for number, line in enumerate(source.splitlines(), start=1):
        if needle in line.casefold():
            return number
    return None
