"""Base settings: the single source of truth for every build flavour.

publishconf.py (CDN) and kioskconf.py (offline kiosk) import this file and
change only what differs. Templates, plugins and tests read the facts below
from the settings; none of them keeps its own copy.
"""

SITENAME = "Patient Procedure Guides"
SITEURL = ""
DEFAULT_LANG = "en"
# The languages the site publishes, each named in its own language (the
# language switcher and the kiosk's language buttons say these). A page's
# "Lang:" must be one of them; a translation has the same "Slug:" as its
# default-language page. Add a language here, give each required section a
# heading in it (PROCEDURE_SECTIONS) and the theme a catalog (make translations).
LANGUAGES = {"en": "English", "es": "Español"}
TIMEZONE = "America/New_York"

# --- The appointment phone number -----------------------------------------
# Defined once. A page may override it with "Phone:" metadata. Content writes
# {phone} where the number belongs, so a change here reaches every page.
APPOINTMENT_PHONE = "202-877-9729"
PHONE_REGION = "US"
PHONE_PLACEHOLDER = "{phone}"

# --- The procedure content model ------------------------------------------
# Required sections, in the order a page must give them. "heading" is the
# wording the approved texts use, per language ({title} is the page's Title);
# an author whose wording differs marks the heading with the id instead:
# "## Getting ready {#prepare}". The ids are the same in every language.
# The ids are stable: the contents list, the tests, the kiosk and structured
# data link to them. "call_to_action" marks the section that must show the
# phone number ({phone}) and is set apart as the page's call to action.
# "steps" marks a section of things the patient does (preparation,
# aftercare): the content report notes when its steps are not a list.
PROCEDURE_SECTIONS = (
    {"id": "lead", "heading": None, "label": "Introduction"},
    {"id": "why", "heading": {"en": "Why {title} is Performed", "es": "Por qué se realiza"}},
    {"id": "during", "heading": {"en": "What to Expect During {title}", "es": "Qué esperar durante el procedimiento"}},
    {"id": "risks-benefits", "heading": {"en": "Risks and Benefits of {title}", "es": "Riesgos y beneficios"}},
    {"id": "prepare", "heading": {"en": "How to Prepare for {title}", "es": "Cómo prepararse"}, "steps": True},
    {"id": "after", "heading": {"en": "Post {title}", "es": "Después del procedimiento"}, "steps": True},
    {"id": "appointment", "heading": {"en": "Make an Appointment", "es": "Pida una cita"}, "call_to_action": True},
)
# The header lines a page may have, as the docs write them (docs/authoring.md):
# any other key is refused at its line, with the nearest of these if it looks
# like a misspelling ("Staus:"), because Pelican would ignore it without a word.
PAGE_METADATA_KEYS = (
    "Title", "Slug", "Summary", "Department", "Keywords", "Codes", "Reviewed", "Owner",
    "Review-Interval-Months", "Phone", "Date", "Modified", "Status", "Lang", "Translation", "Fixture",
)
PROCEDURE_REQUIRED_METADATA = ("title", "summary")
# A procedure's address and template come from the settings (the URL scheme
# below), never from a page.
PROCEDURE_FORBIDDEN_METADATA = ("save_as", "url", "template")
PROCEDURE_TEMPLATE = "procedure"
# A page whose first line is "Fixture: ..." was made for the tests (a
# translation nobody approved, say) and is refused unless a test build sets
# this: --setting ALLOW_TEST_FIXTURES=true.
ALLOW_TEST_FIXTURES = False

# --- Limits on one page -------------------------------------------------------
# Checked on each Markdown file before Markdown reads it (sitebuild/page_limits.py),
# so that no page, mistaken or hostile, can stall or crash the build: Markdown's
# time grows faster than the page for some shapes (1,000 nested list levels took
# 27 s, then failed with "maximum recursion depth exceeded"; 330,000 short
# paragraphs, 59 s). A page over a limit is reported with its line and what to
# do, and is not read further. Real pages are far inside them: a procedure page
# is about 5 KB, with a dozen headings, lists 2 levels deep and metadata values
# of one sentence. None turns a limit off.
PAGE_MAX_BYTES = 1_000_000  # the file's size
PAGE_MAX_HEADINGS = 500  # lines that are headings (# ..., underlined, <h2>)
PAGE_MAX_PARAGRAPHS = 5_000  # runs of lines between blank lines
PAGE_MAX_NESTING = 10  # lists and quotes inside each other, on one line
METADATA_MAX_LINES = 50  # the lines at the top, before the first blank line
METADATA_MAX_CHARACTERS = 500  # the value of one metadata line (Title:, Summary:...)
# Markdown reads on from each '[' and '<' to the end of its paragraph when
# nothing closes it: the number of them in each paragraph (list item, heading,
# table row) times its characters, summed over the page. A page with 50 links
# in 5,000 characters is 250,000; at the limit Markdown takes about 2 s.
PAGE_MAX_BRACKET_WORK = 5_000_000

