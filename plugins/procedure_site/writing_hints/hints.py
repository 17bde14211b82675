"""No writing hint is ever published.

``make new-procedure`` (sitebuild/new_procedure.py) scaffolds a page with a
writing hint, ``[Replace this: what goes here]``, wherever the editor has to
write. The marker (``Replace this:``) is the WRITING_HINT_MARKER setting, read
by both, so the scaffold and this check never disagree about what a hint is.

A draft may keep its hints: drafts are not published, so they are not parsed.
For each published page (``Status: draft`` removed or changed) this plugin
returns, from the page's one parse, every hint still left, as problems that
page_model/pipeline.py reports:

- in its text, as a patient would read it (so a hint inside a list, a table
  or ``code`` counts, and one inside an HTML comment does not), naming the
  section it is in;
- in its metadata lines (Summary, Department, Owner, ...).

Each is reported at its source line, with the fix. It changes nothing.
"""

import re
import sys
from bisect import bisect_left

from justhtml import Element

from procedure_site.build_report.report import problem
from sitebuild.source_text import source_lines
SECTION_LEVELS = ("h1", "h2")
LONGEST_SHOWN = 70  # characters of a hint quoted in a message
KEEP_DRAFT = "or put back the line 'Status: draft' until the text is ready."


def hint_pattern(marker: str) -> re.Pattern:
    """The marker itself, in any case: a literal, found in linear time.
    ``hint_spans`` adds the bracket and the text around it."""
    return re.compile(re.escape(marker), re.IGNORECASE)


def hint_spans(text: str, pattern: re.Pattern):
    """(start, end) of each hint in ``text``: the marker, with the square
    bracket and the spaces or tabs before it and its text up to the closing
    bracket (each left out when the editor deleted it). The span is grown
    from the marker by hand: the one regular expression for all of it
    (``\\[?[ \\t]*marker[^\\]]*\\]?``) went back over every run of spaces
    from each of its places (a title with 20,000 spaces: seconds)."""
    position = 0
    while (found := pattern.search(text, position)) is not None:
        start = found.start()
        while start > position and text[start - 1] in " \t":
            start -= 1
        if start > position and text[start - 1] == "[":
            start -= 1
        closing = text.find("]", found.end())
        position = len(text) if closing == -1 else closing + 1
        yield start, position


def hints_in(text: str, pattern: re.Pattern) -> list[str]:
    """Every hint in ``text``, as written."""
    text = text or ""
    return [text[start:end].strip() for start, end in hint_spans(text, pattern)]


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
    lines = list(enumerate(source_lines(source), start=1))
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


_NOT_LINE_BREAK = re.compile(r"[^\n]")  # one character at a time: linear


def without_comments(text: str) -> str:
    """``text`` with each HTML comment blanked out with spaces, line breaks
    kept, so lines keep their numbers and places. Found by hand: a regular expression
    (``<!--.*?-->``) read to the end of the text again from each ``<!--``
    left open."""
    pieces, position = [], 0
    while (opening := text.find("<!--", position)) != -1:
        closing = text.find("-->", opening + 4)
        if closing == -1:
            break  # no comment is closed after this one either
        closing += 3
        pieces += [text[position:opening], _NOT_LINE_BREAK.sub(" ", text[opening:closing])]
        position = closing
    return "".join(pieces) + text[position:]


def marker_places(body_lines, pattern: re.Pattern) -> list[tuple[int, str]]:
    """(line number, the source from the hint's start to the end of its line)
    for each hint written in the page's body, in order. Hints in HTML
    comments are left out: a patient never reads them."""
    if not body_lines:
        return []
    first = body_lines[0][0]
    text = without_comments("\n".join(line for _number, line in body_lines))
    return [
        (first + offset, line[start:])
        for offset, line in enumerate(text.split("\n"))
        for start, _end in hint_spans(line, pattern)
    ]


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


class _Places:
    """The hints written in the source, to be taken in order: ``first(words,
    position)`` is the first one not before ``position`` whose words start
    with ``words``, in logarithmic time. Sorted by their words, the places
    that start with given words are one run; a tree of minimums over that
    order, holding each place's index (or None once it is before the
    position), gives the run's first. Scanning the places after the
    position for each hint cost their number times the hints' whenever
    Markdown had changed the hints' words (emphasis inside each)."""

    def __init__(self, words: list[str]):
        self.order = sorted(range(len(words)), key=words.__getitem__)
        self.sorted_words = [words[index] for index in self.order]
        self.rank = [0] * len(words)
        for rank, index in enumerate(self.order):
            self.rank[index] = rank
        self.size = 1
        while self.size < len(words):
            self.size *= 2
        self.none = len(words)  # above every index: no place
        self.tree = [self.none] * (2 * self.size)
        self.tree[self.size : self.size + len(words)] = self.order
        for node in range(self.size - 1, 0, -1):
            self.tree[node] = min(self.tree[2 * node], self.tree[2 * node + 1])

    def forget(self, index: int) -> None:
        node = self.size + self.rank[index]
        self.tree[node] = self.none
        while node > 1:
            node //= 2
            self.tree[node] = min(self.tree[2 * node], self.tree[2 * node + 1])

    def first(self, words: str) -> int | None:
        low = bisect_left(self.sorted_words, words)
        high = len(self.sorted_words)
        if words and ord(words[-1]) < sys.maxunicode:
            high = bisect_left(self.sorted_words, words[:-1] + chr(ord(words[-1]) + 1))
        best, low, high = self.none, low + self.size, high + self.size
        while low < high:
            if low % 2:
                best, low = min(best, self.tree[low]), low + 1
            if high % 2:
                high -= 1
                best = min(best, self.tree[high])
            low, high = low // 2, high // 2
        return None if best == self.none else best


def body_hint_lines(body_lines, hints, pattern: re.Pattern) -> list:
    """The source line of each hint found in the text, in reading order.

    Each takes the next hint written in the source that starts with its
    words; one whose words Markdown changed (an escape, emphasis inside it)
    takes the next one not yet taken. None when the source has no more."""
    places, position, found = marker_places(body_lines, pattern), 0, []
    free = _Places([_words(text) for _number, text in places])
    for hint in hints:
        match = free.first(_words(hint.splitlines()[0]))
        index = position if match is None else match
        if index < len(places):
            found.append(places[index][0])
            for taken in range(position, index + 1):
                free.forget(taken)
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


def page_problems(content, model) -> list:
    """The hints left in the page, as data (page_model/pipeline.py reports them)."""
    marker = content.settings["WRITING_HINT_MARKER"]
    return [
        problem(content.source_path, message, fix, line=line, find=hint.splitlines()[0])
        for message, fix, line, hint in problems(model, content.metadata, marker)
    ]


def register():
    """Nothing to connect: page_model/pipeline.py calls page_problems."""
