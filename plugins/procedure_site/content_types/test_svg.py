from pathlib import Path

import pytest

from procedure_site.content_types.svg import MAX_BYTES, MAX_PROBLEMS, svg_file_problems, svg_problems

THEME = Path(__file__).resolve().parents[3] / "theme"

OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100">\n'

# What a drawing of the spine for a patient page looks like, written by hand.
CLEAN = b"""<?xml version="1.0" encoding="UTF-8"?>
<!-- The spine, seen from the side -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 200 400" width="200" height="400" role="img" aria-labelledby="t d">
  <title id="t">The spine</title>
  <desc id="d">Five vertebrae stacked, the middle one cracked.</desc>
  <defs>
    <linearGradient id="g" x1="0" y1="0" x2="0" y2="1" gradientUnits="objectBoundingBox">
      <stop offset="0" stop-color="#f5e6c8"/>
      <stop offset="1" stop-color="#d9bf8c" stop-opacity="0.9"/>
    </linearGradient>
    <radialGradient id="glow" xlink:href="#g" cx="0.5" cy="0.5" r="0.5"/>
    <clipPath id="clip"><rect width="200" height="400"/></clipPath>
    <marker id="arrow" markerWidth="6" markerHeight="6" refX="3" refY="3" orient="auto">
      <path d="M0,0 L6,3 L0,6 z" fill="#c00"/>
    </marker>
    <filter id="shadow"><feGaussianBlur in="SourceAlpha" stdDeviation="2"/><feOffset dx="1" dy="1"/></filter>
    <rect id="a" width="80" height="50" rx="8" fill="url(#g)" stroke="#8a6d3b" stroke-width="2"/>
  </defs>
  <g clip-path="url(#clip)" filter="url( '#shadow' )" transform="translate(60 20)">
    <use href="#a"/>
    <use xlink:href="#a" y="70"/>
    <use href="#a" y="140" style="fill: url(#glow); stroke: #c00; stroke-dasharray: 4 2"/>
    <circle cx="40" cy="250" r="20" fill="#fff" fill-opacity=".5"/>
    <ellipse cx="40" cy="320" rx="30" ry="12"/>
    <line x1="-40" y1="165" x2="0" y2="165" stroke="#c00" marker-end="url(#arrow)"/>
    <polyline points="0,0 10,10 20,0" fill="none"/>
    <polygon points="0,0 10,10 20,0"/>
  </g>
  <text x="10" y="390" font-family="Arial, sans-serif" font-size="14" text-anchor="start">
    The cracked <tspan font-weight="bold">vertebra</tspan>
  </text>
</svg>
"""

# As Inkscape saves it: its own namespaces, licence data, styles in style=.
INKSCAPE = b"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg
   width="210mm"
   height="297mm"
   viewBox="0 0 210 297"
   version="1.1"
   id="svg1"
   inkscape:version="1.3.2 (091e20e, 2023-11-25)"
   sodipodi:docname="spine.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns="http://www.w3.org/2000/svg"
   xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview
     id="namedview1"
     pagecolor="#ffffff"
     inkscape:zoom="0.5"
     inkscape:current-layer="layer1" />
  <metadata id="metadata1">
    <rdf:RDF>
      <cc:Work rdf:about="">
        <dc:format>image/svg+xml</dc:format>
        <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage" />
        <cc:license rdf:resource="http://creativecommons.org/licenses/by/4.0/" />
      </cc:Work>
    </rdf:RDF>
  </metadata>
  <g
     inkscape:label="Layer 1"
     inkscape:groupmode="layer"
     id="layer1">
    <path
       style="fill:#d9bf8c;fill-opacity:1;stroke:#000000;stroke-width:0.264583;stroke-linecap:round;-inkscape-stroke:none;paint-order:stroke fill markers"
       d="m 50,50 h 40 v 20 h -40 z"
       id="path1"
       sodipodi:nodetypes="ccccc" />
    <text
       xml:space="preserve"
       style="font-size:8px;line-height:1.25;font-family:'DejaVu Sans';-inkscape-font-specification:'DejaVu Sans';font-variation-settings:normal;shape-inside:url(#rect1)"
       x="50"
       y="100"
       id="text1"><tspan sodipodi:role="line" id="tspan1" x="50" y="100">Vertebra</tspan></text>
  </g>
