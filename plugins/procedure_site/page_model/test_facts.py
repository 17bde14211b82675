"""A page's facts are one frozen object, set on the page in one place."""

import dataclasses

import pytest

from procedure_site.page_model.facts import PageFacts

def test_the_facts_cannot_be_changed_once_made():
    facts = PageFacts(html="<p>x</p>")
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts.review = "changed"


def test_what_only_a_render_reads_is_left_out_and_given_back():
    facts = PageFacts(html="<p>x</p>", procedure="sections", reading="grades", review="due")
    lean = facts.without_render_only()
    assert lean == PageFacts(html="<p>x</p>", review="due")
    assert dataclasses.replace(lean, **facts.render_only()) == facts
