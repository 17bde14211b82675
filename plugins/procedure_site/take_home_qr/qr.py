"""A QR code of each procedure page's public address, for the kiosk.

A patient scans it to open the same page on their own phone. It is made at
build time with segno and inlined as SVG, so the kiosk loads nothing.

The address is the page's public address, from the one rule of the site
(language_versions/languages.py: PUBLIC_SITEURL + PUBLIC_PAGE_URL, or
PUBLIC_PAGE_LANG_URL for a page in another language: a Spanish page's code
opens the Spanish page). Both are facts of the page (page_model/facts.py),
made by the page pipeline as it reads the page.
"""

import segno
from markupsafe import Markup
from pelican import signals

from procedure_site.build_report.report import problem, report
from sitebuild.plugin_guard import in_this_build



def qr_svg(url):
    code = segno.make(url, error="m", micro=False)
    # A quiet zone of 4 modules is what phone cameras need to find the code.
    return code.svg_inline(scale=6, border=4, dark="#000", light="#fff", svgclass="take-home-qr__code", omitsize=False)


def take_home_code(address: str) -> Markup:
    """The QR code of ``address``, as the inline SVG the template shows
    (page_model/pipeline.py keeps it in the page's facts)."""
    return Markup(qr_svg(address))


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
