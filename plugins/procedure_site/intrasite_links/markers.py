"""Finds Pelican's link markers ({static}, {filename} ...) where no link is meant.

Pelican fills in a marker wherever its pattern finds one in the page's HTML
read as text (pelican/contents.py, ``_get_intrasite_link_regex``): after a
quote, anywhere in a tag that has ``href=``, ``src=``, ``cite=`` ... somewhere
before it. So ``<abbr title="x href='{static}/../requirements.txt'">`` makes
Pelican copy requirements.txt, to wherever the path leads (``make kiosk``
wrote it beside the kiosk's folder), and a link's title can do the same.

A marker is honoured only where it begins the address of a URL attribute the
page model classified (href, src, cite; srcset candidates are refused by
links.py with their own message). Anywhere else, in another attribute, later
in an address, or in the text (a Markdown link that did not parse shows
``{static}/...`` to patients), it is a problem at its line.

The markers are Pelican's, spelled as its default INTRASITE_LINK_REGEX
reads them (``{static}`` or the older ``|static|``, which this project
keeps). Every match attempt reads at most a dozen characters, so a scan is
linear in the page, whatever the author wrote.
"""

import re

# The {what} names Pelican's _link_replacer acts on.
MARKER = re.compile(r"[{|](?:filename|static|attach|category|tag|index|author)[|}]")
# What follows a marker up to the end of the address it starts: for pointing
# the author at the line (the needle) and for the message.
_ADDRESS_REST = re.compile(r"[^\s'\"()<>]{0,200}")
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})


def needle_at(text: str, start: int) -> str:
    """The marker at ``start`` and the address it begins, as written."""
    marker = MARKER.match(text, start)
    end = _ADDRESS_REST.match(text, marker.end()).end()
    return text[start:end]


def honoured_offsets(element, name: str, value: str, urls) -> set[int]:
    """Where in ``value`` a marker would begin an address the build reads as
    a link (or one links.py refuses itself: a srcset candidate)."""
    mine = [url for url in urls if url.element is element and url.attribute == name]
    if not mine:
        return set()
    if name in SRCSET_ATTRIBUTES:
        offsets, position = set(), 0
        for url in mine:  # the candidates, in order
            found = value.find(url.value, position)
            if found < 0:
                break
            offsets.add(found)
            position = found + len(url.value)
        return offsets
    return {url.start for url in mine}  # where page_model read the address to begin


def misplaced_markers(model):
    """(needle, where, attribute or None, element name) for each marker the
    build would not read as the link it looks like."""
    urls_by_element = {}
    for url in model.urls:
        urls_by_element.setdefault(id(url.element), []).append(url)
    for element in model.elements():
        for name, value in (element.attrs or {}).items():
            if not value or ("{" not in value and "|" not in value):
                continue
            honoured = None
            for match in MARKER.finditer(value):
                if honoured is None:
                    honoured = honoured_offsets(element, name.lower(), value, urls_by_element.get(id(element), ()))
                if match.start() in honoured:
                    continue
                where = "address" if honoured else "attribute"
                yield needle_at(value, match.start()), where, name, element.name
    for node in model.texts():
        data = node.data or ""
        if "{" not in data and "|" not in data:
            continue
        for match in MARKER.finditer(data):
            parent = getattr(node.parent, "name", "") or ""
            yield needle_at(data, match.start()), "text", None, parent


def marker_problems(model):
    """(message, fix, needle) for each misplaced marker."""
    for needle, where, attribute, tag in misplaced_markers(model):
        if where == "text":
            yield (
                f"the text shows {needle}, which the build does not read as a link there: "
                "{static}, {filename} and the other {...} links work only as the address "
                "of a link or an image.",
                f"make it a link, [the words to show]({needle}), with no space between ] and (; "
                "or delete it.",
                needle,
            )
        elif where == "address":
            yield (
                f"the {attribute}= address of the <{tag}> holds {needle} after its start; the build "
                "reads {static}, {filename} and the other {...} links only at the very start "
                "of an address, and elsewhere in a tag it could publish a file the page never shows.",
                "give each link its own address, starting with {static} or {filename}: "
                "[the words to show]({static}/images/name.pdf).",
                needle,
            )
        else:
            yield (
                f"the {attribute}= of the <{tag}> holds {needle}; the build reads {{static}}, "
                "{filename} and the other {...} links only at the start of a link's or an "
                "image's address, and here it could publish a file the page never shows.",
                f"delete {needle} from {attribute}=\"...\". To link a file, make it a link's "
                "address: [the words to show]({static}/images/name.pdf).",
                needle,
            )
