"""What an SVG drawing of the content may contain: an allowlist, not a blocklist.

An SVG is a program as much as a picture. Shown in a page's ``<img>`` it is
inert, but opened on its own (on the kiosk, from file://, a tap on a link to
it) it runs its scripts and event handlers, renders web content put in a
``<foreignObject>`` and loads whatever its hrefs, ``url(...)`` and
``<?xml-stylesheet?>`` name. The CDN's headers keep it inert there; the kiosk
has no headers. So every SVG in the content must be a drawing and nothing
else, whatever the build flavour:

- elements: the SVG shapes, paths, text, gradients, patterns, clipping paths,
  masks, markers, a few filters that only blur, shift and recolour,
  ``<title>``, ``<desc>`` and ``<metadata>`` (ELEMENTS); plus the elements
  and attributes drawing programs keep for themselves (Inkscape, Sodipodi,
  RDF licence data: EDITOR_NAMESPACES), which browsers ignore. Anything else,
  in any namespace (an XHTML ``<script>`` runs inside an SVG too), is refused
  with its insides;
- attributes: geometry and presentation (ATTRIBUTES), no ``on...`` handler;
  ``href``/``xlink:href`` only as ``#id``, a part of the same drawing;
- ``url(...)`` in any attribute or style: ``url(#id)`` only;
- styles: a ``style=`` attribute and a ``<style>`` element are allowed (many
  drawing programs write them), but only with the presentation properties of
  PROPERTIES, no ``@`` rule (``@import``, ``@font-face``), no backslash (a
  CSS escape could spell ``url`` unseen), and no function that loads or runs
  anything (``image-set()``, ``src()``, ``expression()``...);
- the file: well-formed XML whose first element is ``<svg>`` in the SVG
  namespace, no DOCTYPE (entities can swell a file or read another one; a
  "<!DOCTYPE" or "<!ENTITY" anywhere, a comment included, counts), no
  processing instruction but the ``<?xml ...?>`` declaration (an
  ``<?xml-stylesheet?>`` loads and runs a stylesheet), at most MAX_BYTES.

Only files served as image/svg+xml are checked (CONTENT_TYPES: ``.svg``, any
case). A gzipped ``.svgz`` is not in CONTENT_TYPES, so the build refuses it
as a kind of file the site cannot serve; were it ever added, it would have to
be unpacked (with a size limit) and checked here too.

The parser is lxml's with entities, the network and DTDs switched off and its
default limits kept (depth, entity amplification: huge_tree=False). Every pass
over the file is linear; the number of problems named per file is bounded
(MAX_PROBLEMS), so a file with thousands of handlers still gives a short
report.
"""

import os

from lxml import etree

# A drawing for a patient page is a few kilobytes to a few hundred; a file
# larger than this is a photo saved as SVG or something generated, and
# parsing it would slow every build.
MAX_BYTES = 1_000_000
# The most problems named for one file; the rest are counted in one line.
MAX_PROBLEMS = 20

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
# Namespaces whose elements and attributes browsers give no behaviour to and
# drawing programs write: Inkscape's and Sodipodi's editing state, and the
# licence and author data of <metadata>.
EDITOR_NAMESPACES = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://purl.org/dc/elements/1.1/",
        "http://creativecommons.org/ns#",
        "http://web.resource.org/cc/",
    }
)

ELEMENTS = frozenset(
    {
        # structure
        "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "style",
        # shapes and text
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath",
        # paint servers, clipping, masks, markers
        "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
        # filters that only blur, shift, recolour and combine what is drawn (not feImage)
        "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feDropShadow",
        "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feMerge",
        "feMergeNode", "feMorphology", "feOffset",
    }
)  # fmt: skip

