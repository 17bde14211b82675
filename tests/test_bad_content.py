"""Each bad input fails the build with its exact message: file, line and a fix.

The cases run through problems_of (tests/harness.py): Pelican's read phase
in this process, with the real settings and plugins, which is where every
content problem is found and where build_report stops a build. A few real
builds, at the end, prove what a failure does: exit 1, no traceback, the
previous output exactly as it was, the problems printed as the harness
returns them; and a bug in the build exits 2 with its traceback."""

import hashlib
import json
import shutil

import pytest
from pelican.settings import read_settings

from conftest import ROOT, build, edit_page
from harness import SPANISH, SPANISH_FIXTURE, problems_of, read_phase, vertebroplasty, with_spanish

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
PHONE = SETTINGS["APPOINTMENT_PHONE"]

PAGE = "procedures/vertebroplasty.md"
TEXT = vertebroplasty()
LINES = TEXT.splitlines()


def at(start, text=TEXT):
    """The number of the first line of ``text`` that starts with ``start``."""
    return next(number for number, line in enumerate(text.splitlines(), start=1) if line.startswith(start))


TITLE, SLUG, SUMMARY, DEPARTMENT, KEYWORDS, REVIEWED = (
    at(key) for key in ("Title:", "Slug:", "Summary:", "Department:", "Keywords:", "Reviewed:")
)
END = len(LINES) + 2  # the line of text added at the end as "\n" + text
LINKED_PHONE = "{phone}\n\nOr ask at the front desk ({phone}).\n\n[Call us]({phone})"


def replace(text, old, new, count=1):
    assert old in text, f"fixture text not found: {old!r}"
    return text.replace(old, new, count)


def section(title):
    return f"## {title}\n"


def drop_section(text, heading, next_heading):
    start = text.index(section(heading))
    return text[:start] + text[text.index(section(next_heading)) :]


def said(problems):
    """(line, message) of each problem of the Vertebroplasty page; every
    problem must be of that page and come with a fix."""
    assert all(problem.file == PAGE for problem in problems), problems
    assert all(problem.fix for problem in problems), [problem for problem in problems if not problem.fix]
    return [(problem.line, problem.message) for problem in problems]


ELSEWHERE = "Pages load nothing from elsewhere: the other site would learn who reads about this procedure."
HAND_WRITTEN_IMAGE = (
    "the image spine.png is a web address written by hand: the build cannot check that the picture is there, "
    "and it would not show in the kiosk, which opens pages as files."
)
LAYOUT_ID = "is one the page's layout already uses, so links and the kiosk would find this element instead of their own."
INVISIBLE = "It cannot be seen, but it splits or changes the words: search, the A–Z list and the page's checks read "
INVISIBLE += "different words than the ones you see."
OVERRIDE = (
    "It changes the direction the text is shown in, so readers see other words than the ones written (search and "
    "the A–Z list read the written ones)."
)
MISSING_POST = (None, "the required section 'Post Vertebroplasty' is missing.")


