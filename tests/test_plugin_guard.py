"""The one place that decides which parts of the procedure site act
(sitebuild/plugin_guard.py), for every sender a receiver gets: the settings,
or anything carrying them (the Pelican object, a generator, a page); the
three build flavours, told apart by their settings alone; and the page checks
that had no guard before it, which now leave a build that does not use them
alone."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from blinker import signal
from pelican.settings import DEFAULT_CONFIG, read_settings

from procedure_site import PARTS
from sitebuild.plugin_guard import PART_SWITCHES, in_this_build, part_of, settings_of

LISTED = {"PLUGINS": ["procedure_site"], "KIOSK": False}
ROOT = Path(__file__).resolve().parents[1]


def shapes(settings):
    """The settings as each kind of sender carries them."""
    return {
        "settings": settings,
        "pelican": SimpleNamespace(settings=settings, output_path="/tmp/x"),
        "generator": SimpleNamespace(settings=settings, context={}),
        "page": SimpleNamespace(settings=settings, source_path="content/procedures/knee.md"),
    }


@pytest.mark.parametrize("shape", ["settings", "pelican", "generator", "page"])
def test_a_part_with_no_switch_acts_in_every_build_of_the_site_whatever_the_sender(shape):
    assert in_this_build(shapes(LISTED)[shape], "procedure_site.writing_hints") is True


@pytest.mark.parametrize("shape", ["settings", "pelican", "generator", "page"])
def test_a_part_switched_off_by_the_settings_does_not_act_whatever_the_sender(shape):
    assert in_this_build(shapes(LISTED)[shape], "procedure_site.kiosk_search") is False
    assert in_this_build(shapes({**LISTED, "KIOSK": True})[shape], "procedure_site.kiosk_search") is True


@pytest.mark.parametrize("settings", [{}, {"PLUGINS": None}, {"PLUGINS": []}, dict(DEFAULT_CONFIG)])
@pytest.mark.parametrize("shape", ["settings", "pelican", "page"])
def test_a_build_that_does_not_list_the_site_uses_no_part(settings, shape):
    assert in_this_build(shapes(settings)[shape], "procedure_site.writing_hints") is False


def test_a_module_s_package_names_its_part_whole_and_nothing_outside_the_site_is_a_part():
    assert part_of("procedure_site.page_model") == "page_model"
    assert part_of("procedure_site.page_model.deeper") == "page_model"
    assert part_of("procedure_site") is None
    assert part_of("procedure_sites.page_model") is None
    assert part_of("page_model") is None
    assert in_this_build(LISTED, "page_model") is False


def test_settings_of_gives_the_settings_themselves_or_the_senders():
    settings = dict(LISTED)
    assert settings_of(settings) is settings
    assert all(settings_of(sender) is settings for sender in shapes(settings).values())


def test_every_switch_names_a_part_and_every_part_is_a_package_with_a_register():
    assert set(PART_SWITCHES) <= set(PARTS)
    for part in PARTS:
        assert (ROOT / "plugins" / "procedure_site" / part / "__init__.py").is_file(), part


def parts_of(settings_file):
    settings = read_settings(str(ROOT / settings_file))
    return [part for part in PARTS if in_this_build(settings, f"procedure_site.{part}")]


def test_the_three_flavours_list_the_same_one_plugin_and_differ_only_by_their_switches():
    lists = {name: read_settings(str(ROOT / name))["PLUGINS"] for name in ("pelicanconf.py", "publishconf.py", "kioskconf.py")}
    assert all(plugins == ["procedure_site"] for plugins in lists.values()), lists
    web, production, kiosk = parts_of("pelicanconf.py"), parts_of("publishconf.py"), parts_of("kioskconf.py")
    production_only = ["canonical_urls", "crawler_files", "minify_output", "compressed_siblings", "http_headers"]
    kiosk_only = ["idle_reset", "kiosk_links", "take_home_qr", "kiosk_search"]
    assert "site_search" in web and "ehr_connect" in web and not set(production_only + kiosk_only) & set(web)
    assert production == web + production_only
    assert kiosk == [part for part in web if part not in ("site_search", "ehr_connect")] + kiosk_only


# --- Checks that had no guard: a build that does not use the site hears nothing ---

HTML = '<p>The lead.</p><p><a href="/procedures/other/">a link written by hand</a></p><script>alert(1)</script>'


@pytest.fixture(scope="module")
def base_settings():
    return read_settings(str(ROOT / "pelicanconf.py"))


def page_in(settings, uses_site):
    return SimpleNamespace(
        source_path=str(ROOT / "content" / "procedures" / "vertebroplasty.md"),
        settings={**settings, "PLUGINS": ["procedure_site"] if uses_site else []},
        metadata={"title": "Knee"},  # no Reviewed: line
    )


def heard(receiver, *args, **kwargs):
    """What ``receiver`` sends on content_problem and content_notice."""
    said = []

    def listen(path, **sent):
        said.append((str(path), sent["message"]))

    with signal("content_problem").connected_to(listen), signal("content_notice").connected_to(listen):
        receiver(*args, **kwargs)
    return said


def checks():
    from procedure_site.content_safety.safety import page_problems as safety_problems
    from procedure_site.intrasite_links.links import page_problems as link_problems
    from procedure_site.page_model.model import parse
    from procedure_site.page_model.urls import intrasite_pattern
    from procedure_site.review_dates.plugin import page_review

    def model(settings):
        return parse(HTML, intrasite_pattern(settings["INTRASITE_LINK_REGEX"]))

    return {
        "content_safety": lambda page: safety_problems(page, model(page.settings)),
        "intrasite_links": lambda page: link_problems(page, model(page.settings)),
        "review_dates": lambda page: page_review(page)[1],
    }


@pytest.mark.parametrize("check", ["content_safety", "intrasite_links", "review_dates"])
def test_a_page_check_returns_its_problems_as_data_and_sends_nothing(check, base_settings):
    found = []
    assert heard(lambda: found.extend(checks()[check](page_in(base_settings, True)))) == []
    assert found and all(problem.path.endswith("vertebroplasty.md") and problem.message for problem in found)


def a_page(settings, uses_site):
    from pelican.contents import Page

    return Page(
        HTML,
        metadata={"title": "Knee", "summary": "A knee operation."},  # no Reviewed: line
        settings={**settings, "PLUGINS": ["procedure_site"] if uses_site else []},
        source_path=str(ROOT / "content" / "procedures" / "vertebroplasty.md"),
    )


def test_the_page_pipeline_acts_only_in_a_build_that_uses_the_site(base_settings):
    """Receivers stay connected for the whole process: a later build of
    another site in it must hear nothing from the page checks."""
    from procedure_site.page_model.pipeline import build_model

    assert heard(build_model, a_page(base_settings, True)), "the page has problems"
    assert heard(build_model, a_page(base_settings, False)) == []


def test_reading_levels_are_data_the_pipeline_keeps(base_settings):
    from procedure_site.reading_level.plugin import page_reading

    hard = "Percutaneous vertebroplasty necessitates considerable interdisciplinary deliberation. " * 5
    part = SimpleNamespace(id="lead", prose=hard, nodes=[])
    procedure = SimpleNamespace(lead=part, sections=[])
    page, found = page_in(base_settings, True), []
    assert heard(lambda: found.append(page_reading(page, procedure))) == []
    (reading, notices), = found
    (notice,) = notices
    assert reading.page.grade > 8 and notice.message.startswith(f"plain language: Flesch–Kincaid grade {reading.page.grade:.1f}")
    assert ("page is harder to read than its target", "pages are harder to read than their target", 1) in notice.tally
