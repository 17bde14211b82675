"""A link to a place on the same page (``#after-care``) must lead somewhere.

Such a link is allowed where an address written by hand is not (links.py),
but nothing filled it in or looked at it: ``[see below](#after-care)`` with
no element of that id was published, and a patient who followed it stayed
where they were. So each one must name an id the page will have:

- one the page's own text gives (``### Caring for the wound {#after-care}``,
  or raw HTML's ``id=``; the allowlist refuses ``<a name=>``);
- a section's, or a section heading's (``#why``, ``#why-title``: the ids
  PROCEDURE_SECTIONS gives, content_safety's ``reserved_ids``);
- one the theme writes on every page (``#main``, read from the templates by
  content_safety's theme_ids.py);
- ``#`` or ``#top``, which the HTML standard scrolls to the top of the page
  with no element at all.

The browser looks for the fragment as written, then percent-decoded, so a
link passes if either is an id. Ids are case-sensitive: ``#Why`` is told
it means ``#why``. The theme's ids are those of every template, so one the
website's page lacks (the kiosk's ``#idle-dialog``) still passes.

A link's line is the first holding it as Markdown writes a link
(``(#after-care)``), else as HTML does (``"#after-care"``), else anywhere:
a bare ``#wound`` is also the start of ``{#wound-care}``. The same link
written again is said again, at its own line (build_report ``spread``).
"""

from urllib.parse import unquote

from procedure_site.build_report.report import AsWritten, Loose, problem
from procedure_site.content_safety.allowlist import reserved_ids
from procedure_site.content_safety.safety import ids_of_theme

TOP = "top"  # matched ignoring case, as the HTML standard does


def ids_in(model) -> set[str]:
    """Every id the page's own HTML gives an element."""
    return {element.attrs["id"] for element in model.elements() if (element.attrs or {}).get("id")}


def missing_places(model, targets) -> list[str]:
    """Each same-page link (as written, in page order, each time it is
    written) whose fragment names no id in ``targets``."""
    missing = []
    for url in model.urls:
        if url.kind != "anchor":
            continue
        written = url.value.strip()
        fragment = written.partition("#")[2]
        if not fragment or fragment.lower() == TOP:
            continue
        if fragment in targets or unquote(fragment) in targets:
            continue
        missing.append(written)
    return missing


def needles(written) -> tuple:
    """What a link's line is found by, in order (see the module's docstring)."""
    return AsWritten(f"({written})"), AsWritten(f'"{written}"'), Loose(written)


def fix_for(fragment, by_case, sections) -> str:
    """The fix for a link to ``#fragment``; ``by_case``: each target id by its casefold."""
    meant = by_case.get(unquote(fragment).lstrip("#").casefold())  # "#Why", or "##why"
    if meant is not None:
        return f"ids are written exactly: write #{meant}."
    return (
        f"give the heading you mean that id, for example '### Caring for the wound {{#{fragment}}}', or link "
        f"to one of the page's sections: {', '.join('#' + section for section in sections)}."
    )


def page_problems(content, model) -> list:
    """Same-page links that lead nowhere, as data (page_model/pipeline.py reports them)."""
    sections = [spec["id"] for spec in content.settings["PROCEDURE_SECTIONS"]]
    targets = ids_in(model) | reserved_ids(sections, ids_of_theme(content.settings))
    missing = missing_places(model, targets)
    by_case = {target.casefold(): target for target in targets} if missing else {}
    return [
        problem(
            content.source_path,
            f"the link {written} points to a place on this page that does not exist: no heading or element "
            f"has the id '{unquote(written.partition('#')[2])}'.",
            fix_for(written.partition("#")[2], by_case, sections),
            find=needles(written),
        )
        for written in missing
    ]