# name -> (edit of the Vertebroplasty source, every (line, message) the build reports, in its order)
BAD_PAGES = {
    "missing section": (
        lambda t: drop_section(t, "Risks and Benefits of Vertebroplasty", "How to Prepare for Vertebroplasty"),
        [(None, "the required section 'Risks and Benefits of Vertebroplasty' is missing.")],
    ),
    "empty section": (
        lambda t: drop_section(t, "Post Vertebroplasty", "Make an Appointment").replace(
            section("Make an Appointment"), section("Post Vertebroplasty") + "\n" + section("Make an Appointment")
        ),
        [(at("## Post"), "the section 'Post Vertebroplasty' is empty.")],
    ),
    "section twice": (
        lambda t: t + "\n## Why Vertebroplasty is Performed\n\nAgain.\n",
        [(END, f"the section 'Why Vertebroplasty is Performed' appears twice (first at line {at('## Why')}).")],
    ),
    "sections out of order": (
        lambda t: replace(
            replace(t, "## Why Vertebroplasty is Performed", "## TMP"),
            "## How to Prepare for Vertebroplasty",
            "## Why Vertebroplasty is Performed",
        ).replace("## TMP", "## How to Prepare for Vertebroplasty"),
        [
            (at("## What to Expect"), "the section 'What to Expect During Vertebroplasty' is out of order: it must come "
             "before 'How to Prepare for Vertebroplasty'."),
            (at("## Risks"), "the section 'Risks and Benefits of Vertebroplasty' is out of order: it must come before "
             "'How to Prepare for Vertebroplasty'."),
            (at("## How to Prepare"), "the section 'Why Vertebroplasty is Performed' is out of order: it must come "
             "before 'How to Prepare for Vertebroplasty'."),
        ],  # fmt: skip
    ),
    "empty lead": (
        lambda t: t[: t.index("\n\n") + 2] + t[t.index("## Why") :],
        [(None, "the page has no lead: the text before the first heading is empty.")],
    ),
    "unknown heading": (
        lambda t: replace(t, "## Post Vertebroplasty", "## Aftercare"),
        [MISSING_POST, (at("## Post"), "the heading '## Aftercare' is not one of the required sections.")],
    ),
    "unknown section id": (
        lambda t: replace(t, "## Post Vertebroplasty", "## Aftercare {#recovery}"),
        [MISSING_POST, (at("## Post"), "'{#recovery}' is not a section id.")],
    ),
    "missing title": (
        lambda t: replace(t, "Title: Vertebroplasty\n", ""),
        [(TITLE, "the 'Title:' line is missing or empty.")],
    ),
    "missing summary": (
        lambda t: replace(t, "Summary:", "Summery:"),
        [(TITLE, "the 'Summary:' line is missing or empty."),
         (SUMMARY, "'Summery:' is not a header line this site reads, so the build would ignore it without a word.")],
    ),
    "summary of two sentences": (
        lambda t: replace(t, "spinal fractures.\nDepartment", "spinal fractures. It uses bone cement.\nDepartment"),
        [(SUMMARY, "the 'Summary:' must be one sentence; search results and the A–Z list show it in full.")],
    ),
    "summary with a link": (
        lambda t: replace(t, "spinal fractures.\nDepartment", "[spinal fractures](https://x.org).\nDepartment"),
        [(SUMMARY, "the 'Summary:' must be plain text; it is used as the page description in search results.")],
    ),
    "invalid phone": (
        lambda t: replace(t, "Department:", "Phone: 555-0100\nDepartment:"),
        [(DEPARTMENT, "'Phone: 555-0100' is not a valid phone number.")],
    ),
    "appointment without phone": (
        lambda t: replace(t, "{phone}", "the front desk."),
        [(at("## Make an Appointment"), "the section 'Make an Appointment' does not show the phone number.")],
    ),
    "hard-coded phone": (
        lambda t: replace(t, "{phone}", PHONE),
        # One problem per mistake: the section does show the number, typed.
        [(at("{phone}"), f"the appointment number {PHONE} is typed into the page.")],
    ),
    "hard-coded tel link": (
        lambda t: replace(t, "{phone}", "{phone}\n\n[Call](tel:" + PHONE + ")"),
        [(END, f"the appointment number tel:{PHONE} is typed into the page.")],
    ),
    "phone placeholder in a heading": (
        lambda t: replace(t, "## Make an Appointment", "## Make an Appointment: {phone}"),
        [(at("## Make an Appointment"), "{phone} is in a heading; the number can only be filled in within a section's text.")],
    ),
    "phone placeholder as a link": (
        lambda t: replace(t, "{phone}", LINKED_PHONE),
        # One mistake, one problem, at the link's own line: not at the
        # "({phone})" written rightly in the line above it.
        [(at("[Call us]", replace(TEXT, "{phone}", LINKED_PHONE)),
          "{phone} is used as a link address or attribute; the build makes the number a link by itself.")],
    ),
    "save_as override": (
        lambda t: replace(t, "Department:", "Save_as: index.html\nDepartment:"),
        [(DEPARTMENT, "the 'Save_as:' line is not allowed on a procedure page: its address and layout are the same "
          "for every procedure.")],  # fmt: skip
    ),
    "heading inside an HTML block": (
        lambda t: replace(
            t,
            "## Risks and Benefits of Vertebroplasty",
            "<div>\n<h2>Risks and Benefits of Vertebroplasty</h2>\n</div>",
        ),
        [
            (None, "the required section 'Risks and Benefits of Vertebroplasty' is missing."),
            (at("## Risks") + 1, "the heading 'Risks and Benefits of Vertebroplasty' is inside an HTML block, a list "
             "or a quote, so the page cannot be cut into its sections."),
        ],  # fmt: skip
    ),
    "section with only a subheading": (
        lambda t: drop_section(t, "Post Vertebroplasty", "Make an Appointment").replace(
            section("Make an Appointment"),
            section("Post Vertebroplasty") + "\n### Recovery at home\n\n" + section("Make an Appointment"),
        ),
        [(at("## Post"), "the section 'Post Vertebroplasty' is empty.")],
    ),
    "image from another site": (
        lambda t: t + "\n![Spine](https://images.example.com/spine.png)\n",
        [(END, f"the <img> loads https://images.example.com/spine.png (src) from another site. {ELSEWHERE}")],
    ),
    "data address": (
        lambda t: t + '\n<img src="data:image/png;base64,AAAA" alt="x">\n',
        [(END, "a data: address is not allowed; the page's security policy blocks it.")],
    ),
    "tag link": (
        lambda t: t + "\nSee [more]({tag}spine).\n",
        [(END, "the link {tag}spine points to a tag page; this site has none.")],
    ),
    "missing static image": (
        lambda t: t + "\n![Spine]({static}/images/spine.png)\n",
        [(END, "the link {static}/images/spine.png points to a file that does not exist.")],
    ),
    "script": (
        lambda t: t + "\n<script>alert(1)</script>\n",
        [(END, "<script> is not allowed: scripts do not run on these pages.")],
    ),
    "the same mistake at two places": (
        lambda t: t + "\n<script>alert(1)</script>\n\nThen again:\n\n<script>alert(1)</script>\n",
        [(END, "<script> is not allowed: scripts do not run on these pages."),
         (END + 4, "<script> is not allowed: scripts do not run on these pages.")],
    ),
    "a missing file linked three times on two lines": (
        lambda t: t + "\nSee [the leaflet]({static}/leaflet.pdf), or print [it]({static}/leaflet.pdf).\n\n"
        "Print [the leaflet]({static}/leaflet.pdf).\n",
        [(END, "the link {static}/leaflet.pdf points to a file that does not exist."),
         (END + 2, "the link {static}/leaflet.pdf points to a file that does not exist.")],
    ),
    "a short address that is also a word of a header": (
        lambda t: t + "\n![Spine](bone)\n",  # 'bone' is on the Keywords: line too
        [(END, "the image bone is a web address written by hand: the build cannot check that the picture is there, "
               "and it would not show in the kiosk, which opens pages as files.")],
    ),
    "iframe": (
        lambda t: t + '\n<iframe src="https://example.com"></iframe>\n',
        [(END, "<iframe> is not allowed: embedded pages are not allowed.")],
    ),
    "object": (
        lambda t: t + '\n<object data="x.swf"></object>\n',
        [
            (END, "<object> is not allowed: embedded objects are not allowed."),
            (END, "the image x.swf is a web address written by hand: the build cannot check that the picture is "
             "there, and it would not show in the kiosk, which opens pages as files."),
        ],  # fmt: skip
    ),
    "event handler": (
        lambda t: t + '\n<p onclick="steal()">Click</p>\n',
        [(END, "the attribute onclick= is an inline event handler, which is not allowed.")],
    ),
    "event handler on a link": (
        lambda t: t + '\n<a href="#why" onmouseover="x()">Why</a>\n',
        [(END, "the attribute onmouseover= is an inline event handler, which is not allowed.")],
    ),
    "javascript link": (
        lambda t: t + "\n[Call us](javascript:alert(1))\n",
        [(END, "a javascript: link is not allowed.")],
    ),
    "disguised javascript link": (
        lambda t: t + '\n<a href=" JaVa&#09;ScRiPt:alert(1)">x</a>\n',
        [(None, "a javascript: link is not allowed.")],
    ),
    "broken filename link": (
        lambda t: t + "\nSee [knee]({filename}knee-replacement.md).\n",
        [(END, "the link {filename}knee-replacement.md points to a file that does not exist.")],
    ),
    # The allowlist: each of these passed the old blocklist.
    "style attribute": (
        lambda t: t + '\n<p style="color: red">Note</p>\n',
        [(END, "a style= attribute is not allowed: the page's security policy blocks it, so the page would look "
          "different from what you saw.")],  # fmt: skip
    ),
    "svg image from another site": (
        lambda t: t + '\n<svg><image href="https://cdn.example/x.png"></image></svg>\n',
        [(END, "<svg> is not allowed: drawings written as code can load from other sites; save the picture as a file.")],
    ),
    "second srcset candidate from another site": (
        lambda t: t + '\n<img alt="Spine" src="spine.png" srcset="spine.png 1x, https://cdn.example/spine.png 2x">\n',
        [
            (END, f"the <img> loads https://cdn.example/spine.png (candidate 2 of its srcset) from another site. {ELSEWHERE}"),
            (END, HAND_WRITTEN_IMAGE),
        ],
    ),
    "backslash address to another site": (
        lambda t: t + '\n<img alt="Spine" src="/\\cdn.example/x.png">\n',
        [(END, f"the <img> loads /\\cdn.example/x.png (src) from another site. {ELSEWHERE}")],
    ),
    "class attribute": (
        lambda t: t + "\nA note.\n{: .warning }\n",
        [(None, "the attribute class= is not allowed on <p>.")],
    ),
    "aligned table column": (
        lambda t: t + "\n| Step | Time |\n| :--- | ---: |\n| Rest | 1 day |\n",
        [(END + 1, "a table column is aligned with ':' in its line of dashes; Markdown aligns it with a style= "
          "attribute, which the page's security policy blocks.")],  # fmt: skip
    ),
    "sms link": (
        lambda t: t + "\n[Text us](sms:+12025550143)\n",
        [(END, "the address sms:+12025550143 uses sms:, which is not allowed.")],
    ),
    "unknown element": (
        lambda t: t + "\n<marquee>Hi</marquee>\n",
        [(END, "<marquee> is not allowed: it is not one of the elements a procedure page may use.")],
    ),
    # {phone} where the number cannot be filled in
    "phone placeholder in link words": (
        lambda t: t + "\n[Call {phone}](https://example.org/)\n",
        [(END, "{phone} is inside a link's words; the build makes the number a link by itself.")],
    ),
    "phone placeholder in raw HTML": (
        lambda t: t + "\n<p>Call {phone}</p>\n",
        [(END, "{phone} is inside HTML or `code`, where the build cannot fill in the number.")],
    ),
    "phone placeholder in the summary": (
        lambda t: replace(t, "spinal fractures.\nDepartment", "spinal fractures, call {phone}.\nDepartment"),
        [(SUMMARY, "{phone} is in the 'Summary:' line, where the number cannot be filled in.")],
    ),
    "placeholder written differently": (
        lambda t: t + "\nCall {Phone} any time.\n",
        # Its own line, not the real {phone}'s above it (equal but for case).
        [(END, "{Phone} looks like {phone} but is written differently, so it would be shown as written.")],
    ),
    "phone placeholder in the department": (
        # The body's own "department:" (in lowercase, as the check names the
        # key) is not taken for the header line.
        lambda t: replace(t, "Department: Interventional Radiology", "Department: Radiology, call {phone}")
        + "\nAsk the radiology department: they can help.\n",
        [(DEPARTMENT, "{phone} is in the 'Department:' line, where the number cannot be filled in.")],
    ),
    "phone placeholder as an HTML link and as a Markdown link": (
        lambda t: t + '\n<p>Or <a href="{phone}">phone the desk</a>.</p>\n\nOr [ring us]({phone}).\n',
        # Each at its own line, not both at the first link's, nor at the {phone} in the text.
        [(END, "{phone} is used as a link address or attribute; the build makes the number a link by itself."),
         (END + 2, "{phone} is used as a link address or attribute; the build makes the number a link by itself.")],
    ),
    "title given twice": (
        lambda t: replace(t, "Slug: vertebroplasty", "Title: Vertebroplasty again\nSlug: vertebroplasty"),
        [(SLUG, f"the 'Title:' line is given more than once: line {TITLE} says 'Vertebroplasty', line {SLUG} says "
          "'Vertebroplasty again'.")],  # fmt: skip
    ),
    "reviewed given twice": (
        # Said once, as a line given twice: not also as "'Reviewed: [..., ...]' is not a real date".
        lambda t: replace(t, "Slug: vertebroplasty", "Reviewed: 2026-01-01\nSlug: vertebroplasty"),
        [(REVIEWED + 1, f"the 'Reviewed:' line is given more than once: line {SLUG} says '2026-01-01', line "
          f"{REVIEWED + 1} says '2026-11-25'.")],  # fmt: skip
    ),
    "keywords with an empty keyword": (
        lambda t: replace(t, "Keywords: spine, bone cement", "Keywords: spine,, bone cement"),
        [(KEYWORDS, "Keywords: 'spine,, bone cement' has an empty keyword (two commas in a row, or a comma at the "
          "end).")],  # fmt: skip
    ),
    "keywords pasted as a sentence": (
        lambda t: replace(t, "Keywords: spine, bone cement", "Keywords: " + "a sentence pasted where short search words belong " * 2),
        [(KEYWORDS, "Keywords: 'a sentence pasted where short search wor'... is 99 characters long; a keyword is "
          "a word or short phrase of at most 60.")],  # fmt: skip
    ),
    "keywords given twice": (
        # The first line counts (as for every key), so the second line's own mistake is not also said.
        lambda t: replace(t, "Reviewed:", "Keywords: spine,, bone cement\nReviewed:"),
        [(REVIEWED, f"the 'Keywords:' line is given more than once: line {KEYWORDS} says 'spine, bone cement', "
          f"line {REVIEWED} says 'spine,, bone cement'.")],  # fmt: skip
    ),
    "phone given twice": (
        # Was a traceback (exit 2): the phone check was given a list.
        lambda t: replace(t, "Reviewed: 2026-11-25", "Reviewed: 2026-11-25\nPhone: 202-877-9729\nPhone: 202-877-9730"),
        [(REVIEWED + 2, f"the 'Phone:' line is given more than once: line {REVIEWED + 1} says '202-877-9729', line "
          f"{REVIEWED + 2} says '202-877-9730'.")],  # fmt: skip
    ),
    "phone run on to a second line": (
        lambda t: replace(t, "Reviewed: 2026-11-25", "Reviewed: 2026-11-25\nPhone: 202-877-9729\n    ext. 1234"),
        [(REVIEWED + 2, f"the 'Phone:' line runs on to line {REVIEWED + 2} ('ext. 1234'), which is read as a second "
          "'Phone:' value.")],  # fmt: skip
    ),
    "slug run on to a second line": (
        # Was Pelican's "Duplicate definition of slug ... Using first one", with no line and no fix.
        lambda t: replace(t, "Slug: vertebroplasty", "Slug: vertebroplasty\n    -spine"),
        [(SLUG + 1, f"the 'Slug:' line runs on to line {SLUG + 1} ('-spine'), which is read as a second 'Slug:' value.")],
    ),
    "a header line below the blank line": (
        # Was published as the page's first paragraph, and the page was not a draft.
        lambda t: replace(t, "Reviewed: 2026-11-25\n", "Reviewed: 2026-11-25\n\nStatus: draft\n"),
        [(REVIEWED + 2, "'Status: draft' comes after the blank line that ends the header, so it would be published "
          "as text, not read.")],  # fmt: skip
    ),
    "a space before a header line's colon": (
        # Ended the header: the lines below it were published as text, and 'Summary:' and 'Reviewed:' were said
        # to be missing at the lines that give them.
        lambda t: replace(t, "Slug: vertebroplasty", "Slug: vertebroplasty\nOwner : Interventional Radiology"),
        [(SLUG + 1, f"line {SLUG + 1} is not a header line ('Key: value'), so the header ends there: it (and the "
          "header lines after it: Summary:, Department:, Keywords:, Codes:, Reviewed:) would be published as the "
          "page's first paragraph.")],  # fmt: skip
    ),
    "a misspelt header key": (
        # Was ignored: the page was published, not kept as a draft.
        lambda t: replace(t, "Reviewed: 2026-11-25", "Reviewed: 2026-11-25\nStaus: draft"),
        [(REVIEWED + 1, "'Staus:' is not a header line this site reads, so the build would ignore it without a word.")],
    ),
    "a review interval in superscript digits": (
        # Was a traceback: str.isdigit() takes '⁶', int() does not.
        lambda t: replace(t, "Reviewed: 2026-11-25", "Reviewed: 2026-11-25\nReview-Interval-Months: ⁶"),
        [(REVIEWED + 1, "'Review-Interval-Months: ⁶' must be a whole number of months from 1 to 12.")],
    ),
    "a slug too long for an address": (
        # Was a traceback as the page was written (OSError: File name too long).
        lambda t: replace(t, "Slug: vertebroplasty", "Slug: " + "very-long-" * 30 + "x"),
        [(SLUG, "the page's address, procedures/very-long-very-long-very-long-very-long-…/, is 301 characters long: "
          "an address patients read and type is at most 80.")],  # fmt: skip
    ),
    "an empty phone line": (
        lambda t: replace(t, "Reviewed: 2026-11-25", "Reviewed: 2026-11-25\nPhone:"),
        [(REVIEWED + 1, "'Phone: ' is not a valid phone number.")],  # it had no line
    ),
    "the phone placeholder with a bracket too many": (
        # Was published as {202-877-9729}, with no message.
        lambda t: replace(t, "{phone}", "{{phone}} or {phone}}") + "\nAlso {{phone}}.\n",
        [(at("{phone}"), "{phone}} has a curly bracket too many, so patients would see the number with it "
          "(202-555-0100})."),
         (at("{phone}"), "{{phone}} has a curly bracket too many, so patients would see the number with it "
          "({202-555-0100})."),
         (END, "{{phone}} has a curly bracket too many, so patients would see the number with it "
          "({202-555-0100}).")],  # fmt: skip
    ),
    "a static link that names no file": (
        # Pelican only warned "Unable to find '', skipping url replacement." as it wrote the page: no file, no line.
        lambda t: t + "\nSee [the leaflet]({static}) or [this one]({filename}#why).\n",
        [(END, "the link {static} names no file, so it would lead nowhere."),
         (END, "the link {filename}#why names no file, so it would lead nowhere.")],
    ),
    "two aligned tables and a smiley between them": (
        # One problem a table, at its line of dashes: Markdown writes the style on every cell, and ':-)' is no table.
        lambda t: t + "\n| A | B |\n|:---|:---:|\n| 1 | 2 |\n\nSee you soon :-)\n\n| C | D |\n| ---: | --- |\n| 3 | 4 |\n",
        [(END + 1, "a table column is aligned with ':' in its line of dashes; Markdown aligns it with a style= "
          "attribute, which the page's security policy blocks."),
         (END + 7, "a table column is aligned with ':' in its line of dashes; Markdown aligns it with a style= "
          "attribute, which the page's security policy blocks.")],  # fmt: skip
    ),
    "a header value run on to a line indented with a tab": (
        # Markdown expands tabs before it reads the header: the value was dropped without a word.
        lambda t: replace(t, "Reviewed: 2026-11-25", "Reviewed: 2026-11-25\n\tand more"),
        [(REVIEWED + 1, f"the 'Reviewed:' line runs on to line {REVIEWED + 1} ('and more'), which is read as a "
          "second 'Reviewed:' value.")],  # fmt: skip
    ),
    "a line separator pasted into the summary": (
        # Was "line 4 is not a header line", at the Department: line: U+2028 ended the line for the header check
        # (Markdown ends lines at \n only), and the character itself was never named.
        lambda t: replace(t, "used to stabilize spinal", "used to stabilize\u2028spinal"),
        [(SUMMARY, "the 'Summary:' line holds an invisible character: U+2028 LINE SEPARATOR after 'used to "
          "stabilize'. It cannot be seen, but it splits or changes the words: search, the A–Z list and the page's "
          "checks read different words than the ones you see.")],  # fmt: skip
    ),
    "a line separator pasted into a heading": (
        # Was accepted: the heading's spaces were folded with str's whitespace, U+2028 among them.
        lambda t: replace(t, "## Why Vertebroplasty is Performed", "## Why Vertebroplasty\u2028is Performed"),
        [(at("## Why"), "the heading 'Why Vertebroplasty is Performed' holds an invisible character: U+2028 LINE "
          "SEPARATOR after 'Why Vertebroplasty'. It cannot be seen, but it splits or changes the words: search, the "
          "A–Z list and the page's checks read different words than the ones you see.")],  # fmt: skip
    ),
    "a slug of words, too long for an address": (
        # The fix offered a slug cut mid-word, with its spaces and capitals, which the next build refused in turn.
        lambda t: replace(t, "Slug: vertebroplasty", "Slug: Vertebroplasty And Kyphoplasty For Painful Spinal "
                          "Compression Fractures In Older Adults With Osteoporosis"),
        [(SLUG, "the slug 'Vertebroplasty And Kyphoplasty For Painful Spinal Compression Fractures In Older Adults "
          "With Osteoporosis' may hold only lowercase letters, digits and hyphens (-): it becomes the page's address.")],
    ),
    "a javascript: link written with a character reference": (
        # Had no line: the address the HTML has is not the one written.
        lambda t: t + "\nSee [the trick](jav&#x61;script:alert(1)).\n",
        [(END, "a javascript: link is not allowed.")],
    ),
    "an address written with a tab in it": (
        # Markdown makes the tab spaces; the line was looked for as the HTML has it, and not found.
        lambda t: t + '\n<a href="java\tscript:alert(1)">the trick</a>\n',
        [(END, "the link java   script:alert(1) is a web address written by hand: the build cannot check where it "
               "leads, and it would not work in the kiosk, which opens pages as files.")],
    ),
    "an attribute in a heading's attribute list": (
        # Had no line: it was looked for as HTML writes it, me=.
        lambda t: t + "\n### Caring for the wound {#care me}\n\nKeep it dry.\n",
        [(END, "the attribute me= is not allowed on <h3>.")],
    ),
    "a details element left open before a required heading": (
        # Was four 'required section ... is missing' (no line), for headings the author can see in the file.
        lambda t: replace(t, "## Risks and Benefits", "<details><summary>More</summary>\n\nA note.\n\n## Risks and Benefits"),
        [(at("## Risks") , "the <details> that starts here holds '## Risks and Benefits of Vertebroplasty': "
          "Markdown reads nothing inside an HTML element, so that heading and what follows it in the element are "
          "shown as plain text, not as the page's sections."),
         (at("{phone}") + 4, "{phone} is inside HTML or `code`, where the build cannot fill in the number.")],
    ),
    "two javascript: links, the second written with a character reference": (
        # Each placed by its own words: the second was merged into the first (second review).
        lambda t: t + "\n[a](javascript:alert(1))\n\n[the trick](jav&#x61;script:alert(2))\n",
        [(END, "a javascript: link is not allowed."), (END + 2, "a javascript: link is not allowed.")],
    ),
    "two aligned tables, the second with single dashes, and a smiley between": (
        lambda t: t + "\n| A | B |\n|:--|---|\n| 1 | 2 |\n\nText :-)\n\n| C | D |\n|:-|-|\n| 3 | 4 |\n",
        [(END + 1, "a table column is aligned with ':' in its line of dashes; Markdown aligns it with a style= "
          "attribute, which the page's security policy blocks."),
         (END + 7, "a table column is aligned with ':' in its line of dashes; Markdown aligns it with a style= "
          "attribute, which the page's security policy blocks.")],  # fmt: skip
    ),
    "a heading indented into a code block": (
        # Markdown makes an indented line code: no HTML element was left open, so the section is missing.
        lambda t: replace(t, "## Risks and Benefits", "    ## Risks and Benefits"),
        [(None, "the required section 'Risks and Benefits of Vertebroplasty' is missing.")],
    ),
    "an id the layout uses": (
        lambda t: t + "\nA note.\n{: #idle-dialog }\n",
        [(END + 1, f"the id 'idle-dialog' {LAYOUT_ID}")],
    ),
    "static link in a srcset": (
        lambda t: t + '\n<img alt="Spine" src="spine.png" srcset="{static}/images/spine.png 2x">\n',
        [
            (END, HAND_WRITTEN_IMAGE),
            (END, "the srcset of an image holds {static}/images/spine.png; the build can only fill in {static} and "
             "{filename} links in src and href, so this picture would be broken."),
        ],  # fmt: skip
    ),
    "remote candidate hidden behind a parenthesis": (
        lambda t: t + '\n<img alt="Spine" src="spine.png" srcset="spine.png ((x) , https://cdn.example/t.png">\n',
        [
            (END, f"the <img> loads https://cdn.example/t.png (candidate 2 of its srcset) from another site. {ELSEWHERE}"),
            (END, HAND_WRITTEN_IMAGE),
        ],
    ),
    "static link out of the content folder": (
        lambda t: t + "\n[Requirements]({static}/../requirements.txt)\n",
        [(END, "the link {static}/../requirements.txt points outside the content folder, to <tmp>/requirements.txt. "
          "Pages may only link files inside content/.")],  # fmt: skip
    ),
    # Issue 18: text that looks right but is not.
    "right-to-left override in the title": (
        lambda t: t.replace("Vertebroplasty", "Kypho\u202eytsalp"),  # shows as "Kyphoplasty"
        [
            (TITLE, f"the 'Title:' line holds an invisible character: U+202E RIGHT-TO-LEFT OVERRIDE after 'Title: Kypho'. {OVERRIDE}"),
            (SUMMARY, "the 'Summary:' line holds an invisible character: U+202E RIGHT-TO-LEFT OVERRIDE after "
             f"'Summary: Kypho'. {OVERRIDE}"),
            *[
                # The heading as it is shown, without the override
                (at(heading), f"the heading '{words} Kyphoytsalp{after}' holds an invisible character: U+202E "
                 f"RIGHT-TO-LEFT OVERRIDE after '{where}Kypho'. {OVERRIDE}")
                for heading, words, after, where in [
                    ("## Why", "Why", " is Performed", "Why "),
                    ("## What to Expect", "What to Expect During", "", "Expect During "),
                    ("## Risks", "Risks and Benefits of", "", "Benefits of "),
                    ("## How to Prepare", "How to Prepare for", "", "Prepare for "),
                    ("## Post", "Post", "", "Post "),
                ]
            ],
        ],  # fmt: skip
    ),
    "soft hyphen in a required heading": (
        lambda t: replace(t, "## Risks and Benefits", "## Ri\u00adsks and Benefits"),
        [(at("## Risks"), "the heading 'Risks and Benefits of Vertebroplasty' holds an invisible character: U+00AD "
          f"SOFT HYPHEN after 'Ri'. {INVISIBLE}")],  # fmt: skip
    ),
    "look-alike letter in a required heading": (
        lambda t: replace(t, "## Post Vertebroplasty", "## Post Vertebropl\u0430sty"),
        [(at("## Post"), "the heading '## Post Vertebropl\u0430sty' looks like the required 'Post Vertebroplasty' but "
          "is written with other characters: '\u0430' after 'Post Vertebropl' is U+0430 CYRILLIC SMALL LETTER A, "
          "which looks like 'a' (U+0061 LATIN SMALL LETTER A).")],  # fmt: skip
    ),
    "zero-width space in a metadata value": (
        lambda t: replace(t, "Department: Interventional", "Department: Interventional\u200b"),
        [(DEPARTMENT, "the 'Department:' line holds an invisible character: U+200B ZERO WIDTH SPACE after "
          f"'Interventional'. {INVISIBLE}")],  # fmt: skip
    ),
    "zero-width space in the slug": (
        lambda t: replace(t, "Slug: vertebroplasty", "Slug: vertebro\u200bplasty"),
        [(SLUG, "the slug 'vertebroplasty' holds an invisible character: U+200B ZERO WIDTH SPACE after 'vertebro'. "
          "It cannot be seen, but it would be part of the page's address.")],  # fmt: skip
    ),
    "phone placeholder with a Cyrillic letter": (
        lambda t: t + "\nOr call {ph\u043ene} today.\n",
        [(END, "{ph\u043ene} looks like {phone} but is written with other characters: '\u043e' after '{ph' is U+043E "
          "CYRILLIC SMALL LETTER O, which looks like 'o' (U+006F LATIN SMALL LETTER O). Patients would see it as "
          "written.")],  # fmt: skip
    ),
    "phone placeholder in fullwidth brackets": (
        lambda t: t + "\nOr call \uff5bphone\uff5d today.\n",
        [(END, "\uff5bphone\uff5d looks like {phone} but is written with other characters: '\uff5b' at the start is "
          "U+FF5B FULLWIDTH LEFT CURLY BRACKET, which looks like '{' (U+007B LEFT CURLY BRACKET); '\uff5d' after "
          "'\uff5bphone' is U+FF5D FULLWIDTH RIGHT CURLY BRACKET, which looks like '}' (U+007D RIGHT CURLY "
          "BRACKET). Patients would see it as written.")],  # fmt: skip
    ),
    "phone placeholder with a zero-width joiner": (
        lambda t: t + "\nOr call {pho\u200dne} today.\n",
        [(END, "this {phone} holds an invisible character: U+200D ZERO WIDTH JOINER after '{pho'. So it is not the "
          "placeholder, and patients would see it as written.")],  # fmt: skip
    ),
    "premium-rate phone": (
        lambda t: replace(t, "Department:", "Phone: 900-555-0199\nDepartment:"),
        [(DEPARTMENT, "'Phone: 900-555-0199' is a premium-rate number: patients would pay extra to call it.")],
    ),
    "date in the future": (
        lambda t: replace(t, "Department:", "Date: 2999-01-01\nDepartment:"),
        [(DEPARTMENT, "'Date: 2999-01-01' is in the future.")],
    ),
    "modified in the future": (
        lambda t: replace(t, "Department:", "Modified: 2999-01-01\nDepartment:"),
        [(DEPARTMENT, "'Modified: 2999-01-01' is in the future.")],
    ),
    "slug given twice": (
        lambda t: replace(t, "Department:", "Slug: other\nDepartment:"),
        [(DEPARTMENT, f"the 'Slug:' line is given more than once: line {SLUG} says 'vertebroplasty', line "
          f"{DEPARTMENT} says 'other'.")],  # fmt: skip
    ),
    "an id the header's search box uses": (
        lambda t: t + '\n<span id="site-search-q">Search</span>\n',
        [(END, f"the id 'site-search-q' {LAYOUT_ID}")],
    ),
    "top-level heading in content": (
        lambda t: replace(t, "A person has 33", "# Vertebroplasty\n\nA person has 33"),
        [
            (None, "the page has no lead: the text before the first heading is empty."),
            (at("A person has 33"), "'# Vertebroplasty' is a top-level heading; the page title is already the "
             "top-level heading."),
        ],  # fmt: skip
    ),
}


