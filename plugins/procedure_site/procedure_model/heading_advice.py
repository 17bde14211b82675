"""Advice for a heading that is not one of the required sections: which
section it most likely is, so the fix names that section's own heading and id.

An editor who misspells a heading ("## Post Vertebroplasy") or drops an
accent ("## Por que se realiza") means one section; an editor who changes the
Title leaves every heading worded with the old one. Each is one mistake, and
is said once:

- ``title_named``: the name a heading gives where the required heading has
  the Title ("Why {title} is Performed"), when it is not the Title;
- ``only_accents``: the required heading a heading equals when accents and
  case are left out;
- ``nearest``: the required heading most like it (difflib's ratio over at
  most ``COMPARED`` characters of each, which bounds the work on a long
  line), among the sections the page has not given yet.

difflib is the standard library's; a heading is a line, so its quadratic
worst case is bounded by COMPARED.
"""

import unicodedata
from difflib import SequenceMatcher

COMPARED = 200  # characters of each heading compared, at most
LIKE_ENOUGH = 0.6  # difflib ratio above which a heading is taken as a misspelling


def without_accents(text: str) -> str:
    """``text`` without its accents (NFKD, combining marks left out)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def title_named(heading: str, template: str) -> str | None:
    """What a heading has where ``template`` (a required heading with
    "{title}") has the Title: "Why UFE is Performed" against "Why {title} is
    Performed" names "UFE". None when the rest of the heading differs."""
    if "{title}" not in template:
        return None
    prefix, _, suffix = template.partition("{title}")
    folded = heading.casefold()
    if len(heading) <= len(prefix) + len(suffix):
        return None
    if not (folded.startswith(prefix.casefold()) and folded.endswith(suffix.casefold())):
        return None
    named = heading[len(prefix) : len(heading) - len(suffix)].strip()
    return named or None


def only_accents(heading: str, wanted: str, normalise) -> bool:
    """True when the headings differ only in accents (and what normalise
    leaves out: case, spacing, punctuation)."""
    return normalise(without_accents(heading)) == normalise(without_accents(wanted))


def likeness(heading: str, wanted: str, normalise) -> float:
    a = normalise(without_accents(heading))[:COMPARED]
    b = normalise(without_accents(wanted))[:COMPARED]
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def nearest(heading: str, candidates, normalise):
    """(the candidate most like ``heading``, its likeness) among
    ``candidates`` [(key, required heading)], or (None, 0.0)."""
    best, score = None, 0.0
    for key, wanted in candidates:
        ratio = likeness(heading, wanted, normalise)
        if ratio > score:
            best, score = key, ratio
    return best, score