# Presentation properties: allowed as attributes and in styles.
PROPERTIES = frozenset(
    {
        "alignment-baseline", "baseline-shift", "clip", "clip-path", "clip-rule", "color",
        "color-interpolation", "color-interpolation-filters", "color-rendering", "direction", "display",
        "dominant-baseline", "enable-background", "fill", "fill-opacity", "fill-rule", "filter",
        "flood-color", "flood-opacity", "font", "font-family", "font-feature-settings", "font-kerning",
        "font-size", "font-size-adjust", "font-stretch", "font-style", "font-variant", "font-variant-caps",
        "font-variant-east-asian", "font-variant-ligatures", "font-variant-numeric", "font-variant-position",
        "font-variant-alternates", "font-variation-settings", "font-optical-sizing",
        "font-weight", "image-rendering", "inline-size", "isolation", "letter-spacing", "lighting-color",
        "line-height", "marker", "marker-end", "marker-mid", "marker-start", "mask", "mask-type",
        "mix-blend-mode", "opacity", "overflow", "paint-order", "shape-inside", "shape-margin",
        "shape-padding", "shape-rendering", "solid-color", "solid-opacity", "stop-color", "stop-opacity",
        "stroke", "stroke-dasharray", "stroke-dashoffset", "stroke-linecap", "stroke-linejoin",
        "stroke-miterlimit", "stroke-opacity", "stroke-width", "text-align", "text-anchor",
        "text-decoration", "text-decoration-color", "text-decoration-line", "text-decoration-style",
        "text-indent", "text-orientation", "text-rendering", "text-transform", "transform",
        "transform-box", "transform-origin", "unicode-bidi", "vector-effect", "visibility", "white-space",
        "word-spacing", "writing-mode",
    }
)  # fmt: skip
# Geometry and structure, on any allowed element (an attribute an element does
# not use is ignored by browsers; none of these loads or runs anything).
ATTRIBUTES = PROPERTIES | frozenset(
    {
        "id", "class", "lang", "style", "tabindex", "role", "focusable", "version", "baseProfile",
        "viewBox", "preserveAspectRatio", "width", "height", "x", "y", "x1", "y1", "x2", "y2",
        "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "d", "points", "pathLength", "dx", "dy",
        "rotate", "textLength", "lengthAdjust", "startOffset", "method", "spacing", "side",
        "gradientUnits", "gradientTransform", "spreadMethod", "offset", "patternUnits",
        "patternContentUnits", "patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits",
        "markerUnits", "markerWidth", "markerHeight", "refX", "refY", "orient", "type", "media",
        "filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "mode", "values",
        "operator", "k1", "k2", "k3", "k4", "radius", "tableValues", "slope", "intercept",
        "amplitude", "exponent", "href",
    }
)  # fmt: skip
# The attributes that may point at something: only to a part of this drawing.
LINK_ATTRIBUTES = frozenset({"href", f"{{{XLINK}}}href"})
# Attributes of other namespaces: xlink:href (checked as a link), xlink:title,
# xml:space and xml:lang. Not xml:base: it changes where every link points.
NAMESPACED_ATTRIBUTES = frozenset({f"{{{XLINK}}}href", f"{{{XLINK}}}title", f"{{{XML}}}space", f"{{{XML}}}lang"})

# Why the commonest refusals are refused, in an editor's terms.
SCRIPT_REASON = "scripts would run when the picture is opened on its own (on the kiosk, a tap on a link to it)"
LOADS_REASON = "it loads another file, perhaps from another site"
ANIMATION_REASON = "an animation can change the drawing's links and addresses after it was checked"
ELEMENT_REASONS = {
    "script": SCRIPT_REASON,
    "handler": SCRIPT_REASON,
    "listener": SCRIPT_REASON,
    "foreignObject": "it puts web page content inside the drawing, which can run scripts and load other sites",
    "image": LOADS_REASON,
    "feImage": LOADS_REASON,
    "font-face": LOADS_REASON,
    "font-face-uri": LOADS_REASON,
    "iframe": LOADS_REASON,
    "object": LOADS_REASON,
    "embed": LOADS_REASON,
    "video": LOADS_REASON,
    "audio": LOADS_REASON,
    "a": "a drawing cannot hold links; put the link in the page's text instead",
    "animate": ANIMATION_REASON,
    "animateMotion": ANIMATION_REASON,
    "animateTransform": ANIMATION_REASON,
    "animateColor": ANIMATION_REASON,
    "set": ANIMATION_REASON,
    "discard": ANIMATION_REASON,
}
ELEMENT_FIX = (
    "remove the <{name}> element and everything inside it. A drawing may use shapes, paths, text, "
    "gradients, patterns, clipping paths, masks, markers, simple filters, <title> and <desc>, and "
    'point only to its own parts (href="#id"). To show a photo or another picture, put it on the '
    "page as its own image file."
)
RESAVE = (
    "save the drawing again from the drawing program as a plain SVG (Inkscape: Save As, Plain SVG; "
    "Illustrator: Export As, SVG)"
)
# CSS functions that load a file or run code without url(): refused wherever they are.
CSS_LOADING_FUNCTIONS = ("image-set(", "src(", "expression(", "cross-fade(", "element(", "image(", "paint(")


