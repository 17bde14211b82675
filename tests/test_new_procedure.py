"""A new page in one command: `make new-procedure TITLE="Bone Biopsy"`.

The scaffold is read against the settings (PROCEDURE_SECTIONS, PHONE_PLACEHOLDER,
WRITING_HINT_MARKER, PROCEDURES_DIR), never against a copy of them. Every test
writes into a temporary content folder, never into content/.
"""

import datetime
import os
import re
import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest
from pelican.utils import slugify

from conftest import ROOT, build, forked_command, source_metadata
from harness import problems_of, read_phase, vertebroplasty

from sitebuild.new_procedure import page_files

TITLE = "Bone Biopsy"
NO_TRACEBACK = "Traceback"


def new_procedure(content, *args):
    return forked_command("sitebuild.new_procedure", ["--content", str(content), *args], timeout=120)


def make(*args):
    # -o: the venv is taken as ready; test_make_plan_sets_up_the_venv_first
    # checks that the target depends on it.
    return subprocess.run(
        ["make", "-s", "-C", str(ROOT), "-o", ".venv/.installed", *args], capture_output=True, text=True, timeout=120
    )


def slug_of(title, settings):
    return slugify(
        title,
        regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"],
        preserve_case=settings["SLUGIFY_PRESERVE_CASE"],
        use_unicode=settings["SLUGIFY_USE_UNICODE"],
    )


def page_file(content, settings, title=TITLE):
    return content / settings["PROCEDURES_DIR"] / f"{slug_of(title, settings)}.md"


def hospital_today(settings):
    return datetime.datetime.now(ZoneInfo(settings["TIMEZONE"])).date().isoformat()


def body_sections(text):
    """[(heading or None for the lead, [non-blank lines])] of a page's body."""
    body = text.split("\n\n", 1)[1]
    sections = [(None, [])]
    for line in body.splitlines():
        if line.startswith("## "):
            sections.append((line[3:], []))
        elif line.strip():
            sections[-1][1].append(line)
    return sections


def hint_lines(path, marker):
    return [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if marker in line]


def test_writes_a_draft_with_every_section_in_order(tmp_path, settings):
    content = tmp_path / "content"
    content.mkdir()
    before = hospital_today(settings)
    result = new_procedure(content, "--title", TITLE)
    after = hospital_today(settings)
    assert result.returncode == 0, result.stderr
    path = page_file(content, settings)
    assert path.name == "bone-biopsy.md" and path.is_file()
    assert str(path) in result.stdout and "Status: draft" in result.stdout and "make html" in result.stdout

    text = path.read_text(encoding="utf-8")
    marker = settings["WRITING_HINT_MARKER"]
    metadata = source_metadata(path)
    assert list(metadata) == ["title", "slug", "summary", "department", "owner", "keywords", "reviewed", "status"]
    assert metadata["title"] == TITLE and metadata["slug"] == "bone-biopsy"
    assert metadata["status"] == "draft"
    assert metadata["reviewed"] in {before, after}
    assert "Keywords:" in result.stdout  # the next steps say what it is for
    for key in ("summary", "department", "owner", "keywords"):
        assert metadata[key].startswith(f"[{marker} ") and metadata[key].endswith("]"), key
    assert "@" not in metadata["owner"]

    sections = body_sections(text)
    specs = settings["PROCEDURE_SECTIONS"]
    assert [heading for heading, _lines in sections] == [
        spec["heading"][settings["DEFAULT_LANG"]].format(title=TITLE) if spec["heading"] else None for spec in specs
    ]
    placeholder = settings["PHONE_PLACEHOLDER"]
    for spec, (heading, lines) in zip(specs, sections, strict=True):
        assert lines[0].startswith(f"[{marker} ") and lines[0].endswith("]"), heading  # a hint under each heading
        shows_phone = any(placeholder in line for line in lines)
        assert shows_phone == bool(spec.get("call_to_action")), heading
    assert text.count(placeholder) == 1


def test_refuses_to_overwrite_a_file(tmp_path, settings):
    content = tmp_path / "content"
    path = page_file(content, settings)
    path.parent.mkdir(parents=True)
    path.write_text("Title: Bone Biopsy\n\nMy own words.\n", encoding="utf-8")
    result = new_procedure(content, "--title", TITLE)
    assert result.returncode == 1
    assert f"{path} already exists, so nothing was written" in result.stderr
    assert NO_TRACEBACK not in result.stderr + result.stdout
    assert path.read_text(encoding="utf-8") == "Title: Bone Biopsy\n\nMy own words.\n"


