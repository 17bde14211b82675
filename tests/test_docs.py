"""The README and the guides in docs/: the README stays short and links every
guide, every relative link leads somewhere, the error table keeps the build's
messages, and what the code tells people to read exists.

No build: these read the repository's own Markdown and source files only.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
# Issue 19: one guide each for authoring, publishing and deploy, the kiosk,
# translations, search and architecture; build speed and testing did not fit
# in those.
GUIDES = ("authoring", "publishing", "kiosk", "translations", "search", "architecture", "build-speed", "testing")
# "Under 12 KB" read strictly: fewer than 12,000 bytes, as `wc -c` counts them.
README_LIMIT = 12_000

# Markdown written by the team, not page content: plain regular expressions.
LINK = re.compile(r"!?\[[^\]\n]*\]\(([^)\s]+)\)")
CODE_SPAN = re.compile(r"`[^`\n]*`")
EXTERNAL = ("http://", "https://", "mailto:", "tel:")


def markdown_files():
    return [README, *sorted(DOCS.glob("*.md"))]


def prose_lines(path):
    """The lines of a Markdown file outside fenced code blocks."""
    fenced = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            yield line


def links(path):
    """Every link target in the file's prose, code spans left out."""
    return [target for line in prose_lines(path) for target in LINK.findall(CODE_SPAN.sub("", line))]


def slug(heading):
    """The anchor GitHub gives a heading: lower case, punctuation dropped,
    spaces made hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path):
    seen = {}
    found = set()
    for line in prose_lines(path):
        match = re.match(r"#{1,6} (.+)", line)
        if match:
            base = slug(match.group(1))
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    return found


def headings(path):
    return {match.group(1).strip() for line in prose_lines(path) if (match := re.match(r"#{1,6} (.+)", line))}


def test_readme_is_under_12_kb():
    assert README.stat().st_size < README_LIMIT, (
        f"README.md is {README.stat().st_size} bytes; keep it under {README_LIMIT} and move details to docs/"
    )


def test_readme_shows_the_two_commands():
    text = README.read_text(encoding="utf-8")
    assert "## The two commands" in text
    block = text.split("## The two commands", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert "make html" in block and "make test" in block


def test_readme_links_each_guide_and_every_file_in_docs():
    linked = {target.split("#", 1)[0] for target in links(README)}
    for guide in GUIDES:
        assert (DOCS / f"{guide}.md").is_file(), f"docs/{guide}.md is missing"
        assert f"docs/{guide}.md" in linked, f"README.md does not link docs/{guide}.md"
    for path in DOCS.glob("*.md"):
        assert f"docs/{path.name}" in linked, f"README.md does not link docs/{path.name}"


@pytest.mark.parametrize("source", markdown_files(), ids=lambda path: path.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(source):
    broken = []
    for target in links(source):
        if target.startswith(EXTERNAL):
            continue
        file_part, _, anchor = target.partition("#")
        destination = (source.parent / file_part).resolve() if file_part else source
        if not destination.exists():
            broken.append(f"{target}: no such file")
        elif anchor and destination.suffix == ".md" and anchor not in anchors(destination):
            broken.append(f"{target}: no heading with the anchor #{anchor}")
    assert not broken, f"{source.relative_to(ROOT)}: " + "; ".join(broken)


def test_the_link_checker_sees_a_broken_link(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n\n[ok](#title), [gone](missing.md), `[not a link](x.md)`\n\n```\n[fenced](y.md)\n```\n",
        encoding="utf-8",
    )
    assert links(page) == ["#title", "missing.md"]
    assert anchors(page) == {"title"}
    assert slug("What `make test` checks") == "what-make-test-checks"
    assert slug("Updating the theme's words (the catalogs)") == "updating-the-themes-words-the-catalogs"


def error_table_rows():
    """The first cell of each row of the table under "What build errors mean"."""
    text = (DOCS / "authoring.md").read_text(encoding="utf-8")
    section = text.split("\n## What build errors mean\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [row.split(" | ", 1)[0][2:] for row in rows[2:]]  # the header and its line of dashes left out


# A sample of the messages the build really prints, and the file that prints
# each, so that losing the table (or a row) fails here.
MESSAGES = [
    ("is not one of the required sections", "plugins/procedure_site/procedure_model/model.py"),
    ("did you mean '##", "plugins/procedure_site/procedure_model/model.py"),
    ("only in its accents", "plugins/procedure_site/procedure_model/model.py"),
    ("but the Title is", "plugins/procedure_site/procedure_model/model.py"),
    ("is typed into the page as a link", "plugins/procedure_site/appointment_phone/placeholder.py"),
    ("is not saved as UTF-8 text", "plugins/procedure_site/source_encoding/encoding.py"),
    ("a table column is aligned with", "plugins/procedure_site/content_safety/allowlist.py"),
    ("a data: address is not allowed", "plugins/procedure_site/content_safety/allowlist.py"),
    ("is not a valid phone number", "plugins/procedure_site/appointment_phone/plugin.py"),
    ("is a web address written by hand", "plugins/procedure_site/intrasite_links/links.py"),
    ("this is a link, not a file", "plugins/procedure_site/content_files/discovery.py"),
    ("headings; a page may have at most", "sitebuild/page_limits.py"),
    ("is not allowed in a drawing", "plugins/procedure_site/content_types/svg.py"),
    ("CONTENT_TYPES has no Content-Type for this file", "plugins/procedure_site/http_headers/headers.py"),
    ("is not a safe destination", "sitebuild/deploy/transfer.py"),
]


@pytest.mark.parametrize(("phrase", "source"), MESSAGES, ids=[phrase for phrase, _ in MESSAGES])
def test_the_error_table_explains_a_message_the_build_prints(phrase, source):
    assert phrase in (ROOT / source).read_text(encoding="utf-8"), f"{source} no longer says {phrase!r}"
    assert any(phrase in cell for cell in error_table_rows()), (
        f"docs/authoring.md's error table has no row for {phrase!r}"
    )


def test_the_error_table_kept_its_rows():
    # The README's table had 101 rows when it moved to docs/authoring.md.
    assert len(error_table_rows()) >= 101


def code_files():
    files = [*ROOT.glob("plugins/**/*.py"), *ROOT.glob("sitebuild/**/*.py"), *ROOT.glob("scripts/*")]
    files += [ROOT / "Makefile", *ROOT.glob("*conf.py"), *ROOT.glob("theme/templates/**/*.html")]
    return [path for path in files if path.is_file()]


def test_the_code_sends_people_to_guides_that_exist():
    """A message or comment that names a guide names a file in docs/, and the
    heading it quotes; none sends anyone to the README for what moved out."""
    wrong = []
    for path in code_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        name = path.relative_to(ROOT).as_posix()
        if "README" in text:
            wrong.append(f"{name} names the README; name the guide in docs/")
        for guide, heading in re.findall(r"docs/([\w-]+\.md)(?:, '([^'\n]+)')?", text):
            if not (DOCS / guide).is_file():
                wrong.append(f"{name} names docs/{guide}, which does not exist")
            elif heading and heading not in headings(DOCS / guide):
                wrong.append(f"{name} names the heading {heading!r} of docs/{guide}, which it does not have")
    assert not wrong, "\n".join(wrong)