# --- Writing hints -----------------------------------------------------------
# `make new-procedure` writes a hint, "[Replace this: what goes here]", in each
# place the editor has to write; a published page (no "Status: draft") that
# still holds one fails the build (the writing_hints plugin). Both read this.
WRITING_HINT_MARKER = "Replace this:"

# --- Review cycle -----------------------------------------------------------
# Every procedure page says when its clinical owner last approved it
# ("Reviewed: YYYY-MM-DD"); the next review is due this many months later. A
# page may shorten its own interval ("Review-Interval-Months: 6"). A page past
# its due date still builds, with a warning; `make check-reviews` fails when
# any page is overdue or due within REVIEW_WARNING_DAYS.
REVIEW_INTERVAL_MONTHS = 12
REVIEW_WARNING_DAYS = 30
# Judge reviews as of this day ("YYYY-MM-DD") instead of today in TIMEZONE.
REVIEW_TODAY = None
# How review dates are written, per language (Babel patterns); others use
# Babel's long form for their language.
REVIEW_DATE_FORMATS = {"en": "d MMMM y"}

# --- Reading level and plain language -----------------------------------------
# Each page is measured in its own language (textstat 0.7.3, offline), and
# every finding is a notice, never a refusal: the approved wording is the
# hospital's. The build prints one summary line; `make report` gives the
# details (docs/plain-language.md). Per language: "measure" is one of
# flesch_kincaid_grade, smog_index (English formulas: a school grade, lower
# is easier), szigriszt_pazos, fernandez_huerta (Spanish: 0-100, higher is
# easier); "target" the figure a page aims for; "better" says which way is
# easier, "lower" or "higher", and must agree with the measure. A language
# with no entry is not measured (a formula of another language would be
# wrong), and the report says so. English: the NIH's grade 8 (the AMA says 6).
# Spanish: 55, where the INFLESZ scale's "normal" begins.
READABILITY = {
    "en": {"measure": "flesch_kincaid_grade", "target": 8, "better": "lower"},
    "es": {"measure": "szigriszt_pazos", "target": 55, "better": "higher"},
}
# A sentence of more words than this is quoted in the report (the CDC's Clear
# Communication Index and PEMAT: keep sentences short). The plainer words
# for each language are in theme/plain-words/<lang>.tsv, which the web team edits.
LONG_SENTENCE_WORDS = 20

# --- Structured data ----------------------------------------------------------
# Each procedure page carries one schema.org JSON-LD block (the structured_data
# plugin): a MedicalWebPage about a MedicalProcedure. Which section's text fills
# each MedicalProcedure property, by section id (see PROCEDURE_SECTIONS).
STRUCTURED_DATA_SECTIONS = {
    "description": "lead",
    "howPerformed": "during",
    "preparation": "prepare",
    "followup": "after",
}
# The part of the body each procedure is done on (schema.org bodyLocation), by
# slug. A procedure not listed has no bodyLocation.
PROCEDURE_BODY_LOCATIONS = {"vertebroplasty": "Spine"}

