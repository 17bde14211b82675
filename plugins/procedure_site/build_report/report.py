"""Collects content problems from every plugin and stops the build on any.

Other plugins report through the named blinker signal ``content_problem``, so
no plugin imports another:

    signal("content_problem").send(path, message=..., fix=..., line=...)

A plugin that knows the offending text but not its line passes ``find=`` and
the first source line containing it (ignoring case, unless it is AsWritten) is named;
``find=`` may also be a tuple of such texts, the first found naming the line
(an address as Markdown writes it, ``](bone``, before the bare word, which
a header may hold; a text that a line may hold for another reason is
marked Loose). The same problem found again on one page (the same message
and fix: a mistake written twice) is named at the next line holding one of
its own texts, never a Loose one (``spread``), so each place is reported.
Lines are counted as Markdown and an editor count them (at "\n", not at
U+2028), on the page's text with its tabs expanded, as Markdown reads it. ``covers=``
lists names (such as a missing file's) whose mention in Pelican's own
warnings is an echo of this problem, not a new one.
A plugin that has something to say that must not stop the build (a page
overdue for review, text harder to read than the target) sends
``content_notice`` with the same arguments; notices are logged as warnings
marked ``content_notice``, and the build runner prints them without failing.
A notice may carry a ``tally``: counts of what it found, each as (what one
is, what several are, how many), such as ("long sentence", "long
sentences", 3). A tallied notice is not printed on its own: the tallies of
the whole build are added up and said in one line, with where to read the
details (``note: 3 pages are ..., 41 long sentences (make report for
details)``), so a build of a thousand pages does not print a thousand
paragraphs that no editor may act on.

Problems are gathered for the whole build, so an author sees every mistake in
one run, then the build stops before anything is written.

A plugin that finds something no part of the build may read (a link or a
named pipe in the content folder: content_files) sends ``content_stop``
before Pelican reads any file; the problems reported so far are listed and
the build stops there.

Problems are kept for one build: the list is emptied when the build reports
it (all_generators_finalized, reached by every Pelican.run() that does not
crash), and again as the next build's Pelican is made (``initialized``), so
a preview that builds many times in one process starts each build afresh
even after a build stopped with a bug in between (its problems were shown
again, as if still there, in the next build). No part reports before
``initialized``, and build_report is connected first (receivers run in the
order they were connected, which is plugin order, since Pelican 4.10:
pelican/plugins/signals.py), so nothing of the new build is emptied.
"""

import logging
import os
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from blinker import signal
from pelican import signals
from pelican.log import LimitFilter

from sitebuild.plugin_guard import in_this_build
from sitebuild.source_text import markdown_lines, nfc, read_source

logger = logging.getLogger(__name__)

content_problem = signal("content_problem")
content_notice = signal("content_notice")
content_stop = signal("content_stop")


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    message: str
    fix: str = ""
    line: int | None = None
    covers: tuple = ()
    tally: tuple = ()  # a notice's counts: ((one, several, count), ...)
    # What the line was found by (``spread``): not said, not compared, not kept.
    find: tuple = field(default=(), compare=False, repr=False)

    def __reduce__(self):
        # A page's notices are kept with its facts (page_cache) and unpickled
        # for every page of every build: each page's copy of the same fix and
        # tally words (a reading-level notice's five counts and their ten
        # phrases) was about 1.5 KB a page, held for the whole build. They
        # are shared instead; what is said is the same.
        return (_unpickled, (self.path, self.message, self.fix, self.line, self.covers, self.tally))

    def tallied(self, tally) -> "Problem":
        return replace(self, tally=tuple(tally))

    def render(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        text = f"{where}: {self.message}"
        if self.fix:
            text += f"\n    How to fix: {self.fix}"
        return text


_shared: dict = {}


def _one(value):
    """The one copy of an equal value this process holds (a string, a
    tally's (one, several, count)): few distinct ones, many pages."""
    return _shared.setdefault(value, value)


def _unpickled(path, message, fix, line, covers, tally) -> Problem:
    return Problem(path, message, _one(fix), line, covers, tuple(_one(count) for count in tally))


class ContentProblems(Exception):
    """Raised once, after all content is read, when any problem was reported."""

    exitcode = 1

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} content problem(s)")


_problems: list[Problem] = []
_notices: list[Problem] = []


class AsWritten(str):
    """A text to find a problem's line by that is quoted from the page, case
    and all (a near miss such as "{Phone}"): its line is the first holding
    it as written, else the first holding it ignoring case. Any other text
    is looked for ignoring case only, as the checks build it: a header's key
    ("department:") or a tag ("<iframe") comes lowercase whatever the page
    wrote, and the header line or the first tag is its line, not a later
    line that happens to hold it in lowercase."""

    __slots__ = ()


