"""The Vertebroplasty page publishes the hospital's approved text word for word."""

import re

from conftest import APPROVED_DIR, ROOT, soup_of, visible_text

SEED = APPROVED_DIR / "vertebroplasty.txt"


def sentences(text):
    text = re.sub(r"\s+", " ", text).strip()
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def test_every_seed_sentence_is_on_the_page(site, settings):
    page = site / settings["PAGE_SAVE_AS"].format(slug="vertebroplasty")
    main = soup_of(page).find("main")
    text = visible_text(main)
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    missing = [s for line in lines for s in sentences(line) if s not in text]
    assert not missing, missing


def test_seed_headings_are_the_section_headings(site, settings):
    page = soup_of(site / settings["PAGE_SAVE_AS"].format(slug="vertebroplasty"))
    headings = [visible_text(h) for h in page.select("main section > h2")]
    seed = SEED.read_text(encoding="utf-8")
    for heading in headings:
        assert f"\n{heading}\n" in seed


def test_seed_phone_number_is_shown(site, settings):
    page = soup_of(site / settings["PAGE_SAVE_AS"].format(slug="vertebroplasty"))
    appointment = page.find(id="appointment")
    assert "202-877-9729" in visible_text(appointment)
    assert appointment.find("a", href="tel:+12028779729") is not None


def test_no_project_file_reads_outside_the_repository():
    """A hospital that clones the project has nothing beside it."""
    import subprocess

    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    # Spelled in parts so this file does not match itself.
    needles = ("../" + "shar" + "ed", '"' + "shar" + "ed" + '"')
    outside = []
    for name in tracked.split():
        path = ROOT / name
        if path.suffix in {".py", ".txt", ".md", ".cfg", ".ini", ".toml", ".json"} or name in {"Makefile", ".ci/run"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            if any(needle in text for needle in needles):
                outside.append(name)
    assert not outside, outside
