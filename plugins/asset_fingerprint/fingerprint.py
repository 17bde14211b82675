"""Names static assets by their content and pins them in the pages.

Every file under the output folders in FINGERPRINT_DIRS (the theme's) and,
when FINGERPRINT_STATIC_CONTENT is true, every file Pelican copied from the
content (STATIC_PATHS and ``{static}``/``{attach}`` links: ``images/spine.png``)
is renamed by a hash of its bytes (``css/site.css`` ->
``css/site.3f9a2c1d0b7e.css``), so a CDN and browsers may cache it for a year:
new content always gets a new name. Then every reference to it is rewritten:

- ``href``, ``src`` and ``srcset`` attributes in every page; stylesheets and
  scripts also get Subresource Integrity (``integrity="sha384-..."``);
- ``url(...)`` in stylesheets (other assets are renamed first, so a
  stylesheet's hash covers the names it points to).

Page names never change (an ``.html`` file is never renamed). Runs in the
granular ``optimize`` stage: after the stylesheets are minified (their final
bytes are hashed) and before the pages are minified and compressed.

Each renamed asset is announced on the named blinker signal
``asset_fingerprinted`` (sender: its output-relative path), so the
http_headers plugin can mark it immutable without a second copy of the rule.
"""

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import blinker
import pelican.plugins.granular_signals
from pelican import signals

asset_fingerprinted = blinker.signal("asset_fingerprinted")

HASH_LENGTH = 12  # hex digits of sha256: collisions are not a practical risk
URL_ATTRIBUTES = ("href", "src")
SRCSET_ATTRIBUTE = "srcset"
PAGE_SUFFIXES = (".html", ".htm")  # pages keep their names
CSS_URL = re.compile(r"""url\(\s*(?P<quote>['"]?)(?P<url>[^'")\s]+)(?P=quote)\s*\)""")

_content_static = []  # Pelican's Static objects of this build; save_as is read late ({attach} moves them)


def fingerprinted_name(name: str, data: bytes) -> str:
    """``site.css`` -> ``site.<hash>.css``; the hash goes before the last suffix."""
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot and stem else f"{name}.{digest}"


def subresource_integrity(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


class SiteAddresses:
    """Maps a reference found in an output file to the output file it names."""

    def __init__(self, site_url: str):
        parts = urlsplit(site_url or "")
        self.origin = (parts.scheme.lower(), parts.netloc.lower())
        self.root = parts.path.rstrip("/") + "/"

    def target(self, reference: str, from_file: str) -> str | None:
        """The output-relative path ``reference`` points to, or None if it
        leaves the site or names no file (``#top``, ``mailto:``...)."""
        parts = urlsplit(reference.strip())
        if (parts.scheme or parts.netloc) and (parts.scheme.lower(), parts.netloc.lower()) != self.origin:
            return None
        if not parts.path:
            return None
        path = urljoin(self.root + from_file, parts.path)
        if not path.startswith(self.root):
            return None
        return unquote(path[len(self.root) :])


def renamed_reference(reference: str, new_name: str) -> str:
    """The same reference with its last path segment replaced by ``new_name``."""
    cut = min((i for i in (reference.find("?"), reference.find("#")) if i >= 0), default=len(reference))
    path, rest = reference[:cut], reference[cut:]
    return path[: path.rfind("/") + 1] + quote(new_name) + rest


class Fingerprints:
    """Old output path -> new output path, and SRI of each renamed asset."""

    def __init__(self):
        self.renamed = {}
        self.integrity = {}

    def rename(self, output: Path, relative: str):
        source = output / relative
        data = source.read_bytes()
        new_relative = str(Path(relative).with_name(fingerprinted_name(source.name, data)).as_posix())
        source.rename(output / new_relative)
        self.renamed[relative] = new_relative
        self.integrity[new_relative] = subresource_integrity(data)

    def new_name(self, target: str | None) -> str | None:
        new = self.renamed.get(target) if target else None
        return new.rsplit("/", 1)[-1] if new else None


# --- Pages --------------------------------------------------------------------


class _StartTags(HTMLParser):
    """Finds each start tag: its offset in the text, raw text, name and attributes."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.tags = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        line, column = self.getpos()
        raw = self.get_starttag_text()
        self.tags.append((self._line_starts[line - 1] + column, raw, tag, dict(attrs)))

    handle_startendtag = handle_starttag


_TAG_NAME = re.compile(r"<[^\s/>]+")
_ATTRIBUTE = re.compile(
    r"""\s+(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+)))?"""
)


def attribute_spans(raw_tag: str) -> dict:
    """Attribute name -> (start, end, value as written) in the raw text of a start tag."""
    spans = {}
    position = _TAG_NAME.match(raw_tag).end()
    while match := _ATTRIBUTE.match(raw_tag, position):
        value = next((v for v in match.group("dq", "sq", "bare") if v is not None), "")
        spans.setdefault(match.group("name").lower(), (match.start(), match.end(), value))
        position = match.end()
    return spans


def with_attribute(raw_tag: str, name: str, value: str) -> str:
    """The start tag with ``name="value"`` replacing ``name``'s old value, or added."""
    new = f' {name}="{value}"'
    span = attribute_spans(raw_tag).get(name)
    if span:
        return raw_tag[: span[0]] + new + raw_tag[span[1] :]
    end = len(raw_tag) - (2 if raw_tag.endswith("/>") else 1)
    return raw_tag[:end].rstrip() + new + raw_tag[end:]


