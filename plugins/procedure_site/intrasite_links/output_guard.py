"""Refuses every file the build would copy to a place outside the output folder.

Pelican copies each file a page links with {static} or {attach} to
OUTPUT_PATH joined with the file's path in content/ (STATIC_SAVE_AS is
``{path}``), and never checks where that lands: its writer guards pages
(``sanitised_join``), its StaticGenerator's copy does not. A path that climbs
with ``..`` would be written beside the output folder (``make kiosk`` wrote
``dist/requirements.txt``) or onto the project's own file.

The page checks (links.py, markers.py) refuse every such link they can see.
This is the last line, at the one moment every static file's destination is
known and nothing is written yet (``static_generator_finalized``; the build
report stops the build at ``all_generators_finalized``, before any output):
each destination must lie inside OUTPUT_PATH, whatever the flavour, or the
build stops with a problem naming the page that links the file. A page
whose own checks already reported a link problem is not told twice: the
build stops for that problem already. {attach} can only move a file beside
the page that links it (Pelican's ``Static.attach_to`` keeps it under the
page's folder), so a destination checked here stays inside.
"""

import os

from pelican import signals

from procedure_site.build_report.report import problem, report
from sitebuild.plugin_guard import in_this_build


# Source paths of the pages whose link checks reported a problem in this
# build (links.py adds them); emptied as each build starts.
explained_pages: set = set()


def is_inside(folder: str, path: str) -> bool:
    """True when ``path`` (relative to ``folder``, or absolute) names a place
    inside ``folder``, once ``..`` and symbolic links are followed."""
    root = os.path.realpath(folder)
    target = os.path.realpath(os.path.join(root, path))
    return target != root and os.path.commonpath([root, target]) == root


def escaping(statics, output_path):
    """The static files whose destination is not inside ``output_path``."""
    return [static for static in statics if static.save_as and not is_inside(output_path, static.save_as)]


def linking_pages(static, contents):
    """The pages among ``contents`` whose {static}/{attach} links name ``static``."""
    wanted = os.path.normpath(static.get_relative_source_path())
    return [
        content
        for content in contents
        if content is not None and wanted in {os.path.normpath(link) for link in content.get_static_links()}
    ]


def check_destinations(generator):
    settings = generator.settings
    if not in_this_build(settings, __package__):
        return
    contents = list(generator.context.get("generated_content", {}).values())
    for static in escaping(generator.staticfiles, generator.output_path):
        linked_from = linking_pages(static, contents)
        name = os.path.basename(static.source_path)
        message = (
            f"a link to {static.get_relative_source_path()} would make the build copy {name} "
            "outside the folder it writes the site to. Pages may only link files inside content/."
        )
        fix = "put the file in content/images/ and link it as {static}/images/name.pdf."
        if not linked_from:  # not from a page: a setting made this path
            report([problem(static.source_path, message, fix, covers=(name,))])
        report(
            problem(page.source_path, message, fix, find=name, covers=(name,))
            for page in linked_from
            if page.source_path not in explained_pages
        )
        # Never copied, even if a later change let the build carry on.
        generator.staticfiles.remove(static)  # context["staticfiles"] is this list


def forget_earlier_builds(_pelican):
    explained_pages.clear()


def register():
    signals.get_generators.connect(forget_earlier_builds)
    signals.static_generator_finalized.connect(check_destinations)
