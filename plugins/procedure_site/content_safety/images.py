"""Every picture says what it shows, or says it is decoration.

An ``<img>`` with no ``alt`` attribute is read out by its file name
("thyroid-ultrasound dot png"): WCAG 1.1.1 fails, and axe reports
``image-alt``. So it is a problem at its line. ``alt=""`` (or only spaces),
which Markdown writes for ``![](…)``, is the author saying the picture is
decoration: it is allowed, and a screen reader skips it.

An ``<img>`` with no ``src`` at all, which raw HTML can write, shows
patients nothing, or a broken-image icon, whatever its alt says: it is a
problem too. (An empty ``src=""`` is an address, and intrasite_links
refuses it as one written by hand.)

Pelican has a check of its own (``pelican.readers.find_empty_alt``) that does
the opposite: it warns of every *empty* alt, which fails this build, with no
line and no fix, and it runs a backtracking regular expression over the
page. ``replace_pelicans_check`` turns it off for the builds that use the
procedure site (this check replaces it); another build in the same process
keeps it. It is a module function Pelican calls by name from
``Readers.read_file``; no setting turns it off.
"""

import pelican.readers

from procedure_site.build_report.report import address_needles, problem

_pelicans_check = pelican.readers.find_empty_alt
_build = {"uses_site": False}


def image_problems(content, model) -> list:
    """Each image without a picture or without an alt attribute, as data."""
    found = []
    for element in model.elements():
        if element.name != "img":
            continue
        src = (element.attrs or {}).get("src") or ""
        if "src" not in (element.attrs or {}):
            found.append(problem(
                content.source_path,
                "an image has no picture: it has no src=, so patients would see nothing, or a broken-image icon.",
                "give it its picture, ![What it shows]({static}/images/name.png) or src=\"{static}/images/name.png\", "
                "or delete it.",
                find="<img",
            ))
            continue  # no picture, so no file name to read out: the alt check has nothing to add
        if "alt" in (element.attrs or {}):
            continue
        found.append(
            problem(
                content.source_path,
                f"the image {src or '(no address)'} has no alt text, so a screen reader would read out its file name.",
                "describe what the picture shows in its alt text: ![A nurse checks the bandage](…) or "
                "alt=\"A nurse checks the bandage\"; if the picture is only decoration, write alt=\"\" (or ![](…)).",
                find=address_needles(src) if src else "<img",
            )
        )
    return found


def _find_empty_alt(content, path):
    if not _build["uses_site"]:
        _pelicans_check(content, path)


def replace_pelicans_check(uses_site: bool) -> None:
    """For this build: Pelican's empty-alt warning off when it uses the site."""
    _build["uses_site"] = uses_site
    pelican.readers.find_empty_alt = _find_empty_alt