def test_the_real_page_has_no_problem():
    """What every case below changes builds as it is."""
    assert problems_of(TEXT) == []


@pytest.mark.parametrize("case", sorted(BAD_PAGES))
def test_each_bad_page_is_refused_with_its_exact_problems(case):
    """Every problem names the page and has a fix; nothing else is said (no
    echo of Pelican's, no warning, no problem twice)."""
    edit, expected = BAD_PAGES[case]
    assert said(problems_of(edit(TEXT))) == expected


def test_a_date_pelican_cannot_read_is_named_at_its_line_and_the_page_is_still_checked():
    """Was Pelican's error, naming the file only ("Could not process ...: 'soon' is not a valid date"), and the page
    went unchecked, so its other problems came one build later."""
    text = replace(TEXT, "Department:", "Date: soon\nModified: 2026-02-30\nDepartment:") + "\n<script>alert(1)</script>\n"
    assert said(problems_of(text)) == [
        (DEPARTMENT, "the 'Date:' line cannot be read: 'soon' is not a valid date."),
        (DEPARTMENT + 1, "the 'Modified:' line cannot be read: '2026-02-30' is not a valid date."),
        (END + 2, "<script> is not allowed: scripts do not run on these pages."),
    ]
    assert problems_of(text)[1].fix == ("write it as Modified: 2026-11-24 (year, month, day; a time may follow: "
                                        "Modified: 2026-11-24 10:30), or delete the line.")


