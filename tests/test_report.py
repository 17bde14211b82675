"""The content report (make report): one row per procedure page, as HTML for
people and CSV for a spreadsheet, from the build's own figures.

A small catalog is made once for the module in a temporary folder: pages with
overdue, soon-due and in-date reviews, a hidden page, a draft, images with and
without alt text, a link to another site and a title that looks like markup.
The report command is run on it once; the tests read what it wrote."""

import csv
import json
import re
import shutil
import struct
import subprocess
import sys
import zlib
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from dateutil.relativedelta import relativedelta
from pelican.settings import read_settings

from conftest import ROOT, forked_command, made_once
from nu_checker import nu_errors

TODAY = "2027-12-01"
SEED = ROOT / "content" / "procedures" / "vertebroplasty.md"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


# --- Making content ----------------------------------------------------------------


def procedure_text(title, slug, metadata=(), lead_extra="", rename_body=True):
    """The approved seed page under another title and slug, with its own
    metadata lines (the seed's Department and Reviewed lines are replaced).
    ``rename_body=False`` keeps the seed's wording below the metadata, each
    heading held to its section by its id: for a title that is no text for a
    heading."""
    head, _, body = SEED.read_text(encoding="utf-8").partition("\n\n")
    lines = [f"Title: {title}", f"Slug: {slug}"]
    lines += [line for line in head.splitlines() if line.lower().startswith("summary:")]
    lines += [f"{key}: {value}" for key, value in metadata]
    if rename_body:
        lines[2] = lines[2].replace("Vertebroplasty", title)
        body = body.replace("Vertebroplasty", title).replace("vertebroplasty", title.lower())
    else:
        heading = re.compile(r"^## (Why|What|Risks|How|Post) .*$", re.M)
        body = heading.sub(lambda m: f"{m.group(0)} {{#{ID[m.group(1)]}}}", body)
    if lead_extra:
        body = lead_extra + "\n\n" + body
    return "\n".join(lines) + "\n\n" + body


ID = {"Why": "why", "What": "during", "Risks": "risks-benefits", "How": "prepare", "Post": "after"}


def png_bytes():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


IMAGES = (
    '<img src="{static}/images/spine.png" alt="The spine, seen from the side" width="1" height="1">\n\n'
    # empty alt: a decorative image, written both ways
    '<img alt src="{static}/images/spine.png" width="1" height="1">\n\n'
    "![]({static}/images/spine.png)\n\n"
    "More at [the society's site](https://example.org/spine) and [how to prepare](#prepare)."
)
# No alt attribute at all: an image without alt text, which stops a published
# page, so only a draft can hold one.
NO_ALT = '<img src="{static}/images/spine.png" width="1" height="1">'


# title, slug, metadata, extra lead, days until due as of TODAY (12-month interval)
PAGES = [
    ("Angioplasty", "angioplasty",
     [("Department", "Cardiology"), ("Owner", "Cardiology"), ("Reviewed", "2026-11-07"),
      ("Codes", "CPT 92920, SNOMED 387713003")], IMAGES),
    ("Biopsy", "biopsy", [("Department", "Interventional Radiology"), ("Reviewed", "2027-06-01")], ""),
    ("Cystoscopy", "cystoscopy", [("Department", "Urology"), ("Reviewed", "2026-12-15"), ("Status", "hidden")], ""),
    ("Scans & <Tests>", "scans-tests", [("Reviewed", "2027-01-10")],
     "It is quick. You go home soon. It does not hurt."),
]
DRAFT = ("Dialysis Access", "dialysis-access",
         [("Department", "Nephrology"), ("Owner", "Renal Team"), ("Reviewed", "2027-02-02"), ("Status", "draft")])


def make_catalog(folder):
    (folder / "procedures").mkdir(parents=True)
    (folder / "images").mkdir()
    (folder / "images" / "spine.png").write_bytes(png_bytes())
    for title, slug, metadata, extra in PAGES:
        text = procedure_text(title, slug, metadata, extra, rename_body="<" not in title)
        (folder / "procedures" / f"{slug}.md").write_text(text, encoding="utf-8")
    title, slug, metadata = DRAFT
    lines = [f"Title: {title}", f"Slug: {slug}", "Summary: Half written."] + [f"{k}: {v}" for k, v in metadata]
    (folder / "procedures" / f"{slug}.md").write_text(
        "\n".join(lines) + f"\n\nNot written yet.\n\n{NO_ALT}\n", encoding="utf-8"
    )
    return folder


def run_report(*args):
    return forked_command("sitebuild.report.cli", ["--settings", "pelicanconf.py", *map(str, args)])


# --- Fixtures ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def settings():
    return read_settings(str(ROOT / "pelicanconf.py"))


