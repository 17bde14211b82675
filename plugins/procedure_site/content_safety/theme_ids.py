"""The ids the theme writes, read from its templates, so that none is missed.

An author's ``id="..."`` may not repeat one of the theme's: the skip link,
the contents list, the header's search form and the kiosk's idle reset find
their targets by id, and two elements with one id break the first that
expects its own (``<span id="site-search-q">`` in a page took the search
box's label away). A list kept by hand missed ids as templates grew, so the
list is read from the templates themselves, with Jinja's own parser:

- every literal ``id="..."`` in a template's text;
- an id written from a macro's argument (``id="{{ query_id }}"``): the
  argument's default and every value a template passes to that macro, when
  they are written as literal strings.

Ids made from page data (``id="{{ part.id }}-title"``) are not literal and
not listed here: the section ids are reserved from the settings
(allowlist.reserved_ids), and the A-Z list's letter anchors are written only
on the index pages, where no author text goes.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, nodes

# Template text is the theme's own, not page content.
_LITERAL_ID = re.compile(r"""(?<![\w-])id\s*=\s*(?:"([^"{}]+)"|'([^'{}]+)')""")
_ID_OPENS = re.compile(r"""(?<![\w-])id\s*=\s*["']$""")
_ID_CLOSES = re.compile(r"""^([^"'<>\s]*)["']""")


def _constant(node) -> str | None:
    return node.value if isinstance(node, nodes.Const) and isinstance(node.value, str) else None


def _macro_id_arguments(tree):
    """(macro name, argument name, text after it) for each ``id="{{ arg }}..."``
    in a macro of ``tree``."""
    for macro in tree.find_all(nodes.Macro):
        arguments = {argument.name for argument in macro.args}
        for output in macro.find_all(nodes.Output):
            parts = output.nodes
            for before, value, after in zip(parts, parts[1:], parts[2:]):
                if (
                    isinstance(before, nodes.TemplateData)
                    and isinstance(value, nodes.Name)
                    and value.name in arguments
                    and isinstance(after, nodes.TemplateData)
                    and _ID_OPENS.search(before.data)
                ):
                    closes = _ID_CLOSES.match(after.data)
                    if closes:
                        yield macro.name, value.name, closes.group(1)


def _macro_values(trees):
    """{(macro name, argument name): {literal values}}: defaults and the
    literal values of every call of the macro, by position or by name."""
    values = {}
    signatures = {}
    for tree in trees:
        for macro in tree.find_all(nodes.Macro):
            names = [argument.name for argument in macro.args]
            signatures[macro.name] = names
            for name, default in zip(names[len(names) - len(macro.defaults) :], macro.defaults):
                if _constant(default) is not None:
                    values.setdefault((macro.name, name), set()).add(_constant(default))
    for tree in trees:
        for call in tree.find_all(nodes.Call):
            if not isinstance(call.node, nodes.Name) or call.node.name not in signatures:
                continue
            names = signatures[call.node.name]
            for name, argument in zip(names, call.args):
                if _constant(argument) is not None:
                    values.setdefault((call.node.name, name), set()).add(_constant(argument))
            for keyword in call.kwargs:
                if _constant(keyword.value) is not None:
                    values.setdefault((call.node.name, keyword.key), set()).add(_constant(keyword.value))
    return values


def template_ids(sources, extensions=()) -> frozenset[str]:
    """Every id the templates ``sources`` (their text) write as a literal."""
    environment = Environment(extensions=list(extensions))
    trees = [environment.parse(source) for source in sources]
    found = set()
    for tree in trees:
        for data in tree.find_all(nodes.TemplateData):
            found.update(a or b for a, b in _LITERAL_ID.findall(data.data))
    values = _macro_values(trees)
    for tree in trees:
        for macro, argument, suffix in _macro_id_arguments(tree):
            found.update(value + suffix for value in values.get((macro, argument), ()))
    return frozenset(found)


def theme_sources(theme: str) -> tuple[str, ...]:
    """The text of every template of the theme folder ``theme``, in path order."""
    return tuple(path.read_text(encoding="utf-8") for path in sorted((Path(theme) / "templates").rglob("*.html")))


def theme_ids(theme: str, extensions=()) -> frozenset[str]:
    """The ids of every template of the theme folder ``theme``."""
    return template_ids(theme_sources(theme), extensions)
