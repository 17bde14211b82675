"""The words a patient might search with: pure rules, no Pelican.

- A page may add ``Keywords: spine, bone cement``: words and phrases that find
  it though it never says them (other names for the procedure, lay words).
  ``parse_keywords`` splits them on commas and reports what is wrong.
- SEARCH_SYNONYMS maps, per language, a lay term to the words the pages use:
  ``{"en": {"broken back": ["fracture", "vertebra"]}}``. A search for a lay
  term also looks for those words (theme/static/js/search-words.js, on the
  website and on the kiosk). ``synonym_problems`` checks the setting's shape;
  ``normalized_synonyms`` is what the search pages are given.

Keys are compared the way search-words.js compares a query: lowercased,
accents removed (``NFD`` without combining marks), runs of spaces as one, so
"Vértebra" and "vertebra" are the same key.
"""

from __future__ import annotations

import unicodedata

MAX_KEYWORDS = 20
MAX_KEYWORD_LENGTH = 60


def fold(text: str) -> str:
    """Lowercase, without accents, spaces collapsed: how search compares words."""
    decomposed = unicodedata.normalize("NFD", str(text).casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


def parse_keywords(value) -> tuple[list[str], list[tuple[str, str]]]:
    """(keywords, problems) of a ``Keywords:`` value; each problem is (message, fix)."""
    text = str(value or "")  # one line's value: the reader gives the first of a key given twice
    if not text.strip():
        return [], [
            (
                "Keywords: is empty.",
                "list the words a patient might search with, separated by commas "
                "(Keywords: spine, bone cement), or delete the line.",
            )
        ]
    keywords, problems, seen = [], [], set()
    for raw in text.split(","):
        word = " ".join(raw.split())
        if not word:
            problems.append(
                (
                    f"Keywords: {text.strip()!r} has an empty keyword (two commas in a row, or a comma at the end).",
                    "separate keywords with single commas: Keywords: spine, bone cement.",
                )
            )
            continue
        if len(word) > MAX_KEYWORD_LENGTH:
            problems.append(
                (
                    f"Keywords: {word[:40]!r}... is {len(word)} characters long; a keyword is a word "
                    f"or short phrase of at most {MAX_KEYWORD_LENGTH}.",
                    "separate keywords with commas: Keywords: spine, bone cement.",
                )
            )
            continue
        if fold(word) in seen:
            continue  # the same word twice finds nothing more
        seen.add(fold(word))
        keywords.append(word)
    if len(keywords) > MAX_KEYWORDS:
        problems.append(
            (
                f"Keywords: lists {len(keywords)} keywords; at most {MAX_KEYWORDS} are allowed.",
                "keep the words patients really use; synonyms for every page belong in "
                "SEARCH_SYNONYMS in pelicanconf.py.",
            )
        )
    return keywords, problems


def synonym_problems(synonyms, languages) -> list[str]:
    """What is wrong with SEARCH_SYNONYMS, as sentences."""
    example = 'SEARCH_SYNONYMS = {"en": {"broken back": ["fracture", "vertebra"]}}'
    if not isinstance(synonyms, dict):
        return [f"SEARCH_SYNONYMS must map each language to its lay terms, like {example}."]
    problems = []
    for lang, terms in synonyms.items():
        if lang not in languages:
            problems.append(f"SEARCH_SYNONYMS has terms for {lang!r}, which is not one of LANGUAGES ({', '.join(languages)}).")
            continue
        if not isinstance(terms, dict):
            problems.append(f'SEARCH_SYNONYMS["{lang}"] must map lay terms to lists of words, like {example}.')
            continue
        for term, words in terms.items():
            if not isinstance(term, str) or not fold(term):
                problems.append(f'SEARCH_SYNONYMS["{lang}"] has an empty lay term.')
            elif isinstance(words, str) or not isinstance(words, (list, tuple)) or not words:
                problems.append(
                    f'SEARCH_SYNONYMS["{lang}"]["{term}"] must be a list of words, like ["fracture", "vertebra"].'
                )
            elif not all(isinstance(w, str) and w.strip() for w in words):
                problems.append(f'SEARCH_SYNONYMS["{lang}"]["{term}"] has an empty word.')
    return problems


def normalized_synonyms(synonyms, lang: str) -> dict[str, list[str]]:
    """One language's lay terms, folded, each with its words (in order, once).

    Two spellings of one term ("Spine", "spine") merge their words."""
    merged: dict[str, list[str]] = {}
    for term, words in sorted(((synonyms or {}).get(lang) or {}).items()):
        key = fold(term)
        bucket = merged.setdefault(key, [])
        for word in words:
            word = " ".join(str(word).split())
            if word and word not in bucket:
                bucket.append(word)
    return dict(sorted(merged.items()))
