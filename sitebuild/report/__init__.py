"""``make report``: the content report, one row per procedure page.

    python -m sitebuild.report --settings pelicanconf.py [--content DIR] [--reports DIR] [--today YYYY-MM-DD]

Runs the build in-process into a throwaway folder (sitebuild.collect) and
writes ``reports/content-report.html`` (self-contained: no script, nothing
loaded from elsewhere) and ``reports/content-report.csv`` (for a spreadsheet),
each replaced atomically, never into the site's output. Every figure is the
build's own: review dates from the review_dates plugin, reading grades from
reading_level, links and images from the page's one parse.

- rows.py: one row per page, the orders and the chart geometry (pure);
- render.py: the HTML (templates/, Jinja with autoescaping), the CSV, and
  the atomic writes;
- cli.py: the command. Exit status 0 written; 1 the content has problems
  (listed; nothing written); 2 a wrong command line or a bug in the build.
"""
