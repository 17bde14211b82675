from procedure_site.procedure_model.heading_advice import COMPARED, likeness, nearest, only_accents, title_named
from procedure_site.procedure_model.model import normalise


def test_the_name_a_heading_gives_where_the_title_goes():
    template = "Why {title} is Performed"
    assert title_named("Why Uterine Fibroid Embolization (UFE) is Performed", template) == "Uterine Fibroid Embolization (UFE)"
    assert title_named("why knee surgery IS PERFORMED", template) == "knee surgery"
    assert title_named("Why is Performed", template) is None  # nothing where the Title goes
    assert title_named("How Knee is Performed", template) is None  # the rest differs
    assert title_named("Make an Appointment", "Make an Appointment") is None  # no Title in it


def test_accents_and_case_alone_and_nothing_else():
    assert only_accents("Por que se realiza", "Por qué se realiza", normalise)
    assert only_accents("COMO PREPARARSE", "Cómo prepararse", normalise)
    assert not only_accents("Por que se hace", "Por qué se realiza", normalise)


def test_the_nearest_required_heading_among_those_offered():
    candidates = [("why", "Why Vertebroplasty is Performed"), ("after", "Post Vertebroplasty")]
    assert nearest("Post Vertebroplasy", candidates, normalise)[0] == "after"
    assert nearest("Post Vertebroplasy", candidates[:1], normalise)[1] < 0.6  # only what is offered
    assert nearest("anything", [], normalise) == (None, 0.0)


def test_a_long_line_is_compared_over_its_first_characters_only():
    long = "Post Vertebroplasy " + "x" * 100_000
    assert likeness(long, "Post Vertebroplasty", normalise) == likeness(long[:COMPARED], "Post Vertebroplasty", normalise)