# Each made once for the run (made_once in conftest.py), and only read.
@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return made_once(tmp_path_factory, "report-catalog", lambda folder: make_catalog(folder / "content"))


@pytest.fixture(scope="module")
def report(catalog, tmp_path_factory):
    def make(folder):
        result = run_report("--content", catalog, "--reports", folder / "reports", "--today", TODAY)
        assert result.returncode == 0, result.stderr
        return result, folder / "reports"

    return made_once(tmp_path_factory, "report-report", make)


@pytest.fixture(scope="module")
def soup(report):
    return BeautifulSoup((report[1] / "content-report.html").read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="module")
def table(report):
    with open(report[1] / "content-report.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def built(catalog):
    """The build's own view of the catalog: the figures to expect."""
    (found,) = collected(catalog)
    assert not found.problems, found.problems
    return found


# collect() in a process of its own, as the report command runs it: Pelican's
# process-wide state (its log filter, the plugins' signal receivers) is then
# that run's own, never shared with the other tests of a pytest worker.
COLLECT = r"""
import dataclasses, json, sys
from sitebuild.collect import collect

settings, content, today, times = sys.argv[1:5]
runs = []
for _ in range(int(times)):
    found = collect(settings, content=content, overrides={"REVIEW_TODAY": today})
    pages = [
        {"slug": page.slug, "title": page.title, "page": dataclasses.asdict(page.facts.reading.page),
         "headings": {part.id: part.title for part in (page.facts.procedure.lead, *page.facts.procedure.sections)},
         "sections": {key: dataclasses.asdict(value) for key, value in page.facts.reading.sections.items()}}
        for page in found.pages
    ]
    drafts = [page.slug for page in found.drafts]
    runs.append({"problems": found.problems, "notices": found.notices, "pages": pages, "drafts": drafts})
print(json.dumps(runs))
"""


def collected(content, times=1):
    """What sitebuild.collect.collect() hands back, ``times`` runs in one process."""
    command = [sys.executable, "-c", COLLECT, str(ROOT / "pelicanconf.py"), str(content), TODAY, str(times)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    runs = json.loads(result.stdout.strip().splitlines()[-1])
    return [
        SimpleNamespace(
            problems=run["problems"],
            notices=run["notices"],
            drafts=run["drafts"],
            pages=[
                SimpleNamespace(
                    slug=page["slug"],
                    title=page["title"],
                    headings=page["headings"],
                    reading=SimpleNamespace(
                        page=SimpleNamespace(**page["page"]),
                        sections={key: SimpleNamespace(**value) for key, value in page["sections"].items()},
                    ),
                )
                for page in run["pages"]
            ],
        )
        for run in runs
    ]


def by_slug(rows):
    return {row["slug"]: row for row in rows}


def days_until_due(reviewed, settings):
    due = date.fromisoformat(reviewed) + relativedelta(months=settings["REVIEW_INTERVAL_MONTHS"])
    return due, (due - date.fromisoformat(TODAY)).days


def table_rows(soup, order_id):
    """(title, tr) of each body row of one order's table, in order."""
    section = soup.find(id=order_id)
    rows = section.tbody.find_all("tr")
    return [(tr.find("th", scope="row").find(class_="page__title").get_text(), tr) for tr in rows]


# --- The command ---------------------------------------------------------------------


def test_the_command_writes_both_files_prints_their_paths_and_leaves_no_temporary_file(report):
    result, folder = report
    html, table = folder / "content-report.html", folder / "content-report.csv"
    assert str(html) in result.stdout and str(table) in result.stdout
    assert sorted(p.name for p in folder.iterdir()) == ["content-report.csv", "content-report.html"]


def test_a_second_run_replaces_the_files_whole(catalog, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "content-report.html").write_text("old")
    (folder / "content-report.csv").write_text("old")
    result = run_report("--content", catalog, "--reports", folder, "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert (folder / "content-report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (folder / "content-report.csv").read_text(encoding="utf-8").startswith("title,")
    assert sorted(p.name for p in folder.iterdir()) == ["content-report.csv", "content-report.html"]


def test_content_with_problems_is_listed_and_nothing_is_written(catalog, tmp_path):
    broken = tmp_path / "content"
    shutil.copytree(catalog, broken)
    page = broken / "procedures" / "biopsy.md"
    page.write_text(page.read_text(encoding="utf-8").replace("## Post Biopsy", "## Afterwards"), encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "content-report.html").write_text("last week's report")
    result = run_report("--content", broken, "--reports", folder, "--today", TODAY)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "biopsy.md" in result.stderr and "Afterwards" in result.stderr
    assert "No report was written" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["content-report.html"]
    assert (folder / "content-report.html").read_text() == "last week's report"


@pytest.mark.parametrize("where", ["output/content-report-test", "content/reports"])
def test_the_report_is_never_written_into_the_site_or_its_content(where):
    target = ROOT / where
    assert not target.exists()
    result = run_report("--reports", target)
    assert result.returncode == 2
    assert "Use a folder of its own" in result.stderr
    assert not target.exists()


def test_a_today_that_is_not_a_date_is_refused():
    result = run_report("--today", "2027-02-30", "--reports", "/nonexistent/never")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr


def test_a_bug_is_told_apart_from_content_problems(tmp_path, monkeypatch, capsys):
    from sitebuild.report import cli

    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(cli, "collect", broken)
    assert cli.main(["--settings", str(ROOT / "pelicanconf.py"), "--reports", str(tmp_path / "reports")]) == 2
    told = capsys.readouterr().err
    assert "error in the build system itself" in told and "KeyError" in told
    assert not (tmp_path / "reports").exists()


def test_each_file_is_written_beside_its_name_then_renamed(tmp_path, monkeypatch):
    from sitebuild.report import render

    target = tmp_path / "content-report.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):  # cut off partway through writing
        render.write_atomically(target, "title\r\n" + "x" * 100_000 + "\ud800")
    assert target.read_text(encoding="utf-8") == "old"
    renamed = []
    real_replace = render.os.replace
    def replace(source, destination):
        renamed.append((Path(source), Path(destination)))
        real_replace(source, destination)

    monkeypatch.setattr(render.os, "replace", replace)
    render.write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    (source, destination), = renamed
    assert source.parent == target.parent and source != target and destination == target
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content-report.csv"]


def test_make_report_runs_the_command_and_is_listed_in_help():
    plan = subprocess.run(["make", "-n", "report", "TODAY=2027-01-01"], cwd=ROOT, capture_output=True, text=True)
    assert plan.returncode == 0, plan.stderr
    assert "-m sitebuild.report --settings pelicanconf.py --reports reports --today 2027-01-01" in plan.stdout
    helped = subprocess.run(["make", "help"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "make report" in helped
    phony = next(line for line in (ROOT / "Makefile").read_text().splitlines() if line.startswith(".PHONY:"))
    assert "report" in phony.split()
    assert "reports/" in (ROOT / ".gitignore").read_text().splitlines()


def test_the_report_sees_every_problem_however_many_builds_ran_before_it_in_one_process(catalog, tmp_path):
    """collect() runs the build in-process. Pelican's log filter lets a message
    through once per process, so without a reset a second build could miss a
    problem already said (an image without alt text, here) and write a report
    of content the build refuses."""
    content = tmp_path / "content"
    shutil.copytree(catalog, content)
    page = content / "procedures" / "biopsy.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "## Why Biopsy", f"{NO_ALT}\n\n## Why Biopsy", 1), encoding="utf-8")
    for found in collected(content, times=2):
        assert any("alt" in problem and "spine.png" in problem for problem in found.problems), found.problems
        assert found.pages == [] and any("review overdue" in notice for notice in found.notices)


# --- The CSV ----------------------------------------------------------------------------


def test_the_csv_has_a_header_and_one_row_per_page_drafts_included(table, built, catalog):
    files = {p.relative_to(catalog.parent).as_posix() for p in (catalog / "procedures").glob("*.md")}
    assert sorted(row["file"] for row in table) == sorted(files)
    assert len(table) == len(built.pages) + len(built.drafts) == len(PAGES) + 1
    assert {row["status"] for row in table} == {"published", "hidden", "draft"}
    assert by_slug(table)["cystoscopy"]["status"] == "hidden"


def test_the_csv_has_iso_dates_and_plain_numbers(table, settings):
    iso = re.compile(r"\d{4}-\d{2}-\d{2}")
    for row in table:
        if row["status"] == "draft":
            continue
        assert iso.fullmatch(row["last_reviewed"]) and iso.fullmatch(row["next_due"]), row
        counts = ("days_until_due", "words", "links", "links_outside", "sentences", "sentences_to_reader",
                  "long_sentences", "plain_words", "steps_not_listed")
        for name in counts + ("images", "images_without_alt", "images_decorative"):
            assert re.fullmatch(r"-?\d+", row[name]), (name, row[name])
        for name in ["grade", "smog", *(f"grade_{spec['id']}" for spec in settings["PROCEDURE_SECTIONS"])]:
            float(row[name])
            assert re.fullmatch(r"-?\d+(\.\d+)?", row[name]), (name, row[name])


def test_review_dates_and_days_until_due_are_the_builds(table, settings):
    rows = by_slug(table)
    for title, slug, metadata, _ in PAGES:
        reviewed = dict(metadata)["Reviewed"]
        due, days = days_until_due(reviewed, settings)
        assert (rows[slug]["last_reviewed"], rows[slug]["next_due"], int(rows[slug]["days_until_due"])) == (
            reviewed, due.isoformat(), days)  # fmt: skip
    assert int(rows["angioplasty"]["days_until_due"]) == -24
    assert rows["angioplasty"]["review_state"] == "overdue"
    assert rows["cystoscopy"]["review_state"] == "due soon"
    assert rows["biopsy"]["review_state"] == "in date"


def test_reading_grades_for_the_page_and_each_section_are_the_builds(table, built, settings):
    rows = by_slug(table)
    target = settings["READABILITY"]["en"]["target"]
    for page in built.pages:
        row = rows[page.slug]
        assert int(row["words"]) == page.reading.page.words
        assert float(row["grade"]) == round(page.reading.page.grade, 1)
        assert float(row["smog"]) == round(page.reading.page.smog, 1)
        for spec in settings["PROCEDURE_SECTIONS"]:
            assert float(row[f"grade_{spec['id']}"]) == round(page.reading.sections[spec["id"]].grade, 1)
        ids = [spec["id"] for spec in settings["PROCEDURE_SECTIONS"]]
        above = [key for key in ids if page.reading.sections[key].grade > target]
        assert row["sections_above_target"].split() == above


def test_links_and_images_are_counted_from_the_page(table):
    rows = by_slug(table)
    angioplasty = rows["angioplasty"]
    # two written links and the appointment phone link the build fills in
    assert (angioplasty["links"], angioplasty["links_outside"]) == ("3", "1")
    images = (angioplasty["images"], angioplasty["images_without_alt"], angioplasty["images_decorative"])
    assert images == ("3", "0", "2")
    assert (rows["biopsy"]["links"], rows["biopsy"]["images"], rows["biopsy"]["images_without_alt"]) == ("1", "0", "0")


def test_languages_are_the_pages_own_and_its_translations(table, settings):
    from sitebuild.report.rows import rows_of

    assert {row["languages"] for row in table} == {settings["DEFAULT_LANG"]}

    def page(lang, translations=()):
        path = Path(settings["PATH"]) / "procedures" / "biopsy.md"
        return SimpleNamespace(title="Biopsy", slug="biopsy", source_path=str(path), status="published",
                               metadata={}, lang=lang, translations=list(translations))  # fmt: skip

    spanish = page("es")
    english = page(settings["DEFAULT_LANG"], [spanish])
    rows = rows_of([english, spanish], [], settings)
    assert [row.languages for row in rows] == [(settings["DEFAULT_LANG"], "es")]  # one row, not two


def test_a_draft_is_listed_with_its_metadata_and_no_measurements(table):
    draft = by_slug(table)["dialysis-access"]
    assert (draft["title"], draft["status"], draft["department"], draft["owner"], draft["last_reviewed"]) == (
        "Dialysis Access", "draft", "Nephrology", "Renal Team", "2027-02-02")  # fmt: skip
    measured = ("next_due", "days_until_due", "words", "grade", "smog", "grade_lead")
    for name in measured + ("links",):
        assert draft[name] == "", name
    assert (draft["images"], draft["images_without_alt"], draft["images_decorative"]) == ("1", "1", "0")


# --- The HTML -----------------------------------------------------------------------------


def test_the_html_is_self_contained(soup, report):
    text = (report[1] / "content-report.html").read_text(encoding="utf-8")
    assert not soup.find_all(["script", "link", "iframe", "object", "embed", "base", "img", "noscript"])
    assert not soup.select("[src], [srcset], [style], [xlink\\:href]")
    assert not re.search(r"url\(|@import", soup.style.get_text()), "the CSS loads nothing"
    assert not re.search(r"\son[a-z]+\s*=", text, re.I), "no event handler attributes"
    for link in soup.find_all("a"):
        assert link["href"].startswith("#"), link
        assert soup.find(id=link["href"][1:]) is not None, f"{link['href']} has no target"


def test_markup_in_a_title_is_shown_as_text(soup):
    assert not soup.find("tests")
    assert "Scans & <Tests>" in [title.get_text() for title in soup.select("#by-title .page__title")]


def test_every_page_is_a_row_of_every_order(soup, table):
    titles = sorted(row["title"] for row in table)
    for order in ("by-title", "by-due", "by-grade", "by-department"):
        assert sorted(title for title, _ in table_rows(soup, order)) == titles, order


def test_each_table_is_sorted_in_its_order(soup, table):
    rows = {row["title"]: row for row in table}

    def title(t):
        return t.casefold()

    expected = {
        "by-title": sorted(rows, key=title),
        "by-due": sorted(rows, key=lambda t: (rows[t]["next_due"] == "", rows[t]["next_due"], title(t))),
        "by-grade": sorted(rows, key=lambda t: (rows[t]["grade"] == "", -float(rows[t]["grade"] or 0), title(t))),
        "by-department": sorted(
            rows, key=lambda t: (rows[t]["department"] == "", rows[t]["department"].casefold(), title(t))
        ),
    }
    assert len({tuple(order) for order in expected.values()}) == 4, "the catalog tells the orders apart"
    for order, titles in expected.items():
        assert [t for t, _ in table_rows(soup, order)] == titles, order


def test_sortable_headings_link_to_the_other_orders(soup):
    columns = {
        "Page": "by-title", "Next review due": "by-due", "Reading grade": "by-grade", "Department": "by-department"
    }  # fmt: skip
    for order in columns.values():
        headings = soup.find(id=order).thead.find_all("th")
        for heading in headings:
            name = next(heading.stripped_strings)
            if name not in columns:
                assert heading.find("a") is None and not heading.has_attr("aria-sort")
            elif columns[name] == order:
                assert heading.find("a") is None, f"{order}: its own column is not a link"
                assert heading["aria-sort"] in ("ascending", "descending")
            else:
                assert heading.find("a")["href"] == f"#{columns[name]}", (order, name)
        assert sum(1 for h in headings if h.find("a")) == len(columns) - 1


def test_an_overdue_page_says_so_in_words_and_is_marked_for_red(soup):
    for order in ("by-title", "by-due"):
        row = dict(table_rows(soup, order))["Angioplasty"]
        cell = row.find(class_="review")
        assert "review--overdue" in cell["class"]
        assert "Overdue by 24 days" in cell.get_text(" ")
    soon = dict(table_rows(soup, "by-title"))["Cystoscopy"].find(class_="review")
    assert "Due in 14 days" in soon.get_text(" ") and "review--overdue" not in soon["class"]
    assert re.search(r"\.review--overdue\s*\{[^}]*color:\s*#b00020", soup.style.get_text())


def test_a_draft_shows_a_dash_for_each_measurement_and_counts_its_images(soup, settings):
    row = dict(table_rows(soup, "by-title"))["Dialysis Access"]
    cells = cells_by_heading(soup, row)
    assert cells["Status"] == "draft" and cells["Department"] == "Nephrology Owner: Renal Team"
    assert cells["Last reviewed"] == "2027-02-02"
    assert [cells[name] for name in ("Next review due", "Reading grade", "Links")] == ["—"] * 3
    assert cells["Images"] == "1 1 without alt"  # its images are counted: one without alt text
    language = settings["LANGUAGES"][settings["DEFAULT_LANG"]]
    assert row.th.find(lang=settings["DEFAULT_LANG"]).get_text() == language  # the language it is written in


def cells_by_heading(soup, row, order="by-title"):
    headings = [next(th.stripped_strings) for th in soup.find(id=order).thead.find_all("th")]
    return dict(zip(headings[1:], (td.get_text(" ", strip=True) for td in row.find_all("td"))))


def test_images_without_alt_are_shown_and_the_summary_names_and_links_their_page(soup):
    rows = dict(table_rows(soup, "by-title"))
    cells = cells_by_heading(soup, rows["Angioplasty"])
    assert cells["Images"] == "3 2 decorative"  # none without alt: a published page cannot have one
    assert cells["Links"].startswith("3")
    draft = rows["Dialysis Access"].find_all("td")[list(cells).index("Images")]
    assert draft.find(class_="fault").get_text() == "1 without alt"
    said = next(li for li in soup.find(id="summary").find_next("ul").find_all("li") if "without alt text" in li.get_text())
    assert " ".join(said.get_text().split()) == "1 image without alt text, on 1 page: Dialysis Access."
    (link,) = said.find_all("a")
    assert soup.find(id=link["href"][1:]) is rows["Dialysis Access"]  # its row in the first table


# --- The chart -------------------------------------------------------------------------------


def test_each_built_page_has_one_chart_of_its_section_grades(soup, built, settings):
    target = settings["READABILITY"]["en"]["target"]
    figures = soup.select("#charts figure")
    assert len(figures) == len(built.pages)
    for page in built.pages:
        (figure,) = soup.select(f"figure#chart-{page.slug}")
        svg = figure.find("svg")
        assert svg["role"] == "img"
        labelled = [soup.find(id=name) for name in svg["aria-labelledby"].split()]
        assert [element.name for element in labelled] == ["title", "desc"]
        assert page.title in labelled[0].get_text()
        words = labelled[1].get_text()
        assert f"target {target}" in words
        headings = page.headings
        for spec in settings["PROCEDURE_SECTIONS"]:
            figure_text = f"{headings[spec['id']]} {page.reading.sections[spec['id']].grade:.1f}"
            assert figure_text in words, (page.slug, figure_text)
        # each section is named by its heading, above its bar
        assert [t.get_text() for t in svg.find_all("text", class_="chart__label")] == [
            headings[spec["id"]] for spec in settings["PROCEDURE_SECTIONS"]
        ]
        assert len(svg.find_all("rect")) == len(settings["PROCEDURE_SECTIONS"])


def test_the_target_line_is_drawn_where_the_bars_cross_it(soup, built, settings):
    target = settings["READABILITY"]["en"]["target"]
    for page in built.pages:
        svg = soup.select_one(f"figure#chart-{page.slug} svg")
        line = svg.find("line", class_="chart__target")
        x = float(line["x1"])
        assert line["x1"] == line["x2"] and float(line["y2"]) > float(line["y1"])
        assert f"target {target}" in svg.find("text", class_="chart__target-label").get_text()
        grades = [page.reading.sections[spec["id"]].grade for spec in settings["PROCEDURE_SECTIONS"]]
        ends = [float(rect["x"]) + float(rect["width"]) for rect in svg.find_all("rect")]
        assert any(g > target for g in grades) and any(g <= target for g in grades), "the catalog has both"
        for grade, end in zip(grades, ends):
            assert (end > x) == (grade > target), (page.slug, grade, end, x)


def test_a_figure_never_crosses_the_target_line():
    """A grade just under the target ("7.8" against 8) had its figure drawn over
    the dashed line; it is drawn after the line instead."""
    from sitebuild.report.rows import CHART_VALUE_TEXT, Row, chart_of

    row = Row(title="T", slug="t", file="t.md", status="published", grade=8.0,
              sections={"lead": 7.8, "why": 2.0, "during": 9.5, "after": 8.0})  # fmt: skip
    chart = chart_of(row, 8, 12)
    for bar in chart.bars:
        assert bar.value_x >= bar.width + 6, bar  # after its bar
        assert not (bar.value_x - 2 <= chart.target_x <= bar.value_x + CHART_VALUE_TEXT), bar
    assert chart.bars[1].value_x == chart.bars[1].width + 6  # far from the line: right after the bar


# --- Quality gates: the Nu checker and axe in Chromium ------------------------------------------


def test_each_page_s_codes_are_shown_and_the_published_pages_without_any_are_listed(soup):
    section = soup.find(id="codes")
    rows = [[" ".join(cell.get_text().split()) for cell in tr.find_all(["th", "td"])] for tr in section.tbody.find_all("tr")]
    assert rows == [["Angioplasty", "CPT 92920, SNOMED 387713003"]]
    without = [" ".join(li.get_text().split()) for li in section.find(id="codes-missing").find_next("ul").find_all("li")]
    # published only: not the hidden Cystoscopy, not the draft
    assert without == ["Biopsy content/procedures/biopsy.md", "Scans & <Tests> content/procedures/scans-tests.md"]


def test_the_nu_checker_finds_no_errors(report):
    errors = nu_errors([report[1] / "content-report.html"])
    assert not errors, "\n".join(errors)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 320, "height": 640}])
def test_axe_finds_no_violations_and_nothing_is_loaded(report, browser, viewport):
    from axe_playwright_python.sync_playwright import Axe

    html = (report[1] / "content-report.html").resolve()
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(html.as_uri(), wait_until="load")
        assert requested == [html.as_uri()], "the report loads nothing else"
        sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert sideways <= 0, f"the page scrolls sideways by {sideways}px; only the tables may, in their own box"
        if viewport["width"] >= 1280:  # a laptop: every table fits, nothing scrolls sideways
            overflow = page.evaluate(
                "[...document.querySelectorAll('.table-wrap')].map(w => w.scrollWidth - w.clientWidth)"
            )
            assert overflow and max(overflow) <= 0, overflow
        # best-practice too: landmark-unique (each table's section and its scroll box were two regions of one name)
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [*AXE_TAGS, "best-practice"]}})
        assert not results.violations_count, results.generate_snapshot()
        overdue = page.locator("#by-due .review--overdue").first
        red, green, blue = map(int, re.findall(r"\d+", overdue.evaluate("e => getComputedStyle(e).color"))[:3])
        assert red > 150 and green < 60 and blue < 60, "an overdue date is shown in red"
        assert "Overdue by 24 days" in overdue.inner_text()
    finally:
        context.close()


