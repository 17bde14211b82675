"""A page's header lines, read as Python-Markdown's meta extension reads
them, for what it would read wrong without a word.

The meta extension takes ``Key: value`` lines until the first blank line, or
until the first line that is neither such a line nor an indented run-on of
one; what follows is the page's text. Pelican then keeps every key it is
given: one it does not know is ignored, one given twice becomes a list (or,
for ``Slug:``, ``Date:``, ``Status:``..., the first, with a warning naming
no line). So an editor's slip in the header passed silently, or crashed a
check further on that expected one value:

- a key given twice (``Phone:`` twice: a list where one number was expected);
- a value run on to an indented second line (the same list);
- a misspelt or unknown key (``Staus: draft``: the page was published);
- a line the meta extension does not take (``Owner : Radiology``, a space
  before the colon), which ends the header there: it and the header lines
  after it were published as the page's first paragraph;
- a header line written after the blank line that ends the header
  (``Status: draft`` below it): published as text, not read.

``read_header`` finds each, as data, with its line and fix; the reader
(reader.py) reports them before Pelican reads the header, and gives Pelican
each key's first value only, so no check meets a list and one slip is one
problem. The header lines after a line that cut the header short are given
to Pelican too (``Header.cut_off``): they are the author's header, and
without them every later check would add "the 'Summary:' line is missing"
at the very line that gives it. The lines are read with the meta
extension's own patterns (BEGIN_RE, META_RE...), after the text is made
lines as Markdown makes them (sitebuild/source_text markdown_lines). Every
line is looked at once: the header is bounded by the page limits
(METADATA_MAX_LINES).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE

from sitebuild.source_text import markdown_lines


@dataclass(frozen=True)
class HeaderProblem:
    line: int
    message: str
    fix: str


@dataclass(frozen=True)
class Header:
    problems: tuple  # HeaderProblem, in line order
    cut_off: dict  # key -> [value]: header lines after a line that ended the header early
    lines: dict  # key -> the line that gives it first, cut-off lines too


NO_HEADER = Header((), {}, {})


def known_keys(settings) -> dict[str, str]:
    """Each key a page may give, lowercase (as Pelican names it), to its
    name as the docs write it."""
    names = list(settings["PAGE_METADATA_KEYS"])
    names += [key.capitalize() for key in settings["PROCEDURE_FORBIDDEN_METADATA"]]  # refused with a fix of their own
    return {name.lower(): name for name in names}


def read_header(source: str, known: dict[str, str], tab_length: int = 4) -> Header:
    """What in ``source``'s header the meta extension would read wrong."""
    lines = markdown_lines(source, tab_length, paragraphs=2)  # the header, and the text's first paragraph
    index = 1 if lines and BEGIN_RE.match(lines[0]) else 0
    problems, first, key, cut_off = [], {}, None, {}
    while index < len(lines):
        line, number = lines[index], index + 1
        if not line.strip():
            problems += _after_header(lines, index + 1, known)
            break
        if END_RE.match(line):
            break
        match = META_RE.match(line)
        if match:
            key, value = match.group("key").lower().strip(), match.group("value").strip()
            problems += _key_problems(match.group("key"), key, value, number, first, known)
            first.setdefault(key, (number, value))
        elif META_MORE_RE.match(line) and key is not None:
            name = known.get(key, key)
            problems.append(HeaderProblem(
                number,
                f"the '{name}:' line runs on to line {number} ('{line.strip()}'), which is read as a second "
                f"'{name}:' value.",
                f"write the whole value on the '{name}:' line (line {first[key][0]}), or delete line {number}; "
                "only the page's text may be indented.",
            ))
        else:
            cut_off = _cut_off(lines, index + 1, known)
            problems += _header_cut_short(lines, index, known, [known[key] + ":" for key in cut_off])
            break
        index += 1
    numbers = {key: number for key, (number, _value) in first.items()}
    for key, (number, _value) in cut_off.items():
        numbers.setdefault(key, number)
    return Header(tuple(problems), {key: [value] for key, (_number, value) in cut_off.items()}, numbers)


def _key_problems(written, key, value, number, first, known):
    name = known.get(key)
    if name is None:
        meant = difflib.get_close_matches(key, list(known), n=1, cutoff=0.75)
        fix = (f"write '{known[meant[0]]}:' if that is what you mean; otherwise delete the line." if meant else
               f"delete the line; the header lines a page may have are {', '.join(map(repr, known.values()))}.")
        return [HeaderProblem(number, f"'{written}:' is not a header line this site reads, so the build would "
                                      "ignore it without a word.", fix)]
    if key in first:
        was, said = first[key]
        return [HeaderProblem(
            number,
            f"the '{name}:' line is given more than once: line {was} says '{said}', line {number} says '{value}'.",
            f"keep the one '{name}:' line you mean and delete the other.",
        )]
    return []


def _as_key(text: str, known) -> str | None:
    """The known key ``text`` (a line's part before its colon) means when
    written with spaces around or inside it (``Owner ``, ``Review interval months``)."""
    key = "-".join(text.split()).lower()
    return key if key in known else None


def _cut_off(lines, index, known) -> dict:
    """key -> (line, value) of the known keys' header lines from ``index``
    to the first blank line, the first of each."""
    found = {}
    while index < len(lines) and lines[index].strip():
        match = META_RE.match(lines[index])
        if match and match.group("key").lower() in known:
            found.setdefault(match.group("key").lower(), (index + 1, match.group("value").strip()))
        index += 1
    return found


def _header_cut_short(lines, index, known, lost):
    """The line at ``index`` ends the header before its blank line: a
    problem when it was meant as a header line, or when header lines
    (``lost``) follow it: they would be published as text."""
    line, number = lines[index], index + 1
    before, colon, value = line.partition(":")
    meant = _as_key(before, known) if colon else None
    if meant is None and not lost:
        return []  # the page's text starts here, without a blank line before it: Markdown reads it so
    after = f" (and the header lines after it: {', '.join(lost)})" if lost else ""
    fix = (f"write it as '{known[meant]}: {value.strip()}': the key, then the colon, with no space before it."
           if meant else "write it as 'Key: value', or delete it, or leave a blank line before the page's text.")
    return [HeaderProblem(
        number,
        f"line {number} is not a header line ('Key: value'), so the header ends there: it{after} would be "
        "published as the page's first paragraph.",
        fix,
    )]


def _after_header(lines, index, known):
    """Header lines written after the blank line that ends the header: the
    first paragraph of the text, if it holds ``Key: value`` lines of known keys."""
    problems = []
    while index < len(lines) and lines[index].strip():
        match = META_RE.match(lines[index])
        if match and match.group("key").lower() in known:
            name = known[match.group("key").lower()]
            problems.append(HeaderProblem(
                index + 1,
                f"'{lines[index].strip()}' comes after the blank line that ends the header, so it would be "
                "published as text, not read.",
                f"move the '{name}:' line up, above the blank line, with the other header lines.",
            ))
        index += 1
    return problems
