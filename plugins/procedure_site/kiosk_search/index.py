"""The kiosk's search index and its department lists: pure rules, no Pelican.

The kiosk opens its pages from file://, where a page can neither fetch nor
import a module, so its search index is a plain script that the search page
loads with ``<script src>``: one per language, beside that language's search
page (``search/search-index.js``, ``es/search/search-index.js``). It assigns
one global, ``KIOSK_SEARCH_INDEX``: the language and a MiniSearch index,
serialised (MiniSearch's ``toJSON``), that kiosk-search.js loads with
``MiniSearch.loadJS``. The index holds, for each published procedure page of
that language in A–Z order, its title, ``Keywords:``, headings, summary,
department and prose (``documents``), and stores the title, summary and
address (relative to the search page) that a result shows. Node makes it
(make_index.cjs), with the vendored MiniSearch and the word rules the page
uses (theme/kiosk-static/js/kiosk-search-terms.js): see plugin.py.

The data is JSON, written the same way every time (pages in the language's
A–Z order, MiniSearch's own order of keys), so two builds of the same content
give the same bytes. Every non-ASCII character is escaped (the file is ASCII
whatever encoding the browser assumes for it, and U+2028/U+2029 cannot end a
line of the script), and so are ``<``, ``>`` and ``&``, so no text of a page
can close a script element or be read as markup wherever the data ends up.
"""

from __future__ import annotations

import json
import posixpath
import unicodedata


INDEX_FILE_NAME = "search-index.js"
GLOBAL_NAME = "KIOSK_SEARCH_INDEX"
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def js_json(data, sort_keys=True) -> str:
    """``data`` as a JSON literal that is safe anywhere in a script.
    ``sort_keys=False`` keeps the order the data has (MiniSearch's)."""
    text = json.dumps(data, ensure_ascii=True, sort_keys=sort_keys, separators=(",", ":"))
    return "".join(_ESCAPES.get(character, character) for character in text)


def search_page_save_as(settings, lang: str) -> str:
    """Where a language's search page is written (the URL scheme's rule)."""
    if lang == settings["DEFAULT_LANG"]:
        return settings["SEARCH_SAVE_AS"]
    return settings["SEARCH_LANG_SAVE_AS"].format(lang=lang)


def index_save_as(settings, lang: str) -> str:
    """The language's index file, beside its search page."""
    return posixpath.join(posixpath.dirname(search_page_save_as(settings, lang)), INDEX_FILE_NAME)


def plain(text) -> str:
    """One line of text, NFC, spaces collapsed: as the page shows it."""
    return " ".join(unicodedata.normalize("NFC", str(text or "")).split())


def body_text(html) -> str:
    """A page's prose as one line of text (lxml's parser, no regular
    expression over the page), for the index's lowest-boosted field."""
    # Imported here: only the kiosk's build indexes this way, and html_text
    # with lxml took 26 ms of every web build's start.
    import html_text

    return plain(html_text.extract_text(str(html or ""))) if html else ""


def page_entry(page, search_page: str) -> dict:
    """What the search knows of one page. ``search_page`` is the search page's
    output path, so the link works from it whatever the folder depth."""
    headings = []
    facts = getattr(page, "facts", None)
    for heading in facts.kiosk_search_headings if facts else ():
        heading = plain(heading)
        if heading and heading not in headings:
            headings.append(heading)
    return {
        "body": body_text(getattr(page, "content", "")),
        "department": plain(getattr(page, "department", "")),
        "headings": headings,
        "keywords": [plain(word) for word in (facts.search_keywords if facts else ())],
        "summary": plain(getattr(page, "summary", "")),
        "title": plain(getattr(page, "title", "")),
        "url": posixpath.relpath(page.url, posixpath.dirname(search_page) or "."),
    }


def documents(pages, search_page: str) -> list[dict]:
    """MiniSearch's documents for a language's pages (in A–Z order): each
    page's entry, numbered in that order (MiniSearch's ``id``)."""
    return [{"id": number, **page_entry(page, search_page)} for number, page in enumerate(pages)]


def index_script(lang: str, serialised: dict) -> str:
    """The whole index file for one language, from the serialised MiniSearch
    index (``toJSON``) that make_index.cjs wrote for it."""
    literal = js_json({"index": serialised, "lang": lang}, sort_keys=False)
    return (
        "/* The kiosk's search index for one language (MiniSearch, serialised), written by\n"
        "   the build (plugins/procedure_site/kiosk_search) and read by kiosk-search.js. Do not edit. */\n"
        f"window.{GLOBAL_NAME} = {literal};\n"
    )


def keyboard_problems(rows, languages) -> list[str]:
    """What is wrong with KIOSK_KEYBOARD_ROWS, as sentences."""
    example = 'KIOSK_KEYBOARD_ROWS = {"en": ["QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"]}'
    if not isinstance(rows, dict):
        return [f"KIOSK_KEYBOARD_ROWS must give each language its rows of letter keys, like {example}."]
    problems = []
    for lang in languages:
        keys = rows.get(lang)
        if not isinstance(keys, (list, tuple)) or not keys or not all(isinstance(row, str) and row for row in keys):
            problems.append(f'KIOSK_KEYBOARD_ROWS["{lang}"] must be a list of rows of letters, like ["QWERTYUIOP", ...].')
            continue
        letters = "".join(keys)
        odd = sorted({character for character in letters if not character.isalnum()})
        if odd:
            problems.append(f'KIOSK_KEYBOARD_ROWS["{lang}"] has keys that are not letters or digits: {" ".join(map(repr, odd))}.')
        twice = sorted({character for character in letters if letters.count(character) > 1})
        if twice:
            problems.append(f'KIOSK_KEYBOARD_ROWS["{lang}"] has the same key twice: {", ".join(twice)}.')
    return problems


class DepartmentGroup:
    """One department of the kiosk home's browse list, with its pages.
    ``name`` is "" for the pages that give no ``Department:``."""

    def __init__(self, name: str, pages: list):
        self.name = name
        self.pages = pages


def department_groups(pages, sort_key) -> list[DepartmentGroup]:
    """The pages under their departments: departments, and the pages in each,
    in the order ``sort_key`` (of a text) gives; the pages with no department
    last, in a group of their own, so the list holds every page."""
    by_name: dict[str, list] = {}
    for page in pages:
        by_name.setdefault(plain(getattr(page, "department", "")), []).append(page)

    def by_title(page):
        return (sort_key(plain(page.title)), str(getattr(page, "slug", "")))

    named = sorted((name for name in by_name if name), key=lambda name: (sort_key(name), name))
    groups = [DepartmentGroup(name, sorted(by_name[name], key=by_title)) for name in named]
    if "" in by_name:
        groups.append(DepartmentGroup("", sorted(by_name[""], key=by_title)))
    return groups