class Loose(AsWritten):
    """A text to find a problem's line by, last of its tuple, that a line
    may hold for another reason (a bare ``#wound`` is in ``{#wound-care}``;
    a short address ``bone`` is a word of the Keywords: line): a problem
    found again is never placed by it (``spread``), only a first one that
    nothing else places."""

    __slots__ = ()


def address_needles(written) -> tuple:
    """The texts an address's line is found by: as Markdown writes it
    (``](bone``, ``]: bone``), as HTML does (``"bone"``), then anywhere.
    The bare address comes last: a short one (``bone``) may be a word of an
    earlier line, the ``Keywords:`` header's."""
    return (*(AsWritten(needle) for needle in (f"]({written}", f"]: {written}", f'"{written}"', f"'{written}'", f"={written}")),
            Loose(written))


class _FoldedLines:
    """One file's lines, as written and case-folded, joined by newlines,
    with where each line starts: read and folded once per build, however
    many problems ask for a line in it (each asking read and folded the
    whole file again, so a page with many problems cost its size times
    their number)."""

    def __init__(self, lines):
        self.text = "\n".join(lines)
        self.folded = "\n".join(line.casefold() for line in lines)
        self.starts, self.folded_starts = _starts(self.text), _starts(self.folded)
        self.first = {}  # texts to find -> (line, which text) from the top: a problem found k times looks once

    def locate(self, needles: tuple, after=0):
        """(line, index in ``needles``) of the first of ``needles`` found
        after line ``after`` (see AsWritten), or (None, None)."""
        key = tuple((isinstance(needle, AsWritten), needle) for needle in needles) if after == 0 else None
        if key is not None and key in self.first:
            return self.first[key]
        found = (None, None)
        for index, needle in enumerate(needles):
            line = self.line_of(nfc(needle), as_written=isinstance(needle, AsWritten), after=after)
            if line:
                found = (line, index)
                break
        if key is not None:
            self.first[key] = found
        return found

    def line_of(self, needle, as_written=False, after=0):
        """1-based number of the first line after line ``after`` holding
        ``needle`` ignoring case (with ``as_written``: the first holding it
        exactly, if one does), or None."""
        if "\n" in needle:
            return None  # no one line can hold a line break
        if after >= len(self.starts):
            return None
        if as_written:
            found = self.text.find(needle, self.starts[after])
            if found != -1:
                return bisect_right(self.starts, found)
        found = self.folded.find(needle.casefold(), self.folded_starts[after])
        return None if found == -1 else bisect_right(self.folded_starts, found)


def _starts(text):
    """Where each line of ``text`` starts (casefold can change a line's length)."""
    starts, offset = [], 0
    for line in text.split("\n"):
        starts.append(offset)
        offset += len(line) + 1
    return starts


_folded: dict = {}  # (path, size, modified) -> _FoldedLines, for one build


def _lines_of(path) -> _FoldedLines | None:
    """The file's lines, read and folded once per build, or None."""
    try:
        status = os.stat(path)
        key = (str(path), status.st_size, status.st_mtime_ns)
        if key not in _folded:
            # NFC, as the page's text was read, and its tabs expanded, as Markdown
            # reads it: a text found in the HTML has no tabs ("java    script:").
            lines = markdown_lines(read_source(path))
            _folded[key] = _FoldedLines(lines) if lines else None
    except (OSError, UnicodeDecodeError):
        return None
    return _folded[key]


def line_containing(path, text, after=0):
    """The first line after line ``after`` holding ``text`` (see AsWritten),
    or holding the first of a tuple of texts that one does, or None."""
    folded = _lines_of(path)
    if folded is None:
        return None
    return folded.locate(text if isinstance(text, tuple) else (text,), after)[0]


def problem(path, message, fix="", line=None, find=None, covers=()) -> Problem:
    """A Problem, its line found from ``find`` (the first source line holding
    that text, ignoring case; see AsWritten; or the first of a tuple of
    texts found) when the check knows the text but not its line."""
    find = tuple(find) if isinstance(find, (tuple, list)) else ((find,) if find else ())
    if line is None and find:
        line = line_containing(path, find)
    return Problem(str(path), message, fix, line, tuple(covers), find=find)


def spread(problems) -> list:
    """``problems`` (one page's, in the page's order), each found again
    (the same message and fix) named at the next line after the last one's
    that holds one of its texts, so a mistake written twice is said at both
    places; one with no later such line keeps the last line (and the report
    says it once). The checks find a line by text, not by where the parser
    was: Python-Markdown keeps no source positions.

    A repeat is looked for by its own texts but the Loose ones (unless it
    has no other), each from where that text was last found and not again
    once no later line holds it: each problem's repeats read the page about
    once per text, however many they are."""
    state = {}  # each problem's (path, message, fix) -> _Repeats
    spread_out = []
    for found in problems:
        key = (found.path, found.message, found.fix)
        seen = state.get(key)
        if seen is None:
            if found.find and found.line:
                state[key] = _Repeats(found.path, found.line)
            spread_out.append(found)
            continue
        if found.find and (found.line is None or found.line <= seen.last):
            found = replace(found, line=seen.next_line(found.find) or seen.last)
        seen.last = max(seen.last, found.line or 0)
        spread_out.append(found)
    return spread_out


