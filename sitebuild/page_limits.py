"""Limits on one Markdown page, checked before Markdown reads it.

Every pass of this project's own over a page is linear in its size, but
Python-Markdown's is not for every shape of page: lists nested 1,000 levels
deep took 27 s and then failed with "maximum recursion depth exceeded", and
its parser reads the metadata lines and the paragraphs one ``pop(0)`` at a
time, which grows with the square of their number. So the shapes that cost
the most are bounded here, before Markdown runs, by the limits the settings
give (pelicanconf.py, "Limits on one page"; a limit set to None is not
checked). A page beyond one is reported with its line and what to do, and is
not read any further, so one mistaken page can neither stall nor crash the
build, and the author sees the one thing to change rather than what a
half-read page would break.

The scan is a few passes over the lines, without regular expressions, each
looking at a character a bounded number of times, so it is linear whatever
the page holds (about 0.1 ms for a 5 KB page). It reads the page as
Python-Markdown does:

- **Metadata**: the lines at the top, each ``key: value`` (at most 3 spaces
  before the key) or, indented 4 spaces, a value run on from the line above,
  up to the first blank line (``---`` may open and close the block).
- **Headings**: a line that, after any quote marks and a list marker, starts
  with 1 to 6 ``#``; a line of only ``=`` or ``-`` under a line of text; a
  line with ``<h1>``...``<h6>``: the lines the page_model plugin's heading
  finder lists, counted without its regular expressions.
- **Paragraphs**: each run of lines with text after a blank line (or at
  the top) is one, as Python-Markdown splits a page into blocks; its block
  parser's time grows with the square of their number (330,000 short
  paragraphs, 1 MB: 59 s).
- **Nesting**: each ``>``, each list marker (``-``, ``*``, ``+``, ``1.``,
  ``1)``) and each 4 columns of indentation before the first of them is one
  level, as Python-Markdown nests lists and quotes.
- **Brackets**: each ``[`` and ``<`` in a paragraph, list item, heading or
  table row, times that text's length (see ``bracket_problem``).
- **Size** and **metadata lines**: Python-Markdown's metadata reader too
  takes one line at a time off the front of the page (200,000 lines: 6 s).
"""

from dataclasses import dataclass

from .source_text import source_lines

KEY_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
TAB_LENGTH = 4  # Python-Markdown's: a nested list is indented this much more


@dataclass(frozen=True)
class Limits:
    max_bytes: int | None = None
    max_headings: int | None = None
    max_paragraphs: int | None = None
    max_nesting: int | None = None
    max_metadata_lines: int | None = None
    max_metadata_characters: int | None = None
    max_bracket_work: int | None = None

    @classmethod
    def from_settings(cls, settings) -> "Limits":
        return cls(
            settings.get("PAGE_MAX_BYTES"),
            settings.get("PAGE_MAX_HEADINGS"),
            settings.get("PAGE_MAX_PARAGRAPHS"),
            settings.get("PAGE_MAX_NESTING"),
            settings.get("METADATA_MAX_LINES"),
            settings.get("METADATA_MAX_CHARACTERS"),
            settings.get("PAGE_MAX_BRACKET_WORK"),
        )


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str
    fix: str


def _is_marker_end(line: str, index: int) -> bool:
    """A list marker is followed by a space, a tab or the end of the line."""
    return index >= len(line) or line[index] in " \t"