def test_a_slug_too_long_is_given_a_shorter_one_the_build_takes():
    words = "Vertebroplasty And Kyphoplasty For Painful Spinal Compression Fractures In Older Adults With Osteoporosis"
    [found] = problems_of(replace(TEXT, "Slug: vertebroplasty", f"Slug: {words}"))
    assert found.fix == "write it as 'Slug: vertebroplasty-and-kyphoplasty-for'."
    assert problems_of(replace(TEXT, "Slug: vertebroplasty", "Slug: vertebroplasty-and-kyphoplasty-for")) == []


def test_a_date_below_a_line_that_ended_the_header_is_named_at_its_line():
    text = replace(TEXT, "Department: Interventional Radiology", "Department : Interventional Radiology\nDate: soon")
    assert said(problems_of(text)) == [
        (DEPARTMENT, f"line {DEPARTMENT} is not a header line ('Key: value'), so the header ends there: it (and the "
         "header lines after it: Date:, Keywords:, Codes:, Reviewed:) would be published as the page's first "
         "paragraph."),
        (DEPARTMENT + 1, "the 'Date:' line cannot be read: 'soon' is not a valid date."),
    ]


@pytest.mark.parametrize("written", ["2026-11-24 10:30 -24", "2026-11-24 10:30 +2530", "2026-11-24 10:30 GMT+25"])
def test_a_date_with_an_impossible_time_zone_is_the_authors_to_fix_not_a_traceback(written):
    """dateutil reads these; the datetime only fails when its offset is asked
    for (a ValueError in a later check, which was a traceback and exit 2)."""
    problems = problems_of(replace(TEXT, "Department:", f"Modified: {written}\nDepartment:"))
    assert said(problems) == [(DEPARTMENT, f"the 'Modified:' line cannot be read: '{written}' is not a valid date (its "
                                           "time zone is 24 hours or more from UTC).")]


