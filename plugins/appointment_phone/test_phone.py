import pytest

from appointment_phone.phone import parse, phone_display, tel_uri


@pytest.mark.parametrize("written", ["202-555-0143", "(202) 555-0143", "+1 202 555 0143", "202.555.0143"])
def test_us_numbers_in_any_form_read_and_dial_the_same(written):
    assert tel_uri(written) == "tel:+12025550143"
    assert phone_display(written) == "202-555-0143"


def test_extension_is_shown():
    assert phone_display("202-555-0143 ext. 12") == "202-555-0143 ext. 12"


def test_foreign_number_is_shown_internationally():
    assert tel_uri("+44 20 7946 0958") == "tel:+442079460958"
    assert phone_display("+44 20 7946 0958") == "+44 20 7946 0958"


@pytest.mark.parametrize("bad", ["555-0100", "12345", "call us", "000-000-0000"])
def test_invalid_numbers_are_refused(bad):
    assert parse(bad, "US") is None
    with pytest.raises(ValueError):
        tel_uri(bad)
