import random
import re

from procedure_site.procedure_model.model import sentence_count

# The regular expression sentence_count used before (it backtracked over
# each run of marks); on short texts it is the reference.
OLD_SENTENCE_END = re.compile(r"(\S*)[.!?](?=\s+[A-Z]|\s*$)")
ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "st", "vs", "e.g", "i.e", "etc", "approx", "no", "prof"}


def old_sentence_count(text):
    return sum(1 for word in OLD_SENTENCE_END.findall(text) if word.lower() not in ABBREVIATIONS)


def test_thirty_thousand_dots_are_one_sentence_or_none():
    assert sentence_count("." * 30000) == 1
    assert sentence_count("." * 30000 + " a") == 0
    assert sentence_count("Stops pain." + "." * 30000 + " Then more.") == 2


def test_abbreviations_and_capitals_decide_as_before():
    assert sentence_count("Dr. Smith does it. It helps.") == 2
    assert sentence_count("It uses e.g. Cement and the like") == 0
    assert sentence_count("Why? Because it helps!  ") == 2


def test_sentences_are_counted_as_the_old_regular_expression_counted_them():
    pieces = [" ", "\t", "\n", "\xa0", "\x1c", ".", "!", "?", "a", "A", "Dr", "e.g", "É", "x."]
    rng = random.Random(18)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(14)))
        assert sentence_count(text) == old_sentence_count(text), repr(text)