@pytest.mark.parametrize(
    "existing, text, title",
    [
        # the approved Vertebroplasty page, under another file name: its Slug: line
        ("procedures/spine-cement.md", None, "Vertebroplasty"),
        # no Slug: line: the slug Pelican makes from the file name, in any folder
        ("procedures/archive/knee-replacement.md", "Title: Old knee page\n\nText.\n", "Knee Replacement"),
        # a draft's address is taken too
        ("procedures/hip.md", "Title: Hip\nSlug: hip-replacement\nStatus: draft\n\nText.\n", "Hip Replacement"),
    ],
)
def test_refuses_a_title_whose_address_is_taken(tmp_path, settings, existing, text, title):
    content = tmp_path / "content"
    other = content / existing
    other.parent.mkdir(parents=True)
    if text is None:
        shutil.copy(ROOT / "content" / "procedures" / "vertebroplasty.md", other)
    else:
        other.write_text(text, encoding="utf-8")
    before = sorted(content.rglob("*"))
    result = new_procedure(content, "--title", title)
    assert result.returncode == 1
    slug = slug_of(title, settings)
    assert f"the address procedures/{slug}/ is already used by {other}, so nothing was written" in result.stderr
    assert NO_TRACEBACK not in result.stderr + result.stdout
    assert sorted(content.rglob("*")) == before


def test_the_real_vertebroplasty_page_is_never_replaced(content_copy, settings):
    page = content_copy / settings["PROCEDURES_DIR"] / "vertebroplasty.md"
    approved = page.read_text(encoding="utf-8")
    result = new_procedure(content_copy, "--title", "Vertebroplasty")
    assert result.returncode == 1 and "already exists" in result.stderr
    assert page.read_text(encoding="utf-8") == approved


def test_a_link_or_a_pipe_is_never_read_as_an_existing_page(tmp_path, settings):
    content = tmp_path / "content"
    (content / "procedures").mkdir(parents=True)
    (content / "procedures" / "knee.md").write_text("Title: Knee\n", encoding="utf-8")
    (content / "procedures" / "linked.md").symlink_to(content / "procedures" / "knee.md")
    os.mkfifo(content / "procedures" / "pipe.md")  # opened to read its slug, it would block for ever
    assert list(page_files(str(content), settings)) == [str(content / "procedures" / "knee.md")]


@pytest.mark.parametrize("args", [[], ["--title", ""], ["--title", "   "]])
def test_a_missing_title_gets_the_usage(tmp_path, args):
    content = tmp_path / "content"
    content.mkdir()
    result = new_procedure(content, *args)
    assert result.returncode == 2
    assert 'make new-procedure TITLE="Bone Biopsy"' in result.stderr
    assert NO_TRACEBACK not in result.stderr + result.stdout
    assert list(content.iterdir()) == []