</svg>
"""

# As Illustrator exports it: classes in a <style> element.
ILLUSTRATOR = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg id="Layer_1" data-name="Layer 1" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <defs>
    <style>
      .cls-1 { fill: url(#linear-gradient); }
      .cls-2 { fill: none; stroke: #231f20; stroke-miterlimit: 10; }
    </style>
    <linearGradient id="linear-gradient" x1="0" y1="50" x2="100" y2="50" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#000"/>
    </linearGradient>
  </defs>
  <rect class="cls-1" width="100" height="100"/>
  <path class="cls-2" d="M0,0L100,100"/>
</svg>
"""


def drawing(body: str) -> bytes:
    return (OPEN + body + "\n</svg>\n").encode()


def only(problems):
    assert len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize("data", [CLEAN, INKSCAPE, ILLUSTRATOR], ids=["by hand", "inkscape", "illustrator"])
def test_a_drawing_with_shapes_text_gradients_and_its_own_references_passes(data):
    assert svg_problems(data) == []


def test_the_themes_own_drawings_would_pass():
    drawings = sorted(THEME.rglob("*.svg"))
    assert drawings, "the theme has no SVG to check"
    for path in drawings:
        assert svg_problems(path.read_bytes()) == [], path


def test_a_script_is_refused_with_its_line():
    line, message, fix = only(svg_problems(drawing("<rect width='1' height='1'/>\n<script>fetch('//x')</script>")))
    assert line == 3
    assert message.startswith("<script> is not allowed in a drawing: scripts would run")
    assert fix.startswith("remove the <script> element and everything inside it.")


def test_a_script_in_another_namespace_or_in_metadata_is_refused_too():
    problems = svg_problems(
        drawing(
            '<metadata><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></metadata>\n'
            '<g><script xmlns="">alert(2)</script></g>'
        )
    )
    assert [(line, message.split(":")[0]) for line, message, _fix in problems] == [
        (2, "<h"),  # <h:script> is named as written
        (3, "<script> is not allowed in a drawing"),
    ]
    assert problems[0][1].startswith("<h:script> is not allowed in a drawing: web page content is not allowed")


def test_an_event_handler_is_refused_on_the_line_it_is_written():
    data = drawing('<rect\n   width="10"\n   onclick="fetch(1)"\n   height="10"/>\n<circle r="1" OnMouseOver="x()"/>')
    problems = svg_problems(data)
    assert [(line, message) for line, message, _fix in problems] == [
        (4, "the <rect> element has onclick=, an event handler: a script that would run when the picture is opened on its own."),
        (6, "the <circle> element has OnMouseOver=, an event handler: a script that would run when the picture is opened on its own."),
    ]
    assert problems[0][2] == 'remove onclick="..." from the <rect> element.'


def test_a_handler_on_the_drawing_itself_is_refused():
    data = b'<svg xmlns="http://www.w3.org/2000/svg"\n  onload="alert(1)">\n<rect width="1" height="1"/></svg>'
    assert only(svg_problems(data))[:2] == (2, "the <svg> element has onload=, an event handler: a script that would run when the picture is opened on its own.")


def test_foreign_object_is_refused_with_everything_inside_it():
    line, message, _fix = only(
        svg_problems(drawing('<foreignObject width="9" height="9">\n<iframe xmlns="http://www.w3.org/1999/xhtml" src="https://x.example/"/>\n</foreignObject>'))
    )
    assert line == 2 and message.startswith("<foreignObject> is not allowed in a drawing: it puts web page content")


