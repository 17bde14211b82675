import re

import segno

from procedure_site.take_home_qr.qr import qr_svg


def test_svg_encodes_the_address_with_a_quiet_zone():
    url = "https://procedures.hospital.test/procedures/vertebroplasty/"
    svg = qr_svg(url)
    assert svg.startswith("<svg") and 'class="take-home-qr__code"' in svg
    assert "style=" not in svg and "<script" not in svg  # the pages' CSP allows neither
    expected = segno.make(url, error="m", micro=False)
    size = (expected.symbol_size(scale=6, border=4))[0]
    assert re.search(rf'width="{size}"', svg)


def test_the_take_home_code_is_markup_the_template_shows_as_it_is():
    from markupsafe import Markup

    from procedure_site.take_home_qr.qr import take_home_code

    code = take_home_code("https://s.test/es/procedures/v/")
    assert isinstance(code, Markup) and str(code) == qr_svg("https://s.test/es/procedures/v/")
