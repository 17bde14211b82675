"""A QR code of each procedure page's public address, for the kiosk.

A patient scans it to open the same page on their own phone. It is made at
build time with segno and inlined as SVG, so the kiosk loads nothing.

The address is the page's own ``page.public_address``, which the
language_versions plugin leaves on every page from the one rule of the site
(PUBLIC_SITEURL + PUBLIC_PAGE_URL, or PUBLIC_PAGE_LANG_URL for a page in
another language: a Spanish page's code opens the Spanish page). It is read
once every page is made (``page_generator_finalized``), so the order in
which the two plugins see a new page does not matter.
"""

from itertools import chain

import segno
from markupsafe import Markup
from pelican import signals

from procedure_site.build_report.report import problem, report
from sitebuild.plugin_guard import in_this_build



def qr_svg(url):
    code = segno.make(url, error="m", micro=False)
    # A quiet zone of 4 modules is what phone cameras need to find the code.
    return code.svg_inline(scale=6, border=4, dark="#000", light="#fff", svgclass="take-home-qr__code", omitsize=False)


def written_pages(generator):
    """Every page the build writes: published and hidden, in every language."""
    return chain(generator.pages, generator.translations, generator.hidden_pages, generator.hidden_translations)


def public_address_of(page) -> str:
    address = getattr(page, "public_address", None)
    if not address:
        raise RuntimeError(
            f"{page.source_path} has no public_address: take_home_qr reads it from the "
            "language_versions plugin, which must be in PLUGINS (pelicanconf.py)."
        )
    return address


def add_qr_codes(generator):
    if not in_this_build(generator.settings, __package__):
        return
    for page in written_pages(generator):
        if getattr(page, "slug", None):
            page.public_url = public_address_of(page)
            page.take_home_qr = Markup(qr_svg(page.public_url))


def check_public_address(pelican):
    if not in_this_build(pelican.settings, __package__):
        return
    report(address_problems(pelican.settings.get("PUBLIC_SITEURL") or ""))


def address_problems(address: str) -> list:
    """What is wrong with PUBLIC_SITEURL for the kiosk, as data."""
    if address.startswith("https://") and address[len("https://"):].strip("/"):
        return []
    return [
        problem(
            "kioskconf.py",
            f"PUBLIC_SITEURL is {address!r}; the QR codes and printed addresses need the public site's https address.",
            "build with: make kiosk PUBLIC_SITEURL=https://your-public-site.org",
        )
    ]


def register():
    signals.get_generators.connect(check_public_address)
    signals.page_generator_finalized.connect(add_qr_codes)
