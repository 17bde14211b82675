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


def generator_of(*pages, kiosk=True):
    from types import SimpleNamespace

    return SimpleNamespace(settings={"PLUGINS": ["procedure_site"], "KIOSK": kiosk}, pages=list(pages), translations=[],
                           hidden_pages=[], hidden_translations=[])  # fmt: skip


def test_each_page_in_every_language_gets_the_code_of_its_own_public_address():
    from types import SimpleNamespace

    from procedure_site.take_home_qr.qr import add_qr_codes

    english = SimpleNamespace(slug="v", public_address="https://s.test/procedures/v/", source_path="v.md")
    spanish = SimpleNamespace(slug="v", public_address="https://s.test/es/procedures/v/", source_path="v.es.md")
    generator = generator_of(english)
    generator.translations.append(spanish)
    add_qr_codes(generator)
    for page in (english, spanish):
        assert page.public_url == page.public_address
        assert page.take_home_qr == qr_svg(page.public_address)


def test_a_page_without_its_public_address_is_a_bug_that_names_the_plugin():
    from types import SimpleNamespace

    import pytest

    from procedure_site.take_home_qr.qr import add_qr_codes

    with pytest.raises(RuntimeError, match="language_versions"):
        add_qr_codes(generator_of(SimpleNamespace(slug="v", source_path="v.md")))
    add_qr_codes(generator_of(SimpleNamespace(slug="v", source_path="v.md"), kiosk=False))  # not this build
