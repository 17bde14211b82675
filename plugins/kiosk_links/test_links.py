from kiosk_links.links import site_address_links, unlink_external


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


def test_unquoted_and_single_quoted_external_links_are_unlinked():
    assert "<a" not in unlink_external("<a href=https://example.org/x>x</a>")
    assert "<a" not in unlink_external("<a class='c' href='https://example.org/x'>x</a>")


def test_site_addresses_are_found_but_file_links_are_not():
    html = (
        '<a href="/procedures/x/">a</a> <a href="../x/">b</a> <a href="..">c</a> <a href="../kyphoplasty">d</a>'
        '<a href="{filename}x.md">e</a> <a href="#why">f</a> <a href="../x/index.html#why">g</a>'
        '<img alt="" src="/images/spine.png"> <img alt="" src="../../images/spine.1.png">'
    )
    assert site_address_links(html) == ["/procedures/x/", "../x/", "..", "../kyphoplasty", "/images/spine.png"]


def test_every_scheme_counts_as_outside_and_entities_are_decoded():
    for href in ("sms:+12025550143", "ftp://example.org/x", "&#109;&#97;ilto:&#113;@example.org"):
        out = unlink_external(f'<a href="{href}">x</a>')
        assert "<a" not in out, href
    assert "q@example.org" in unlink_external('<a href="&#109;&#97;ilto:&#113;@example.org">x</a>')
