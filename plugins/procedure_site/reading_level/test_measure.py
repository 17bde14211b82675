from pathlib import Path

from procedure_site.reading_level.measure import Scores, scores, textstat_for

ROOT = Path(__file__).resolve().parents[3]
SPANISH = ("szigriszt_pazos", "fernandez_huerta")


def spanish_textstat():
    """textstat in Spanish, set up as its documentation says, independently of measure.py."""
    from textstat.textstat import textstatistics

    measurer = textstatistics()
    measurer.set_lang("es")
    measurer.set_rounding(False)
    return measurer


def test_the_seed_text_matches_the_reference_figure():
    """textstat 0.7.3 gives Flesch-Kincaid 11.1 for the approved Vertebroplasty text (the issue's reference)."""
    approved = ROOT / "tests" / "approved" / "vertebroplasty.txt"
    assert abs(scores(approved.read_text(encoding="utf-8")).grade - 11.1) <= 0.5


def test_plain_words_score_lower_than_long_clinical_sentences():
    plain = scores("You will lie on your front. We numb your back. It takes about an hour. You go home the same day.")
    hard = scores(
        "Percutaneous vertebral augmentation necessitates fluoroscopic guidance, administration of "
        "intravenous sedation, and subsequent polymethylmethacrylate injection into compromised vertebrae."
    )
    assert plain.grade < 8 < hard.grade


def test_empty_text_scores_nothing():
    assert scores("  ") == Scores(0, 0.0, 0.0)


def test_a_hand_counted_spanish_text_gives_the_published_formulas_unrounded():
    """"La casa es roja. El perro come.": 7 words, 2 sentences, 11 syllables
    (la, ca-sa, es, ro-ja; el, pe-rro, co-me). Szigriszt-Pazos is
    206.84 - 62.3 x syllables/words - words/sentences (textstat's base for
    Spanish is 206.84); Fernández Huerta 206.84 - 60 x syllables/words -
    1.02 x words/sentences. Unrounded: textstat's default rounding would
    take 11/7 syllables a word as 1.6 and move Fernández Huerta by 1.7."""
    found = scores("La casa es roja. El perro come.", "es", SPANISH)
    assert found.words == 7
    assert found.szigriszt_pazos == 206.84 - 62.3 * 11 / 7 - 7 / 2
    assert abs(found.fernandez_huerta - (206.84 - 60 * 11 / 7 - 1.02 * 7 / 2)) < 1e-9
    assert found.grade is None and found.smog is None  # English formulas are not taken on Spanish


def test_spanish_prose_matches_textstat_in_spanish():
    """The Spanish test translation's text, measured here and by textstat set
    up on its own with set_lang("es") and set_rounding(False)."""
    text = (ROOT / "tests" / "fixtures" / "vertebroplasty.es.md").read_text(encoding="utf-8").partition("\n\n")[2]
    prose = " ".join(line for line in text.splitlines() if line and not line.startswith(("#", "{")))
    prose = " ".join(prose.split())
    expected = spanish_textstat()
    found = scores(prose, "es", SPANISH)
    assert found.szigriszt_pazos == expected.szigriszt_pazos(prose)
    assert found.fernandez_huerta == expected.fernandez_huerta(prose)
    assert found.words == expected.lexicon_count(prose)
    assert 0 < found.szigriszt_pazos < 100


def test_english_and_spanish_never_leak_into_each_other():
    """textstat's shared object keeps a language and a rounding for every
    caller; each language here has an object of its own, so setting the
    shared one to Spanish changes no English figure, and measuring Spanish
    in between changes nothing either."""
    import textstat

    text = "Patients should resume normal activities slowly and can treat any residual pain with medication."
    before = scores(text)
    scores("El dolor suele empezar a mejorar de inmediato.", "es", SPANISH)
    textstat.set_lang("es")
    textstat.set_rounding(False)
    try:
        assert scores(text) == before
    finally:
        textstat.set_lang("en_US")
        textstat.set_rounding(True)
    assert textstat_for("en") is not textstat_for("es")


def test_single_words_syllables_are_kept_and_whole_texts_are_not():
    from procedure_site.reading_level.measure import scores, textstat_for

    counted = textstat_for("en").syllable_count
    remembered = getattr(counted, "remembered", counted)  # (when every call was kept, the cache was the function)
    # SMOG (three sentences or more) counts word by word; the grade, the whole text.
    text = "The doctor numbers the vertebra. Patients usually recover quickly. Rest at home. Walk a little."
    first = scores(text)
    before = remembered.cache_info().currsize
    again = scores(text + " Naturally")  # one more word, in a new text
    assert remembered.cache_info().currsize - before == 1  # the new word, not the text
    assert first.words + 1 == again.words
    assert scores(text) == first  # the same figures, from what was kept