def svg_problems(data: bytes) -> list[tuple[int | None, str, str]]:
    """(line, message, how to fix) for everything in the SVG file ``data``
    that is not allowed; empty for a drawing that may be published. ``line``
    is None for a problem of the whole file (its size)."""
    if len(data) > MAX_BYTES:
        return [_size_problem(len(data))]
    doctype = data.find(b"<!DOCTYPE")
    if doctype < 0:
        doctype = data.find(b"<!ENTITY")
    if doctype >= 0:  # refused before parsing: the DTD is never read
        return [(data.count(b"\n", 0, doctype) + 1, *_doctype_problem())]
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        return [
            (
                max(error.lineno or 1, 1),
                f"this drawing's file is broken here, so it cannot be checked or shown (the XML reader "
                f"says: {error.msg}).",
                f"undo the last change made to the file by hand, or {RESAVE}.",
            )
        ]
    if root.getroottree().docinfo.doctype:  # in an encoding the byte search above cannot see
        return [(1, *_doctype_problem())]
    problems = list(_Checker(data).problems(root))
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = problems[:MAX_PROBLEMS] + [
            (None, f"... and {more} more problem(s) like these in this drawing.", "fix the ones above first.")
        ]
    return problems


def svg_file_problems(path) -> list[tuple[int | None, str, str]]:
    """svg_problems() of the file at ``path``; a file over MAX_BYTES is
    refused by its size, without being read."""
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            return [_size_problem(size)]
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        return [
            (
                None,
                f"this drawing could not be read ({error.strerror}), so it cannot be checked.",
                "make sure the file is not open in another program and can be read, then build again.",
            )
        ]
    return svg_problems(data)


def _size_problem(size):
    return (
        None,
        f"this drawing is {_size(size)}, more than the {_size(MAX_BYTES)} an SVG file may be: "
        "a file that large is slow to check and to show.",
        "make the drawing simpler, or save it as an optimized SVG from the drawing program. "
        "A photo belongs in a .jpg file.",
    )


def _doctype_problem():
    return (
        "a <!DOCTYPE ...> or <!ENTITY ...> declaration is not allowed in a drawing: it can make the file "
        "read other files or grow huge when it is opened.",
        "delete the <!DOCTYPE ...> declaration with everything inside its [ ]; the drawing looks the same "
        f"without it. If the drawing then uses names like &ns_svg;, {RESAVE}.",
    )


def _size(count):
    return f"{-(-count // 1000):,} kB"  # rounded up: a file just over the limit is not "1,000 kB"


def _shown(value, limit=80):
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 3] + "..."