# --- Content and URL scheme -------------------------------------------------
PATH = "content"
PROCEDURES_DIR = "procedures"
PAGE_PATHS = [PROCEDURES_DIR]
ARTICLE_PATHS = []
# Images and documents for pages live in content/images/ and are linked with
# {static}/images/name.png.
STATIC_PATHS = ["images"]
# Files editors never see (hidden: .DS_Store, ._name, editor swap and lock
# files; ~$name.docx, Thumbs.db, desktop.ini): neither read, published nor
# reported. Every other file in content/ must be a page or a static file
# (the content_files plugin). Pelican matches the generators' patterns against
# a file's or folder's name, and the devserver's against the whole path.
IGNORE_FILES = [".*", "~$*", "Thumbs.db", "desktop.ini", "**/.*"]
PAGE_URL = "procedures/{slug}/"
PAGE_SAVE_AS = "procedures/{slug}/index.html"
# A translation lives under its language: es/procedures/<slug>/.
PAGE_LANG_URL = "{lang}/procedures/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/procedures/{slug}/index.html"
# Each language's home (A–Z list): the default language's at the root.
INDEX_LANG_URL = "{lang}/"
INDEX_LANG_SAVE_AS = "{lang}/index.html"
# Where a page lives on the public site, whatever the build flavour: printed
# on paper and encoded in the kiosk's take-home QR code.
PUBLIC_PAGE_URL = PAGE_URL
PUBLIC_PAGE_LANG_URL = PAGE_LANG_URL
# --- Language versions (the language_versions plugin) ---
# The public address of a language's A–Z list (the default language's is the
# site root), whatever the build flavour: the kiosk changes INDEX_LANG_URL only.
PUBLIC_INDEX_LANG_URL = INDEX_LANG_URL
PAGE_ORDER_BY = "title"
INDEX_SAVE_AS = "index.html"
DIRECT_TEMPLATES = ["index", "search", "404"]
PAGINATED_TEMPLATES = {}
# Summary is one plain sentence, used verbatim as the meta description.
FORMATTED_FIELDS = []
SLUGIFY_SOURCE = "basename"
# A slug is the folder of the page's address, read aloud and typed by patients
# ("endoscopic-retrograde-cholangiopancreatography" is 46). Over 255 bytes it
# could not be written at all (the build stopped with a traceback).
SLUG_MAX_CHARACTERS = 80

# Nothing below is wanted: the site is a set of procedure pages and an index.
ARTICLE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.attr_list": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.tables": {},
    },
    "output_format": "html5",
}

# --- Search -------------------------------------------------------------------
# Each language's search page: /search/ and /es/search/ (the A–Z list's
# neighbours). The header of every page carries a search form that sends
# ?q= here. The website searches with Pagefind (the site_search plugin, after
# the build, into pagefind/); the kiosk with an index of its own
# (kiosk_search). No query ever leaves the site.
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
SEARCH_LANG_URL = "{lang}/search/"
SEARCH_LANG_SAVE_AS = "{lang}/search/index.html"
# Where the site_search plugin writes Pagefind's index and library: the
# search page loads <SITEURL>/pagefind/pagefind.js.
PAGEFIND_DIR = "pagefind"
# The most pages one run of Pagefind indexes, on average. Pagefind's memory
# grows with the pages it reads (about 280 MB at 1,000 pages) and an edit to
# one page made it index every page again; so a language with more pages than
# this is split into 2, 4, 8... shards, each its own run, kept in the build
# cache and run again only when one of its pages changed. More shards make a
# rebuild faster and its memory smaller, but the search page fetches one more
# small index per shard; at 200, a catalog of a few hundred pages per
# language is 1 or 2 shards.
SEARCH_SHARD_PAGES = 200
# Patients' words for what the pages say, per language: a search for the lay
# term on the left also looks for the words on the right (the pages' words,
# as they are written on the pages). Matching ignores case and accents; a
# term of several words matches those words in that order in the query. A
# page may add its own search words with "Keywords: spine, bone cement".
SEARCH_SYNONYMS = {
    "en": {
        "back": ["spine", "vertebra", "spinal"],
        "backbone": ["spine", "vertebra", "spinal"],
        "back bone": ["spine", "vertebra", "spinal"],
        "broken back": ["fracture", "vertebra"],
        "broken bone": ["fracture"],
        "cracked bone": ["fracture"],
        "spine": ["vertebra", "spinal"],
        "glue": ["cement"],
        "thin bones": ["osteoporosis"],
        "weak bones": ["osteoporosis"],
        "brittle bones": ["osteoporosis"],
    },
    "es": {
        "espalda": ["columna", "vértebra"],
        "columna": ["vértebra"],
        "hueso roto": ["fractura"],
        "huesos débiles": ["osteoporosis"],
    },
}
# Words the website's search page leaves out of a patient's query, per
# language (the search page's own language's list): "broken bone in my back"
# is two things to find, "broken bone" and "back"; "in" and "my" are on every
# page and would let a page that only says "lie on your back" count as a good
# match. Matching ignores case and accents. A query of these words only is
# searched as it is (someone typing "in" on the way to "injection"). Words
# inside a lay term of SEARCH_SYNONYMS still count as part of it. The kiosk's
# search leaves the same words out of its index (kiosk_search): one list for both.
SEARCH_STOP_WORDS = {
    "en": [
        "a", "about", "after", "an", "and", "are", "at", "be", "by", "can", "do", "does", "for", "from",
        "have", "how", "i", "in", "is", "it", "its", "me", "my", "of", "on", "or", "the", "to",
        "what", "when", "with", "you", "your",
    ],
    "es": [
        "a", "al", "con", "de", "del", "el", "en", "es", "la", "las", "lo", "los", "me", "mi", "mis",
        "o", "para", "por", "que", "se", "su", "sus", "tengo", "u", "un", "una", "unas", "unos", "y",
    ],
}
# The search page is the one page that runs a script: Pagefind's, which
# fetches its index from this site and compiles its WebAssembly. Every other
# page keeps CONTENT_SECURITY_POLICY (script-src 'none').
SEARCH_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; "
    "script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'"
)