OPEN_COMMENT = ("an HTML comment starts here with '<!--' but is not closed within its paragraph, so the note would be "
                "shown to patients.")


@pytest.mark.parametrize("edit", [
    lambda text: text.replace("## Post Vertebroplasty", "<!-- pending legal review, do not publish dosage\n\n"
                              "## Post Vertebroplasty"),
    lambda text: text.replace("Most patients", "Most <!-- check with Dr. X patients", 1),
    lambda text: text + "\n<!-- a note at the end\n",
    # Markdown closes an inline comment only within its paragraph: a '-->' further down does not save it.
    lambda text: text.replace("Most patients", "Most <!-- pending legal review patients", 1) + "\nLater. -->\n",
    lambda text: text.replace("Most patients", "Most <!-- pending legal review patients", 1)
    + "\n<!-- reviewer: ok -->\n",
])
def test_an_html_comment_left_open_is_refused_at_its_line(edit):
    """Markdown escapes a '<!--' nothing closes and publishes the editor's
    note as text: the page is refused at the line the comment opens."""
    text = edit(TEXT)
    line = next(number for number, written in enumerate(text.splitlines(), start=1) if "<!--" in written)
    problems = problems_of(text)
    assert said(problems) == [(line, OPEN_COMMENT)]
    assert problems[0].fix == ("end the note with '-->' in the same paragraph (for example '<!-- note for editors -->'), "
                               "or delete the '<!--'.")


