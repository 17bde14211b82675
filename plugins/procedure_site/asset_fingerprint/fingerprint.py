"""Names static assets by their content, before any page is written.

With FINGERPRINT_ASSETS on (publishconf.py), every asset gets a name that
carries a hash of its bytes (``css/site.css`` -> ``css/site.3f9a2c1d0b7e.css``),
so a CDN and browsers may cache it for a year: new content always gets a new
name. The names are decided before the templates render, so the pages are
written with them once; no written page is opened again.

- The theme's files (THEME_STATIC_PATHS) are known at the start of each
  build. Each one's final bytes are made first: a stylesheet's ``url(...)``
  references are pointed at the other assets' new names, then the named
  blinker signal ``theme_asset_bytes`` (sender: the path, with ``data=`` and
  ``settings=``; a receiver returns new bytes or None) lets other plugins
  change the bytes (minify_output minifies stylesheets), and the hash is
  taken of what will be served. Templates write the address and the Subresource Integrity with the
  Jinja globals ``asset_url("css/site.css")`` and
  ``asset_integrity("css/site.css")``. At ``finalized`` the files are written
  under their new names in place of Pelican's plain copies.
- The content's files (``{static}/images/spine.png``) are Pelican Static
  objects. Their output name and address are overridden as soon as Pelican
  has found them, so Pelican's own ``{static}`` link replacement writes the
  new address into the pages and copies each file under its new name.

Without FINGERPRINT_ASSETS (the local and kiosk builds) nothing is renamed:
``asset_url`` gives the plain address, relative or not as the page's SITEURL
says, and ``asset_integrity`` gives None. Every build checks that a template
names a file the theme has.

Each renamed file is announced once written, on the named blinker signal
``asset_fingerprinted`` (sender: its output-relative path), so the
http_headers plugin can mark it fingerprinted without a second copy of the
rule.
"""

import base64
import fnmatch
import hashlib
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import blinker
from jinja2 import pass_context
from pelican import signals

from sitebuild.plugin_guard import in_this_build


asset_fingerprinted = blinker.signal("asset_fingerprinted")
theme_asset_bytes = blinker.signal("theme_asset_bytes")

HASH_LENGTH = 12  # hex digits of sha256: collisions are not a practical risk
PAGE_SUFFIXES = (".html", ".htm")  # pages keep their names
STYLESHEET_SUFFIX = ".css"
CSS_URL = re.compile(r"""url\(\s*(?P<quote>['"]?)(?P<url>[^'")\s]+)(?P=quote)\s*\)""")


@dataclass(frozen=True)
class ThemeAsset:
    source: Path  # the file in the theme
    name: str  # its output path under THEME_STATIC_DIR: plain, or fingerprinted
    data: bytes  # the bytes to serve
    integrity: str | None  # Subresource Integrity, when fingerprinted


# One build's state. The devserver runs many builds in one process, so it is
# made afresh on get_generators, which every Pelican.run() sends first.
_theme_assets = {}  # path under THEME_STATIC_DIR ("css/site.css") -> ThemeAsset
_renamed_content = []  # output-relative paths of the content's renamed files


def fingerprinted_name(name: str, data: bytes) -> str:
    """``site.css`` -> ``site.<hash>.css``; the hash goes before the last suffix."""
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot and stem else f"{name}.{digest}"


def fingerprinted_path(path: str, data: bytes) -> str:
    """The same path (or address) with its last segment fingerprinted."""
    folder, _, name = path.rpartition("/")
    return (folder + "/" if folder else "") + fingerprinted_name(name, data)


def subresource_integrity(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


def renamed_reference(reference: str, new_name: str) -> str:
    """The same reference with its last path segment replaced by ``new_name``."""
    cut = min((i for i in (reference.find("?"), reference.find("#")) if i >= 0), default=len(reference))
    path, rest = reference[:cut], reference[cut:]
    return path[: path.rfind("/") + 1] + quote(new_name) + rest


# --- The theme's files -------------------------------------------------------------


def _ignored(name: str, ignores) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in ignores)


def theme_static_files(theme: str, static_paths, ignores) -> dict:
    """Path under THEME_STATIC_DIR -> source file, as Pelican's StaticGenerator
    copies them: a listed file by its name, a listed folder by its contents."""
    found = {}
    for listed in static_paths:
        source = Path(theme) / listed
        if _ignored(source.name, ignores):
            continue
        if source.is_file():
            found[source.name] = source
            continue
        for folder, subfolders, files in os.walk(source, followlinks=True):
            subfolders[:] = sorted(s for s in subfolders if not _ignored(s, ignores))
            for name in sorted(f for f in files if not _ignored(f, ignores)):
                path = Path(folder) / name
                found[path.relative_to(source).as_posix()] = path
    return found