class _Checker:
    """One file's checks; keeps its text to name the line an element starts on.

    Finding a line reads back over the element's start tag, so only the
    first MAX_PROBLEMS problems are given a line (the rest are only counted):
    a tag of thousands of lines with thousands of handlers stays linear."""

    def __init__(self, data: bytes):
        # Lines are only for naming where a problem is; a file in an encoding
        # that is not ASCII-compatible (UTF-16) is named by lxml's lines alone.
        self.lines = None if b"\x00" in data[:4] else data.decode("utf-8", "replace").split("\n")
        self.named = 0

    def problems(self, root):
        yield from self._instructions(root)
        if root.tag != f"{{{SVG}}}svg":
            name = _qualified(root)
            yield (
                root.sourceline,
                f"this file is not an SVG drawing: it starts with <{name}>"
                + (" without the SVG namespace." if etree.QName(root).localname == "svg" else "."),
                'a drawing starts with <svg xmlns="http://www.w3.org/2000/svg" ...>; ' + RESAVE + ".",
            )
            return
        yield from self._element(root)

    def _instructions(self, root):
        """<?target ...?>: before, inside and after the drawing."""
        outside = [*root.itersiblings(preceding=True), *root.itersiblings()]
        inside = root.iter(etree.PI)
        for node in (*outside, *inside):
            if isinstance(node, etree._ProcessingInstruction):
                yield (
                    node.sourceline,
                    f"the instruction <?{node.target} ...?> is not allowed in a drawing: it can make the "
                    "picture load and run another file.",
                    f"delete <?{node.target} ...?>. Only the first line, <?xml ...?>, may stay.",
                )

    def _element(self, root):
        # Iterative, so a deep file cannot exhaust Python's stack (lxml's own
        # limit, 256 levels without huge_tree, bounds it anyway).
        stack = [root]
        while stack:
            element = stack.pop()
            if not isinstance(element.tag, str):
                continue  # a comment or an instruction (checked above)
            namespace, name = _split(element.tag)
            if namespace in EDITOR_NAMESPACES:
                yield from self._attributes(element, editor=True)
                stack.extend(reversed(element))
                continue
            if namespace != SVG or name not in ELEMENTS:
                yield self._refused(element, name)
                continue  # its insides go with it
            yield from self._attributes(element)
            if name == "style":
                # All its text, as the browser reads it: text after a child element counts too.
                for problem, fix in _css_problems(element.xpath("string()"), sheet=True):
                    yield self._line(element), f"the <{_qualified(element)}> element {problem}", fix
            stack.extend(reversed(element))

    def _refused(self, element, name):
        qualified = _qualified(element)
        reason = ELEMENT_REASONS.get(name, "it is not one of the elements a drawing may use")
        if _split(element.tag)[0] == "http://www.w3.org/1999/xhtml":
            reason = "web page content is not allowed in a drawing" + (
                f"; {ELEMENT_REASONS[name]}" if name in ELEMENT_REASONS else ""
            )
        target = (element.get("href") or element.get(f"{{{XLINK}}}href") or element.get("src") or "").strip()
        if target.lower().startswith("data:"):
            reason = "a picture stored inside the drawing is not allowed"
        elif target and not target.startswith("#"):
            reason += f" (here: {_shown(target)})"
        message = f"<{qualified}> is not allowed in a drawing: {reason}."
        return self._line(element), message, ELEMENT_FIX.format(name=qualified)

    def _attributes(self, element, editor=False):
        qualified = _qualified(element)
        for key, value in element.attrib.items():
            namespace, name = _split(key)
            if namespace in EDITOR_NAMESPACES:
                continue
            shown = _qualified_attribute(element, key)
            if not namespace and name.lower().startswith("on"):
                yield (
                    self._line(element, shown),
                    f"the <{qualified}> element has {shown}=, an event handler: a script that would run "
                    "when the picture is opened on its own.",
                    f'remove {shown}="..." from the <{qualified}> element.',
                )
                continue
            allowed = (
                key in NAMESPACED_ATTRIBUTES
                or (not namespace and (editor or name in ATTRIBUTES or name.startswith(("data-", "aria-"))))
            )
            if not allowed:
                yield (
                    self._line(element, shown),
                    f"the attribute {shown}= is not allowed on <{qualified}> in a drawing.",
                    f'remove {shown}="..." from the <{qualified}> element.',
                )
            elif key in LINK_ATTRIBUTES and not value.strip().startswith("#"):
                yield (
                    self._line(element, shown),
                    f"the <{qualified}> element's {shown}= points to {_shown(value)}: a drawing may point "
                    "only to its own parts (#id), never to another file or site.",
                    f'point it to a part of this drawing ({shown}="#id"), or remove the <{qualified}> element. '
                    "To show another picture, put it on the page as its own image file.",
                )
            elif key == "style":
                for problem, fix in _css_problems(value, sheet=False):
                    yield self._line(element, shown), f"the <{qualified}> element's style= {problem}", fix
            elif not editor and name in PROPERTIES:
                # Browsers read these as CSS: the same rules as in a style.
                for problem, fix in _value_problems(value):
                    yield self._line(element, shown), f"the <{qualified}> element's {shown}= {problem}", fix

    def _line(self, element, attribute=None):
        """The line to name for a problem of ``element`` (of its
        ``attribute``), while fewer than MAX_PROBLEMS have been named."""
        self.named += 1
        if self.named > MAX_PROBLEMS:
            return None  # not shown
        start = self._start_line(element)
        return start if attribute is None else self._attribute_line(element, attribute, start)

    def _start_line(self, element):
        """The line the element's start tag begins on. lxml names the line
        it ends on, which for a tag written over several lines (as Inkscape
        writes them) is the line of its '>'. No '<' can stand inside a tag,
        so the last '<name' on or before that line is where the tag starts."""
        end = element.sourceline
        if self.lines is None or end is None or end > len(self.lines):
            return end
        opening = "<" + _qualified(element)
        for number in range(end, 0, -1):
            text = self.lines[number - 1]
            at = text.rfind(opening)
            while at >= 0:
                after = text[at + len(opening) : at + len(opening) + 1]
                if after in ("", " ", "\t", "\r", ">", "/"):
                    return number
                at = text.rfind(opening, 0, at)
            if "<" in text and number != end:
                return end  # another tag: this one's start was not found; trust lxml
        return end

    def _attribute_line(self, element, shown, start):
        """The line of the start tag that holds ``name=``, else where it starts."""
        end = element.sourceline
        if self.lines is None or start is None or end is None or end > len(self.lines):
            return start
        for number in range(start, end + 1):
            text = self.lines[number - 1]
            at = text.find(shown)
            while at >= 0:
                before = text[at - 1 : at] if at else " "
                rest = text[at + len(shown) :].lstrip()
                if before in (" ", "\t", "\r") and rest.startswith("="):
                    return number
                at = text.find(shown, at + 1)
        return start


