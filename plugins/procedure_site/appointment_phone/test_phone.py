import pytest

from procedure_site.appointment_phone.phone import costly, parse, phone_display, tel_uri, usable


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


def test_an_extension_is_dialled_as_rfc_3966_writes_it():
    assert tel_uri("202-877-9729 ext. 1234") == "tel:+1-202-877-9729;ext=1234"
    assert phone_display("202-877-9729 ext. 1234") == "202-877-9729 ext. 1234"


@pytest.mark.parametrize("extension", ["۱۲۳۴", "１２３４", "1234"])
def test_an_extension_in_other_digits_is_dialled_and_shown_in_ascii_digits(extension):
    """phonenumbers keeps an extension's digits as written: 'tel:...;ext=۱۲۳۴' was published."""
    assert tel_uri(f"202-877-9729 ext. {extension}") == "tel:+1-202-877-9729;ext=1234"
    assert phone_display(f"202-877-9729 ext. {extension}") == "202-877-9729 ext. 1234"


def test_a_foreign_number_s_extension_is_shown_once():
    """The international format already wrote ' x12': '+44 20 7946 0958 x12 ext. 12' was shown."""
    assert phone_display("+44 20 7946 0958 ext. 12") == "+44 20 7946 0958 ext. 12"
    assert tel_uri("+44 20 7946 0958 ext. 12") == "tel:+44-20-7946-0958;ext=12"


def test_a_number_without_an_extension_keeps_its_e164_link():
    assert tel_uri("202-877-9729") == "tel:+12028779729"


@pytest.mark.parametrize(
    "number, region, kind",
    [("900-555-0199", "US", "premium-rate"), ("+33 8 10 12 34 56", "FR", "shared-cost")],
)
def test_numbers_that_cost_the_caller_extra_are_not_usable(number, region, kind):
    assert parse(number, region) is not None  # valid, so not "not a valid phone number"
    assert kind in costly(number, region)
    assert usable(number, region) is None


@pytest.mark.parametrize("number", ["202-877-9729", "800-555-0100", "202-877-9729 ext. 1234"])
def test_ordinary_and_toll_free_numbers_are_usable(number):
    assert costly(number, "US") is None and usable(number, "US") is not None