class _Repeats:
    """Where one problem's repeats are looked for (``spread``)."""

    def __init__(self, path, line: int):
        self.folded, self.last = _lines_of(path), line
        self.ahead = {}  # each text -> the line it was next found at, after some earlier last (None: spent)

    def next_line(self, find: tuple):
        """The nearest line after ``last`` holding one of ``find``'s texts
        (its Loose ones left out, unless it has only those), or None."""
        if self.folded is None:
            return None
        texts = [text for text in find if not isinstance(text, Loose)] or list(find)
        nearest = None
        for text in texts:
            key = (isinstance(text, AsWritten), text)
            line = self.ahead.get(key, 0)
            if line is not None and line <= self.last:
                line = self.ahead[key] = self.folded.locate((text,), after=self.last)[0]
            if line is not None and (nearest is None or line < nearest):
                nearest = line
        return nearest


def report(problems) -> None:
    """Report these problems (data the checks returned) for this build. They
    go by ``content_problem``, like every problem, so that whatever watches
    the build's problems (page_cache: a page with one is never kept) hears
    them."""
    for found in problems:
        content_problem.send(found.path, message=found.message, fix=found.fix, line=found.line, covers=found.covers)


def notify(notices) -> None:
    """Report these notices (data the checks returned), by ``content_notice``
    (page_cache keeps a page's notices with it, for a warm build to say)."""
    for found in notices:
        content_notice.send(found.path, message=found.message, fix=found.fix, line=found.line, tally=found.tally)


def _collect(path, message, fix="", line=None, find=None, covers=()):
    _problems.append(problem(path, message, fix, line, find, covers))


def _collect_notice(path, message, fix="", line=None, find=None, tally=()):
    if line is None and find:
        line = line_containing(path, find)
    _notices.append(Problem(str(path), message, fix, line, tally=tuple(tuple(count) for count in tally)))


def summary_line(notices) -> str | None:
    """The one line the tallies of ``notices`` add up to, or None when they
    count nothing. The counts come in the order the first tally gives them."""
    totals = {}
    for notice in notices:
        for one, several, count in notice.tally:
            totals[(one, several)] = totals.get((one, several), 0) + count
    said = [f"{count} {one if count == 1 else several}" for (one, several), count in totals.items() if count]
    return f"note: {', '.join(said)} (make report for details)" if said else None


def forget_earlier_builds(pelican):
    """Pelican's log filter drops a message it has let through once in this
    process, for good (LimitFilter keeps what it saw on the class). A
    devserver's next build, or a second build in one process, would then hide
    a problem that is still there. Pelican has no public way to reset it, so
    its memory is cleared as each build starts."""
    if in_this_build(pelican, __package__):
        LimitFilter._raised_messages.clear()
        LimitFilter._group_count.clear()


def _stop_if_problems(_generators):
    notices = sorted(set(_notices), key=lambda p: (p.path, p.line or 0, p.message))
    _notices.clear()
    for notice in notices:
        if not notice.tally:
            logger.warning(notice.render(), extra={"content_notice": True})
    summary = summary_line(notices)
    if summary:
        logger.warning(summary, extra={"content_notice": True, "content_summary": True})
    # By file and line; problems of one line (or of no line: the missing
    # sections) in the order the checks found them, which is the page's order.
    problems = sorted(dict.fromkeys(_problems), key=lambda p: (p.path, p.line or 0))
    _problems.clear()
    _folded.clear()
    if not problems:
        return
    for problem in problems:
        # extra lets the build runner tell content problems from Pelican's own.
        logger.error(
            problem.render(),
            extra={"content_path": problem.path, "content_covers": problem.covers},
        )
    raise ContentProblems(problems)


def _stop_now(_sender):
    _stop_if_problems(None)


def forget_unreported(_pelican):
    """What an earlier build in this process collected and never reported
    (it stopped with a bug first): not this build's."""
    _problems.clear()
    _notices.clear()
    _folded.clear()


def register():
    content_problem.connect(_collect)
    content_stop.connect(_stop_now)
    content_notice.connect(_collect_notice)
    signals.initialized.connect(forget_unreported)
    signals.all_generators_finalized.connect(_stop_if_problems)
    signals.get_generators.connect(forget_earlier_builds)