@pytest.mark.parametrize("written", [
    "<!-- a note\nover two lines -->\n",
    "Type `<!--` to start a note.\n",  # shown on purpose, as code
    "```\n<!-- an example\n```\n",
    "<!-- a note --!>\n",  # closed, as Markdown and the HTML standard read it
])
def test_a_closed_comment_or_one_shown_as_code_says_nothing(written):
    text = TEXT.replace("## Post Vertebroplasty", f"{written}\n## Post Vertebroplasty")
    assert problems_of(text) == []


def test_a_draft_may_keep_a_comment_open():
    draft = replace(TEXT, "Department:", "Status: draft\nDepartment:") + "\n<!-- still being written\n"
    assert problems_of(draft) == []  # a draft is not published, so not checked


SECTION_LINKS = "#lead, #why, #during, #risks-benefits, #prepare, #after, #appointment"


def test_a_link_to_a_place_the_page_does_not_have_is_refused_at_each_line_it_is_written():
    """'#after-care' with no element of that id was published, and went nowhere.
    Written twice, it is two mistakes to fix: each is named at its own line."""
    text = TEXT.replace("Most patients", "Most [see below](#after-care) patients", 1)
    text += "\nAgain: [after care](#after-care), and [top](#top).\n"
    message = ("the link #after-care points to a place on this page that does not exist: no heading or element has "
               "the id 'after-care'.")
    assert said(problems_of(text)) == [(at("Most [see below]", text), message), (at("Again:", text), message)]
    found = problems_of(text)[0]
    assert found.fix == ("give the heading you mean that id, for example '### Caring for the wound {#after-care}', "
                         f"or link to one of the page's sections: {SECTION_LINKS}.")


def test_a_link_to_a_missing_place_twice_on_one_line_is_one_problem_there_not_also_at_an_id_like_it():
    text = TEXT + "\nRead [it](#wound) and again [it](#wound).\n\n### Wound care {#wound-care}\n\nText.\n"
    assert [line for line, _message in said(problems_of(text))] == [END]


@pytest.mark.parametrize(("link", "fix"), [("#Why", "ids are written exactly: write #why."),
                                         ("##why", "ids are written exactly: write #why.")])
def test_a_link_to_a_place_written_not_quite_as_its_id_is_told_the_id(link, fix):
    text = TEXT.replace("Most patients", f"Most [see]({link}) patients", 1)
    [found] = problems_of(text)
    assert (found.line, found.fix) == (at("Most [see]", text), fix)


def test_a_broken_link_is_found_at_its_own_line_not_at_an_id_that_starts_like_it():
    text = TEXT + "\n### Wound care {#wound-care}\n\nSee [the wound](#wound).\n"
    [found] = problems_of(text)
    assert found.line == len(text.splitlines())


@pytest.mark.parametrize("link", ["#why", "#why-title", "#main", "#top", "#TOP", "#", "#after-care", "#cement",
                                  "#despu%C3%A9s"])
def test_a_link_to_a_place_the_page_has_says_nothing(link):
    """A section's id and its heading's, the theme's (#main), the top, and
    ids the page's own text gives: a heading's {#id}, raw HTML's id= (as
    written or percent-decoded)."""
    text = TEXT.replace("Most patients", f"Most [see]({link}) patients", 1).replace(
        "## Post Vertebroplasty",
        "## Post Vertebroplasty\n\n### Caring for the wound {#after-care}\n\n<p id=\"cement\">Cement.</p>\n\n"
        "<p id=\"después\">Kept.</p>",
        1,
    )
    assert problems_of(text) == []


@pytest.mark.parametrize(("written", "message", "fix"), [
    ("Status: hiden", "'Status: hiden' is not a status the site knows, so the page would not be built at all.",
     "write 'Status: draft' (not published yet) or 'Status: hidden' (published, but left out of the A–Z lists and "
     "the search), or delete the line to publish the page."),
    ("Lang:", "the 'Lang:' line is empty, so the page would have no address.",
     "write the page's language, one of 'en' (English), 'es' (Español), or delete the line for a page in English."),
])
def test_a_header_pelican_would_skip_the_page_for_is_said_at_its_line_with_the_pages_other_problems(
        written, message, fix):
    """Pelican skipped such a page with an error naming neither line nor
    fix, and its other problems appeared only once it was put right."""
    text = replace(TEXT, "Department:", f"{written}\nDepartment:").replace(
        "## Make an Appointment", "## Make an Apointment")
    problems = problems_of(text)
    assert [(p.line, p.message, p.fix) for p in problems][:1] == [(at(written, text), message, fix)]
    assert [p.line for p in problems][1:] == [at("## Make an Apointment", text)]  # the other, in the same run
    assert not any("Unknown status" in p.message or "outside output path" in p.message for p in problems)


def test_an_image_without_a_picture_is_refused_at_its_line():
    """Raw HTML can write an <img> with no src at all: patients saw nothing,
    or a broken-image icon, and nothing was said."""
    text = TEXT + '\nA picture:\n\n<img alt="A nurse checks the bandage">\n'
    assert said(problems_of(text)) == [(
        len(text.splitlines()),
        "an image has no picture: it has no src=, so patients would see nothing, or a broken-image icon.",
    )]  # fmt: skip


def test_an_empty_language_line_on_a_translation_is_one_problem_naming_its_folders_language():
    """Not also a dozen about English sections the Spanish page lacks."""
    spanish = SPANISH_FIXTURE.read_text(encoding="utf-8").replace("Lang: es", "Lang:")
    problems = problems_of(TEXT, files=with_spanish(spanish), overrides={"ALLOW_TEST_FIXTURES": True})
    line = next(number for number, text in enumerate(spanish.splitlines(), start=1) if text == "Lang:")
    assert [(p.file, p.line, p.message, p.fix) for p in problems] == [(
        SPANISH, line, "the 'Lang:' line is empty, so the page would have no address.",
        "write 'Lang: es', the language of the folder it is in.",
    )]  # fmt: skip


def test_a_language_line_given_twice_on_a_translation_is_named_at_its_second_line():
    """Was Pelican's "Could not process ...: unhashable type: 'list'", with no line and a fix about dates."""
    spanish = SPANISH_FIXTURE.read_text(encoding="utf-8").replace("Lang: es", "Lang: es\nLang: es")
    problems = problems_of(TEXT, files=with_spanish(spanish), overrides={"ALLOW_TEST_FIXTURES": True})
    line = spanish.splitlines().index("Lang: es") + 1
    assert [(p.file, p.line, p.message, p.fix) for p in problems] == [(
        SPANISH, line + 1, f"the 'Lang:' line is given more than once: line {line} says 'es', line {line + 1} says 'es'.",
        "keep the one 'Lang:' line you mean and delete the other.",
    )]  # fmt: skip


def test_a_translation_s_problem_is_listed_beside_its_original_s_when_both_files_share_a_name():
    """make new-translation names the Spanish page procedures/es/<same name>.md; a problem of the English page
    hid Pelican's error about the Spanish one as an echo (the echo rule: tests/test_log_report.py)."""
    english = replace(TEXT, "Reviewed: 2026-11-25", "Reviewed: 2026-11-25\nReview-Interval-Months: 13")
    spanish = SPANISH_FIXTURE.read_text(encoding="utf-8").replace("Lang: es", "Lang: es\nDate: 2026-13-45")
    problems = problems_of(english, files={"procedures/es/vertebroplasty.md": spanish}, overrides={"ALLOW_TEST_FIXTURES": True})
    assert [(p.file, p.message) for p in problems] == [
        ("procedures/es/vertebroplasty.md", "the 'Date:' line cannot be read: '2026-13-45' is not a valid date."),
        (PAGE, "'Review-Interval-Months: 13' must be a whole number of months from 1 to 12."),
    ]


