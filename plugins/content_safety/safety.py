"""Reports everything in a page's HTML that the allowlist (allowlist.py) refuses.

Runs on the page's one parse (plugins/page_model, check phase), so it sees raw
HTML and Markdown alike, exactly as a browser would build them.
"""

from blinker import signal

from .allowlist import problems, reserved_ids

content_problem = signal("content_problem")


def check_page(content, model):
    section_ids = [spec["id"] for spec in content.settings["PROCEDURE_SECTIONS"]]
    for message, fix, needle in problems(model, reserved_ids(section_ids)):
        content_problem.send(content.source_path, message=message, fix=fix, find=needle)


def register():
    signal("page_model.check").connect(check_page)
