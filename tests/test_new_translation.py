"""A translation started in one command: `make new-translation SLUG=… LANG=es`
(sitebuild/new_translation.py). Every test writes into a temporary content
folder, never into content/; the headings are read from PROCEDURE_SECTIONS."""

import re
import shutil
import subprocess

import pytest

from conftest import ROOT, build, forked_command, soup_of, source_metadata

from sitebuild.new_translation import heading_of, line_mark

SLUG = "vertebroplasty"
HINT = re.compile(r"\[Replace this: translate: (.*)\]$")


def new_translation(content, *args):
    return forked_command("sitebuild.new_translation", ["--content", str(content), *args], timeout=120)


def make(*args, env=None):
    return subprocess.run(
        ["make", "-s", "-C", str(ROOT), "-o", ".venv/.installed", *args],
        capture_output=True, text=True, timeout=120, env=env,
    )


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    return folder


def translation_of(content, settings, lang="es", slug=SLUG):
    return content / settings["PROCEDURES_DIR"] / lang / f"{slug}.md"


def original_lines(content):
    """Every line of the English page's text, after its metadata and outside its headings."""
    body = (content / "procedures" / f"{SLUG}.md").read_text(encoding="utf-8").split("\n\n", 1)[1]
    return [line for line in body.splitlines() if line.strip() and not line.startswith("#")]


def test_writes_a_draft_with_the_slug_the_language_s_headings_and_every_line_to_translate(content, settings):
    result = new_translation(content, "--slug", SLUG, "--lang", "es")
    assert result.returncode == 0, result.stderr
    path = translation_of(content, settings)
    assert str(path) in result.stdout and "make html" in result.stdout
    text = path.read_text(encoding="utf-8")
    metadata = source_metadata(path)
    assert metadata["slug"] == SLUG and metadata["lang"] == "es" and metadata["status"] == "draft"
    assert metadata["title"] == "[Replace this: translate: Vertebroplasty]"
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == [spec["heading"]["es"] for spec in settings["PROCEDURE_SECTIONS"] if spec["heading"]]
    body = text.split("\n\n", 1)[1]
    hinted = [HINT.match(line).group(1) for line in body.splitlines() if line.strip() and not line.startswith("## ")]
    assert hinted == original_lines(content)  # every line, in order, word for word
    assert "{phone}" in text


def test_list_and_quote_marks_stay_outside_the_hint_and_own_headings_are_kept(content, settings):
    page = content / "procedures" / "knee.md"
    page.write_text(
        "Title: Knee Injection\nSlug: knee-injection\nSummary: An injection.\n\nThe lead.\n\n"
        "## Why Knee Injection is Performed {#why}\n\n- Pain\n  - at night\n1. First\n> Quoted\n\n"
        "### Who may need it\n\nSome people.\n\n## Getting ready {#prepare}\n\nFast first.\n",
        encoding="utf-8",
    )
    assert new_translation(content, "--slug", "knee-injection", "--lang", "es").returncode == 0
    text = translation_of(content, settings, slug="knee-injection").read_text(encoding="utf-8")
    assert "- [Replace this: translate: Pain]\n  - [Replace this: translate: at night]\n1. [Replace this: translate: First]" in text
    assert "> [Replace this: translate: Quoted]" in text
    assert "### [Replace this: translate: Who may need it]" in text
    # {#prepare} marks the section: its text lands under the Spanish heading
    assert "## Cómo prepararse\n\n[Replace this: translate: Fast first.]" in text
    # a section the original lacks gets what to write there
    assert "## Riesgos y beneficios\n\n[Replace this: say how Knee Injection helps" in text


@pytest.mark.parametrize(
    "args, code, words",
    [
        (["--slug", "no-such-page", "--lang", "es"], 1, "no page in"),
        (["--slug", SLUG, "--lang", "fr"], 2, "Translate into one of: es (Español)"),
        (["--slug", SLUG, "--lang", "en"], 2, "the site's own language"),
        (["--slug", SLUG], 2, "make new-translation SLUG=vertebroplasty LANG=es"),
        (["--lang", "es"], 2, "say which page to translate"),
    ],
)
def test_refuses_what_it_cannot_do_and_writes_nothing(content, settings, args, code, words):
    result = new_translation(content, *args)
    assert result.returncode == code and words in result.stderr and "Traceback" not in result.stderr
    assert not (content / settings["PROCEDURES_DIR"] / "es").exists()


def test_never_overwrites_a_translation(content, settings):
    path = translation_of(content, settings)
    path.parent.mkdir()
    path.write_text("Title: Vertebroplastia\n", encoding="utf-8")
    result = new_translation(content, "--slug", SLUG, "--lang", "es")
    assert result.returncode == 1 and "already exists" in result.stderr
    assert path.read_text(encoding="utf-8") == "Title: Vertebroplastia\n"


def test_the_draft_builds_unpublished_and_once_translated_is_published_beside_its_original(content, settings, tmp_path):
    assert new_translation(content, "--slug", SLUG, "--lang", "es").returncode == 0
    path = translation_of(content, settings)
    output = tmp_path / "output"
    result = build(output, content=content)
    assert result.returncode == 0, result.stderr
    assert not (output / "es" / "procedures" / SLUG).exists()  # a draft is not published
    # "Translated": each hint replaced by its words (the test needs no Spanish)
    translated = [
        re.sub(r"\[Replace this: translate: (.*)\]$", r"\1", line)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line != "Status: draft"
    ]
    path.write_text("\n".join(translated) + "\n", encoding="utf-8")
    assert "Replace this" not in path.read_text(encoding="utf-8")
    result = build(output, content=content)
    assert result.returncode == 0, result.stderr
    page = soup_of(output / "es" / "procedures" / SLUG / "index.html")
    assert page.html["lang"] == "es"
    spanish = [spec["heading"]["es"] for spec in settings["PROCEDURE_SECTIONS"] if spec["heading"]]
    assert [h for h in (h.get_text(" ", strip=True) for h in page.select("main h2")) if h in spanish] == spanish


def test_make_new_translation_end_to_end_and_the_shell_s_lang_is_not_the_language(content, settings):
    import os

    env = {**os.environ, "LANG": "C.UTF-8"}
    missing = make("new-translation", f"SLUG={SLUG}", f"CONTENT={content}", env=env)
    assert missing.returncode != 0 and "say which language" in missing.stderr and "C.UTF-8" not in missing.stderr
    done = make("new-translation", f"SLUG={SLUG}", "LANG=es", f"CONTENT={content}", env=env)
    assert done.returncode == 0, done.stderr
    assert source_metadata(translation_of(content, settings))["lang"] == "es"
    assert "new-translation" in make("help").stdout


def test_headings_and_marks_are_read_line_by_line():
    assert heading_of("## Getting ready {#prepare}") == (2, "Getting ready", "prepare")
    assert heading_of("### Title ###") == (3, "Title", None)
    assert heading_of("## C#") == (2, "C#", None)
    assert heading_of("    ## code") is None and heading_of("#hashtag") is None and heading_of("####### seven") is None
    assert heading_of("## Braces {#not an id}") == (2, "Braces {#not an id}", None)
    assert line_mark("  - 1. > text") == "  - 1. > "
    assert line_mark("12345678901. not a list") == ""
    assert line_mark("-dash") == "" and line_mark("plain") == ""
