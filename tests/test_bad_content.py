"""Each bad input fails the build with a clear message, no traceback, and the
previous output left exactly as it was."""

import hashlib
import shutil

import pytest

from pelican.settings import read_settings

from conftest import ROOT, build, edit_page

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
PHONE = SETTINGS["APPOINTMENT_PHONE"]

PAGE = "procedures/vertebroplasty.md"


def snapshot(folder):
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def replace(text, old, new, count=1):
    assert old in text, f"fixture text not found: {old!r}"
    return text.replace(old, new, count)


def section(title):
    return f"## {title}\n"


def drop_section(text, heading, next_heading):
    start = text.index(section(heading))
    return text[:start] + text[text.index(section(next_heading)) :]


# name -> (edit of the Vertebroplasty source, words the message must contain)
BAD_PAGES = {
    "missing section": (
        lambda t: drop_section(t, "Risks and Benefits of Vertebroplasty", "How to Prepare for Vertebroplasty"),
        "'Risks and Benefits of Vertebroplasty' is missing",
    ),
    "empty section": (
        lambda t: drop_section(t, "Post Vertebroplasty", "Make an Appointment").replace(
            section("Make an Appointment"), section("Post Vertebroplasty") + "\n" + section("Make an Appointment")
        ),
        "'Post Vertebroplasty' is empty",
    ),
    "section twice": (
        lambda t: t + "\n## Why Vertebroplasty is Performed\n\nAgain.\n",
        "appears twice",
    ),
    "sections out of order": (
        lambda t: replace(
            replace(t, "## Why Vertebroplasty is Performed", "## TMP"),
            "## How to Prepare for Vertebroplasty",
            "## Why Vertebroplasty is Performed",
        ).replace("## TMP", "## How to Prepare for Vertebroplasty"),
        "out of order",
    ),
    "empty lead": (
        lambda t: t[: t.index("\n\n") + 2] + t[t.index("## Why") :],
        "no lead",
    ),
    "unknown heading": (
        lambda t: replace(t, "## Post Vertebroplasty", "## Aftercare"),
        "'## Aftercare' is not one of the required sections",
    ),
    "unknown section id": (
        lambda t: replace(t, "## Post Vertebroplasty", "## Aftercare {#recovery}"),
        "'{#recovery}' is not a section id",
    ),
    "missing title": (lambda t: replace(t, "Title: Vertebroplasty\n", ""), "'Title:' line is missing"),
    "missing summary": (lambda t: replace(t, "Summary:", "Summery:"), "'Summary:' line is missing"),
    "summary of two sentences": (
        lambda t: replace(t, "spinal fractures.\nDepartment", "spinal fractures. It uses bone cement.\nDepartment"),
        "'Summary:' must be one sentence",
    ),
    "summary with a link": (
        lambda t: replace(t, "spinal fractures.\nDepartment", "[spinal fractures](https://x.org).\nDepartment"),
        "'Summary:' must be plain text",
    ),
    "invalid phone": (
        lambda t: replace(t, "Department:", "Phone: 555-0100\nDepartment:"),
        "'Phone: 555-0100' is not a valid phone number",
    ),
    "appointment without phone": (
        lambda t: replace(t, "{phone}", "the front desk."),
        "does not show the phone number",
    ),
    "hard-coded phone": (lambda t: replace(t, "{phone}", PHONE), "is typed into the page"),
    "hard-coded tel link": (
        lambda t: replace(t, "{phone}", "{phone}\n\n[Call](tel:" + PHONE + ")"),
        "is typed into the page",
    ),
    "phone placeholder in a heading": (
        lambda t: replace(t, "## Make an Appointment", "## Make an Appointment: {phone}"),
        "{phone} is in a heading",
    ),
    "phone placeholder as a link": (
        lambda t: replace(t, "{phone}", "{phone}\n\n[Call us]({phone})"),
        "{phone} is used as a link address",
    ),
    "save_as override": (
        lambda t: replace(t, "Department:", "Save_as: index.html\nDepartment:"),
        "'Save_as:' line is not allowed",
    ),
    "heading inside an HTML block": (
        lambda t: replace(
            t,
            "## Risks and Benefits of Vertebroplasty",
            "<div>\n<h2>Risks and Benefits of Vertebroplasty</h2>\n</div>",
        ),
        "is inside an HTML block",
    ),
    "section with only a subheading": (
        lambda t: drop_section(t, "Post Vertebroplasty", "Make an Appointment").replace(
            section("Make an Appointment"),
            section("Post Vertebroplasty") + "\n### Recovery at home\n\n" + section("Make an Appointment"),
        ),
        "'Post Vertebroplasty' is empty",
    ),
    "image from another site": (
        lambda t: t + '\n![Spine](https://images.example.com/spine.png)\n',
        "from another site",
    ),
    "data address": (lambda t: t + '\n<img src="data:image/png;base64,AAAA" alt="x">\n', "data: address"),
    "tag link": (lambda t: t + "\nSee [more]({tag}spine).\n", "{tag}spine points to a tag page"),
    "missing static image": (
        lambda t: t + "\n![Spine]({static}/images/spine.png)\n",
        "{static}/images/spine.png points to a file that does not exist",
    ),
    "unreadable date": (
        lambda t: replace(t, "Department:", "Date: soon\nDepartment:"),
        "is not a valid date",
    ),
    "script": (lambda t: t + "\n<script>alert(1)</script>\n", "<script> is not allowed"),
    "iframe": (lambda t: t + '\n<iframe src="https://example.com"></iframe>\n', "<iframe> is not allowed"),
    "object": (lambda t: t + '\n<object data="x.swf"></object>\n', "<object> is not allowed"),
    "event handler": (
        lambda t: t + '\n<p onclick="steal()">Click</p>\n',
        "onclick= is an inline event handler",
    ),
    "event handler on a link": (
        lambda t: t + '\n<a href="#why" onmouseover="x()">Why</a>\n',
        "onmouseover= is an inline event handler",
    ),
    "javascript link": (lambda t: t + "\n[Call us](javascript:alert(1))\n", "javascript: link"),
    "disguised javascript link": (
        lambda t: t + '\n<a href=" JaVa&#09;ScRiPt:alert(1)">x</a>\n',
        "javascript: link",
    ),
    "broken filename link": (
        lambda t: t + "\nSee [knee]({filename}knee-replacement.md).\n",
        "{filename}knee-replacement.md points to a file that does not exist",
    ),
    # The allowlist: each of these passed the old blocklist.
    "style attribute": (lambda t: t + '\n<p style="color: red">Note</p>\n', "a style= attribute is not allowed"),
    "svg image from another site": (
        lambda t: t + '\n<svg><image href="https://cdn.example/x.png"></image></svg>\n',
        "<svg> is not allowed",
    ),
    "second srcset candidate from another site": (
        lambda t: t + '\n<img alt="Spine" src="spine.png" srcset="spine.png 1x, https://cdn.example/spine.png 2x">\n',
        "candidate 2 of its srcset",
    ),
    "backslash address to another site": (
        lambda t: t + '\n<img alt="Spine" src="/\\cdn.example/x.png">\n',
        "loads /\\cdn.example/x.png (src) from another site",
    ),
    "class attribute": (lambda t: t + "\nA note.\n{: .warning }\n", "the attribute class= is not allowed on <p>"),
    "aligned table column": (
        lambda t: t + "\n| Step | Time |\n| :--- | ---: |\n| Rest | 1 day |\n",
        "a table column is aligned with ':'",
    ),
    "sms link": (lambda t: t + "\n[Text us](sms:+12025550143)\n", "uses sms:, which is not allowed"),
    "unknown element": (lambda t: t + "\n<marquee>Hi</marquee>\n", "<marquee> is not allowed"),
    # {phone} where the number cannot be filled in
    "phone placeholder in link words": (
        lambda t: t + "\n[Call {phone}](https://example.org/)\n",
        "{phone} is inside a link's words",
    ),
    "phone placeholder in raw HTML": (
        lambda t: t + "\n<p>Call {phone}</p>\n",
        "{phone} is inside HTML or `code`",
    ),
    "phone placeholder in the summary": (
        lambda t: replace(t, "spinal fractures.\nDepartment", "spinal fractures, call {phone}.\nDepartment"),
        "{phone} is in the 'Summary:' line",
    ),
    "placeholder written differently": (lambda t: t + "\nCall {Phone} any time.\n", "{Phone} looks like {phone}"),
    "phone placeholder in the department": (
        lambda t: replace(t, "Department: Interventional Radiology", "Department: Radiology, call {phone}"),
        "{phone} is in the 'Department:' line",
    ),
    "title given twice": (
        lambda t: replace(t, "Slug: vertebroplasty", "Title: Vertebroplasty again\nSlug: vertebroplasty"),
        "the 'Title:' line is given more than once",
    ),
    "keywords with an empty keyword": (
        lambda t: replace(t, "Reviewed:", "Keywords: spine,, bone cement\nReviewed:"),
        "has an empty keyword",
    ),
    "keywords pasted as a sentence": (
        lambda t: replace(t, "Reviewed:", "Keywords: " + "a sentence pasted where short search words belong " * 2 + "\nReviewed:"),
        "a keyword is a word or short phrase",
    ),
    "an id the layout uses": (lambda t: t + "\nA note.\n{: #idle-dialog }\n", "the id 'idle-dialog' is one the page's layout"),
    "static link in a srcset": (
        lambda t: t + '\n<img alt="Spine" src="spine.png" srcset="{static}/images/spine.png 2x">\n',
        "the srcset of an image holds {static}/images/spine.png",
    ),
    "remote candidate hidden behind a parenthesis": (
        lambda t: t + '\n<img alt="Spine" src="spine.png" srcset="spine.png ((x) , https://cdn.example/t.png">\n',
        "candidate 2 of its srcset",
    ),
    "static link out of the content folder": (
        lambda t: t + "\n[Requirements]({static}/../requirements.txt)\n",
        "points outside the content folder",
    ),
    # Issue 18: text that looks right but is not.
    "right-to-left override in the title": (
        lambda t: t.replace("Vertebroplasty", "Kypho\u202eytsalp"),  # shows as "Kyphoplasty"
        "vertebroplasty.md:1: the 'Title:' line holds an invisible character: U+202E RIGHT-TO-LEFT OVERRIDE "
        "after 'Title: Kypho'",
    ),
    "soft hyphen in a required heading": (
        lambda t: replace(t, "## Risks and Benefits", "## Ri\u00adsks and Benefits"),
        "the heading 'Risks and Benefits of Vertebroplasty' holds an invisible character: U+00AD SOFT HYPHEN "
        "after 'Ri'",
    ),
    "look-alike letter in a required heading": (
        lambda t: replace(t, "## Post Vertebroplasty", "## Post Vertebropl\u0430sty"),
        "'\u0430' after 'Post Vertebropl' is U+0430 CYRILLIC SMALL LETTER A, which looks like 'a' "
        "(U+0061 LATIN SMALL LETTER A)",
    ),
    "zero-width space in a metadata value": (
        lambda t: replace(t, "Department: Interventional", "Department: Interventional\u200b"),
        "the 'Department:' line holds an invisible character: U+200B ZERO WIDTH SPACE",
    ),
    "zero-width space in the slug": (
        lambda t: replace(t, "Slug: vertebroplasty", "Slug: vertebro\u200bplasty"),
        "the slug 'vertebroplasty' holds an invisible character: U+200B ZERO WIDTH SPACE after 'vertebro'",
    ),
    "phone placeholder with a Cyrillic letter": (
        lambda t: t + "\nOr call {ph\u043ene} today.\n",
        "'\u043e' after '{ph' is U+043E CYRILLIC SMALL LETTER O",
    ),
    "phone placeholder in fullwidth brackets": (
        lambda t: t + "\nOr call \uff5bphone\uff5d today.\n",
        "'\uff5b' at the start is U+FF5B FULLWIDTH LEFT CURLY BRACKET",
    ),
    "phone placeholder with a zero-width joiner": (
        lambda t: t + "\nOr call {pho\u200dne} today.\n",
        "this {phone} holds an invisible character: U+200D ZERO WIDTH JOINER after '{pho'",
    ),
    "premium-rate phone": (
        lambda t: replace(t, "Department:", "Phone: 900-555-0199\nDepartment:"),
        "'Phone: 900-555-0199' is a premium-rate number",
    ),
    "date in the future": (
        lambda t: replace(t, "Department:", "Date: 2999-01-01\nDepartment:"),
        "'Date: 2999-01-01' is in the future",
    ),
    "modified in the future": (
        lambda t: replace(t, "Department:", "Modified: 2999-01-01\nDepartment:"),
        "'Modified: 2999-01-01' is in the future",
    ),
    "slug given twice": (
        lambda t: replace(t, "Department:", "Slug: other\nDepartment:"),
        "vertebroplasty.md:4: the 'Slug:' line is given more than once: line 2 says 'vertebroplasty', "
        "line 4 says 'other'",
    ),
    "an id the header's search box uses": (
        lambda t: t + '\n<span id="site-search-q">Search</span>\n',
        "the id 'site-search-q' is one the page's layout",
    ),
    "top-level heading in content": (
        lambda t: replace(t, "A person has 33", "# Vertebroplasty\n\nA person has 33"),
        "is a top-level heading",
    ),
}

