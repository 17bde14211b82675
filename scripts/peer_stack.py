"""The peer stack that `make bench` measures this project against (issue 19).

A Pelican user who wanted this site's output without this project would
assemble, from PyPI: Pelican 4.12, pelican-sitemap, pelican-minify,
pelican-precompress (brotli 11, gzip 9, a sibling replaced only when its page
changed), Pelican's own content cache for rebuilds, and the Pagefind CLI run
over the output. That is the yardstick for ``make publish``: what this
project's own pipeline must beat to be worth its code.

The stack gets a virtualenv of its own, so nothing of this project (its
plugins, its sitebuild runner) can leak into the figures. Every package is
pinned exactly, and ``requirements.txt`` is passed to pip as constraints, so a
library both use (Markdown, Jinja2, brotli, minify_html, Pagefind) is the very
version this project runs: the comparison is of the two designs, not of two
releases of a library.
"""

import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements.txt"

# Exact pins. Those this project also installs are the versions in
# requirements.txt (tests/test_benchmark.py holds them equal).
PINS = (
    "pelican==4.12.0",
    "Markdown==3.11.3",
    "pelican-sitemap==1.2.2",
    "pelican-minify==2.0.2",
    "minify_html==0.18.1",
    "pelican-precompress==2.4.0",
    "brotli==1.2.1",
    "pelican-granular-signals==1.2.0",
    "pagefind==1.5.2",
    "pagefind_bin==1.5.2",
)

# The plugins, in the order they must run: Pelican connects receivers in
# PLUGINS order, and minify (on `finalized`) must rewrite the pages before
# precompress (on granular-signals' later `compress` stage) reads them.
PLUGINS = ("pelican.plugins.sitemap", "pelican.plugins.minify", "pelican.plugins.precompress")

# pelican-precompress 2.4.0 has no setting for its levels: they are fixed in
# its code. `make_venv` checks the installed plugin compresses at these.
BROTLI_QUALITY = 11
GZIP_LEVEL = 9


def settings_text(cache: Path) -> str:
    """The stack's Pelican settings: the plain yardstick's (the `simple` theme,
    the same pages) plus the plugins and the content cache."""
    return f"""\
# The peer stack (scripts/peer_stack.py): plain Pelican's settings, plus the
# plugins a Pelican user would pick for this site's output, and Pelican's own
# content cache so that a rebuild reads only the changed source files.
THEME = "simple"
DISPLAY_PAGES_ON_MENU = False
PAGE_PATHS = ["procedures"]
ARTICLE_PATHS = []
SITEURL = "https://bench.example"
PLUGINS = {list(PLUGINS)!r}

# pelican-sitemap: an XML sitemap of every page.
SITEMAP = {{"format": "xml"}}

# pelican-minify: pages, stylesheets and scripts, inline ones too (its defaults).
HTML_MIN = True
CSS_MIN = True
JS_MIN = True
INLINE_CSS_MIN = True
INLINE_JS_MIN = True

# pelican-precompress: .br (brotli quality {BROTLI_QUALITY}) and .gz (gzip level {GZIP_LEVEL}),
# on every core (its multiprocessing pool). Zopfli would replace gzip, and
# zstandard is not served here. PRECOMPRESS_OVERWRITE = True is its
# overwrite-if-changed mode: an existing sibling is decompressed and compared,
# and written again only when its file changed. (False keeps every existing
# sibling as it is, so an edited page would keep a stale .br.)
PRECOMPRESS_BROTLI = True
PRECOMPRESS_GZIP = True
PRECOMPRESS_ZOPFLI = False
PRECOMPRESS_ZSTANDARD = False
PRECOMPRESS_OVERWRITE = True

# Pelican's content cache ("Reading only modified content" in Pelican's
# settings guide): an unchanged source file's reader output is loaded from
# the cache, by modification time.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "mtime"
CACHE_PATH = {str(cache)!r}
"""


# Run with the stack's Python: the installed pelican-precompress must give
# byte for byte what brotli and zlib give at the stated levels.
LEVELS_PROBE = """\
import sys, zlib
import brotli
from pelican.plugins import precompress
data = open(sys.argv[1], "rb").read()
quality, level = int(sys.argv[2]), int(sys.argv[3])
gzip = zlib.compressobj(level=level, wbits=16 + zlib.MAX_WBITS)
same = (precompress.compress_with_brotli(data) == brotli.compress(data, mode=brotli.MODE_TEXT, quality=quality)
        and precompress.compress_with_gzip(data) == gzip.compress(data) + gzip.flush())
sys.exit(0 if same else 1)
"""


def make_venv(folder: Path, sample: Path) -> Path:
    """Make the stack's virtualenv in `folder`, install the pins and check the
    compression levels on `sample`; return its Python."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, capture_output=True)
    python = folder / "bin" / "python"
    install = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-c", str(REQUIREMENTS),
               *PINS]
    done = subprocess.run(install, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the peer stack could not be installed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    probe = [str(python), "-c", LEVELS_PROBE, str(sample), str(BROTLI_QUALITY), str(GZIP_LEVEL)]
    if subprocess.run(probe, capture_output=True).returncode != 0:
        raise SystemExit(f"the installed pelican-precompress does not compress at brotli {BROTLI_QUALITY} "
                         f"and gzip {GZIP_LEVEL}: check the pin")
    return python


def build_command(python: Path, content: Path, settings: Path, output: Path) -> list[str]:
    """One build of the stack, as one process tree to time: Pelican, then
    Pagefind's CLI over what it wrote (as Pagefind's docs run it from PyPI)."""
    pelican = [str(python), "-m", "pelican", str(content), "-s", str(settings), "-o", str(output), "-q"]
    pagefind = [str(python), "-m", "pagefind", "--site", str(output), "--silent"]
    return ["sh", "-c", f"{shlex.join(pelican)} && {shlex.join(pagefind)}"]
