"""Every file of the content must be of a kind the public site can serve.

CONTENT_TYPES (pelicanconf.py) maps file names and endings to the
Content-Type each file is served with (read by ``content_type`` in
sitebuild/output_files.py, which http_headers uses too, so a file this check
lets through is the file the headers send). A picture or document an editor puts
in content/images/ whose ending is not there (a ``.heic`` from a phone, a
``.docx``) would be served as the wrong type, or not at all, so every build
(local, kiosk and production alike) stops as soon as Pelican has found it,
before anything is written. The editor learns it from ``make html``, not from
the first publish.

Each SVG drawing (a file served as image/svg+xml, whatever the case of its
ending) must also be only a drawing: opened on its own, on the kiosk from
file:// where no header keeps it inert, an SVG runs its scripts and loads what
it names. svg.py holds what a drawing may contain; each problem is named with
its line.

A file of a kind the site itself is made of (HTML, XML, scripts, styles,
data, fonts) is refused from the content too: the same reason as for SVG.

``static_file_problems`` returns the problems as data (build_report's
Problem), each with the file, the kinds of file that can be used, in plain
words, and how to fix it; the receiver reports them.
"""

from pelican import signals

from sitebuild.output_files import content_type, file_name, suffix
from procedure_site.build_report.report import problem, report
from sitebuild.plugin_guard import in_this_build

from .svg import svg_file_problems



# Types the site itself is made of, not files an editor adds to a page
# (application/octet-stream: the search index's files).
SITE_MACHINERY_TYPES = (
    "text/html", "text/css", "text/javascript", "application/json", "application/xml", "font/",
    "application/octet-stream",
)  # fmt: skip


def usable_kinds(types: dict) -> str:
    """The endings in CONTENT_TYPES an editor may use, in plain words:
    "pictures (.gif, .jpg, ...) and documents (.pdf, ...)"."""
    pictures, documents = set(), set()
    for ending, kind in types.items():
        if not ending.startswith(".") or kind.startswith(SITE_MACHINERY_TYPES):
            continue
        (pictures if kind.startswith("image/") else documents).add(ending)
    groups = [
        f"{label} ({', '.join(sorted(endings))})"
        for label, endings in (("pictures", pictures), ("documents", documents))
        if endings
    ]
    return " and ".join(groups)


def unknown_kind_problem(path: str, types: dict) -> tuple[str, str]:
    """(message, how to fix) for a file whose kind is not in CONTENT_TYPES."""
    name = file_name(path)
    ending = suffix(name)
    kind = f"a {ending} file" if ending else "a file without an ending (like .jpg)"
    message = f"{name} is {kind}: the public site cannot serve this kind of file."
    fix = (
        f"Use one of the kinds of file the site can serve: {usable_kinds(types)}. "
        "Save the file again in one of them (a photo as .jpg, for example) and change the "
        "page's link to the new name. If the site really needs this kind of file, a developer "
        "can add its ending to CONTENT_TYPES in pelicanconf.py."
    )
    return message, fix


def machinery_kind_problem(path: str, types: dict) -> tuple[str, str]:
    """(message, how to fix) for a content file of a kind the site itself is
    made of (a web page, a script, a style sheet, data). Such a file, opened
    on its own, runs what it holds: on the kiosk from file://, where no
    header keeps it inert, a ``.html`` or ``.xml`` with a script would run it.
    Pages are written in Markdown; the theme supplies the rest."""
    name = file_name(path)
    ending = suffix(name)
    message = (
        f"{name} is a {ending} file, a kind the site itself is made of (web pages, scripts, "
        "styles and data): a page's images and documents may not be of this kind."
    )
    fix = (
        f"Remove it from the content folder. Write a page as a Markdown file in the pages' folder; "
        f"link only to files of these kinds: {usable_kinds(types)}."
    )
    return message, fix


def check_content_files(generator):
    """Report each static file of the content whose kind cannot be served,
    and everything in an SVG drawing that is not a drawing's."""
    if not in_this_build(generator, __package__):
        return
    report(static_file_problems(generator.staticfiles, generator.settings["CONTENT_TYPES"]))


def static_file_problems(statics, types) -> list:
    """Each static file's kind that cannot be served, and each SVG's parts
    that are not a drawing's, as data."""
    found = []
    for static in statics:
        if not static.save_as:
            continue
        kind = content_type(static.save_as, types)
        if kind is None:
            found.append(problem(static.source_path, *unknown_kind_problem(static.save_as, types)))
        elif kind.startswith(SITE_MACHINERY_TYPES):
            found.append(problem(static.source_path, *machinery_kind_problem(static.save_as, types)))
        elif kind.split(";")[0].strip() == "image/svg+xml":
            found += [
                problem(static.source_path, message, fix, line=line)
                for line, message, fix in svg_file_problems(static.source_path)
            ]
    return found


def register():
    signals.static_generator_finalized.connect(check_content_files)
