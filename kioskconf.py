"""Kiosk bundle settings: the site as files for a waiting-room kiosk.

Opened from file:// with no network, in Chromium's kiosk mode. Imports the
base settings and changes only what differs.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

KIOSK = True

# The public site's address: printed on each page and encoded in its QR code,
# so a patient can open the page on their own phone. Given when building:
# make kiosk PUBLIC_SITEURL=https://... (the take_home_qr plugin insists).
PUBLIC_SITEURL = os.environ.get("PUBLIC_SITEURL", "").strip().rstrip("/")

# file:// has no directory index: every link names its file, and is relative.
RELATIVE_URLS = True
PAGE_URL = "procedures/{slug}/index.html"
PAGE_LANG_URL = "{lang}/procedures/{slug}/index.html"
INDEX_LANG_URL = "{lang}/index.html"
HOME_URL = "index.html"
SEARCH_URL = "search/index.html"
SEARCH_LANG_URL = "{lang}/search/index.html"
DIRECT_TEMPLATES = ["index", "search"]  # no 404: nothing serves one from file://

# Nothing to dial from a kiosk: numbers are shown large instead of linked.
PHONE_LINKS = False

# Inactivity before "Are you still reading?", and the countdown it shows
# before returning to the home page. WCAG 2.2.1 asks for at least 20 seconds.
KIOSK_IDLE_SECONDS = 120
KIOSK_COUNTDOWN_SECONDS = 30

THEME_STATIC_PATHS = ["static", "kiosk-static"]
# KIOSK (above) also chooses the procedure site's parts (sitebuild/plugin_guard.py):
# the kiosk's own search (kiosk_search), the idle reset, outside links shown
# as text (kiosk_links) and the take-home QR code; not the website's Pagefind
# index (site_search), which fetches its files, as file:// cannot.

# The search page's on-screen keyboard (a kiosk has a touch screen and no
# keyboard): each language's rows of letter keys, as the keys show them; a key
# types its letter in small letters. Space, Backspace and Clear follow.
KIOSK_KEYBOARD_ROWS = {
    "en": ["QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"],
    "es": ["QWERTYUIOP", "ASDFGHJKLÑ", "ZXCVBNM"],
}

# The kiosk's own script is the only one anywhere; it is a local file.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)
# The kiosk's search page runs its own script, a local file like kiosk.js.
SEARCH_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY
