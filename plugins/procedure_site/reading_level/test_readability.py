import pytest

from procedure_site.reading_level.readability import Target, band, long_sentence_problems, readability_problems

LANGUAGES = {"en": "English", "es": "Español"}


@pytest.mark.parametrize("value, word", [(-3, "muy difícil"), (39.9, "muy difícil"), (40, "algo difícil"),
                                         (54.99, "algo difícil"), (55, "normal"), (64.9, "normal"),
                                         (65, "bastante fácil"), (79.9, "bastante fácil"), (80, "muy fácil"),
                                         (120, "muy fácil")])  # fmt: skip
def test_the_inflesz_bands(value, word):
    assert band("szigriszt_pazos", value) == word
    assert band("flesch_kincaid_grade", value) is None  # no band on a grade


def test_harder_follows_the_direction_of_the_measure():
    assert Target("flesch_kincaid_grade", 8, "lower").harder(8.1) and not Target("flesch_kincaid_grade", 8, "lower").harder(8)
    assert Target("szigriszt_pazos", 55, "higher").harder(54.9) and not Target("szigriszt_pazos", 55, "higher").harder(55)


def test_each_mistake_in_readability_is_said():
    wrong = {
        "en": {"measure": "flesch", "target": "8", "better": "down", "goal": 1},
        "es": {"measure": "szigriszt_pazos", "target": 55, "better": "lower"},
        "fr": {"measure": "flesch_kincaid_grade", "target": 8, "better": "lower"},
    }
    assert readability_problems(wrong, LANGUAGES) == [
        "READABILITY['en'] has 'goal': it takes only 'measure', 'target' and 'better'.",
        "READABILITY['en']['measure'] is 'flesch'; it must be one of flesch_kincaid_grade, smog_index, "
        "szigriszt_pazos, fernandez_huerta.",
        "READABILITY['en']['target'] is '8'; it must be a number.",
        "READABILITY['en']['better'] is 'down'; it must be 'lower' or 'higher'.",
        "READABILITY['es']['better'] is 'lower', but a higher Szigriszt-Pazos (INFLESZ) is easier to read: it must be 'higher'.",
        "READABILITY has 'fr', which is not a language of LANGUAGES (en, es).",
    ]
    assert readability_problems([], LANGUAGES) == ["READABILITY is list, not a dict of languages."]
    assert long_sentence_problems(0) and long_sentence_problems(True) and not long_sentence_problems(20)