@pytest.mark.parametrize("settings", ["pelicanconf.py", "kioskconf.py"])
@pytest.mark.parametrize("lang", ["Español", "e s"])
def test_a_language_line_that_is_no_language_tag_is_its_problem_not_a_traceback(lang, settings):
    """ICU refused to make a Locale of it ('Illegal argument') while the A–Z list was sorted, before the build
    could say what was wrong."""
    spanish = SPANISH_FIXTURE.read_text(encoding="utf-8").replace("Lang: es", f"Lang: {lang}")
    problems = problems_of(TEXT, files=with_spanish(spanish), settings=settings,
                           overrides={"ALLOW_TEST_FIXTURES": True, "PUBLIC_SITEURL": "https://www.example.org"})
    line = spanish.splitlines().index(f"Lang: {lang}") + 1
    assert [(p.file, p.line, p.message) for p in problems] == [(SPANISH, line, f"'Lang: {lang}' is not one of the site's languages.")]


def test_a_build_that_stopped_with_a_bug_leaves_no_problem_for_the_next_build_to_say(monkeypatch):
    """The preview builds in one process: after a build stopped with a bug, the next build said the earlier build's
    problems again, though the page had been fixed."""
    from procedure_site.language_versions import plugin

    def broken(*args):
        raise RuntimeError("a bug in the build")

    with monkeypatch.context() as patched:
        patched.setattr(plugin, "published_by_language", broken)
        with pytest.raises(RuntimeError, match="a bug in the build"):
            problems_of(TEXT + "\n<script>alert(1)</script>\n")
    assert problems_of(TEXT) == []


def test_a_file_name_too_long_for_an_address_is_refused_with_the_fix():
    problems = problems_of(replace(TEXT, "Slug: vertebroplasty\n", ""), name="procedures/" + "knee-" * 20 + "x.md")
    assert [(p.file, p.line, p.fix) for p in problems] == [(
        "procedures/" + "knee-" * 20 + "x.md", None,
        "give the page a shorter address with a 'Slug: knee-knee-knee-knee-knee-knee-knee-knee' line, or a shorter "
        "file name.",
    )]  # fmt: skip


@pytest.mark.parametrize("name", ["procedures/es/vertebroplasty.md", SPANISH])
def test_a_translation_without_its_language_line_is_one_problem_naming_its_folders_language(name):
    """Was fifteen: six required English sections missing, six Spanish headings 'not required', a slug clash said
    of both pages, and 'says Lang: en' of a page that says no such thing."""
    spanish = SPANISH_FIXTURE.read_text(encoding="utf-8").replace("Lang: es\n", "")
    problems = problems_of(TEXT, files={name: spanish}, overrides={"ALLOW_TEST_FIXTURES": True})
    assert [(p.file, p.line, p.message, p.fix) for p in problems] == [(
        name, 1, "this page is in the 'es' folder but has no 'Lang:' line, so the build would take it for a page "
        "in English, at the address of the English page with its slug.",
        "add 'Lang: es' at the top if it is the Español version, or move it out of that folder.",
    )]  # fmt: skip


def test_problem_names_the_line():
    text = TEXT + "\nMore.\n\n<script>alert(1)</script>\n"
    line = text.splitlines().index("<script>alert(1)</script>") + 1
    assert said(problems_of(text)) == [(line, "<script> is not allowed: scripts do not run on these pages.")]


def test_duplicate_section_names_the_second_heading_line():
    text = TEXT + "\n## Why Vertebroplasty is Performed\n\nAgain.\n"
    line = len(text.splitlines()) - 2
    assert said(problems_of(text)) == [
        (line, f"the section 'Why Vertebroplasty is Performed' appears twice (first at line {at('## Why')}).")
    ]


def test_duplicate_slug_names_both_files():
    problems = problems_of(TEXT, files={"procedures/vertebroplasty-copy.md": TEXT})
    assert [(p.file, p.line, p.message) for p in problems] == [
        # Each at its Slug: line (there was no line).
        ("procedures/vertebroplasty-copy.md", SLUG, "the slug 'vertebroplasty' is also used by "
         f"{PAGE}: two pages would have the same address."),
        (PAGE, SLUG, "the slug 'vertebroplasty' is also used by procedures/vertebroplasty-copy.md: two pages "
         "would have the same address."),
    ]  # fmt: skip
    assert all(problem.fix for problem in problems)


def test_an_html_block_holding_a_required_heading_is_named_at_its_own_start_not_an_earlier_copy():
    """The heading written again in a comment above, and with two spaces after its ##: the block is still found."""
    heading = "## Risks and Benefits of Vertebroplasty"
    text = replace(TEXT, "## Why Vertebroplasty", f"<!--\n{heading}\n-->\n\n## Why Vertebroplasty")
    text = replace(text, heading + "\n\n", "<details>\n\nA note.\n\n##  Risks and Benefits of Vertebroplasty\n\n")
    problems = problems_of(text)
    assert [(p.line, p.message.split(":")[0]) for p in problems][0] == (
        at("<details>", text), "the <details> that starts here holds '## Risks and Benefits of Vertebroplasty'")


def test_a_line_separator_in_the_text_does_not_shift_the_lines_of_what_follows():
    """Lines are counted at \\n, as Markdown and an editor count them: str.splitlines also cut at U+2028, and
    the writing-hint check and the page limits named every later line one too far."""
    text = replace(TEXT, "A person has 33 bones", "A person\u2028has 33 bones")
    hint = problems_of(text + "\n[Replace this: the risks]\n")
    deep = problems_of(text + "\n" + "> " * 12 + "deep\n")
    assert [p.line for p in hint] == [END] and [p.line for p in deep] == [END]


def test_two_pages_of_one_slug_from_their_file_names_are_named_without_a_line():
    """No Slug: line to point at: the slug is the file name's."""
    text = replace(TEXT, "Slug: vertebroplasty\n", "")
    problems = problems_of(text, files={"procedures/Vertebroplasty.md": text})
    assert [(p.file, p.line) for p in problems] == [("procedures/Vertebroplasty.md", None), (PAGE, None)]


def test_non_utf8_file_names_file_and_line():
    """Pelican's vague 'Could not process' echo is folded in."""
    problems = problems_of(TEXT, files={"procedures/cafe.md": "Title: Caf\xe9 test\nSummary: A test.\n".encode("latin-1")})
    assert [(p.file, p.line, p.message) for p in problems] == [
        ("procedures/cafe.md", 1, "this file is not saved as UTF-8 text."),
    ]  # fmt: skip
    assert problems[0].fix


def test_all_problems_listed_in_one_run():
    assert said_of_two_pages(problems_of(TEXT_OF_TWO[PAGE], files={"procedures/other.md": TEXT_OF_TWO["other"]})) == [
        ("procedures/other.md", TITLE, "the 'Summary:' line is missing or empty."),
        ("procedures/other.md", SUMMARY, "'X:' is not a header line this site reads, so the build would ignore it "
         "without a word."),
        ("procedures/other.md", at("## Make an Appointment"), "the section 'Make an Appointment' does not show the "
         "phone number."),
        ("procedures/other.md", END, "<iframe> is not allowed: embedded pages are not allowed."),
        (PAGE, at("## Make an Appointment"), "the section 'Make an Appointment' does not show the phone number."),
        (PAGE, END, "<iframe> is not allowed: embedded pages are not allowed."),
    ]  # fmt: skip


def said_of_two_pages(problems):
    assert all(problem.fix for problem in problems), problems
    return [(problem.file, problem.line, problem.message) for problem in problems]


_broken = replace(TEXT, "{phone}", "the desk") + "\n<iframe></iframe>\n"
TEXT_OF_TWO = {
    PAGE: _broken,
    "other": replace(_broken, "Slug: vertebroplasty", "Slug: other").replace("Summary:", "X:"),
}


def test_summary_with_an_abbreviation_is_one_sentence():
    assert problems_of(replace(TEXT, "Summary: Vertebroplasty", "Summary: Dr. Lee explains how vertebroplasty")) == []


def test_phone_in_a_heading_is_the_only_problem_reported():
    """Not also 'required section missing': the heading is still the section."""
    text = replace(TEXT, "## Make an Appointment", "## Make an Appointment: {phone}")
    assert said(problems_of(text)) == [
        (at("## Make an Appointment"), "{phone} is in a heading; the number can only be filled in within a section's text.")
    ]