@pytest.fixture(scope="module")
def previous_output(site, tmp_path_factory):
    """A complete earlier build, to prove a failed build leaves it alone."""
    folder = tmp_path_factory.mktemp("previous") / "output"
    shutil.copytree(site, folder)
    return folder


def assert_failed_cleanly(result, output, before, names):
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for name in names:
        assert name in result.stderr, f"{name} not named in:\n{result.stderr}"
    assert snapshot(output) == before, "a failed build changed the previous output"
    leftovers = [p.name for p in output.parent.iterdir() if p.name != output.name]
    assert not leftovers, f"the failed build left {leftovers}"


@pytest.mark.parametrize("case", sorted(BAD_PAGES))
def test_bad_page_fails_cleanly(case, content_copy, previous_output):
    edit, words = BAD_PAGES[case]
    page = content_copy / PAGE
    page.write_text(edit(page.read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot(previous_output)
    result = build(previous_output, content=content_copy)
    assert_failed_cleanly(result, previous_output, before, ["vertebroplasty.md", words])
    assert "How to fix:" in result.stderr
    assert "warning:" not in result.stderr, "Pelican's own echo of the problem was shown too"
    problems = [line for line in result.stderr.splitlines() if "vertebroplasty.md" in line]
    assert len(problems) == len(set(problems)), "a problem was reported twice"


def test_problem_names_the_line(content_copy, previous_output):
    page = content_copy / PAGE
    text = page.read_text(encoding="utf-8") + "\nMore.\n\n<script>alert(1)</script>\n"
    page.write_text(text, encoding="utf-8")
    line = text.splitlines().index("<script>alert(1)</script>") + 1
    result = build(previous_output, content=content_copy)
    assert f"vertebroplasty.md:{line}: <script> is not allowed" in result.stderr


def test_duplicate_section_names_the_second_heading_line(content_copy, previous_output):
    page = content_copy / PAGE
    text = page.read_text(encoding="utf-8") + "\n## Why Vertebroplasty is Performed\n\nAgain.\n"
    page.write_text(text, encoding="utf-8")
    line = len(text.splitlines()) - 2
    result = build(previous_output, content=content_copy)
    assert f"vertebroplasty.md:{line}: the section 'Why Vertebroplasty is Performed' appears twice" in result.stderr


def test_duplicate_slug_names_both_files(content_copy, previous_output):
    copy = content_copy / "procedures" / "vertebroplasty-copy.md"
    shutil.copy(content_copy / PAGE, copy)
    before = snapshot(previous_output)
    result = build(previous_output, content=content_copy)
    assert_failed_cleanly(
        result, previous_output, before, ["vertebroplasty-copy.md", "slug 'vertebroplasty' is also used by"]
    )


def test_non_utf8_file_names_file_and_line(content_copy, previous_output):
    bad = content_copy / "procedures" / "cafe.md"
    bad.write_bytes("Title: Caf\xe9 test\nSummary: A test.\n".encode("latin-1"))
    before = snapshot(previous_output)
    result = build(previous_output, content=content_copy)
    assert_failed_cleanly(result, previous_output, before, ["cafe.md:1:", "not saved as UTF-8"])
    assert "Could not process" not in result.stderr  # Pelican's vague echo is folded in


def test_all_problems_listed_in_one_run(content_copy, previous_output):
    page = content_copy / PAGE
    text = page.read_text(encoding="utf-8")
    text = replace(text, "{phone}", "the desk") + "\n<iframe></iframe>\n"
    page.write_text(text, encoding="utf-8")
    second = content_copy / "procedures" / "other.md"
    second.write_text(replace(text, "Slug: vertebroplasty", "Slug: other").replace("Summary:", "X:"), encoding="utf-8")
    result = build(previous_output, content=content_copy)
    assert result.returncode == 1
    for words in ("does not show the phone number", "<iframe> is not allowed", "'Summary:' line is missing"):
        assert words in result.stderr
    assert "other.md" in result.stderr and "vertebroplasty.md" in result.stderr
    assert "failed with 5 problem(s)" in result.stderr


def test_failed_first_build_creates_no_output(content_copy, tmp_path):
    page = content_copy / PAGE
    page.write_text(page.read_text(encoding="utf-8") + "\n<script></script>\n", encoding="utf-8")
    output = tmp_path / "fresh" / "output"
    result = build(output, content=content_copy)
    assert result.returncode == 1
    assert not output.exists()
    assert list(output.parent.iterdir()) == []


def test_summary_with_an_abbreviation_is_one_sentence(content_copy, tmp_path):
    page = content_copy / PAGE
    text = replace(page.read_text(encoding="utf-8"), "Summary: Vertebroplasty", "Summary: Dr. Lee explains how vertebroplasty")
    page.write_text(text, encoding="utf-8")
    result = build(tmp_path / "output", content=content_copy)
    assert result.returncode == 0, result.stderr


def test_a_bug_in_the_build_exits_2_with_a_traceback(tmp_path):
    broken = '[{"id": "lead", "heading": null}, {"id": "why"}]'  # a section without its heading
    result = build(tmp_path / "output", overrides={"PROCEDURE_SECTIONS": __import__("json").loads(broken)})
    assert result.returncode == 2
    assert "error in the build system itself" in result.stderr and "Traceback" in result.stderr
    assert not (tmp_path / "output").exists()


def test_phone_in_a_heading_is_the_only_problem_reported(content_copy, previous_output):
    """Not also 'required section missing': the heading is still the section."""
    edit_page(content_copy, lambda t: replace(t, "## Make an Appointment", "## Make an Appointment: {phone}"))
    result = build(previous_output, content=content_copy)
    assert result.returncode == 1
    assert "{phone} is in a heading" in result.stderr
    assert "is missing" not in result.stderr and "not one of the required sections" not in result.stderr


def test_issue_example_phone_at_the_start_of_a_line_shows_the_number(content_copy, tmp_path, settings):
    """attr_list used to read this {phone} as an attribute list: <p phone>."""
    edit_page(content_copy, lambda t: replace(t, "For an appointment with a specialist, call\n\n{phone}", "Questions? Call\n{phone}"))
    result = build(tmp_path / "output", content=content_copy)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "output" / settings["PAGE_SAVE_AS"].format(slug="vertebroplasty")).read_text(encoding="utf-8")
    assert "<p phone" not in page and 'href="tel:+1' in page.split('id="appointment"')[1]


def with_subheadings(text):
    text = replace(text, "## What to Expect During", "### Before the day\n\nA note.\n\n## What to Expect During")
    return replace(text, "## Post Vertebroplasty", "### At home\n\nRest.\n\n## Post Vertebroplasty")


def test_section_errors_keep_their_line_numbers_on_a_page_with_subheadings(content_copy, previous_output):
    """Line numbers used to vanish from every section error once a ### appeared."""
    edit_page(content_copy, lambda t: replace(with_subheadings(t), "## Post Vertebroplasty", "## Aftercare"))
    text = (content_copy / PAGE).read_text(encoding="utf-8")
    line = text.splitlines().index("## Aftercare") + 1
    result = build(previous_output, content=content_copy)
    assert f"vertebroplasty.md:{line}: the heading '## Aftercare' is not one of the required sections" in result.stderr


def test_static_link_out_of_the_content_folder_names_page_line_and_rule(content_copy, previous_output):
    edit_page(content_copy, lambda t: t + "\nSee [this]({static}/../requirements.txt).\n")
    line = len((content_copy / PAGE).read_text(encoding="utf-8").splitlines())
    result = build(previous_output, content=content_copy)
    assert f"vertebroplasty.md:{line}: the link {{static}}/../requirements.txt points outside the content folder" in (
        result.stderr
    )
    assert "are the same file" not in result.stderr


def test_a_half_written_draft_builds_and_is_not_published(content_copy, tmp_path):
    """docs/authoring.md: a draft is kept out of the build; the section rules wait until it is published."""
    draft = content_copy / "procedures" / "kyphoplasty.md"
    draft.write_text("Title: Kyphoplasty\nStatus: draft\n\nNotes for the clinical team.\n\n## Why\n", encoding="utf-8")
    result = build(tmp_path / "output", content=content_copy)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "output" / "procedures" / "kyphoplasty").exists()
    assert "Kyphoplasty" not in (tmp_path / "output" / "index.html").read_text(encoding="utf-8")


