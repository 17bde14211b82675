"""Runs a Pelican build the way the web team needs it: every content problem
listed in plain words, no traceback for a content mistake, and output/
replaced only by a complete build."""
