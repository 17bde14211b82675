from pathlib import Path

from procedure_site.reading_level.plain_words import MAX_WORDS, PlainWords, list_problems, parse

THEME = Path(__file__).resolve().parents[3] / "theme"


def matched(entries, sentence):
    return [(m.written, m.plainer) for m in PlainWords(parse(entries)[0]).matches(sentence)]


def test_whole_words_only_whatever_the_case():
    entries = "prior\tearlier\nprior to\tbefore\nutilize\tuse\n"
    assert matched(entries, "Your priority is rest; we utilized nothing.") == []
    assert matched(entries, "PRIOR TO the visit, and prior tests.") == [("PRIOR TO", "before"), ("prior", "earlier")]


def test_the_longest_entry_wins_and_phrases_cross_hyphens():
    entries = "follow up\tnext visit\nfollow\tgo after\n"
    assert matched(entries, "Book a follow-up, then follow the signs.") == [("follow-up", "next visit"), ("follow", "go after")]


def test_spanish_accents_are_folded_both_ways_but_not_the_tilde():
    entries = "analgésico\tmedicina para el dolor\nano\tculo\n"
    assert matched(entries, "Tome un ANALGESICO o un analgésico. Feliz año.") == [
        ("ANALGESICO", "medicina para el dolor"), ("analgésico", "medicina para el dolor")]  # fmt: skip


def test_each_malformed_line_is_named_with_its_fix():
    too_long = " ".join(["w"] * (MAX_WORDS + 1))
    lines = ["\ufeff# a comment", "", "physician    doctor", "prior to\tbefore\textra", "\tnothing",
             "utilize\t", "use\tuse", too_long + "\tx", "ok\tfine"]  # fmt: skip
    entries, problems = parse("\n".join(lines) + "\n")
    assert [entry.phrase for entry in entries] == ["ok"]
    assert [(line, message) for line, message, _fix in problems] == [
        (3, "the line has no tab: 'physician    doctor'."),
        (4, "the line has 2 tabs: 'prior to\\tbefore\\textra'."),
        (5, "'' has no word to look for."),
        (6, "'utilize' has no plainer alternative after its tab."),
        (7, "'use' is its own alternative."),
        (8, f"'{too_long}' is {MAX_WORDS + 1} words; an entry is at most {MAX_WORDS}."),
    ]
    assert all(fix for _line, _message, fix in problems)


def test_a_phrase_listed_twice_names_the_first_line():
    _entries, problems = parse("prior to\tbefore\nPrior-To\tahead of\n")
    assert [(line, message) for line, message, _fix in problems] == [(2, "'Prior-To' is already listed, on line 1.")]


def test_the_site_s_lists_are_well_formed_and_long_enough():
    settings = {"THEME": str(THEME), "LANGUAGES": {"en": "English", "es": "Español"}}
    assert list_problems(settings) == []
    sizes = {lang: len(parse((THEME / "plain-words" / f"{lang}.tsv").read_text(encoding="utf-8"))[0]) for lang in ("en", "es")}
    assert sizes["en"] >= 60 and sizes["es"] >= 30, sizes
