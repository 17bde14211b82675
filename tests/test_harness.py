"""The harness the bad-content tests stand on (tests/harness.py): it says
what the build says (test_bad_content.py proves it against a real build),
and it leaves the process as it found it, so the tests after it in a pytest
worker see no plugin connected."""

import json

import pytest
from blinker import signal
from blinker.base import default_namespace

from harness import BuildBroke, problems_of, read_phase, vertebroplasty


def receivers():
    return {name: set(sig.receivers) for name, sig in default_namespace.items() if sig.receivers}


def test_a_call_leaves_every_signal_with_the_receivers_it_had():
    before = receivers()
    assert problems_of(vertebroplasty() + "\n<script></script>\n")
    assert receivers() == before


def test_a_problem_sent_between_calls_reaches_no_build():
    """A plugin's unit test sends content_problem itself: no build of the
    harness is listening then, so the next call does not report it."""
    heard = []

    def listen(path, **problem):
        heard.append(path)

    problems_of(vertebroplasty())
    signal("content_problem").connect(listen)
    try:
        signal("content_problem").send("elsewhere.md", message="not a page of any build")
    finally:
        signal("content_problem").disconnect(listen)
    assert heard == ["elsewhere.md"]
    assert problems_of(vertebroplasty()) == []


def test_the_notices_of_a_good_page_are_kept_apart():
    read = read_phase(vertebroplasty())
    assert read.problems == []
    # the page's plain-language notice, added into the build's one summary line
    (said,) = read.notices
    assert said.startswith("note: 1 page is harder to read than its target, ") and "(make report for details)" in said


def test_other_settings_files_and_overrides_are_read():
    text = vertebroplasty() + "\n[files](ftp://files.hospital.test/x)\n"
    (kiosk,) = problems_of(text, settings="kioskconf.py", overrides={"PUBLIC_SITEURL": "https://example.org"})
    (web,) = problems_of(text)
    assert kiosk.message == web.message == "the address ftp://files.hospital.test/x uses ftp:, which is not allowed."


def test_a_bug_is_raised_with_its_traceback():
    broken = json.loads('[{"id": "lead", "heading": null}, {"id": "why"}]')
    with pytest.raises(BuildBroke, match="Traceback"):
        problems_of(vertebroplasty(), overrides={"PROCEDURE_SECTIONS": broken})
