from .keywords import fold, normalized_synonyms, parse_keywords, synonym_problems

LANGUAGES = {"en": "English", "es": "Español"}


def test_keywords_are_split_on_commas_trimmed_and_kept_once():
    assert parse_keywords("spine,  bone   cement , Spine") == (["spine", "bone cement"], [])


def test_an_empty_keyword_or_an_empty_line_is_reported_with_a_fix():
    _, problems = parse_keywords("spine,,cement")
    assert len(problems) == 1 and "empty keyword" in problems[0][0] and "single commas" in problems[0][1]
    assert parse_keywords("  ")[1][0][0] == "Keywords: is empty."


def test_a_sentence_is_not_a_keyword_and_too_many_are_refused():
    _, problems = parse_keywords("a very long sentence that someone pasted here instead of separate keywords")
    assert "characters long" in problems[0][0]
    _, problems = parse_keywords(", ".join(f"word{n}" for n in range(25)))
    assert "25 keywords" in problems[0][0] and "SEARCH_SYNONYMS" in problems[0][1]


def test_folding_ignores_case_accents_and_spacing():
    assert fold("  Vértebra   ROTA ") == "vertebra rota"


def test_synonyms_are_folded_and_merged_per_language():
    synonyms = {"en": {"Spine": ["vertebra"], "spine": ["spinal", "vertebra"]}, "es": {"Hueso roto": ["fractura"]}}
    assert normalized_synonyms(synonyms, "en") == {"spine": ["vertebra", "spinal"]}
    assert normalized_synonyms(synonyms, "es") == {"hueso roto": ["fractura"]}
    assert normalized_synonyms(synonyms, "fr") == {}


def test_each_wrong_shape_of_the_setting_is_named():
    assert synonym_problems({"en": {"back": ["spine"]}}, LANGUAGES) == []
    assert "must map each language" in synonym_problems(["back"], LANGUAGES)[0]
    assert "'de'" in synonym_problems({"de": {}}, LANGUAGES)[0]
    assert "must map lay terms" in synonym_problems({"en": ["back"]}, LANGUAGES)[0]
    assert "must be a list" in synonym_problems({"en": {"back": "spine"}}, LANGUAGES)[0]
    assert "must be a list" in synonym_problems({"en": {"back": []}}, LANGUAGES)[0]
    assert "empty lay term" in synonym_problems({"en": {" ": ["spine"]}}, LANGUAGES)[0]
    assert "empty word" in synonym_problems({"en": {"back": ["spine", " "]}}, LANGUAGES)[0]


def test_the_project_setting_is_well_formed():
    import pelicanconf

    assert synonym_problems(pelicanconf.SEARCH_SYNONYMS, pelicanconf.LANGUAGES) == []