# --- Languages: a column per language, one row per default-language page ---------------------------

# The report command, with the test translation allowed (it has no --setting): what
# cli.report() does after reading its command line.
REPORT_WITH_FIXTURES = r"""
import sys
from datetime import date
from sitebuild.collect import collect
from sitebuild.report.render import write_report
from sitebuild.report.rows import rows_of
from sitebuild.reviews import reviewed, what_is_counted

settings_file, content, reports, today = sys.argv[1:5]
found = collect(settings_file, content=content, overrides={"ALLOW_TEST_FIXTURES": True, "REVIEW_TODAY": today})
assert not found.problems, found.problems
write_report(rows_of(found.pages, found.drafts, found.settings), found.settings, reports, date.fromisoformat(today), "c")
print(what_is_counted(reviewed(found.pages), found.settings["DEFAULT_LANG"]))
"""

CHECK_REVIEWS_COUNTS = {}  # what check-reviews says it counts, for the bilingual report's content


@pytest.fixture(scope="module")
def bilingual_report(tmp_path_factory):
    """The report's catalog, the real Vertebroplasty page and its Spanish test
    translation: one translated page, the others not."""
    from conftest import with_translations

    def make(root):  # once for the run (made_once in conftest.py)
        content = with_translations(make_catalog(root / "content"))
        shutil.copy(SEED, content / "procedures" / SEED.name)
        command = [sys.executable, "-c", REPORT_WITH_FIXTURES, str(ROOT / "pelicanconf.py"), str(content),
                   str(root / "reports"), TODAY]  # fmt: skip
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        return root / "reports", result.stdout.strip()

    reports, counted = made_once(tmp_path_factory, "bilingual-report", make)
    with open(reports / "content-report.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    CHECK_REVIEWS_COUNTS["bilingual"] = counted
    return rows, BeautifulSoup((reports / "content-report.html").read_text(encoding="utf-8"), "lxml")


def test_the_report_and_check_reviews_say_what_they_count_and_agree(bilingual_report):
    """make check-reviews counts built pages (translations too, drafts not); the
    report counts procedures (drafts too): each says so, and their numbers meet."""
    rows, soup = bilingual_report
    counted = CHECK_REVIEWS_COUNTS["bilingual"]
    procedures = sum(1 for row in rows if row["status"] != "draft")
    drafts = len(rows) - procedures
    assert counted == f"{procedures + 1} pages ({procedures} procedures and 1 translation; drafts are not checked)"
    intro = " ".join(soup.find("h1").find_next("p").get_text().split())
    assert f"{len(rows)} procedures in c, one row each, drafts included" in intro and drafts >= 1
    assert f"with their 1 published translation, {procedures + 1} pages are built" in intro


def test_the_csv_has_a_column_per_language_and_one_row_per_default_language_page(bilingual_report, settings):
    rows, _ = bilingual_report
    columns = [f"lang_{code}" for code in settings["LANGUAGES"]]
    assert set(columns) <= set(rows[0]) and "untranslated" in rows[0]
    slugs = [row["slug"] for row in rows]
    assert sorted(slugs) == sorted({slug for _, slug, _, _ in PAGES} | {DRAFT[1], "vertebroplasty"})
    vertebroplasty = by_slug(rows)["vertebroplasty"]
    assert vertebroplasty["title"] == "Vertebroplasty", "the row is the English page, not its translation"
    assert (vertebroplasty["lang_en"], vertebroplasty["lang_es"], vertebroplasty["untranslated"]) == ("yes", "yes", "no")
    assert vertebroplasty["languages"] == "en es"
    biopsy = by_slug(rows)["biopsy"]
    assert (biopsy["lang_en"], biopsy["lang_es"], biopsy["untranslated"]) == ("yes", "no", "yes")
    assert by_slug(rows)["dialysis-access"]["lang_en"] == "draft"


def test_the_html_has_a_column_per_language_and_flags_pages_with_no_translation(bilingual_report, settings):
    rows, soup = bilingual_report
    table = soup.find(id="by-title")
    headings = [th for th in table.thead.find_all("th") if th.find(attrs={"lang": True})]
    assert [(th.find(attrs={"lang": True})["lang"], th.find(attrs={"lang": True}).get_text()) for th in headings] == list(
        settings["LANGUAGES"].items()
    )
    body = {title: tr for title, tr in table_rows(soup, "by-title")}
    assert len(body) == len(rows), "translations are not rows of their own"
    assert "Vertebroplastia" not in body
    column = [th for th in table.thead.find_all("th")].index(headings[1])
    cells = {title: tr.find_all(["th", "td"])[column].get_text(strip=True) for title, tr in body.items()}
    assert (cells["Vertebroplasty"], cells["Biopsy"]) == ("Yes", "No")
    flagged = {title for title, tr in body.items() if tr.find(class_="flag")}
    assert flagged == {row["title"] for row in rows if row["untranslated"] == "yes"}
    assert "Vertebroplasty" not in flagged and "Biopsy" in flagged
    assert all(tr.find(class_="flag").get_text(strip=True) == "No translation" for t, tr in body.items() if t in flagged)
    # information, not an alarm: red is for what needs action (an overdue review)
    flag_rule = re.search(r"\.flag\s*\{([^}]*)\}", soup.style.get_text()).group(1)
    assert "#b00020" not in flag_rule and all(tr.find(class_="flag").name != "strong" for t, tr in body.items() if t in flagged)
    summary = soup.find(id="summary").find_next("ul").get_text(" ")
    assert f"{len(flagged)} pages have no translation" in summary


def test_a_version_that_is_only_a_draft_is_no_translation_yet(settings):
    from sitebuild.report.rows import rows_of

    def page(lang, status="published"):
        path = Path(settings["PATH"]) / "procedures" / "biopsy.md"
        return SimpleNamespace(title="Biopsy", slug="biopsy", source_path=str(path), status=status,
                               metadata={}, lang=lang, translations=[])  # fmt: skip

    english, spanish_draft = page(settings["DEFAULT_LANG"]), page("es", "draft")
    (row,) = rows_of([english], [spanish_draft], settings)
    assert row.versions == {settings["DEFAULT_LANG"]: "yes", "es": "draft"} and row.untranslated
    (row,) = rows_of([english, page("es")], [], settings)
    assert row.versions == {settings["DEFAULT_LANG"]: "yes", "es": "yes"} and not row.untranslated


# --- Plain language ------------------------------------------------------------------------------


def summary_counts(line):
    """The counts of the build's summary line, by what they count."""
    words = {"harder": "pages? (?:is|are) harder to read", "long-sentences": "long sentences?",
             "plain-words": "words? or phrases? with a plainer alternative",
             "unlisted-steps": "sections? of steps not written as a list",
             "not-measured": "pages? (?:is|are) not measured"}  # fmt: skip
    found = {key: re.search(rf"(\d+) {pattern}", line) for key, pattern in words.items()}
    return {key: int(match.group(1)) if match else 0 for key, match in found.items()}


def test_the_build_s_summary_line_counts_what_the_report_lists(soup, table, built):
    """The one line the build prints (here the build the report's figures come
    from) and the report: every count is the number of things the report lists."""
    (line,) = [said for said in built.notices if said.startswith("note: ")]
    assert line.endswith("(make report for details)")
    section = soup.find(id="plain-language")
    listed = {
        "harder": len(section.select(".plain__ease .harder")),
        "long-sentences": len(section.select(".plain__long li")),
        "plain-words": sum(int(li["data-count"]) for li in section.select(".plain__words li")),
        "unlisted-steps": sum(1 for td in section.select("tbody td:last-child") if td.get_text(strip=True) == "No"),
        "not-measured": sum(1 for p in section.select(".plain__ease") if p.get_text().startswith("Not measured")),
    }
    assert summary_counts(line) == listed
    # the CSV's counts are each English page's (these pages have no translation)
    for name, key in (("long_sentences", "long-sentences"), ("plain_words", "plain-words"), ("steps_not_listed", "unlisted-steps")):
        assert sum(int(row[name] or 0) for row in table) == listed[key]
    assert listed["harder"] and listed["long-sentences"] and listed["plain-words"] and listed["unlisted-steps"]
    said = {li.find(class_="plain__count")["data-count"]: int(li.find(class_="plain__count").get_text())
            for li in section.find(id="plain-summary").find_all("li")}  # fmt: skip
    assert said == listed


def test_each_long_sentence_is_quoted_and_each_plainer_word_given(soup):
    angioplasty = soup.find(id="plain-angioplasty-en")
    quoted = [q.get_text() for q in angioplasty.select(".plain__long q")]
    assert "Since the procedure is most effective with new fractures, patients suspecting a vertebral fracture " \
           "should see a physician in a timely manner." in quoted
    words = [" ".join(li.get_text().split()) for li in angioplasty.select(".plain__words li")]
    assert "prone to → likely to" in words and "fracture → break (3 times)" in words


def test_a_translation_is_measured_in_its_own_language_with_its_band(bilingual_report):
    _, soup = bilingual_report
    spanish = soup.find(id="plain-vertebroplasty-es")
    ease = " ".join(spanish.find(class_="plain__ease").get_text().split())
    assert re.fullmatch(r"Szigriszt-Pazos \(INFLESZ\): \d+\.\d, normal; target 55 or higher\. "
                        r"Fernández Huerta: \d+\.\d\. Sentences that speak to the reader: \d+ of \d+ \(\d+%\)\.", ease), ease
    assert spanish.find("h3").find(attrs={"lang": True})["lang"] == "es"
    assert spanish.find("q", attrs={"lang": "es"}) is not None  # quoted in its language, for screen readers
    english = " ".join(soup.find(id="plain-vertebroplasty-en").find(class_="plain__ease").get_text().split())
    assert english.startswith("Flesch–Kincaid grade: 10.8; target 8 or lower: harder to read than the target. SMOG grade: 12.8.")