def _wants_integrity(tag: str, attrs: dict) -> bool:
    if tag == "script":
        return True
    return tag == "link" and "stylesheet" in (attrs.get("rel") or "").lower().split()


def rewritten_srcset(value, from_file, addresses, fingerprints):
    """A ``srcset`` ("a.png 1x, b.png 2x") with each candidate's address renamed."""
    candidates = []
    for candidate in value.split(","):
        leading = candidate[: len(candidate) - len(candidate.lstrip())]
        url, space, descriptor = candidate.strip().partition(" ")
        new_name = fingerprints.new_name(addresses.target(url, from_file)) if url else None
        candidates.append(leading + (renamed_reference(url, new_name) if new_name else url) + space + descriptor)
    return ",".join(candidates)


def rewritten_tag(raw, tag, attrs, from_file, addresses, fingerprints):
    for name in URL_ATTRIBUTES:
        value = attrs.get(name)
        target = addresses.target(value, from_file) if value else None
        new_name = fingerprints.new_name(target)
        if not new_name:
            continue
        written = attribute_spans(raw)[name][2]
        raw = with_attribute(raw, name, renamed_reference(written, new_name))
        if _wants_integrity(tag, attrs):
            raw = with_attribute(raw, "integrity", fingerprints.integrity[fingerprints.renamed[target]])
    if attrs.get(SRCSET_ATTRIBUTE):
        written = attribute_spans(raw)[SRCSET_ATTRIBUTE][2]
        new = rewritten_srcset(written, from_file, addresses, fingerprints)
        if new != written:
            raw = with_attribute(raw, SRCSET_ATTRIBUTE, new)
    return raw


def rewritten_page(text, from_file, addresses, fingerprints):
    pieces, position = [], 0
    for offset, raw, tag, attrs in _StartTags(text).tags:
        if text[offset : offset + len(raw)] != raw:
            raise ValueError(f"{from_file}: cannot locate the tag {raw[:60]!r}")
        new = rewritten_tag(raw, tag, attrs, from_file, addresses, fingerprints)
        if new != raw:
            pieces += [text[position:offset], new]
            position = offset + len(raw)
    return "".join(pieces) + text[position:]


def rewritten_stylesheet(text, from_file, addresses, fingerprints):
    def replace(match):
        new_name = fingerprints.new_name(addresses.target(match.group("url"), from_file))
        if not new_name:
            return match.group(0)
        return f"url({match.group('quote')}{renamed_reference(match.group('url'), new_name)}{match.group('quote')})"

    return CSS_URL.sub(replace, text)


# --- The stage -------------------------------------------------------------------


def asset_paths(output: Path, folders, files=()) -> list[str]:
    """Output-relative paths of the files under ``folders`` and of ``files``
    that exist, pages left out."""
    found = [f for f in files if (output / f).is_file()]
    for folder in folders:
        found += [p.relative_to(output).as_posix() for p in (output / folder).rglob("*") if p.is_file()]
    return sorted({f for f in found if not f.lower().endswith(PAGE_SUFFIXES)})


def content_static_paths(settings) -> list[str]:
    """Where Pelican wrote the content's static files (images/spine.png...)."""
    if not settings.get("FINGERPRINT_STATIC_CONTENT"):
        return []
    return sorted({static.save_as.replace("\\", "/") for static in _content_static if static.save_as})


def _rewrite_file(path: Path, relative: str, transform, addresses, fingerprints):
    text = path.read_text(encoding="utf-8")
    new = transform(text, relative, addresses, fingerprints)
    if new != text:
        path.write_text(new, encoding="utf-8", newline="")


def fingerprint_assets(pelican):
    output = Path(pelican.output_path)
    addresses = SiteAddresses(pelican.settings["SITEURL"])
    fingerprints = Fingerprints()
    assets = asset_paths(
        output, pelican.settings.get("FINGERPRINT_DIRS", ()), content_static_paths(pelican.settings)
    )
    stylesheets = [a for a in assets if a.endswith(".css")]
    for relative in (a for a in assets if a not in stylesheets):
        fingerprints.rename(output, relative)
    for relative in stylesheets:
        _rewrite_file(output / relative, relative, rewritten_stylesheet, addresses, fingerprints)
        fingerprints.rename(output, relative)
    for page in sorted(output.rglob("*.html")):
        relative = page.relative_to(output).as_posix()
        _rewrite_file(page, relative, rewritten_page, addresses, fingerprints)
    for new_relative in sorted(fingerprints.renamed.values()):
        asset_fingerprinted.send(new_relative)


def _reset(_pelican):
    _content_static.clear()


def _record_content_static(generator):
    _content_static.extend(generator.staticfiles)


def register():
    pelican.plugins.granular_signals.register()
    signals.initialized.connect(_reset)
    signals.static_generator_finalized.connect(_record_content_static)
    blinker.signal("optimize").connect(fingerprint_assets)
