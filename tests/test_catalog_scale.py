"""At catalog scale: the whole chain on a few hundred pages.

A catalog of copies of the approved Vertebroplasty page is made once for the
module in a temporary folder (never in content/): titles starting with every
letter (some in small letters, one with an accent, one with a digit), each
with its own slug; some reviewed long enough ago to be overdue, some hidden,
a few drafts. It is built once with the real build command, then the A–Z
index, the content report and the review warnings are checked against what
the catalog holds."""

import csv
import re
import unicodedata
from datetime import date

import pytest
from bs4 import BeautifulSoup, SoupStrainer
from dateutil.relativedelta import relativedelta
from unidecode import unidecode

from conftest import build, forked_command, made_once
from test_report import procedure_text
from nu_checker import nu_errors

TODAY = "2027-12-01"
OVERDUE_REVIEWED = "2026-06-01"  # due 2027-06-01: overdue on TODAY
RECENT_REVIEWED = "2027-06-01"  # due 2028-06-01: not due within the warning days
PAGES = 320

WORDS = [
    "Angiography", "Biopsy", "Colonoscopy", "Dialysis Access", "Endoscopy", "Fluoroscopy",
    "Gastroscopy", "Hysteroscopy", "Immunotherapy", "Joint Injection", "Kyphoplasty",
    "Lumbar Puncture", "Mammography", "Nephrostomy", "Oesophageal Dilation", "Paracentesis",
    "Quantitative CT", "Radiofrequency Ablation", "Sclerotherapy", "Thoracentesis",
    "Ultrasound", "Venography", "Whipple Procedure", "X-ray", "Yttrium-90 Therapy", "Zygoma Repair",
    # a first letter in small letters, with an accent, and a digit
    "bone marrow aspiration", "Échographie", "3D Mammography",
]  # fmt: skip


def slug_of(title):
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")


def catalog_pages():
    """(title, slug, status, reviewed) of every page the catalog holds."""
    pages = []
    for number in range(PAGES):
        title = f"{WORDS[number % len(WORDS)]} {number}"
        status = "hidden" if number % 10 == 3 else "published"
        reviewed = OVERDUE_REVIEWED if number % 7 == 2 else RECENT_REVIEWED
        pages.append((title, slug_of(title), status, reviewed))
    return pages


DRAFTS = [("Draft Procedure 1", "draft-procedure-1"), ("Another Draft", "another-draft"), ("Zeta Draft", "zeta-draft")]


def make_catalog(root):
    folder = root / "content" / "procedures"
    folder.mkdir(parents=True)
    for title, slug, status, reviewed in catalog_pages():
        metadata = [("Department", f"Department {ord(slug[0]) % 5}"), ("Reviewed", reviewed)]
        if status == "hidden":
            metadata.append(("Status", "hidden"))
        (folder / f"{slug}.md").write_text(procedure_text(title, slug, metadata), encoding="utf-8")
    for title, slug in DRAFTS:
        text = procedure_text(title, slug, [("Reviewed", RECENT_REVIEWED), ("Status", "draft")])
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


# Each made once for the run (made_once in conftest.py), and only read.
@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return made_once(tmp_path_factory, "scale-catalog", make_catalog)


@pytest.fixture(scope="module")
def built(catalog, tmp_path_factory):
    def make(folder):
        output = folder / "output"
        result = build(output, content=catalog / "content", overrides={"REVIEW_TODAY": TODAY})
        assert result.returncode == 0, result.stderr
        return result, output

    return made_once(tmp_path_factory, "scale-built", make)


@pytest.fixture(scope="module")
def report(catalog, tmp_path_factory):
    def make(folder):
        folder = folder / "reports"
        arguments = ["--settings", "pelicanconf.py", "--content", str(catalog / "content"), "--reports", str(folder),
                     "--today", TODAY]  # fmt: skip
        result = forked_command("sitebuild.report.cli", arguments)
        assert result.returncode == 0, result.stderr
        return folder

    return made_once(tmp_path_factory, "scale-report", make)


def overdue_slugs():
    return {slug for _, slug, _, reviewed in catalog_pages() if reviewed == OVERDUE_REVIEWED}


def overdue_days():
    due = date.fromisoformat(OVERDUE_REVIEWED) + relativedelta(months=12)
    return (date.fromisoformat(TODAY) - due).days


