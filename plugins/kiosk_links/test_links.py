from kiosk_links.links import unlink_external


def test_external_link_becomes_text_with_its_address():
    html = '<p>See <a href="https://example.org/a">the guide</a>.</p>'
    assert unlink_external(html) == (
        '<p>See <span class="offline-link">the guide <span class="offline-link__address">'
        "(https://example.org/a)</span></span>.</p>"
    )


def test_link_whose_text_is_its_address_is_not_repeated():
    assert unlink_external('<a href="https://example.org">https://example.org</a>') == (
        '<span class="offline-link">https://example.org</span>'
    )


def test_tel_and_mailto_links_become_text():
    assert unlink_external('<a href="tel:+12025550143">202-555-0143</a>') == (
        '<strong class="phone-text">202-555-0143</strong>'
    )
    assert "mailto:" not in unlink_external('<a href="mailto:x@example.org">Email us</a>')


def test_links_inside_the_bundle_are_kept():
    for html in ('<a href="../other/index.html">Other</a>', '<a href="#why">Why</a>', '<a href="{filename}x.md">X</a>'):
        assert unlink_external(html) == html
