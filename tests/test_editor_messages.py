"""What a new editor met (issue 20): images, heading advice and one problem
per mistake, through the in-process harness (tests/harness.py), each message
word for word; and the decorative image rendered as one."""

import shutil

from conftest import ROOT, build, soup_of
from harness import SPANISH, SPANISH_FIXTURE, problems_of, vertebroplasty



def png():
    import segno
    import io

    out = io.BytesIO()
    segno.make("x").save(out, kind="png")
    return out.getvalue()


def with_image(markup):
    text = vertebroplasty().replace("## Why Vertebroplasty is Performed\n", f"## Why Vertebroplasty is Performed\n\n{markup}\n", 1)
    return text, {"images/spine.png": png()}


def said(found):
    return [(problem.line, problem.message, problem.fix) for problem in found]


# --- 1. Images ---------------------------------------------------------------------------------


def test_an_image_without_alt_is_a_problem_at_its_line_with_the_fix():
    text, files = with_image('<img src="{static}/images/spine.png">')
    line = text.splitlines().index('<img src="{static}/images/spine.png">') + 1
    assert said(problems_of(text, files=files)) == [
        (
            line,
            "the image {static}/images/spine.png has no alt text, so a screen reader would read out its file name.",
            "describe what the picture shows in its alt text: ![A nurse checks the bandage](…) or "
            'alt="A nurse checks the bandage"; if the picture is only decoration, write alt="" (or ![](…)).',
        )
    ]


def test_a_decorative_image_is_allowed_written_either_way():
    for markup in ("![]({static}/images/spine.png)", '<img alt="" src="{static}/images/spine.png">'):
        text, files = with_image(markup)
        assert problems_of(text, files=files) == [], markup


def test_a_decorative_image_is_published_with_an_empty_alt(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    text, files = with_image("![]({static}/images/spine.png)")
    (content / "procedures" / "vertebroplasty.md").write_text(text, encoding="utf-8")
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "spine.png").write_bytes(files["images/spine.png"])
    result = build(tmp_path / "output", content=content)
    assert result.returncode == 0, result.stderr
    (image,) = soup_of(tmp_path / "output" / "procedures" / "vertebroplasty" / "index.html").select("main img")
    assert image["alt"] == "" and not image.get("role") and not image.get("aria-label")


# --- 2. Heading advice ----------------------------------------------------------------------------


def line_of(text, words):
    return text.splitlines().index(words) + 1


def test_a_misspelled_heading_gets_the_nearest_required_heading_and_its_own_id():
    text = vertebroplasty().replace("## Post Vertebroplasty", "## Post Vertebroplasy")
    assert said(problems_of(text)) == [
        (
            line_of(text, "## Post Vertebroplasy"),
            "the heading '## Post Vertebroplasy' is not one of the required sections; did you mean '## Post Vertebroplasty'?",
            "write '## Post Vertebroplasty', or keep your wording and add the section's id: "
            "'## Post Vertebroplasy {#after}'. For a heading inside a section, use '### '.",
        )
    ]  # one problem: the section is not also called missing


def test_a_heading_that_differs_only_in_accents_says_so():
    spanish = SPANISH_FIXTURE.read_text(encoding="utf-8").replace("## Por qué se realiza", "## Por que se realiza")
    found = problems_of(vertebroplasty(), files={SPANISH: spanish}, overrides={"ALLOW_TEST_FIXTURES": True})
    assert said(found) == [
        (
            line_of(spanish, "## Por que se realiza"),
            "the heading '## Por que se realiza' differs from the required '## Por qué se realiza' only in its accents.",
            "write it as '## Por qué se realiza'.",
        )
    ]
    assert found[0].file == SPANISH


def test_a_title_change_under_old_headings_is_one_problem():
    text = vertebroplasty().replace("Title: Vertebroplasty", "Title: Vertebral Augmentation")
    lines = [str(n) for n, line in enumerate(text.splitlines(), start=1) if line.startswith("## ") and "Vertebroplasty" in line]
    assert len(lines) == 5
    assert said(problems_of(text)) == [
        (
            int(lines[0]),
            f"5 headings name 'Vertebroplasty', but the Title is 'Vertebral Augmentation' (lines {', '.join(lines)}).",
            "change the 'Title:' line back to 'Vertebroplasty', or write 'Vertebral Augmentation' in place of "
            "'Vertebroplasty' in each of these headings.",
        )
    ]


def test_an_unknown_heading_suggests_the_next_missing_section_and_missing_ones_are_in_page_order():
    text = (
        vertebroplasty()
        .replace("## Why Vertebroplasty is Performed", "## Zzz")
        .replace("## Post Vertebroplasty", "## Something else entirely")
    )
    found = said(problems_of(text))
    missing = [message for line, message, _ in found if line is None]
    assert missing == [
        "the required section 'Why Vertebroplasty is Performed' is missing.",
        "the required section 'Post Vertebroplasty' is missing.",
    ]  # page order, not alphabetical
    fixes = [fix for line, message, fix in found if "is not one of the required sections" in message]
    assert "'## Zzz {#why}'" in fixes[0] and "'## Something else entirely {#after}'" in fixes[1]


def test_a_phone_link_typed_by_hand_is_one_problem():
    text = vertebroplasty().replace("{phone}", "[202-877-9729](tel:+12028779729)", 1)
    assert said(problems_of(text)) == [
        (
            line_of(text, "[202-877-9729](tel:+12028779729)"),
            "the appointment number is typed into the page as a link, [202-877-9729](tel:+12028779729).",
            "write {phone} in place of the whole link, brackets and all; the build fills in the number "
            "from the settings and makes it a link by itself.",
        )
    ]