def stylesheet_with_new_names(text: str, path: str, new_names: dict) -> str:
    """The stylesheet at ``path`` with each ``url(...)`` that names a renamed
    file of the same folder tree pointed at its new name. Absolute addresses,
    ``data:`` and fragments are left alone."""

    def replace(match):
        reference = match.group("url")
        parts = urlsplit(reference)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return match.group(0)
        target = unquote(urljoin("/" + path, parts.path)).lstrip("/")
        new_name = new_names.get(target)
        if new_name is None:
            return match.group(0)
        quote_mark = match.group("quote")
        return f"url({quote_mark}{renamed_reference(reference, posixpath.basename(new_name))}{quote_mark})"

    return CSS_URL.sub(replace, text)


def final_bytes(path: str, data: bytes, settings) -> bytes:
    """The bytes to serve, after every plugin listening on theme_asset_bytes
    (each gets the bytes the one before it returned, and the build's settings)."""
    for receiver in theme_asset_bytes.receivers_for(path):
        changed = receiver(path, data=data, settings=settings)
        if changed is not None:
            data = changed
    return data


def prepare_theme_assets(sources: dict, settings) -> dict:
    """Path -> ThemeAsset. Stylesheets last, so their hash covers the new
    names they point to."""
    fingerprint = bool(settings.get("FINGERPRINT_ASSETS"))
    assets, new_names = {}, {}
    for path in sorted(sources, key=lambda p: (p.endswith(STYLESHEET_SUFFIX), p)):
        data = sources[path].read_bytes()
        if path.endswith(STYLESHEET_SUFFIX):
            data = stylesheet_with_new_names(data.decode("utf-8"), path, new_names).encode("utf-8")
        data = final_bytes(path, data, settings)
        name = fingerprinted_path(path, data) if fingerprint else path
        new_names[path] = name
        assets[path] = ThemeAsset(sources[path], name, data, subresource_integrity(data) if fingerprint else None)
    return assets


def theme_asset(path: str) -> ThemeAsset:
    try:
        return _theme_assets[path]
    except KeyError:
        raise LookupError(
            f"the template names the asset {path!r}, which is not in the theme's static folders "
            f"(THEME_STATIC_PATHS); they hold: {', '.join(sorted(_theme_assets))}"
        ) from None


@pass_context
def asset_url(context, path: str) -> str:
    """The address of a theme asset, for a template: as the page writes every
    address (SITEURL is relative in the kiosk), with its fingerprinted name."""
    return f"{context['SITEURL']}/{context['THEME_STATIC_DIR']}/{theme_asset(path).name}"


def asset_integrity(path: str) -> str | None:
    """The Subresource Integrity of a fingerprinted theme asset, else None."""
    return theme_asset(path).integrity


def write_theme_assets(output: Path, static_dir: str) -> list[str]:
    """Write each asset whose bytes or name differ from Pelican's copy, in its
    place; returns the output-relative paths of the fingerprinted ones."""
    fingerprinted = []
    for path, asset in sorted(_theme_assets.items()):
        plain = output / static_dir / path
        if asset.name == path and asset.data == asset.source.read_bytes():
            continue
        (output / static_dir / asset.name).write_bytes(asset.data)
        if asset.name != path:
            plain.unlink(missing_ok=True)
            fingerprinted.append(posixpath.join(static_dir, asset.name))
    return fingerprinted


# --- The content's files ---------------------------------------------------------------


def rename_content_file(static) -> str:
    """Point a Pelican Static object at its fingerprinted name and address;
    returns its new output path. Pelican reads these overrides wherever it
    needs the file's name: when it replaces {static} links and when it copies."""
    data = Path(static.source_path).read_bytes()
    save_as, url = static.save_as.replace("\\", "/"), static.url
    static.override_save_as = fingerprinted_path(save_as, data)
    static.override_url = renamed_reference(url, fingerprinted_name(posixpath.basename(urlsplit(url).path), data))
    return static.override_save_as


# --- The signals -------------------------------------------------------------------------


def start_build(pelican):
    """Forget the last build; name the theme's files for this one."""
    if not in_this_build(pelican, __package__):
        return
    _renamed_content.clear()
    _theme_assets.clear()
    settings = pelican.settings
    sources = theme_static_files(pelican.theme, settings["THEME_STATIC_PATHS"], settings["IGNORE_FILES"])
    _theme_assets.update(prepare_theme_assets(sources, settings))


def add_template_globals(generator):
    if not in_this_build(generator, __package__):
        return
    generator.env.globals.update(asset_url=asset_url, asset_integrity=asset_integrity)


def rename_content_files(generator):
    if not in_this_build(generator, __package__):
        return
    if not generator.settings.get("FINGERPRINT_ASSETS"):
        return
    for static in generator.staticfiles:
        if static.save_as and not static.save_as.lower().endswith(PAGE_SUFFIXES):
            _renamed_content.append(rename_content_file(static))


def write_and_announce(pelican):
    if not in_this_build(pelican, __package__):
        return
    written = write_theme_assets(Path(pelican.output_path), pelican.settings["THEME_STATIC_DIR"])
    for path in sorted(written + _renamed_content):
        asset_fingerprinted.send(path)


def register():
    signals.get_generators.connect(start_build)
    signals.generator_init.connect(add_template_globals)
    signals.static_generator_finalized.connect(rename_content_files)
    signals.finalized.connect(write_and_announce)
