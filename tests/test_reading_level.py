"""Reading level: measured on the words patients read, shown to editors, never refused."""

import re

from conftest import build, edit_page

REFERENCE_GRADE = 11.1  # textstat 0.7.3 on the seed page's plain text (the reference)


def reading_warning(stderr):
    found = [line for line in stderr.splitlines() if "reading grade" in line]
    assert len(found) == 1, stderr
    return found[0]


def test_the_built_page_is_measured_within_half_a_grade_of_the_reference(tmp_path):
    result = build(tmp_path / "o")
    assert result.returncode == 0, result.stderr
    grade = float(re.search(r"reading grade ([\d.]+)", reading_warning(result.stderr)).group(1))
    assert abs(grade - REFERENCE_GRADE) <= 0.5


def test_sections_above_the_target_are_named_and_the_page_still_builds(tmp_path, settings):
    result = build(tmp_path / "o")
    line = reading_warning(result.stderr)
    assert result.returncode == 0
    assert f"above the target of {settings['READING_GRADE_TARGET']}" in line
    assert "risks-benefits" in line and "appointment" not in line


def test_no_warning_when_the_text_meets_the_target(tmp_path):
    result = build(tmp_path / "o", overrides={"READING_GRADE_TARGET": 20})
    assert result.returncode == 0 and "reading grade" not in result.stderr


def test_headings_phone_and_link_addresses_are_not_measured(content_copy, tmp_path):
    """A long address or heading would raise the grade if it were counted as words."""
    baseline = build(tmp_path / "a", content=content_copy)
    address = "https://www.radiologyinfo.org/" + "/".join(["interventional-radiology-procedures"] * 8)
    edit_page(content_copy, lambda t: t.replace(
        "## Post Vertebroplasty",
        f"See [the guide]({address}).\n\n### Antidisestablishmentarianism considerations\n\n## Post Vertebroplasty",
    ))
    changed = build(tmp_path / "b", content=content_copy)
    before = re.search(r"prepare ([\d.]+)", reading_warning(baseline.stderr)).group(1)
    after_line = reading_warning(changed.stderr)
    after = re.search(r"prepare ([\d.]+)", after_line).group(1)
    # "See the guide." is one short sentence: the grade may only go down.
    assert float(after) <= float(before), (before, after_line)
