"""The writing-hint check on a page's one parse (the real page_model parse of
real Markdown), and the line each hint is reported at."""

from types import SimpleNamespace

import markdown
from blinker import signal
from pelican.settings import DEFAULT_CONFIG

from procedure_site.page_model.model import parse
from procedure_site.page_model.urls import intrasite_pattern
from procedure_site.writing_hints.hints import hint_pattern, hints_in, page_problems, problems, shortened

MARKER = "Replace this:"
PATTERN = hint_pattern(MARKER)


def model_of(source: str):
    """The page model of a Markdown source (metadata lines, a blank line, the body)."""
    body = source.split("\n\n", 1)[1]
    html = markdown.markdown(body, extensions=["markdown.extensions.attr_list"], output_format="html5")
    model = parse(html, intrasite_pattern(DEFAULT_CONFIG["INTRASITE_LINK_REGEX"]))
    model.source = source
    return model


def test_a_hint_is_the_marker_with_its_brackets_in_any_case():
    assert hints_in("Before [Replace this: say why.] after", PATTERN) == ["[Replace this: say why.]"]
    assert hints_in("[replace THIS: a] and [Replace this: b]", PATTERN) == ["[replace THIS: a]", "[Replace this: b]"]
    # the editor deleted a bracket: still a hint
    assert hints_in("Replace this: say why.", PATTERN) == ["Replace this: say why."]
    assert hints_in("Replace the battery. [Note: this is fine]", PATTERN) == []


def test_long_hints_are_shortened_in_messages():
    assert shortened("[Replace this:\n  short]") == "[Replace this: short]"
    long = "[Replace this: " + "word " * 30 + "]"
    assert len(shortened(long)) <= 72 and shortened(long).endswith(" …]")


SOURCE = """Title: Knee
Summary: [Replace this: one sentence]
owner: Orthopaedics
Department: Replace this: the department

[Replace this: the lead]

## Why Knee is Performed

Real text, then [Replace this: more].

- a list item [Replace this: more]

<!-- [Replace this: a comment is not shown] -->

## Post Knee

| a | b |
| --- | --- |
| [Replace this: *in* a table] | x |

`[Replace this: in code]`
"""


def test_every_hint_in_text_and_metadata_is_reported_at_its_line():
    metadata = {"title": "Knee", "summary": "[Replace this: one sentence]", "owner": "Orthopaedics",
                "department": "Replace this: the department"}
    found = [(line, message) for message, _fix, line, _hint in problems(model_of(SOURCE), metadata, MARKER)]
    assert [line for line, _ in found] == [2, 4, 6, 10, 12, 20, 22]
    messages = dict(found)
    assert messages[2].startswith("the 'Summary:' line still holds its writing hint '[Replace this: one sentence]'")
    assert messages[4].startswith("the 'Department:' line still holds its writing hint 'Replace this: the department'")
    assert "in the lead" in messages[6]
    assert "in the section 'Why Knee is Performed': '[Replace this: more]'" in messages[10]
    assert "in the section 'Why Knee is Performed': '[Replace this: more]'" in messages[12]  # the second 'more'
    assert "in the section 'Post Knee': '[Replace this:'" in messages[20]  # *in* splits the text: found by its marker
    assert "in code" in messages[22]
    fixes = {fix for _message, fix, _line, _hint in problems(model_of(SOURCE), metadata, MARKER)}
    assert "write the Summary in place of the hint, and delete the hint with its square brackets; " \
        "or put back the line 'Status: draft' until the text is ready." in fixes
    assert "write the section's text in place of the hint, and delete the hint with its square brackets; " \
        "or put back the line 'Status: draft' until the text is ready." in fixes


def test_a_page_without_hints_has_no_problem():
    source = "Title: Knee\nSummary: A knee operation.\n\nThe lead.\n\n## Why Knee is Performed\n\nReplace the joint.\n"
    assert list(problems(model_of(source), {"title": "Knee", "summary": "A knee operation."}, MARKER)) == []


def sent(page, source):
    """What page_problems returns, and what it sends on content_problem (nothing)."""
    received = []

    def listen(path, **kwargs):
        received.append(path)

    signal("content_problem").connect(listen)
    try:
        found = page_problems(page, model=model_of(source))
    finally:
        signal("content_problem").disconnect(listen)
    assert received == [], "a check returns its problems; the pipeline reports them"
    return [(problem.path, problem.line, problem.message.split("'")[1]) for problem in found]


def page(marker=MARKER, plugins=("procedure_site",), **metadata):
    return SimpleNamespace(
        source_path="content/procedures/knee.md",
        settings={"WRITING_HINT_MARKER": marker, "PLUGINS": list(plugins)},
        metadata=metadata,
    )


def test_problems_are_returned_as_data_with_file_and_line():
    source = "Title: Knee\nSummary: A knee operation.\n\n[Replace this: the lead]\n"
    assert sent(page(title="Knee"), source) == [("content/procedures/knee.md", 4, "[Replace this: the lead]")]


def test_the_marker_comes_from_the_settings():
    source = "Title: Knee\n\n[TODO: the lead] [Replace this: not a hint here]\n"
    assert sent(page("TODO:", title="Knee"), source) == [("content/procedures/knee.md", 3, "[TODO: the lead]")]