URL_FIX = (
    "change it to url(#id), naming a gradient, pattern, clipping path, mask, marker or filter of this "
    "drawing, or remove it."
)
STYLE_FIX = (
    "remove it from the style. A drawing's styles may set colours, lines, fonts, opacity and the like, "
    "and use url(#id) for its own gradients, patterns, clipping paths, masks, markers and filters."
)


def _value_problems(value):
    """(message, fix) for what is not allowed in a CSS value: a style, or a
    presentation attribute, which browsers read as CSS."""
    if "\\" in value:
        yield "holds a backslash (\\), which in a style can disguise what it loads (u\\rl means url).", STYLE_FIX
        return
    lowered = value.lower()
    for function in CSS_LOADING_FUNCTIONS:
        if function in lowered:
            yield f"uses {function}...), which can load or run another file.", STYLE_FIX
    at = lowered.find("url(")
    while at >= 0:
        close = lowered.find(")", at)
        inner = value[at + 4 : close if close >= 0 else len(value)].strip()
        # One quote may open it: url("#g"). Anything else before the '#'
        # makes an address of another file (url('"#g') is the file '"').
        quoted = inner[:1] in ("'", '"')
        address = inner[1:] if quoted else inner
        if not address.startswith("#"):
            if quoted and address.endswith(inner[0]):
                address = address[:-1]
            yield (
                f"uses url({_shown(address, 60)}), which loads another file or site; "
                "a drawing may use url(#id) only, for its own gradients, patterns, clipping paths, masks, "
                "markers and filters.",
                URL_FIX,
            )
        if close < 0:
            break
        # On from the ')': a search from each url( to a far ')' would go over
        # the same text again and again.
        at = lowered.find("url(", close + 1)


def _css_problems(css, sheet):
    """(message, fix) for what is not allowed in a style: a style=
    attribute's declarations, or with ``sheet`` a <style> element's rules.
    Conservative: what this cannot read with certainty (a backslash escape,
    an @ rule, a nested rule) is refused rather than guessed at. Loading is
    looked for in the whole text, comments too: a "/*" inside a quoted name
    is not a comment, so taking comments out first could hide a url(...)."""
    if "@" in css:
        yield (
            "holds an @ rule (such as @import or @font-face), which can load other files or sites.",
            STYLE_FIX,
        )
        return
    problems = list(_value_problems(css))
    yield from problems
    if problems:
        return
    css = _without_comments(css)
    if sheet:
        blocks, readable = _rule_blocks(css)
        if not readable:
            yield "holds styles whose { } do not pair up (or rules inside rules), which cannot be checked.", STYLE_FIX
            return
    else:
        blocks = [css]
    for block in blocks:
        for declaration in block.split(";"):
            name, colon, _value = declaration.partition(":")
            name = name.strip().lower()
            if not colon and not name:
                continue
            if name not in PROPERTIES and not name.startswith("-inkscape-"):
                shown = _shown(name, 40) or _shown(declaration, 40)
                yield (
                    f"sets the style property '{shown}', which a drawing may not use.",
                    f"remove {shown}: ... from the style. " + STYLE_FIX[len("remove it from the style. "):],
                )


def _without_comments(css):
    parts, at = [], 0
    while True:
        start = css.find("/*", at)
        if start < 0:
            parts.append(css[at:])
            return " ".join(parts)
        parts.append(css[at:start])
        end = css.find("*/", start + 2)
        if end < 0:
            return " ".join(parts)
        at = end + 2


def _rule_blocks(css):
    """The declarations inside each { } of a style sheet; False when the
    braces do not pair or a rule holds another."""
    blocks, depth, start = [], 0, 0
    for index, character in enumerate(css):
        if character == "{":
            if depth:
                return blocks, False
            depth, start = 1, index + 1
        elif character == "}":
            if not depth:
                return blocks, False
            blocks.append(css[start:index])
            depth = 0
    return blocks, depth == 0


def _split(tag):
    qname = etree.QName(tag)
    return qname.namespace, qname.localname


def _qualified(element):
    name = etree.QName(element).localname
    return f"{element.prefix}:{name}" if element.prefix else name


def _qualified_attribute(element, key):
    namespace, name = _split(key)
    if not namespace:
        return name
    if namespace == XML:
        return f"xml:{name}"
    prefix = next((p for p, uri in element.nsmap.items() if uri == namespace and p), None)
    return f"{prefix}:{name}" if prefix else name