def test_a_remote_image_is_refused_naming_its_address():
    line, message, _fix = only(svg_problems(drawing('<image href="https://tracker.example/p.png" width="1" height="1"/>')))
    assert line == 2
    assert message == (
        "<image> is not allowed in a drawing: it loads another file, perhaps from another site "
        "(here: https://tracker.example/p.png)."
    )


def test_links_to_another_file_or_site_are_refused_and_own_parts_allowed():
    problems = svg_problems(
        drawing(
            '<use xlink:href="http://x.example/sprite.svg#a"/>\n'
            '<use href="sprite.svg#a"/>\n'
            '<use href=" javascript:alert(1)"/>\n'
            '<use href="#a"/><use xlink:href="#a"/>'
        )
    )
    assert [(line, message.split(":")[0]) for line, message, _fix in problems] == [
        (2, "the <use> element's xlink"),
        (3, "the <use> element's href= points to sprite.svg#a"),
        (4, "the <use> element's href= points to javascript"),
    ]
    assert problems[0][1] == (
        "the <use> element's xlink:href= points to http://x.example/sprite.svg#a: a drawing may point only "
        "to its own parts (#id), never to another file or site."
    )
    assert problems[0][2].startswith('point it to a part of this drawing (xlink:href="#id")')


@pytest.mark.parametrize(
    "body, words",
    [
        ('<rect style="fill: url(https://x.example/p.svg#g)"/>', "the <rect> element's style= uses url(https://x.example/p.svg#g)"),
        ("<rect style=\"fill:URL( 'https://x.example/p.svg#g' )\"/>", "the <rect> element's style= uses url(https://x.example/p.svg#g)"),
        ("<rect fill='url(\"\"#g\")'/>", "the <rect> element's fill= uses url(\"#g)"),
        ('<rect fill="url(#g) url(a.svg#g"/>', "the <rect> element's fill= uses url(a.svg#g)"),
        ('<rect fill="url(https://x.example/p.svg#g)"/>', "the <rect> element's fill= uses url(https://x.example/p.svg#g)"),
        ('<rect mask="image-set(\'https://x.example/m.png\' 1x)"/>', "the <rect> element's mask= uses image-set(...)"),
        ('<rect style="fill: u\\rl(https://x.example/p)"/>', "the <rect> element's style= holds a backslash"),
        ("<style>rect { fill: url('https://x.example/s.svg#g') }</style>", "the <style> element uses url(https://x.example/s.svg#g)"),
        ('<style>@import "https://x.example/s.css";</style>', "the <style> element holds an @ rule"),
        ("<style>rect { fill: red }<g/>@import 'x.css';</style>", "the <style> element holds an @ rule"),
        ("<style>rect { background-image: none }</style>", "the <style> element sets the style property 'background-image'"),
        ('<rect style="fill:red;-moz-binding:none"/>', "the <rect> element's style= sets the style property '-moz-binding'"),
        ('<style>a { b { fill: red } }</style>', "the <style> element holds styles whose { } do not pair up"),
    ],
)
def test_styles_may_not_load_anything(body, words):
    line, message, fix = only(svg_problems(drawing(body)))
    assert line == 2 and message.startswith(words), message
    assert fix.startswith(("change it to url(#id)", "remove")), fix


def test_a_doctype_with_entities_is_refused_before_it_is_read():
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    data = f'<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY l0 "lol">{laughs}]>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&l9;</text></svg>'
    line, message, fix = only(svg_problems(data.encode()))
    assert line == 2
    assert message.startswith("a <!DOCTYPE ...> or <!ENTITY ...> declaration is not allowed in a drawing")
    assert fix.startswith("delete the <!DOCTYPE ...> declaration")


def test_an_external_doctype_is_refused_too():
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n'
        b'  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns="http://www.w3.org/2000/svg"/>'
    )
    assert only(svg_problems(data))[0] == 2
    utf16 = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE svg SYSTEM "file:///etc/passwd">\n<svg xmlns="http://www.w3.org/2000/svg"/>'
    assert "DOCTYPE" in only(svg_problems(utf16.encode("utf-16")))[1]


