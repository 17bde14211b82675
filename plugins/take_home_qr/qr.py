"""A QR code of each procedure page's public address, for the kiosk.

A patient scans it to open the same page on their own phone. It is made at
build time with segno and inlined as SVG, so the kiosk loads nothing.
"""

import segno
from blinker import signal
from markupsafe import Markup
from pelican import signals
from pelican.contents import Page

content_problem = signal("content_problem")


def public_url(content):
    settings = content.settings
    path = settings["PUBLIC_PAGE_URL"].format(slug=content.slug)
    return f"{settings['PUBLIC_SITEURL'].rstrip('/')}/{path}"


def qr_svg(url):
    code = segno.make(url, error="m", micro=False)
    # A quiet zone of 4 modules is what phone cameras need to find the code.
    return code.svg_inline(scale=6, border=4, dark="#000", light="#fff", svgclass="take-home-qr__code", omitsize=False)


def in_this_build(settings) -> bool:
    """Plugins stay connected for the life of the process, which may also run
    builds whose settings do not name this plugin (the web builds)."""
    return __package__ in settings["PLUGINS"]


def add_qr(content):
    if isinstance(content, Page) and getattr(content, "slug", None) and in_this_build(content.settings):
        url = public_url(content)
        content.public_url = url
        content.take_home_qr = Markup(qr_svg(url))


def check_public_address(pelican):
    if not in_this_build(pelican.settings):
        return
    address = pelican.settings.get("PUBLIC_SITEURL") or ""
    if not address.startswith("https://") or not address[len("https://"):].strip("/"):
        content_problem.send(
            "kioskconf.py",
            message=f"PUBLIC_SITEURL is {address!r}; the QR codes and printed "
            "addresses need the public site's https address.",
            fix="build with: make kiosk PUBLIC_SITEURL=https://your-public-site.org",
        )


def register():
    signals.get_generators.connect(check_public_address)
    signals.content_object_init.connect(add_qr)
