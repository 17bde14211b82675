"""What a procedure page's HTML may contain: an allowlist, not a blocklist.

Pages must work without JavaScript, pass a strict Content-Security-Policy and
load nothing from another site. Anything not listed here is refused, with a
message that names it, so a new kind of markup cannot slip through because
nobody thought to forbid it.

The lists follow the shape of Ammonia (nh3): a fixed set of elements, of
attributes per element, and of URL schemes. nh3 removes what it does not
allow; an author needs to be told instead, so this module reports, and its
tests hold it to nh3's verdict on the same cases (test_allowlist.py).

Beyond nh3: nothing may be loaded from another site or from a data: address
(every srcset candidate included), since the other site would learn who reads
about the procedure; and ``style=""`` is refused because the CSP blocks it,
so the page would look different from what the author saw.
"""

from procedure_site.build_report.report import AsWritten, Loose

ELEMENTS = frozenset(
    {
        # text
        "p", "br", "hr", "strong", "em", "b", "i", "small", "sub", "sup", "mark", "q", "cite",
        "blockquote", "code", "pre", "kbd", "samp", "dfn", "s", "del", "ins", "u", "wbr", "span", "div",
        "h1", "h2", "h3", "h4", "h5", "h6",
        # lists
        "ul", "ol", "li", "dl", "dt", "dd",
        # tables
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
        # figures, images, links, abbreviations, disclosure
        "figure", "figcaption", "img", "a", "abbr", "details", "summary",
    }
)
GLOBAL_ATTRIBUTES = frozenset({"id", "lang", "dir", "title"})
ATTRIBUTES = {
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "srcset", "sizes", "alt", "width", "height"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan", "headers"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "abbr"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "details": frozenset({"open"}),
}
SCHEMES = frozenset({"https", "http", "mailto", "tel"})
def reserved_ids(section_ids, theme_ids=frozenset()) -> frozenset:
    """Every id the theme writes on a procedure page: ``theme_ids``, read from
    the templates (theme_ids.py), and each section's id and "<id>-title".

    An author's id may not repeat one: the skip link, the contents list, the
    header's search form and the kiosk's idle reset find their targets by id,
    and a page whose text said id="idle-dialog" would never reset the kiosk.
    tests/test_kiosk.py and tests/test_site_output.py check this against the
    built pages."""
    return frozenset(theme_ids) | frozenset(section_ids) | frozenset(f"{i}-title" for i in section_ids)


# URL kinds (page_model/urls.py) each attribute may hold. Addresses the browser
# loads by itself must be files of this site.
LINK_KINDS = frozenset({"page", "static", "listing", "anchor", "tel", "mailto", "outside", "site"})
LOADED_KINDS = frozenset({"static", "site"})
URL_KINDS = {"href": LINK_KINDS, "cite": LINK_KINDS, "src": LOADED_KINDS, "srcset": LOADED_KINDS}

# Why the commonest refusals are refused, in an author's terms.
ELEMENT_REASONS = {
    "script": "scripts do not run on these pages",
    "noscript": "scripts do not run on these pages",
    "iframe": "embedded pages are not allowed",
    "frame": "embedded pages are not allowed",
    "object": "embedded objects are not allowed",
    "embed": "embedded objects are not allowed",
    "base": "it would change where every link points",
    "meta": "page settings come from the theme",
    "link": "stylesheets come from the theme",
    "style": "styles come from the theme",
    "form": "forms are not allowed on procedure pages",
    "input": "forms are not allowed on procedure pages",
    "button": "forms are not allowed on procedure pages",
    "svg": "drawings written as code can load from other sites; save the picture as a file",
    "math": "formulas written as code are not supported",
    "video": "videos would load from elsewhere or be too large; link to the video instead",
    "audio": "sound files are not supported; link to the recording instead",
}
STATIC_FIX = "save the file in content/images/ and link it as {static}/images/name.png."


def problems(model, reserved=frozenset(), owned=frozenset()):
    """(message, fix, text to find in the source) for everything not allowed,
    in the page's order, each time it is found (the report names each at its
    own line: build_report ``spread``). ``reserved``: ids the theme writes.
    ``owned``: addresses another check reports with a fix of its own (the
    phone placeholder written as a link: appointment_phone says to write it
    on its own), so one mistake is one problem."""
    refused, aligned = set(), set()
    for element in model.elements():
        if any(id(parent) in refused for parent in _ancestors(element)):
            continue  # the outer element is reported; its insides go with it
        if element.namespace not in (None, "html") or element.name not in ELEMENTS:
            refused.add(id(element))
            reason = ELEMENT_REASONS.get(element.name, "it is not one of the elements a procedure page may use")
            yield (
                f"<{element.name}> is not allowed: {reason}.",
                f"remove the <{element.name}> element. Pages may use text, lists, tables, "
                "figures, images, links, abbreviations and details/summary. To show a video "
                "or map, link to it with its address written out.",
                f"<{element.name}",
            )
            continue
        yield from _attribute_problems(element, model, aligned)
        yield from _id_problems(element, reserved)
    for url in model.urls:
        if id(url.element) in refused or any(id(p) in refused for p in _ancestors(url.element)):
            continue
        if url.value.strip() in owned:
            continue
        yield from _url_problems(url, model)


