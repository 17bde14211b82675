"""The one plugin guard (sitebuild/plugin_guard.py), for every sender a
plugin's receivers get: the settings, or anything carrying them (the
Pelican object, a generator, a page)."""

from types import SimpleNamespace

import pytest
from pelican.settings import DEFAULT_CONFIG

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