# --- Kinds of file the site serves ----------------------------------------
# Content-Type by file name or ending. A file of the content (content/images/)
# matching none stops every build before anything is written, and the
# message lists these endings as the kinds of file an editor can use
# (the content_types plugin); the production build also sends each file with
# its type (http_headers). Add an ending here to allow it.
CONTENT_TYPES = {
    "_headers": "text/plain; charset=utf-8",
    ".avif": "image/avif",
    ".css": "text/css; charset=utf-8",
    ".gif": "image/gif",
    ".html": "text/html; charset=utf-8",
    ".ico": "image/vnd.microsoft.icon",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    # Pagefind's index (site_search): the WebAssembly and the index chunks,
    # gzip data that pagefind.js unpacks itself.
    ".pagefind": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".webp": "image/webp",
    ".woff2": "font/woff2",
    ".xml": "application/xml; charset=utf-8",
}

# --- Theme and plugins ------------------------------------------------------
# The address patients are given: printed on every page (and, in the kiosk,
# shown as a QR code). The publisher sets the hospital's real address here.
PUBLIC_SITEURL = "https://patient-guides.example.org"
# Link to the home page, relative to SITEURL ("" is the site root).
HOME_URL = ""
# Phone numbers are tel: links; a kiosk has nothing to dial with.
PHONE_LINKS = True
# Kiosk-only parts of the theme (Home button, take-home QR code, idle reset).
KIOSK = False
# Visits to a procedure page are health information: nothing may load from
# anywhere else, and no script runs on the public site but on its search page
# (SEARCH_CONTENT_SECURITY_POLICY). Forms may only send to this site: the
# header's search form.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'none'; "
    "base-uri 'none'; form-action 'self'"
)
# jinja2.ext.i18n: every word of the theme is translated, from the catalogs in
# theme/translations/ (the theme_i18n plugin; make translations).
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "extensions": ["jinja2.ext.i18n"],
}
THEME = "theme"
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]
PLUGIN_PATHS = ["plugins"]
# How many processes read the pages the build cache lacks (a cold build, a
# build after the settings or theme changed) and compress the production
# build's files: None for one per core the build may run on (sitebuild/cores.py),
# and none for a site of 16 pages or fewer, which the build reads faster
# alone. Under a CPU quota (a container's --cpus, a CI job's limit), set it to
# the quota (sitebuild/page_pool.py).
BUILD_PROCESSES = None
# The whole site is one plugin (plugins/procedure_site/); its parts run in the
# order its register() gives. Every build flavour lists it, and the switches
# below (and KIOSK) choose its parts: sitebuild/plugin_guard.py.
PLUGINS = ["procedure_site"]
# The output stages, once the site is written, in this order
# (plugins/procedure_site/output_stages): sitemap, minify, search index,
# compress, headers and manifest. Only the search index runs in this build
# (every build but the kiosk's); publishconf.py turns the others on.
CANONICAL_URLS = False  # canonical and Open Graph addresses on SITEURL
CRAWLER_FILES = False  # sitemap.xml and robots.txt
MINIFY_OUTPUT = False  # pages and stylesheets minified
COMPRESSED_SIBLING_EXTENSIONS = ()  # a .br and .gz beside each such file
DEPLOY_MANIFEST = None  # _headers and this manifest, for the deploy

RELATIVE_URLS = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
TYPOGRIFY = False
