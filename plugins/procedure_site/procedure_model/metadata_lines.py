"""The metadata lines at the top of a page, read as Python-Markdown reads them.

Pelican's Markdown reader takes the metadata from Python-Markdown's meta
extension, which keeps every line of a key. Pelican then either keeps all of
them (a list: ``Title:`` twice gives a title of two values) or, for some keys
(``Slug:``, ``Date:``, ``Status:``...), only the first, with a warning that
names neither the line nor the fix. Reading the lines here, with the meta
extension's own patterns, lets one rule name the second line of any key.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE

from sitebuild.source_text import markdown_lines


@dataclass(frozen=True)
class MetadataLine:
    number: int  # 1-based, in the file
    key: str  # lower case, as Pelican names it
    value: str


def header_lines(source: str) -> list[tuple[int, str]]:
    """(number, text) of each line before the first blank one: where an
    author writes the metadata, whether or not the meta extension takes each
    line as such. A byte order mark at the start is the file's, not the text's."""
    lines = []
    for number, line in enumerate(markdown_lines(source, paragraphs=1), start=1):
        if not line.strip():
            break
        lines.append((number, line))
    return lines


def metadata_lines(source: str) -> list[MetadataLine]:
    """Each ``Key: value`` line, in order, as the meta extension reads them
    (it stops at a blank line, or at the first line that is not metadata).
    Continuation lines (indented four spaces) are not listed."""
    found = []
    lines = header_lines(source)
    if lines and BEGIN_RE.match(lines[0][1]):
        lines = lines[1:]
    for number, line in lines:
        if END_RE.match(line):
            break
        match = META_RE.match(line)
        if match:
            found.append(MetadataLine(number, match.group("key").lower().strip(), match.group("value").strip()))
        elif not META_MORE_RE.match(line) or not found:
            break
    return found


def repeated(lines: list[MetadataLine]) -> list[tuple[MetadataLine, MetadataLine]]:
    """(first line, later line) for each line whose key an earlier line gave."""
    first = {}
    found = []
    for line in lines:
        if line.key in first:
            found.append((first[line.key], line))
        else:
            first[line.key] = line
    return found