def container_prefix(line: str) -> tuple[int, int, bool]:
    """(nesting depth, index of the first character after the quote marks,
    list markers and indentation at the start of ``line``, whether the line
    starts a list item)."""
    columns = markers = index = 0
    item = False
    length = len(line)
    while index < length:
        character = line[index]
        if character in " \t":
            if not markers:  # after a marker, the space that ends it
                columns += 1 if character == " " else TAB_LENGTH - columns % TAB_LENGTH
        elif character == ">":
            markers += 1
        elif character in "-*+" and _is_marker_end(line, index + 1):
            markers += 1
            item = True
        elif character.isdigit() and character.isascii():
            end = index
            while end < length and line[end].isdigit() and line[end].isascii():
                end += 1
            if end < length and line[end] in ".)" and _is_marker_end(line, end + 1):
                markers += 1
                item = True
                index = end
            else:
                break
        else:
            break
        index += 1
    # Indentation alone nests nothing: Python-Markdown descends into an
    # indented line only as deep as the lists already open, each opened by a
    # line with its own marker. Text pasted with leading spaces is not nested.
    return (markers + columns // TAB_LENGTH if markers else 0), index, item


def is_atx_heading(line: str, start: int) -> bool:
    """1 to 6 ``#`` at ``start`` (a 7th makes it text)."""
    end = start
    while end < len(line) and end - start < 7 and line[end] == "#":
        end += 1
    return 1 <= end - start <= 6


def has_html_heading(line: str) -> bool:
    if "<" not in line:
        return False
    lowered = line.lower()
    position = lowered.find("<h")
    while position != -1:
        if lowered[position + 2 : position + 3] in ("1", "2", "3", "4", "5", "6"):
            return True
        position = lowered.find("<h", position + 2)
    return False


def is_underline(stripped: str, above: str) -> bool:
    """A setext underline (``===`` or ``---``) under a line of text (both
    stripped of spaces)."""
    if not stripped or stripped[0] not in "=-" or stripped.strip(stripped[0]):
        return False
    return bool(above) and not above.startswith(("#", "|"))


def metadata_lines(lines: list[str]):
    """(index, key or None for a run-on line, value) of each metadata line."""
    opened = lines and lines[0][:3] == "---" and (len(lines[0]) == 3 or lines[0][3].isspace())
    index = 1 if opened else 0
    key = None
    while index < len(lines):
        line = lines[index]
        if not line.strip() or line.startswith(("---", "...")):
            return
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        name, colon, value = stripped.partition(":")
        if indent <= 3 and colon and name and all(c in KEY_CHARACTERS for c in name):
            key = name
            yield index, key, value.strip()
        elif indent >= 4 and key is not None:
            yield index, None, stripped.strip()
        else:
            return
        index += 1


def _count(number: int) -> str:
    return f"{number:,}"


def size_problem(size: int, limits: Limits) -> Problem | None:
    if limits.max_bytes is None or size <= limits.max_bytes:
        return None
    return Problem(
        None,
        f"this page is {_count(size)} bytes long; a page may be at most {_count(limits.max_bytes)} "
        "bytes, so that the build stays quick.",
        "split it into several pages, or check that nothing was pasted into it by mistake "
        "(a whole document, or the same text many times).",
    )


def metadata_problems(lines: list[str], limits: Limits) -> list[Problem]:
    problems, count, last_key = [], 0, "the line above"
    for index, key, value in metadata_lines(lines):
        count += 1
        if limits.max_metadata_lines is not None and count > limits.max_metadata_lines:
            problems.append(
                Problem(
                    index + 1,
                    f"the lines at the top of the page (its metadata, such as 'Title:') go on past "
                    f"{_count(limits.max_metadata_lines)} lines; a page has a few of them.",
                    "leave a blank line after the last metadata line (such as 'Reviewed:'), "
                    "before the page's text.",
                )
            )
            break
        name = f"'{key}:' line" if key else f"line run on from {last_key}"
        if limits.max_metadata_characters is not None and len(value) > limits.max_metadata_characters:
            problems.append(
                Problem(
                    index + 1,
                    f"the {name} is {_count(len(value))} characters long; a metadata value may "
                    f"be at most {_count(limits.max_metadata_characters)}.",
                    "shorten it: a title is a few words and a summary one sentence. Check that no "
                    "long run of spaces or dots was typed or pasted into it.",
                )
            )
        if key:
            last_key = f"the '{key}:' line"
    return problems


def shape_problems(lines: list[str], limits: Limits) -> list[Problem]:
    """Too many headings or paragraphs, or lists and quotes nested too deep:
    each reported once, at the first line beyond the limit."""
    problems, headings, beyond, previous = [], 0, None, ""  # previous: the line above, stripped
    paragraphs, paragraphs_beyond = 0, None
    deepest = None  # (line number, depth) of the first line nested too deep
    for number, line in enumerate(lines, start=1):
        depth, start, _item = container_prefix(line)
        if limits.max_nesting is not None and deepest is None and depth > limits.max_nesting and start < len(line):
            deepest = (number, depth)
        stripped = line.strip()
        if is_atx_heading(line, start) or is_underline(stripped, previous) or has_html_heading(line):
            headings += 1
            if limits.max_headings is not None and headings == limits.max_headings + 1:
                beyond = number
        if stripped and not previous:
            paragraphs += 1
            if limits.max_paragraphs is not None and paragraphs == limits.max_paragraphs + 1:
                paragraphs_beyond = number
        previous = stripped
    if paragraphs_beyond:
        problems.append(
            Problem(
                paragraphs_beyond,
                f"this page has {_count(paragraphs)} paragraphs (lines of text after a blank line); "
                f"a page may have at most {_count(limits.max_paragraphs)}. This line starts paragraph "
                f"number {_count(limits.max_paragraphs + 1)}.",
                "split the page into several pages, or check that nothing was pasted into it by "
                "mistake (the same text many times).",
            )
        )
    if deepest:
        number, depth = deepest
        problems.append(
            Problem(
                number,
                f"this line is nested {_count(depth)} levels deep in lists or quotes; at most "
                f"{_count(limits.max_nesting)} levels are allowed. Each '>', each list marker "
                "('-', '*', '+', '1.') and each 4 spaces or a tab of indentation at the start of a line is one level.",
                "indent the line less, or start a new list on a line that is not indented; a "
                "patient can follow two or three levels at most.",
            )
        )
    if beyond:
        problems.append(
            Problem(
                beyond,
                f"this page has {_count(headings)} headings; a page may have at most "
                f"{_count(limits.max_headings)}. This line is heading number "
                f"{_count(limits.max_headings + 1)}.",
                "split the page into several pages. A line that starts with '#', or a line of "
                "'===' or '---' under a line of text, is a heading: if it is meant as text, "
                "write it differently.",
            )
        )
    return problems


def is_table_separator(line: str) -> bool:
    """The line under a table's header row: pipes, dashes and colons."""
    stripped = line.strip()
    return "-" in stripped and "|" in stripped and not stripped.strip("|:- \t")


def bracket_problem(lines: list[str], limits: Limits) -> Problem | None:
    """Too many ``[`` and ``<`` in long stretches of text.

    Python-Markdown reads from each ``[`` (a link, an image) and each ``<``
    (an HTML tag, an address) to the end of its text when nothing closes it,
    so a stretch of text costs its length times their number: 2,000 ``[``
    on 2,000 lines of one paragraph took 93 s. A stretch is what Markdown
    reads as one: a paragraph, a list item, a heading, a table's row (lines
    of a quote go on a paragraph). The page's sum is bounded; the costliest stretch is
    named, as the one to mend."""
    if limits.max_bracket_work is None:
        return None
    total, worst = 0, (0, None, 0, 0)  # (work, first line, marks, characters)
    start, marks, characters, alone, table = None, 0, 0, False, False
    for number, line in enumerate([*lines, ""], start=1):
        _depth, text_start, item = container_prefix(line)
        heading = is_atx_heading(line, text_start)
        if start == number - 1 and is_table_separator(line):
            table = True  # the header row was read: each row from here is read alone
        if not line.strip() or item or heading or alone:
            table = table and bool(line.strip())
            if start is not None:
                work = marks * characters
                total += work
                if work > worst[0]:
                    worst = (work, start, marks, characters)
            start, marks, characters = None, 0, 0
        if line.strip():
            start = start or number
            marks += line.count("[") + line.count("<")
            characters += len(line) + 1
        alone = heading or table  # read alone: the next line starts another stretch
    if total <= limits.max_bracket_work:
        return None
    _work, line, marks, characters = worst
    return Problem(
        line,
        f"the text that starts on this line holds {_count(marks)} '[' or '<' in {_count(characters)} "
        "characters: more than the build can read in good time, since Markdown reads on from "
        "each one to the end of its paragraph when nothing closes it.",
        "close each '[' with ']' and each '<' with '>', or write a bracket meant as text as '\\[' "
        "and a less-than sign as '&lt;'; or split the text into shorter paragraphs with blank lines.",
    )


def page_problems(data: bytes, limits: Limits) -> list[Problem]:
    """What is beyond the limits in a page's bytes, in the order of its lines.
    A page too large is not looked at further. Bytes that are not UTF-8 are
    left to the encoding check, which says what to do about them."""
    too_large = size_problem(len(data), limits)
    if too_large:
        return [too_large]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return []
    lines = source_lines(text)  # numbered as the report numbers them: at \n, not at U+2028
    problems = metadata_problems(lines, limits) + shape_problems(lines, limits)
    problems += [problem for problem in [bracket_problem(lines, limits)] if problem]
    return sorted(problems, key=lambda problem: problem.line or 0)