def test_the_catalog_is_what_it_says():
    pages = catalog_pages()
    assert len(pages) >= 300
    assert len({slug for _, slug, _, _ in pages}) == len(pages)
    assert len({title[0].upper() for title, _, _, _ in pages}) >= 26
    assert 30 < len(overdue_slugs()) < len(pages) and sum(1 for p in pages if p[2] == "hidden") >= 30


# --- The A–Z index ----------------------------------------------------------------


def test_the_index_groups_every_listed_page_once_under_its_letter(built):
    index = BeautifulSoup((built[1] / "index.html").read_text(encoding="utf-8"), "lxml")
    listed = [(title, slug) for title, slug, status, _ in catalog_pages() if status == "published"]
    found = {}
    for group in index.select("section.az-group"):
        for link in group.select(".procedure-list__title a"):
            slug = link["href"].rstrip("/").split("/")[-1]
            assert slug not in found, f"{slug} is listed twice"
            found[slug] = (group["id"], link.get_text(strip=True))
    assert len(found) == len(listed), "every published page is listed, no hidden page and no draft"
    for title, slug in listed:
        assert found[slug] == (f"letter-{unidecode(title[0]).upper()}", title), slug
    letters = {f"letter-{unidecode(title[0]).upper()}" for title, _ in listed}
    assert {group["id"] for group in index.select("section.az-group")} == letters


def test_every_letter_link_jumps_to_its_group(built):
    index = BeautifulSoup((built[1] / "index.html").read_text(encoding="utf-8"), "lxml")
    jumps = [link["href"] for link in index.select("a[href^='#letter-']")]
    groups = index.select("section.az-group")
    assert len(jumps) == len(groups) == len(set(jumps))
    for href in jumps:
        (target,) = index.find_all(id=href[1:])
        assert target.name == "section"
        assert target.find(class_="az-group__letter").get_text(strip=True) == href[len("#letter-") :]


# --- Review warnings ------------------------------------------------------------------


def test_the_build_warns_once_for_each_overdue_page(built):
    result, _ = built
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning:") and "review overdue" in line]
    slugs = [re.search(r"/([^/]+)\.md:", line).group(1) for line in warned]
    assert sorted(slugs) == sorted(overdue_slugs())
    assert all(f"{overdue_days()} days ago" in line for line in warned)


def test_check_reviews_lists_every_overdue_page_and_fails(catalog):
    arguments = ["--settings", "pelicanconf.py", "--content", str(catalog / "content"), "--today", TODAY]
    result = forked_command("sitebuild.reviews", arguments)
    assert result.returncode == 1, result.stdout + result.stderr
    listed = re.findall(r"([^/\s]+)\.md: OVERDUE", result.stdout)
    assert sorted(listed) == sorted(overdue_slugs())
    assert f"{len(overdue_slugs())} of {PAGES} pages ({PAGES} procedures and 0 translations; drafts are not checked) need review" in result.stdout


# --- The content report ----------------------------------------------------------------


def test_the_report_has_a_row_for_every_page_and_draft(report):
    with open(report / "content-report.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = {slug: status for _, slug, status, _ in catalog_pages()} | {slug: "draft" for _, slug in DRAFTS}
    assert len(rows) == len(expected)
    assert {row["slug"]: row["status"] for row in rows} == expected
    overdue = {row["slug"] for row in rows if row["review_state"] == "overdue"}
    assert overdue == overdue_slugs()
    assert all(int(row["days_until_due"]) == -overdue_days() for row in rows if row["slug"] in overdue)


def test_the_report_flags_each_overdue_page_in_words(report):
    # A 6 MB report: BeautifulSoup builds only the parts read (SoupStrainer).
    html = (report / "content-report.html").read_text(encoding="utf-8")
    table = BeautifulSoup(html, "lxml", parse_only=SoupStrainer(id="by-due"))
    rows = table.find(id="by-due").tbody.find_all("tr")
    assert len(rows) == PAGES + len(DRAFTS)
    is_flagged = [row.find(class_="review--overdue") is not None for row in rows]
    flagged = sum(is_flagged)
    assert flagged == len(overdue_slugs())
    assert all(is_flagged[:flagged]), "overdue pages lead the order by next review due"
    for row in rows[:flagged]:
        assert f"Overdue by {overdue_days()} days" in row.find(class_="review--overdue").get_text(" ")
    charts = BeautifulSoup(html, "lxml", parse_only=SoupStrainer(id="charts"))
    assert len(charts.select("#charts figure")) == PAGES


def test_the_report_at_scale_passes_the_nu_checker(report):
    errors = nu_errors([report / "content-report.html"])
    assert not errors, errors[:10]
