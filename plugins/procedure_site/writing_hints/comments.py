"""No editor's note is ever published: an HTML comment left open.

Editors write notes to each other as HTML comments (``<!-- … -->``), which
every build drops (docs/authoring.md). A comment Markdown does not find
closed is no comment to it: it escapes the ``<!--`` and publishes the note
as text a patient reads ("<!-- pending legal review, do not publish
dosage"). Markdown closes an inline comment only within its paragraph, so a
``-->`` further down the page does not save it.

So the check reads the page as Markdown made it, from its one parse: a
``<!--`` in the text a patient reads, outside ``code`` and ``pre`` (where an
editor may show the characters on purpose), is a comment left open. It is
refused at its line, with how to close it.

Its line is the next ``<!--`` written in the source, with the same words
after it, that is not closed within its paragraph, searched forward from the
last one found, so the pass is linear in the page however many there are.
One the source does not hold as written was written as ``&lt;!--`` on
purpose, to show the characters: it is no comment, and nothing is said.
"""

from procedure_site.build_report.report import problem

OPENING, CLOSING = "<!--", "-->"
CODE = frozenset({"code", "pre"})
QUOTED = 60  # characters after the '<!--' used to find its line
ENTITY_MADE = "&<>\"'"  # characters the source may have written as an entity: the search stops before them


def _in_code(node) -> bool:
    parent = node.parent
    while parent is not None:
        if getattr(parent, "name", None) in CODE:
            return True
        parent = parent.parent
    return False


def left_open(model) -> list[str]:
    """For each ``<!--`` Markdown left as text outside code, in page order:
    it and what follows it on its line (up to QUOTED characters)."""
    found = []
    for node in model.texts():
        data = node.data or ""
        start = data.find(OPENING)
        if start == -1 or _in_code(node):
            continue
        while start != -1:
            found.append(data[start : start + len(OPENING) + QUOTED].split("\n", 1)[0])
            start = data.find(OPENING, start + len(OPENING))
    return found


def _as_written(text: str) -> str:
    """``text`` up to the first character an entity may have written."""
    for index in range(len(OPENING), len(text)):
        if text[index] in ENTITY_MADE:
            return text[:index]
    return text


def lines_of(source: str, quoted: list[str]) -> list[int | None]:
    """The line of each of ``quoted`` in ``source``: the next place after the
    last one found that holds it as written and whose comment is not closed
    within its paragraph (None when there is none)."""
    lines, counted, line, after, paragraph_end = [], 0, 1, 0, -1
    for text in quoted:
        key = _as_written(text)
        found = source.find(key, after)
        while found != -1:
            if found >= paragraph_end:
                paragraph_end = source.find("\n\n", found)
                paragraph_end = len(source) if paragraph_end == -1 else paragraph_end
            if source.find(CLOSING, found + len(OPENING), paragraph_end) == -1:
                break
            found = source.find(key, found + len(OPENING))  # a comment closed in its paragraph: not this one
        if found == -1:
            lines.append(None)
            continue
        line += source.count("\n", counted, found)
        counted, after = found, found + len(OPENING)
        lines.append(line)
    return lines


def page_problems(content, model) -> list:
    """Each comment left open in a published page, as data
    (page_model/pipeline.py reports them)."""
    quoted = left_open(model)
    lines = [line for line in lines_of(model.source, quoted) if line is not None]
    return [
        problem(
            content.source_path,
            "an HTML comment starts here with '<!--' but is not closed within its paragraph, so the note would "
            "be shown to patients.",
            "end the note with '-->' in the same paragraph (for example '<!-- note for editors -->'), or delete "
            "the '<!--'.",
            line=line,
        )
        for line in lines
    ]