def test_a_draft_must_still_be_readable(content_copy, tmp_path):
    draft = content_copy / "procedures" / "kyphoplasty.md"
    draft.write_bytes("Title: Kyphopl\xe1sty\nStatus: draft\n\nNotes.\n".encode("latin-1"))
    result = build(tmp_path / "output", content=content_copy)
    assert result.returncode == 1 and "kyphoplasty.md:1: this file is not saved as UTF-8" in result.stderr


def test_a_misplaced_phone_is_named_at_its_own_line_not_the_first_phone(content_copy, previous_output):
    edit_page(content_copy, lambda t: t + "\nOr dial `{phone}` from a hospital phone.\n")
    line = len((content_copy / PAGE).read_text(encoding="utf-8").splitlines())
    result = build(previous_output, content=content_copy)
    assert f"vertebroplasty.md:{line}: {{phone}} is inside HTML or `code`" in result.stderr


def test_text_that_looks_right_but_is_not_is_one_problem_each_not_a_cascade(content_copy, previous_output):
    """A soft hyphen or a look-alike letter in a required heading used to be
    called 'not one of the required sections' (quoting the required wording)
    and then 'missing'; a second Slug: line was Pelican's warning, no line,
    no fix. Each page here has one mistake, and gets one message."""
    original = (content_copy / PAGE).read_text(encoding="utf-8")
    pages = {
        "soft-hyphen": lambda t: replace(t, "## Risks and Benefits", "## Ri\u00adsks and Benefits"),
        "look-alike": lambda t: replace(t, "## Post Vertebroplasty", "## Post Vertebropl\u0430sty"),
        "override": lambda t: replace(t, "Title: Vertebroplasty", "Title: Vertebro\u202eplasty"),
        "slug-twice": lambda t: replace(t, "Department:", "Slug: other\nDepartment:"),
        "draft-slug-twice": lambda t: replace(t, "Department:", "Status: draft\nSlug: other\nDepartment:"),
        "phone-look-alike": lambda t: replace(t, "{phone}", "{phone}\n\nOr {ph\u043ene}."),
    }
    for name, edit in pages.items():
        text = replace(original, "Slug: vertebroplasty", f"Slug: {name}")
        (content_copy / "procedures" / f"{name}.md").write_text(edit(text), encoding="utf-8")
    before = snapshot(previous_output)
    result = build(previous_output, content=content_copy)
    assert_failed_cleanly(result, previous_output, before, [f"{name}.md" for name in pages])
    for name in pages:
        said = [line for line in result.stderr.splitlines() if f"/{name}.md" in line]
        assert len(said) == 1, "\n".join(said)
    assert "warning:" not in result.stderr and "Duplicate definition" not in result.stderr
    assert "not one of the required sections" not in result.stderr and "is missing" not in result.stderr
    assert f"failed with {len(pages)} problem(s)" in result.stderr
