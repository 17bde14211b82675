"""No editor's note is ever published: an HTML comment left open.

Editors write notes to each other as HTML comments (``<!-- … -->``), which
every build drops (docs/authoring.md). A comment whose ``-->`` is missing
is no comment to Markdown: it escapes the ``<!--`` and publishes the note,
and everything after it in the paragraph, as text a patient reads ("<!--
pending legal review, do not publish dosage"). So a published page whose
body opens a comment that nothing after it closes is refused, at the line
the comment opens, and the build says how to close it.

Found by hand, as writing_hints' ``without_comments`` finds comments: each
``<!--`` is looked for once, then its ``-->`` from there on, so the pass is
linear in the page.
"""

from procedure_site.build_report.report import problem

from .hints import split_source

OPENING, CLOSING = "<!--", "-->"


def open_comment_line(body_lines) -> int | None:
    """The source line of the first ``<!--`` in ``body_lines`` ((number, text)
    pairs) that no ``-->`` after it closes; None when every comment closes."""
    if not body_lines:
        return None
    text = "\n".join(line for _number, line in body_lines)
    position = 0
    while (opening := text.find(OPENING, position)) != -1:
        closing = text.find(CLOSING, opening + len(OPENING))
        if closing == -1:
            return body_lines[0][0] + text.count("\n", 0, opening)
        position = closing + len(CLOSING)
    return None


def page_problems(content, model) -> list:
    """The comment left open in a published page's body, as data
    (page_model/pipeline.py reports it)."""
    _head, body = split_source(model.source)
    line = open_comment_line(body)
    if line is None:
        return []
    return [problem(
        content.source_path,
        "an HTML comment starts here with '<!--' but is never closed, so the note and the text after it "
        "would be shown to patients.",
        "end the note with '-->' (for example '<!-- note for editors -->'), or delete the '<!--'.",
        line=line,
    )]