def test_issue_example_phone_at_the_start_of_a_line_shows_the_number():
    """attr_list used to read this {phone} as an attribute list: <p phone>."""
    text = replace(TEXT, "For an appointment with a specialist, call\n\n{phone}", "Questions? Call\n{phone}")
    read = read_phase(text)
    assert read.problems == []
    (page,) = read.pages
    assert "<p phone" not in page.content
    assert 'href="tel:+1' in page.content.split("<h2>Make an Appointment</h2>")[1]


def with_subheadings(text):
    text = replace(text, "## What to Expect During", "### Before the day\n\nA note.\n\n## What to Expect During")
    return replace(text, "## Post Vertebroplasty", "### At home\n\nRest.\n\n## Post Vertebroplasty")


def test_section_errors_keep_their_line_numbers_on_a_page_with_subheadings():
    """Line numbers used to vanish from every section error once a ### appeared."""
    text = replace(with_subheadings(TEXT), "## Post Vertebroplasty", "## Aftercare")
    line = text.splitlines().index("## Aftercare") + 1
    assert said(problems_of(text)) == [
        MISSING_POST,
        (line, "the heading '## Aftercare' is not one of the required sections."),
    ]


def test_static_link_out_of_the_content_folder_names_page_line_and_rule():
    """Named once, by the page's check: not also Pelican's 'are the same file'."""
    text = TEXT + "\nSee [this]({static}/../requirements.txt).\n"
    assert said(problems_of(text)) == [
        (len(text.splitlines()), "the link {static}/../requirements.txt points outside the content folder, to "
         "<tmp>/requirements.txt. Pages may only link files inside content/."),
    ]  # fmt: skip


def test_a_half_written_draft_builds_and_is_not_published():
    """docs/authoring.md: a draft is kept out of the build; the section rules
    wait until it is published. (That no file of it is written: the shared
    catalog's draft, test_shared_catalog.py.)"""
    draft = "Title: Kyphoplasty\nStatus: draft\n\nNotes for the clinical team.\n\n## Why\n"
    read = read_phase(TEXT, files={"procedures/kyphoplasty.md": draft})
    assert read.problems == []
    assert [page.slug for page in read.drafts] == ["kyphoplasty"]
    assert [page.slug for page in read.pages] == ["vertebroplasty"]


def test_a_draft_must_still_be_readable():
    draft = "Title: Kyphopl\xe1sty\nStatus: draft\n\nNotes.\n".encode("latin-1")
    problems = problems_of(TEXT, files={"procedures/kyphoplasty.md": draft})
    assert [(p.file, p.line, p.message) for p in problems] == [
        ("procedures/kyphoplasty.md", 1, "this file is not saved as UTF-8 text.")
    ]


def test_a_misplaced_phone_is_named_at_its_own_line_not_the_first_phone():
    text = TEXT + "\nOr dial `{phone}` from a hospital phone.\n"
    assert said(problems_of(text)) == [
        (len(text.splitlines()), "{phone} is inside HTML or `code`, where the build cannot fill in the number.")
    ]


LOOKS_RIGHT = {
    "soft-hyphen": lambda t: replace(t, "## Risks and Benefits", "## Ri\u00adsks and Benefits"),
    "look-alike": lambda t: replace(t, "## Post Vertebroplasty", "## Post Vertebropl\u0430sty"),
    "override": lambda t: replace(t, "Title: Vertebroplasty", "Title: Vertebro\u202eplasty"),
    "slug-twice": lambda t: replace(t, "Department:", "Slug: other\nDepartment:"),
    "draft-slug-twice": lambda t: replace(t, "Department:", "Status: draft\nSlug: other\nDepartment:"),
    "phone-look-alike": lambda t: replace(t, "{phone}", "{phone}\n\nOr {ph\u043ene}."),
}


def test_text_that_looks_right_but_is_not_is_one_problem_each_not_a_cascade():
    """A soft hyphen or a look-alike letter in a required heading used to be
    called 'not one of the required sections' (quoting the required wording)
    and then 'missing'; a second Slug: line was Pelican's warning, no line,
    no fix. Each page here has one mistake, and gets one message."""
    files = {
        f"procedures/{name}.md": edit(replace(TEXT, "Slug: vertebroplasty", f"Slug: {name}"))
        for name, edit in LOOKS_RIGHT.items()
    }
    problems = problems_of(TEXT, files=files)
    assert sorted(problem.file for problem in problems) == sorted(files)  # one each, the real page none
    assert all(problem.fix and problem.line for problem in problems), problems
    for problem in problems:
        assert "not one of the required sections" not in problem.message and "is missing" not in problem.message
        assert not problem.message.startswith("warning:") and "Duplicate definition" not in problem.message


# --- A few real builds: what a failure does to the output --------------------------------


def snapshot(folder):
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def previous_output(site, tmp_path):
    """A complete earlier build, to prove a failed build leaves it alone."""
    folder = tmp_path / "previous" / "output"
    shutil.copytree(site, folder)
    return folder


def assert_failed_cleanly(result, output, before):
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(output) == before, "a failed build changed the previous output"
    leftovers = [p.name for p in output.parent.iterdir() if p.name != output.name]
    assert not leftovers, f"the failed build left {leftovers}"


def test_a_build_refused_for_its_content_says_what_the_harness_says_and_leaves_the_output(
    content_copy, previous_output
):
    """The end to end proof for every case above: the build exits 1, prints
    the harness's problems (each with its file, line and fix, nothing else:
    no warning, no echo, none twice) and leaves the previous output as it was."""
    (content_copy / PAGE).write_text(TEXT_OF_TWO[PAGE], encoding="utf-8")
    (content_copy / "procedures" / "other.md").write_text(TEXT_OF_TWO["other"], encoding="utf-8")
    expected = problems_of(TEXT_OF_TWO[PAGE], files={"procedures/other.md": TEXT_OF_TWO["other"]})
    before = snapshot(previous_output)
    result = build(previous_output, content=content_copy)
    assert_failed_cleanly(result, previous_output, before)
    assert f"failed with {len(expected)} problem(s)" in result.stderr and len(expected) == 6
    printed = result.stderr.split("\n\n", 1)[1].replace(str(content_copy) + "/", "").strip()
    rendered = [f"{p.file}:{p.line}: {p.message}\n    How to fix: {p.fix}" for p in expected]
    assert printed == "\n\n".join(rendered)
    assert "warning:" not in result.stderr


def test_a_page_pelican_cannot_read_fails_cleanly_too(content_copy, previous_output):
    """Pelican's own error (a date it cannot read; a file not saved as UTF-8),
    not a plugin's: exit 1 all the same, and the output as it was."""
    edit_page(content_copy, lambda t: replace(t, "Department:", "Date: soon\nDepartment:"))
    (content_copy / "procedures" / "cafe.md").write_bytes("Title: Caf\xe9 test\nSummary: A test.\n".encode("latin-1"))
    before = snapshot(previous_output)
    result = build(previous_output, content=content_copy)
    assert_failed_cleanly(result, previous_output, before)
    assert "failed with 2 problem(s)" in result.stderr
    assert f"vertebroplasty.md:{DEPARTMENT}: the 'Date:' line cannot be read: 'soon' is not a valid date." in result.stderr
    assert "cafe.md:1: this file is not saved as UTF-8" in result.stderr
    assert "Could not process procedures/cafe.md" not in result.stderr


def test_failed_first_build_creates_no_output(content_copy, tmp_path):
    page = content_copy / PAGE
    page.write_text(page.read_text(encoding="utf-8") + "\n<script></script>\n", encoding="utf-8")
    output = tmp_path / "fresh" / "output"
    result = build(output, content=content_copy)
    assert result.returncode == 1
    assert not output.exists()
    assert list(output.parent.iterdir()) == []


def test_a_bug_in_the_build_exits_2_with_a_traceback(tmp_path):
    broken = '[{"id": "lead", "heading": null}, {"id": "why"}]'  # a section without its heading
    result = build(tmp_path / "output", overrides={"PROCEDURE_SECTIONS": json.loads(broken)})
    assert result.returncode == 2
    assert "error in the build system itself" in result.stderr and "Traceback" in result.stderr
    assert not (tmp_path / "output").exists()
