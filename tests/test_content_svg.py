"""An SVG in the content is a drawing and nothing else, in every build.

Opened on its own (on the kiosk, from file://, a tap on a link to it) an SVG
runs its scripts and loads what it names; so a content SVG with a script, an
event handler, a <foreignObject> or a reference to another file or site fails
the build, each problem named with the file and the line, and nothing is
published. A plain drawing is published as it is.
"""

import shutil

from conftest import ROOT, build, link_files
from harness import problems_of, vertebroplasty

# Issue 18's drawing: it ran its script and made 4 outside requests on the kiosk.
EVIL = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 100 100"
     onload="fetch('https://evil.example/onload')">
  <script>fetch('https://evil.example/script')</script>
  <foreignObject width="100" height="100">
    <iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/frame"></iframe>
  </foreignObject>
  <image href="https://evil.example/pixel.png" width="1" height="1"/>
  <rect width="10" height="10" style="fill: url(https://evil.example/paint.svg#g)"/>
</svg>
"""
EVIL_PROBLEMS = [
    "images/evil.svg:4: the <svg> element has onload=, an event handler",
    "images/evil.svg:5: <script> is not allowed in a drawing",
    "images/evil.svg:6: <foreignObject> is not allowed in a drawing",
    "images/evil.svg:9: <image> is not allowed in a drawing: it loads another file, perhaps from another "
    "site (here: https://evil.example/pixel.png)",
    "images/evil.svg:10: the <rect> element's style= uses url(https://evil.example/paint.svg#g)",
]
# The same problems in other clothes: the ending in capitals, the link as xlink:href.
OTHER = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<use xlink:href="http://evil.example/sprite.svg#a"/>
</svg>
"""
CLEAN = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>A dot</title>
<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
<circle id="a" cx="5" cy="5" r="4" fill="url(#g)"/><use href="#a"/></svg>
"""


def with_drawings(content, **drawings):
    images = content / "images"
    images.mkdir(exist_ok=True)
    for name, text in drawings.items():
        (images / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return content


def cache(tmp_path):
    return {"SITEBUILD_CACHE": str(tmp_path / "cache")}


def test_an_svg_that_is_more_than_a_drawing_fails_the_build_naming_each_part():
    """Through tests/harness.py: the six problems, each at its line with a fix,
    and nothing of the plain drawing (what a failed build leaves: the kiosk's test below)."""
    files = {"images/evil.svg": EVIL, "images/Sprite.SVG": OTHER, "images/spine.svg": CLEAN}
    links = "".join(f"\n[A drawing]({{static}}/{name})\n" for name in files)  # no file goes unlinked
    problems = problems_of(vertebroplasty() + links, files=files)
    said = [f"{p.file}:{p.line}: {p.message}" for p in problems]
    expected = ["images/Sprite.SVG:2: the <use> element's xlink:href= points to http://evil.example/sprite.svg#a"]
    expected += EVIL_PROBLEMS
    assert len(said) == len(expected) == 6 and all(p.fix for p in problems)
    for problem, start in zip(said, expected):
        assert problem.startswith(start), (problem, start)
    assert said == [
        "images/Sprite.SVG:2: the <use> element's xlink:href= points to http://evil.example/sprite.svg#a: a drawing "
        "may point only to its own parts (#id), never to another file or site.",
        "images/evil.svg:4: the <svg> element has onload=, an event handler: a script that would run when the "
        "picture is opened on its own.",
        "images/evil.svg:5: <script> is not allowed in a drawing: scripts would run when the picture is opened on "
        "its own (on the kiosk, a tap on a link to it).",
        "images/evil.svg:6: <foreignObject> is not allowed in a drawing: it puts web page content inside the "
        "drawing, which can run scripts and load other sites.",
        "images/evil.svg:9: <image> is not allowed in a drawing: it loads another file, perhaps from another site "
        "(here: https://evil.example/pixel.png).",
        "images/evil.svg:10: the <rect> element's style= uses url(https://evil.example/paint.svg#g), which loads "
        "another file or site; a drawing may use url(#id) only, for its own gradients, patterns, clipping paths, "
        "masks, markers and filters.",
    ]


def test_the_evil_svg_never_reaches_the_kiosk(content_copy, tmp_path):
    """Nor does a web page or XML file with a script, which would run as well."""
    with_drawings(content_copy, evil_svg=EVIL)
    (content_copy / "images" / "evil.html").write_text("<script>fetch('https://evil.example/')</script>", encoding="utf-8")
    (content_copy / "images" / "evil.xml").write_text(EVIL.replace("<?xml", "<?xml-stylesheet?><?xml", 0), encoding="utf-8")
    output = tmp_path / "kiosk"
    result = build(output, content=content_copy, settings="kioskconf.py", env={"PUBLIC_SITEURL": "https://x.example", **cache(tmp_path)})
    assert result.returncode == 1, result.stdout + result.stderr
    for problem in EVIL_PROBLEMS + [
        "images/evil.html: evil.html is a .html file, a kind the site itself is made of",
        "images/evil.xml: evil.xml is a .xml file, a kind the site itself is made of",
    ]:
        assert problem in result.stderr, f"{problem!r} not in:\n{result.stderr}"
    assert not output.exists()


def test_a_plain_drawing_and_the_themes_own_are_published_as_they_are(content_copy, tmp_path):
    with_drawings(content_copy, spine_svg=CLEAN)
    shutil.copy(ROOT / "theme" / "static" / "favicon.svg", content_copy / "images" / "Logo.SVG")
    link_files(content_copy, "images/spine.svg", "images/Logo.SVG")
    output = tmp_path / "output"
    result = build(output, content=content_copy, env=cache(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (output / "images" / "spine.svg").read_text(encoding="utf-8") == CLEAN
    assert (output / "images" / "Logo.SVG").read_bytes() == (ROOT / "theme" / "static" / "favicon.svg").read_bytes()
