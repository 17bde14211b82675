"""The one plugin guard (sitebuild/plugin_guard.py), for every sender a
plugin's receivers get: the settings, or anything carrying them (the
Pelican object, a generator, a page); and the page checks that had no guard
before it, which now leave a build that does not list them alone."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from blinker import signal
from pelican.settings import DEFAULT_CONFIG, read_settings

from sitebuild.plugin_guard import in_this_build, settings_of

LISTED = {"PLUGINS": ["build_report", "page_model", "writing_hints"]}


def shapes(settings):
    """The settings as each kind of sender carries them."""
    return {
        "settings": settings,
        "pelican": SimpleNamespace(settings=settings, output_path="/tmp/x"),
        "generator": SimpleNamespace(settings=settings, context={}),
        "page": SimpleNamespace(settings=settings, source_path="content/procedures/knee.md"),
    }


@pytest.mark.parametrize("shape", ["settings", "pelican", "generator", "page"])
def test_a_listed_plugin_is_in_this_build_whatever_the_sender(shape):
    assert in_this_build(shapes(LISTED)[shape], "writing_hints") is True


@pytest.mark.parametrize("shape", ["settings", "pelican", "generator", "page"])
def test_an_unlisted_plugin_is_not_in_this_build_whatever_the_sender(shape):
    assert in_this_build(shapes(LISTED)[shape], "site_search") is False


@pytest.mark.parametrize("settings", [{}, {"PLUGINS": None}, {"PLUGINS": []}, dict(DEFAULT_CONFIG)])
@pytest.mark.parametrize("shape", ["settings", "pelican", "page"])
def test_a_build_without_plugins_lists_none(settings, shape):
    assert in_this_build(shapes(settings)[shape], "writing_hints") is False


def test_a_name_is_matched_whole_not_as_part_of_another():
    assert in_this_build({"PLUGINS": ["page_model"]}, "page") is False
    assert in_this_build({"PLUGINS": ["page"]}, "page_model") is False


def test_settings_of_gives_the_settings_themselves_or_the_senders():
    settings = dict(LISTED)
    assert settings_of(settings) is settings
    assert all(settings_of(sender) is settings for sender in shapes(settings).values())


# --- Plugins that had no guard: a build that does not list them hears nothing ---

ROOT = Path(__file__).resolve().parents[1]
HTML = '<p>The lead.</p><p><a href="/procedures/other/">a link written by hand</a></p><script>alert(1)</script>'


@pytest.fixture(scope="module")
def base_settings():
    return read_settings(str(ROOT / "pelicanconf.py"))


def page_in(settings, plugins):
    return SimpleNamespace(
        source_path=str(ROOT / "content" / "procedures" / "vertebroplasty.md"),
        settings={**settings, "PLUGINS": list(plugins)},
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
    from content_safety.safety import check_page as safety_check
    from intrasite_links.links import check_page as links_check
    from page_model.model import parse
    from page_model.urls import intrasite_pattern
    from review_dates.plugin import check_page as review_check

    def model(settings):
        return parse(HTML, intrasite_pattern(settings["INTRASITE_LINK_REGEX"]))

    return {
        "content_safety": lambda page: safety_check(page, model(page.settings)),
        "intrasite_links": lambda page: links_check(page, model(page.settings)),
        "review_dates": lambda page: review_check(page, model=model(page.settings)),
    }


@pytest.mark.parametrize("plugin", ["content_safety", "intrasite_links", "review_dates"])
def test_a_page_check_acts_only_in_a_build_that_lists_its_plugin(plugin, base_settings):
    check = checks()[plugin]
    assert heard(check, page_in(base_settings, ["build_report", "page_model", plugin])), "the page has a problem"
    assert heard(check, page_in(base_settings, ["build_report", "page_model"])) == []


def test_reading_levels_are_measured_only_in_a_build_that_lists_reading_level(base_settings):
    from reading_level.plugin import measure_procedure

    hard = "Percutaneous vertebroplasty necessitates considerable interdisciplinary deliberation. " * 5
    part = SimpleNamespace(id="lead", prose=hard)
    procedure = SimpleNamespace(lead=part, sections=[])
    listed, unlisted = page_in(base_settings, ["reading_level"]), page_in(base_settings, [])
    assert heard(measure_procedure, listed, procedure) and listed.reading.page.grade > 8
    assert heard(measure_procedure, unlisted, procedure) == [] and not hasattr(unlisted, "reading")
