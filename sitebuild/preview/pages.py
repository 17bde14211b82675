"""What the preview adds to a page as it serves it, and the pages it makes
itself (a page's problems, the list of every problem).

Nothing here is written into a build's output: the preview adds its script,
its stylesheet, its policy and its banners to the bytes it sends, so the
folder it serves holds what ``make html`` would write (with drafts), and
``make html``, ``make publish`` and ``make kiosk`` never see any of it.

The pages the build writes are this project's own HTML, so they are edited
with plain string searches for the few fixed landmarks the theme writes
(theme/templates/base.html: the policy's ``<meta>``, ``</head>``, ``<main
id="main" ...>``), never with a pattern over the page's text.

The policy: the page's own, with ``script-src`` allowing exactly the
preview's script by its full address, and ``connect-src`` exactly the
address it asks for changes: no other script may run on a page the preview
serves that would not run on the published site.
"""

from html import escape, unescape

SCRIPT_PATH = "/_preview/preview.js"
STYLE_PATH = "/_preview/preview.css"
WAIT_PATH = "/_preview/wait"
PROBLEMS_PATH = "/_preview/problems/"
DRAFT_TEXT = "Draft: not published. Remove 'Status: draft' when the text is approved."
POLICY_META = '<meta http-equiv="Content-Security-Policy" content="'
# The policy of the preview's own pages before the settings are read; then
# the site's CONTENT_SECURITY_POLICY, as every page of the site has.
BASE_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'none'; base-uri 'none'; form-action 'self'"
)


def preview_policy(policy: str, origin: str) -> str:
    """``policy`` with the preview's script and its one request allowed."""
    directives, seen = [], set()
    wanted = {"script-src": f"{origin}{SCRIPT_PATH}", "connect-src": f"{origin}{WAIT_PATH}"}
    for directive in policy.split(";"):
        words = directive.split()
        if not words:
            continue
        name = words[0].lower()
        if name in wanted:
            seen.add(name)
            values = [w for w in words[1:] if w != "'none'"] + [wanted[name]]
            words = [name, *values]
        directives.append(" ".join(words))
    directives += [f"{name} {value}" for name, value in wanted.items() if name not in seen]
    return "; ".join(directives)


def other_problems_note(count: int) -> str:
    if not count:
        return ""
    said = "1 other page has problems" if count == 1 else f"{count} other pages have problems"
    return (
        '<div class="preview-note" role="note" aria-label="Preview">'
        f'<p><a href="{PROBLEMS_PATH}">{said}</a>: the preview shows each one there.</p></div>'
    )


def draft_note() -> str:
    return (
        '<div class="preview-note preview-note--draft" role="note" aria-label="Draft">'
        f"<p>{escape(DRAFT_TEXT)}</p></div>"
    )


def head_additions(token: str) -> str:
    return (
        f'<link rel="stylesheet" href="{STYLE_PATH}">'
        f'<script src="{SCRIPT_PATH}" data-token="{escape(token)}" defer></script>'
    )


def dress(html: str, origin: str, token: str, notes: str) -> str:
    """A page the build wrote, as the preview serves it."""
    start = html.find(POLICY_META)
    if start != -1:
        value_start = start + len(POLICY_META)
        end = html.find('"', value_start)
        policy = unescape(html[value_start:end])  # Jinja wrote it escaped for an attribute
        html = html[:value_start] + escape(preview_policy(policy, origin)) + html[end:]
    head_end = html.find("</head>")
    if head_end != -1:
        html = html[:head_end] + head_additions(token) + html[head_end:]
    if notes:
        main = html.find("<main")
        main_end = html.find(">", main) if main != -1 else -1
        if main_end != -1:
            html = html[: main_end + 1] + notes + html[main_end + 1 :]
    return html


def _document(title: str, body: str, origin: str, token: str, theme: str, policy: str) -> str:
    policy = preview_policy(policy, origin)
    # The site's own icon and stylesheet (``theme`` is where the build put the theme's files).
    site_css = (
        f'<link rel="icon" href="{escape(theme)}/favicon.svg" type="image/svg+xml">'
        f'<link rel="stylesheet" href="{escape(theme)}/css/site.css">'
    )
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>\n{site_css}{head_additions(token)}\n</head>\n<body>\n"
        '<a class="skip-link" href="#main">Skip to main content</a>\n'
        f'<main id="main" tabindex="-1">\n{body}\n</main>\n</body>\n</html>\n'
    )


def _problem_list(texts) -> str:
    items = "".join(f"<li><pre>{escape(text)}</pre></li>" for text in texts)
    return f'<ol class="preview-problems">{items}</ol>'


def _count(number: int, one: str, many: str) -> str:
    return f"1 {one}" if number == 1 else f"{number} {many}"


def error_page(label: str, texts, others: int, origin: str, token: str, theme: str, policy: str) -> str:
    """The page shown at a page's address while its source has problems."""
    heading = f"This page has {_count(len(texts), 'problem', 'problems')} to fix"
    body = (
        f"<h1>{escape(heading)}</h1>\n"
        f'<p>In <span class="preview-source">{escape(label)}</span>, as <code>make html</code> says them. '
        "Fix them and save the file: this page comes back by itself. "
        "Every other page shows its last good version.</p>\n"
        f"{_problem_list(texts)}\n{other_problems_note(others)}"
    )
    return _document(f"{heading}: {label} (preview)", body, origin, token, theme, policy)


def site_error_page(groups, origin: str, token: str, theme: str, policy: str) -> str:
    """Shown in place of every page while the site as a whole cannot be
    built (a settings file, the theme, a bug), or in place of the list."""
    return problems_page(groups, origin, token, theme, policy, whole_site=True)


def problems_page(groups, origin: str, token: str, theme: str, policy: str, whole_site=False) -> str:
    """Every problem, grouped by file: ``groups`` is [(label, [text])]."""
    total = sum(len(texts) for _label, texts in groups)
    if not total:
        heading = "No problems"
        body = "<h1>No problems</h1>\n<p>Every page builds. <a href=\"/\">Go to the home page</a>.</p>"
        return _document(f"{heading} (preview)", body, origin, token, theme, policy)
    heading = f"{_count(total, 'problem', 'problems')} to fix"
    intro = (
        "The site could not be built again: the preview keeps the last version that built, "
        "and shows this until the problems are fixed."
        if whole_site
        else "Each as <code>make html</code> says it. Fix them and save: this list changes by itself."
    )
    sections = "".join(
        f'<h2 class="preview-source">{escape(label)}</h2>\n{_problem_list(texts)}\n' for label, texts in groups
    )
    body = f"<h1>{escape(heading)}</h1>\n<p>{intro}</p>\n{sections}"
    return _document(f"{heading} (preview)", body, origin, token, theme, policy)
