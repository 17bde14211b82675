import unicodedata

from justhtml import JustHTML

from procedure_site.reading_level.plain_text import blocks, counted_words, fold, has_list, sentences, word_count, words


def nodes(html):
    return list(JustHTML(html, fragment=True, sanitize=False).root.children)


def test_each_block_is_a_text_of_its_own_and_headings_slots_and_addresses_are_left_out():
    html = (
        "<h3>Before you come</h3><ul><li>Stop eating at midnight</li><li>Bring your medicines</li></ul>"
        "<table><tr><td>Day one</td><td>Rest</td></tr></table>"
        '<p>Read <a href="https://example.org/prior-to-utilize">the guide</a>. Call \x02phone\x03 today.</p>'
    )
    assert blocks(nodes(html)) == ["Stop eating at midnight", "Bring your medicines", "Day one", "Rest",
                                   "Read the guide. Call today."]  # fmt: skip


def test_a_list_is_found_under_the_section_s_nodes():
    assert has_list(nodes("<div><ol><li>a</li></ol></div>")) and not has_list(nodes("<p>a</p>"))


def test_sentences_end_at_a_mark_before_a_capital_but_not_after_an_abbreviation():
    assert sentences("Ask Dr. Lee. It takes 2 hours! Then rest (e.g. sleep) at home", "en") == [
        "Ask Dr. Lee.", "It takes 2 hours!", "Then rest (e.g. sleep) at home"]  # fmt: skip
    assert sentences("Llame a la Dra. Ruiz. ¿Tiene dolor? «Descanse.» Luego camine.", "es") == [
        "Llame a la Dra. Ruiz.", "¿Tiene dolor?", "«Descanse.»", "Luego camine."]  # fmt: skip
    assert sentences("It costs 3.5 dollars. ok then", "en") == ["It costs 3.5 dollars. ok then"]


def test_words_are_runs_of_letters_and_digits_folded_for_comparing():
    assert [w for w, _s, _e in words("Prior-to the patient’s x-ray")] == ["prior", "to", "the", "patient", "s", "x", "ray"]
    assert fold("Después ANALGÉSICO pingüino") == "despues analgesico pinguino"
    assert fold("Año") == "año" != fold("ano")  # the tilde makes another word
    assert word_count("Rest — then walk 2 km") == 5  # the dash is no word


def _words_one_piece_at_a_time(text):
    """words() as it was first written, each word folded on its own: what
    counted_words must give, whichever way it folds."""
    found, position = [], 0
    for piece in text.split():
        start = text.find(piece, position)
        position = start + len(piece)
        begun = None
        for index, character in enumerate(piece + " "):
            if character.isalnum() or (begun is not None and unicodedata.category(character) == "Mn"):
                begun = index if begun is None else begun
            elif begun is not None:
                found.append((fold(piece[begun:index]), start + begun, start + index))
                begun = None
    return found


def test_counted_words_are_words_and_word_count_in_one_pass():
    for text in ["Prior-to the patient’s x-ray", "Rest — then walk 2 km", "", "  — • ", "¿Tiene dolor? «Descanse.»",
                 "cafe\u0301 x\u0301y \u0301a", "e.g. 3.5 mg/kg (twice)", "A\u00a0B\tC\nD",
                 "Call Dr. O'Neil (202-555-0100) or E-MAIL us", "Después ANALGÉSICO-pingüino, Año 2"]:
        found, count = counted_words(text)
        assert found == words(text) == _words_one_piece_at_a_time(text)
        assert count == word_count(text) == sum(1 for word in text.split() if any(c.isalnum() for c in word))
