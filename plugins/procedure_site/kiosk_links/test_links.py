from procedure_site.kiosk_links.links import unlink_outside
from procedure_site.page_model.model import parse
from procedure_site.page_model.urls import intrasite_pattern

INTRASITE = intrasite_pattern("[{|](?P<what>.*?)[|}]")


def offline(html):
    model = parse(html, INTRASITE)
    unlink_outside(model)
    return model.html()


def test_external_link_becomes_text_with_its_address():
    assert offline('<p>See <a href="https://example.org/a">the guide</a>.</p>') == (
        '<p>See <span class="offline-link">the guide <span class="offline-link__address">'
        "(https://example.org/a)</span></span>.</p>"
    )


def test_link_whose_text_is_its_address_is_not_repeated():
    assert offline('<a href="https://example.org">https://example.org</a>') == (
        '<span class="offline-link">https://example.org</span>'
    )


def test_tel_and_mailto_links_become_text():
    assert offline('<a href="tel:+12025550143">202-555-0143</a>') == '<strong class="phone-text">202-555-0143</strong>'
    assert offline('<a href="mailto:x@example.org">Email us</a>') == (
        '<span class="offline-link">Email us <span class="offline-link__address">(x@example.org)</span></span>'
    )


def test_a_tel_link_with_words_keeps_its_number():
    assert offline('<a href="tel:+12025550143">Call the clinic</a>') == (
        '<strong class="phone-text">Call the clinic (202) 555-0143</strong>'
    )
    assert offline('<a href="tel:+442079460958">London office</a>').endswith("+44 20 7946 0958</strong>")


def test_links_inside_the_bundle_are_kept():
    for html in ('<a href="../other/index.html">Other</a>', '<a href="#why">Why</a>', '<a href="{filename}x.md">X</a>'):
        assert offline(html) == html


def test_a_greater_than_sign_in_an_earlier_attribute_does_not_keep_the_link_live():
    out = offline('<p><a title="1 > 0" href="https://example.org/x">x</a></p>')
    assert "<a" not in out and "(https://example.org/x)" in out


def test_a_greater_than_sign_in_a_later_attribute_does_not_leak_into_the_page():
    out = offline('<p><a href="https://example.org/x" title="a>b">words</a></p>')
    assert out == (
        '<p><span class="offline-link">words <span class="offline-link__address">'
        "(https://example.org/x)</span></span></p>"
    )


def test_unquoted_single_quoted_entity_and_protocol_relative_links_are_unlinked():
    for html in (
        "<a href=https://example.org/x>x</a>",
        "<a title='c' href='https://example.org/x'>x</a>",
        '<a href="&#104;ttps://example.org/x">x</a>',
        '<a href="//example.org/x">x</a>',
        '<a href="/\\example.org/x">x</a>',
    ):
        assert "<a" not in offline(html), html