def test_a_title_too_long_for_an_address_is_refused_with_its_length(tmp_path, settings):
    """Was a traceback: OSError 'File name too long' as the file was made."""
    content = tmp_path / "content"
    content.mkdir()
    limit = settings["SLUG_MAX_CHARACTERS"]
    result = new_procedure(content, "--title", "Very long title " * 40)
    assert result.returncode == 2
    assert f"the title makes an address of 639 characters (procedures/{'very-long-title-' * 2}very-lon…/); the limit is {limit}." in result.stderr
    assert NO_TRACEBACK not in result.stderr + result.stdout
    assert list(content.iterdir()) == []
    fits = ("Ab " * (limit // 3 + 1))[: limit].strip()  # an address of exactly the limit is made
    assert len(slug_of(fits, settings)) == limit and new_procedure(content, "--title", fits).returncode == 0


def scaffold(tmp_path, settings, status="Status: draft\n"):
    """The scaffold `make new-procedure` writes, its Status: line changed to
    ``status``; returns its path relative to the content folder, and its text."""
    content = tmp_path / "content"
    content.mkdir()
    assert new_procedure(content, "--title", TITLE).returncode == 0
    path = page_file(content, settings)
    return path.relative_to(content).as_posix(), path.read_text(encoding="utf-8").replace("Status: draft\n", status)


def test_the_scaffold_builds_as_a_draft_and_is_not_published(tmp_path, settings):
    """Through tests/harness.py: the read phase of the real page and the scaffold."""
    name, text = scaffold(tmp_path, settings)
    read = read_phase(vertebroplasty(), files={name: text})
    assert read.problems == []
    assert [page.slug for page in read.drafts] == ["bone-biopsy"]
    assert read.written == [settings["PAGE_SAVE_AS"].format(slug="vertebroplasty")]
    assert not any("bone-biopsy" in notice for notice in read.notices)


@pytest.mark.parametrize("status", ["", "Status: hidden\n"])
def test_published_with_hints_left_it_fails_naming_each_hint(tmp_path, settings, status):
    """Through tests/harness.py (a refused build's exit code and output: test_bad_content.py)."""
    name, text = scaffold(tmp_path, settings, status)
    marker = settings["WRITING_HINT_MARKER"]
    lines = [number for number, line in enumerate(text.splitlines(), start=1) if marker in line]
    assert len(lines) == 4 + len(settings["PROCEDURE_SECTIONS"])  # Summary, Department, Owner, Keywords and each section

    problems = problems_of(vertebroplasty(), files={name: text})
    assert {problem.file for problem in problems} == {name}
    assert sorted(problem.line for problem in problems) == lines
    # the hint message is the only problem an editor sees for this page
    for problem in problems:
        assert "writing hint" in problem.message and "the page is published, so patients would read it" in problem.message
    messages = [problem.message for problem in problems]
    assert any(m.startswith("the 'Summary:' line still holds its writing hint") for m in messages)
    for spec in settings["PROCEDURE_SECTIONS"][1:]:
        heading = spec["heading"][settings["DEFAULT_LANG"]].format(title=TITLE)
        assert any(m.startswith(f"a writing hint is still in the section '{heading}'") for m in messages), heading
    assert any(m.startswith("a writing hint is still in the lead") for m in messages)
    assert any(problem.fix.startswith("write the section's text in place of the hint") for problem in problems)


def test_with_the_hints_replaced_by_text_the_page_is_published(content_copy, tmp_path, settings):
    """The scaffold's headings are the ones the section model wants."""
    assert new_procedure(content_copy, "--title", TITLE).returncode == 0
    path = page_file(content_copy, settings)
    marker = re.escape(settings["WRITING_HINT_MARKER"])
    text = path.read_text(encoding="utf-8").replace("Status: draft\n", "")
    text = re.sub(rf"^(Summary|Department|Owner): \[{marker}[^\]]*\]$", r"\1: Plain words.", text, flags=re.M)
    text = re.sub(rf"^Keywords: \[{marker}[^\]]*\]$", "Keywords: bone, sample", text, flags=re.M)
    text = re.sub(rf"^\[{marker}[^\]]*\]$", "The approved text goes here.", text, flags=re.M)
    path.write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    result = build(output, content=content_copy)
    assert result.returncode == 0, result.stderr
    page = (output / settings["PAGE_SAVE_AS"].format(slug="bone-biopsy")).read_text(encoding="utf-8")
    ids = re.findall(r'<section[^>]* id="([^"]+)"', page)
    assert [spec["id"] for spec in settings["PROCEDURE_SECTIONS"] if spec["heading"]] == [
        i for i in ids if i in {spec["id"] for spec in settings["PROCEDURE_SECTIONS"]}
    ]


def test_make_new_procedure_end_to_end(tmp_path, settings):
    content = tmp_path / "content"
    content.mkdir()
    title = """O'Brien "Bone" Biopsy $HOME $(id) `id`; #1, 50%"""
    result = make("new-procedure", f"TITLE={title}", f"CONTENT={content}")
    assert result.returncode == 0, result.stderr
    path = page_file(content, settings, title)
    assert path.is_file() and str(path) in result.stdout
    assert source_metadata(path)["title"] == title  # quoted safely: neither make nor the shell changed it
    again = make("new-procedure", f"TITLE={title}", f"CONTENT={content}")
    assert again.returncode != 0 and "already exists" in again.stderr
    missing = make("new-procedure", f"CONTENT={content}")
    assert missing.returncode != 0 and 'make new-procedure TITLE="Bone Biopsy"' in missing.stderr
    assert NO_TRACEBACK not in missing.stderr + again.stderr
    assert [p.name for p in content.rglob("*.md")] == [path.name]


def test_make_plan_sets_up_the_venv_first(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path)
    (tmp_path / "requirements.txt").write_text("pelican==4.12.0\n")
    plan = subprocess.run(
        ["make", "-C", str(tmp_path), "-n", "new-procedure", "TITLE=Bone Biopsy"], capture_output=True, text=True
    ).stdout
    assert "-m venv .venv" in plan and "-r requirements.txt" in plan
    assert plan.index("-m venv") < plan.index("sitebuild.new_procedure --settings pelicanconf.py --title 'Bone Biopsy'")
    assert "new-procedure" in subprocess.run(["make", "-C", str(ROOT), "help"], capture_output=True, text=True).stdout
