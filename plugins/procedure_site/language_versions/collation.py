"""The A–Z list in each language's own order, from ICU (PyICU), never from a
hand-written table.

``az_groups(pages, lang)`` sorts the pages by title with the language's
``icu.Collator`` and puts each under the letter ``icu.AlphabeticIndex`` gives
it for that language's ``Locale``. In Spanish, say, accents are ignored for the
letter (Á goes under A) and Ñ is a letter of its own, after N; in English, É
goes under E. Within a letter, titles are in the language's collation order.

A title that starts outside the language's alphabet (a digit, a sign, another
script) falls in one of ICU's "…" buckets (before A, or after Z); those are
split by the title's first character, so "3D Mammography" is under "3".

Each group has an anchor id for the jump links: "letter-" and the label
("letter-A", "letter-Ñ": HTML allows any character but space in an id, and a
URL allows a letter in its fragment), or, for a label with a character that
is not a letter or digit, "letter-" and its code points ("letter-u0028").
Ids are unique within one list.
"""

import unicodedata
from functools import lru_cache
from typing import NamedTuple

import icu

ANCHOR_PREFIX = "letter-"


class AZGroup(NamedTuple):
    label: str  # the letter as shown: "A", "Ñ", "3"
    anchor: str  # its id in the page: "letter-A"
    pages: list  # in the language's collation order


def locale_of(lang: str) -> "icu.Locale":
    """A Pelican language code ("es", "pt-BR", "pt_BR") as an ICU Locale.
    A ``Lang:`` that is no language tag at all ("Español") is a problem the
    build reports (unique_urls ``language_problem``) when reading ends; its
    pages are sorted in ICU's root order meanwhile, so the build gets there
    (ICU's "Illegal argument" stopped it with a traceback first)."""
    try:
        return icu.Locale.forLanguageTag(str(lang).replace("_", "-"))
    except icu.ICUError:
        return icu.Locale.getRoot()


# ICU's collation and index data for a language never change within a process:
# kept, like a compiled regex, and shared by every build.
@lru_cache(maxsize=None)
def collator_for(lang: str) -> "icu.Collator":
    return icu.Collator.createInstance(locale_of(lang))


@lru_cache(maxsize=None)
def index_for(lang: str) -> "icu.ImmutableIndex":
    return icu.AlphabeticIndex(locale_of(lang)).buildImmutableIndex()


def title_of(page) -> str:
    return unicodedata.normalize("NFC", str(getattr(page, "title", "") or "")).strip()


def sort_key(lang: str):
    """A key for sorted(): a page's title in the language's collation order,
    then its slug, so equal titles keep one order from build to build."""
    collator = collator_for(lang)
    return lambda page: (collator.getSortKey(title_of(page)), str(getattr(page, "slug", "") or ""))


def sorted_pages(pages, lang: str) -> list:
    return sorted(pages, key=sort_key(lang))


def first_character(title: str) -> str:
    """The label of a title outside the alphabet: its first character, as a capital when it has one."""
    first = title[:1] or "…"
    upper = first.upper()
    return upper if len(upper) == 1 else first


def anchor_for(label: str) -> str:
    if label and all(character.isalnum() for character in label):
        return ANCHOR_PREFIX + label
    return ANCHOR_PREFIX + "-".join(f"u{ord(character):04X}" for character in label)


def unique(anchor: str, used: set) -> str:
    candidate, number = anchor, 2
    while candidate in used:
        candidate, number = f"{anchor}-{number}", number + 1
    used.add(candidate)
    return candidate


def az_groups(pages, lang: str) -> list[AZGroup]:
    """The pages under their letters, letters in the language's order."""
    collator, index = collator_for(lang), index_for(lang)
    groups = {}  # (bucket number, label's sort key, label) -> pages
    for page in sorted_pages(pages, lang):
        title = title_of(page)
        number = index.getBucketIndex(title)
        label, kind = index.getBucket(number)
        if kind != icu.UAlphabeticIndexLabelType.NORMAL:
            label = first_character(title)
        key = (number, collator.getSortKey(label), label)
        groups.setdefault(key, []).append(page)
    used = set()
    return [
        AZGroup(label, unique(anchor_for(label), used), members) for (_, _, label), members in sorted(groups.items())
    ]