def test_processing_instructions_are_refused_but_the_xml_declaration():
    data = (
        b'<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="https://x.example/run.xsl"?>\n'
        b'<svg xmlns="http://www.w3.org/2000/svg">\n<?php echo 1; ?>\n</svg>'
    )
    assert [(line, message.split(":")[0]) for line, message, _fix in svg_problems(data)] == [
        (2, "the instruction <?xml-stylesheet ...?> is not allowed in a drawing"),
        (4, "the instruction <?php ...?> is not allowed in a drawing"),
    ]


def test_a_file_that_is_not_well_formed_is_named_with_its_line():
    line, message, fix = only(svg_problems(drawing("<g>\n<rect width='1'>\n</g>")))
    assert line == 4
    assert message.startswith("this drawing's file is broken here, so it cannot be checked or shown")
    assert "Opening and ending tag mismatch" in message
    assert "Plain SVG" in fix
    assert "broken" in only(svg_problems(b""))[1]
    assert "broken" in only(svg_problems(b'<svg xmlns="http://www.w3.org/2000/svg"><text>&nbsp;</text></svg>'))[1]


def test_a_file_that_is_not_an_svg_drawing_is_refused():
    assert only(svg_problems(b"<html><script>alert(1)</script></html>"))[1] == (
        "this file is not an SVG drawing: it starts with <html>."
    )
    assert only(svg_problems(b"<svg><script>alert(1)</script></svg>"))[1].endswith("<svg> without the SVG namespace.")


def test_animations_links_and_other_elements_are_refused():
    problems = svg_problems(
        drawing('<a href="https://x.example/"><rect width="1" height="1"/></a>\n'
                '<set attributeName="href" to="javascript:alert(1)"/>\n<feImage href="x.png"/>\n<blink/>')
    )
    assert [(line, message.split(":")[0]) for line, message, _fix in problems] == [
        (2, "<a> is not allowed in a drawing"),
        (3, "<set> is not allowed in a drawing"),
        (4, "<feImage> is not allowed in a drawing"),
        (5, "<blink> is not allowed in a drawing"),
    ]
    assert problems[3][1].endswith("it is not one of the elements a drawing may use.")


def test_unknown_attributes_and_xml_base_are_refused():
    problems = svg_problems(drawing('<g xml:base="https://x.example/" data-name="ok" aria-hidden="true">\n<rect src="x" width="1"/></g>'))
    assert [(line, message) for line, message, _fix in problems] == [
        (2, "the attribute xml:base= is not allowed on <g> in a drawing."),
        (3, "the attribute src= is not allowed on <rect> in a drawing."),
    ]


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    big = tmp_path / "big.svg"
    big.write_bytes(CLEAN + b" " * MAX_BYTES)
    line, message, fix = only(svg_file_problems(big))
    assert line is None and message.startswith("this drawing is 1,002 kB, more than the 1,000 kB an SVG file may be")
    assert "optimized SVG" in fix
    assert only(svg_problems(CLEAN + b" " * MAX_BYTES))[1] == message
    (tmp_path / "ok.svg").write_bytes(CLEAN)
    assert svg_file_problems(tmp_path / "ok.svg") == []


def test_a_file_with_very_many_problems_gives_a_short_report():
    problems = svg_problems(drawing("\n".join(f'<rect onclick="x({i})"/>' for i in range(50))))
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1] == (None, f"... and {50 - MAX_PROBLEMS} more problem(s) like these in this drawing.", "fix the ones above first.")


def test_an_element_written_over_several_lines_is_named_where_it_starts():
    data = drawing('<g>\n<script\n   type="text/javascript"\n   >alert(1)</script>\n<image\n  href="data:image/png;base64,iVBORw0KGgo="\n  width="1"/>\n</g>')
    problems = svg_problems(data)
    assert [(line, message) for line, message, _fix in problems] == [
        (3, problems[0][1]),
        (6, "<image> is not allowed in a drawing: a picture stored inside the drawing is not allowed."),
    ]
    assert problems[0][1].startswith("<script> is not allowed")
