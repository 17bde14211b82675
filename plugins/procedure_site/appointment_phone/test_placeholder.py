import pytest

from procedure_site.appointment_phone.placeholder import miss_problem, misses_in


@pytest.mark.parametrize(
    "text, miss",
    [
        ("Call {ph\u043ene} today.", "{ph\u043ene}"),  # Cyrillic о
        ("Call \uff5bphone\uff5d today.", "\uff5bphone\uff5d"),  # fullwidth braces
        ("Call {pho\u200dne} today.", "{pho\u200dne}"),  # zero-width joiner
        ("Llame al {Ph\u03bfne}, por favor.", "{Ph\u03bfne}"),  # Greek ο, in a text with accents
        ("Call {Phone} today.", "{Phone}"),  # as before: case and spaces
        ("Call { phone } today.", "{ phone }"),
    ],
)
def test_near_misses_are_found_as_written(text, miss):
    assert misses_in(text, "{phone}") == {miss}


@pytest.mark.parametrize("text", ["Call {phone} today.", "Llame al {phone}, por favor.", "No number here: café."])
def test_the_placeholder_itself_is_no_miss(text):
    assert misses_in(text, "{phone}") == set()


def test_a_look_alike_letter_is_named_with_the_letter_it_imitates():
    message, fix = miss_problem("{ph\u043ene}", "{phone}")
    assert message == (
        "{ph\u043ene} looks like {phone} but is written with other characters: '\u043e' after '{ph' is "
        "U+043E CYRILLIC SMALL LETTER O, which looks like 'o' (U+006F LATIN SMALL LETTER O). "
        "Patients would see it as written."
    )
    assert "type {phone} again" in fix


def test_an_invisible_character_is_named():
    message, _fix = miss_problem("{pho\u200dne}", "{phone}")
    assert message.startswith("this {phone} holds an invisible character: U+200D ZERO WIDTH JOINER after '{pho'.")


def test_fullwidth_brackets_are_named():
    message, _fix = miss_problem("\uff5bphone\uff5d", "{phone}")
    assert "U+FF5B FULLWIDTH LEFT CURLY BRACKET, which looks like '{'" in message


def test_a_number_could_be_in_a_text_only_when_its_digits_stand_together():
    import phonenumbers

    from procedure_site.appointment_phone.placeholder import _digits, could_hold

    number = phonenumbers.parse("202-877-9729", "US")
    assert _digits("Call (202) 877-9729 on day 2.") == "20287797292"
    assert _digits("٢٠٢ ٨٧٧ ٩٧٢٩ and １２") == "202877972912"  # any script's digits, as ASCII
    assert could_hold("Call (202) 877-9729 today", number)
    assert could_hold("call +1 202.877.9729", number)
    assert not could_hold("Take 202 mg, 877 times, for 972 days", number)  # a digit short
    assert not could_hold("no digits at all", number)
