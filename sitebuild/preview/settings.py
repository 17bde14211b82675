"""What the preview changes in the settings of ``make html``, and nothing else.

- ``PREVIEW_DRAFTS``: drafts built at their future address (drafts.py).
- ``PUBLIC_SITEURL``: the address printed in the footer (and, on a kiosk,
  in the QR code). The settings' own when it is a real one; when it is an
  example address (a host under example.org, example.com, example.net or
  .example, which RFC 2606 reserves for examples, as the placeholder in
  pelicanconf.py is), the preview's own address, so that what the footer
  says can be followed.
"""

from urllib.parse import urlsplit

EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net", "example")


def is_example_address(address) -> bool:
    host = (urlsplit(str(address or "")).hostname or "").lower().rstrip(".")
    return not host or any(host == domain or host.endswith("." + domain) for domain in EXAMPLE_DOMAINS)


def preview_overrides(settings, address, overrides=None) -> dict:
    """The overrides of one preview: the command line's, then the preview's."""
    own = {"PREVIEW_DRAFTS": True}
    public = (overrides or {}).get("PUBLIC_SITEURL", settings.get("PUBLIC_SITEURL"))
    if is_example_address(public):
        own["PUBLIC_SITEURL"] = address
    return {**(overrides or {}), **own}
