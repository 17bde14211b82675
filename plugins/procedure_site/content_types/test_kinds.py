import types

from blinker import signal

from procedure_site.content_types.kinds import check_content_files, unknown_kind_problem, usable_kinds

TYPES = {
    "_headers": "text/plain", ".css": "text/css", ".html": "text/html", ".woff2": "font/woff2",
    ".png": "image/png", ".jpg": "image/jpeg", ".pdf": "application/pdf",
}


def test_an_unknown_kind_of_file_is_explained_in_plain_words():
    assert usable_kinds(TYPES) == "pictures (.jpg, .png) and documents (.pdf)"
    message, fix = unknown_kind_problem("images/scan.HEIC", TYPES)
    assert message.startswith("scan.HEIC is a .HEIC file") and "cannot serve" in message
    assert "pictures (.jpg, .png) and documents (.pdf)" in fix
    assert "a developer can add its ending to CONTENT_TYPES in pelicanconf.py" in fix
    assert "without an ending" in unknown_kind_problem("images/LICENSE", TYPES)[0]


def test_each_unservable_content_file_is_reported_with_its_source(tmp_path):
    statics = [
        types.SimpleNamespace(save_as=name, source_path=str(tmp_path / name))
        for name in ("images/ok.png", "images/scan.heic", "images/notes")
    ]
    generator = types.SimpleNamespace(settings={"CONTENT_TYPES": TYPES, "PLUGINS": ["procedure_site"]}, staticfiles=statics)
    reported = []

    def collect(path, **problem):
        reported.append((path, problem["message"]))

    signal("content_problem").connect(collect)
    try:
        check_content_files(generator)
    finally:
        signal("content_problem").disconnect(collect)
    assert [path for path, _message in reported] == [str(tmp_path / "images/scan.heic"), str(tmp_path / "images/notes")]


def test_a_content_file_of_a_kind_the_site_is_made_of_is_refused(tmp_path):
    """Opened on its own from file:// (the kiosk), a .html or .xml from the
    content would run its scripts: only the theme supplies such files."""
    kinds = {**TYPES, ".xml": "application/xml", ".js": "text/javascript"}
    statics = [
        types.SimpleNamespace(save_as=name, source_path=str(tmp_path / name))
        for name in ("images/ok.png", "images/evil.html", "images/evil.xml", "images/app.js", "images/site.css")
    ]
    generator = types.SimpleNamespace(settings={"CONTENT_TYPES": kinds, "PLUGINS": ["procedure_site"]}, staticfiles=statics)
    reported = []

    def collect(path, **problem):
        reported.append((path.rpartition("/")[2], problem["message"], problem["fix"]))

    signal("content_problem").connect(collect)
    try:
        check_content_files(generator)
    finally:
        signal("content_problem").disconnect(collect)
    assert [name for name, _message, _fix in reported] == ["evil.html", "evil.xml", "app.js", "site.css"]
    name, message, fix = reported[0]
    assert message.startswith("evil.html is a .html file, a kind the site itself is made of")
    assert "Markdown" in fix and "pictures (.jpg, .png) and documents (.pdf)" in fix
