"""The one exception that says "the page's author must fix this".

Pelican and Markdown raise ordinary exceptions (a ValueError for a date that
is not a date, a UnicodeDecodeError, a RecursionError for text nested too
deeply) for a page they cannot read. Where this project hands a page to them
(markdown_reader's reader, source_text.read_source), such an error is raised
again as a ContentError, with the original as its cause. Pelican logs it
("Could not process ..."), and the build's report (log_report.py) knows it
by its type: the author gets the original's words and a fix, never a
traceback. Any other exception raised from this project's code is a bug.
"""


class ContentError(Exception):
    """An error reading one page that its author must fix; ``cause`` is what
    Pelican or Markdown raised."""

    def __init__(self, cause: BaseException):
        super().__init__(str(cause))
        self.cause = cause