def _ancestors(element):
    parent = element.parent
    while parent is not None and getattr(parent, "name", "") != "#document-fragment":
        yield parent
        parent = parent.parent


def _attribute_problems(element, model, aligned):
    """``aligned``: the tables whose alignment was said. Markdown writes the
    style on every cell of an aligned column, and the author wrote it once,
    in the table's line of dashes: one problem a table."""
    allowed = GLOBAL_ATTRIBUTES | ATTRIBUTES.get(element.name, frozenset())
    for name in element.attrs or {}:
        lowered = name.lower()
        if lowered in allowed:
            continue
        if lowered.startswith("on"):
            message = f"the attribute {name}= is an inline event handler, which is not allowed."
        elif lowered == "style" and element.name in ("td", "th") and element.attrs[name].startswith("text-align"):
            table = next((id(parent) for parent in _ancestors(element) if parent.name == "table"), None)
            if table in aligned:
                continue
            aligned.add(table)
            yield (
                "a table column is aligned with ':' in its line of dashes; Markdown aligns it "
                "with a style= attribute, which the page's security policy blocks.",
                "remove the ':' from the line of dashes under the table's header row.",
                # A line of dashes, however its columns are spaced, before a smiley's ":-)".
                (":--", "--:", "|:-", ":-|", "|-:", "-:|", "| :-", ":- |", "| -:", "-: |", Loose(":-")),
            )
            continue
        elif lowered == "style":
            message = (
                "a style= attribute is not allowed: the page's security policy blocks it, so "
                "the page would look different from what you saw."
            )
        else:
            message = f"the attribute {name}= is not allowed on <{element.name}>."
        # As HTML writes it ( name=), else as an attribute list does ({#id name}).
        yield message, f'remove {name}="..." from the <{element.name}> element.', (f" {name}=", f" {name}}}", Loose(f"{name}="))


def _id_problems(element, reserved):
    value = (element.attrs or {}).get("id")
    if value is None or element.name in ("h1", "h2"):
        return  # a section heading's {#id} names the section; the theme writes it
    if value in reserved:
        yield (
            f"the id '{value}' is one the page's layout already uses, so links and the kiosk "
            "would find this element instead of their own.",
            f"choose another id, for example '{value}-note'.",
            value,
        )


def _link_words(url, model) -> tuple:
    """The link's words as Markdown writes them (``[see this](``), to find
    its line by when its address is written otherwise than the page's HTML
    has it (``jav&#x61;script:``); empty when it has none."""
    words = " ".join(model.text([url.element]).split()) if url.element.name == "a" else ""
    return (AsWritten(f"[{words}]("),) if words else ()


def _url_problems(url, model):
    value = url.value.strip()
    attribute = "srcset" if url.candidate is not None else url.attribute
    allowed = URL_KINDS.get(attribute)
    if allowed is None:
        return  # the attribute itself is refused above
    if url.kind == "forbidden":
        scheme = url.scheme
        if scheme == "javascript":
            yield "a javascript: link is not allowed.", "link to a page or a file instead.", ("javascript:", *_link_words(url, model))
        elif scheme == "data":
            yield (
                "a data: address is not allowed; the page's security policy blocks it.",
                "save the image as a file in content/images/ and link it as {static}/images/name.png.",
                "data:",
            )
        else:
            shown = f"{scheme}:" if scheme else value
            yield (
                f"the address {value} uses {shown}, which is not allowed.",
                "use an https: or http: address, mailto: for email, tel: for a phone number, "
                "or a {filename} or {static} link to a file of this site.",
                value,
            )
    elif url.kind not in allowed:
        where = f"candidate {url.candidate + 1} of its srcset" if url.candidate is not None else url.attribute
        if url.kind == "outside":
            yield (
                f"the <{url.element.name}> loads {value} ({where}) from another site. Pages load "
                "nothing from elsewhere: the other site would learn who reads about this procedure.",
                STATIC_FIX,
                value,
            )
        else:
            yield (
                f"the <{url.element.name}> {where} points to {value}, which is not a file of this site.",
                STATIC_FIX,
                value,
            )
