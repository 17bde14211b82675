from procedure_site.reading_level.measure import Scores, scores


def test_the_seed_text_matches_the_reference_figure():
    """textstat 0.7.3 gives Flesch-Kincaid 11.1 for the approved Vertebroplasty text (the issue's reference)."""
    from pathlib import Path

    approved = Path(__file__).resolve().parents[3] / "tests" / "approved" / "vertebroplasty.txt"
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
