"""Watches one page being read or rendered for what the build must say
again in the next build: a warning logged (a duplicated metadata key, say),
a content problem reported, or a Python warning shown (``warnings.warn``,
one the filters let through). What the page gave is then not kept, so the
next build reads or renders the page again and says it again."""

import logging
import warnings

from procedure_site.build_report.report import content_problem


class Trouble(logging.Handler):
    """``with Trouble() as trouble: ...``; then ``trouble.seen`` and
    ``trouble.python_warnings`` (caught, not shown: the caller shows them,
    or leaves the page to the build's own process, which shows them)."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.seen = False
        self.python_warnings = []
        self._catching = None

    def emit(self, record):
        self.seen = True

    def problem(self, _sender, **_kwargs):
        self.seen = True

    def __enter__(self):
        self._catching = warnings.catch_warnings(record=True)
        self.python_warnings = self._catching.__enter__()
        logging.getLogger().addHandler(self)
        content_problem.connect(self.problem)
        return self

    def __exit__(self, kind, error, traceback):
        content_problem.disconnect(self.problem)
        logging.getLogger().removeHandler(self)
        self._catching.__exit__(kind, error, traceback)
        return False

    @property
    def quiet(self) -> bool:
        return not self.seen and not self.python_warnings

    def show_python_warnings(self):
        """Show what was caught, as Python would have."""
        for shown in self.python_warnings:
            warnings.showwarning(shown.message, shown.category, shown.filename, shown.lineno, shown.file, shown.line)
