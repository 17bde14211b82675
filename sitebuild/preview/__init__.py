"""The live preview for editors (``make preview``): the site on
http://127.0.0.1:8000/, each save in the browser a moment later, or exactly
what is wrong with it.

How it works, and why this way:

- **One build, kept in memory** (engine.py). The preview makes the site once
  with ``make html``'s own build (the same settings, plugins, checks and
  build cache) into a folder of its own, and keeps Pelican's generators and
  their shared context. Saving a page does not build the site again (at
  1,000 pages that took 9 s with ``pelican --autoreload``): the kept page
  generator's readers read that one page as Pelican reads every page (the
  same signals, so the same checks on the page's one parse), the build's own
  report says its problems, and, when it has none, the new page takes the old
  one's place and only its own file is written. A change to a page's header
  (title, slug, status, language) also goes through what looks across pages
  (clashing addresses, translations, the A–Z lists' and the search's pages,
  on Pelican's ``page_generator_finalized``) and writes again its
  translations, the pages that link to it and every language's A–Z list,
  search page and 404. The search index is made again (site_search's own
  stage) once the saves pause for two seconds, or before the page is
  served when an address went away, so it never offers a page that is no
  longer there. A
  page added or removed, an image, the theme or a settings file is a full
  build (warm from the cache); a change to the plugins' code starts the
  preview again (the same process, by exec: Python cannot take back code it
  has imported).
- **Problems in the browser** (server.py, pages.py). A page with problems is
  not taken in: the folder keeps its last good version, and the server
  shows, at its address, a page listing its problems word for word as
  ``make html`` prints them (the build's own report and log_report's
  sorting, never a copy). Every other page gets a banner naming how many
  other pages have problems, linking to the list. The terminal says each
  save's problems once. Nothing runs again until the next save: the build
  loop sleeps on a queue that only the file watcher fills (watch.py:
  watchfiles, on the system's notifications).
- **Reload by itself.** Only what the preview serves carries its one script
  (``/_preview/preview.js``): it asks the preview whether its page changed
  and reloads when it has. The preview adds the script, its stylesheet, its
  banners and a policy that allows exactly that script as it sends each
  page; nothing of it is ever written into a build's output.
- **Drafts** are built at their future address and checked in full, in the
  preview only (drafts.py), with a banner; the footer says the preview's own
  address unless the settings have a real public one (settings.py).
- **Stops cleanly.** The process ``make preview`` names is the server
  itself (make execs it); Ctrl-C or a kill of it stops the build, closes the
  port and stops any child still running. A taken port is said in one
  sentence, with ``PORT=``.

Pelican's private parts this touches, and why: none of Pelican's own. Of
this project's plugins, two of their functions are called outside their
signals: page_cache's ``start_build`` (after the full build, so that the
cache's per-build memory of each page's key cannot restore a page as it was
before an edit) and build_report's ``forget_earlier_builds`` (each update is
a build, for Pelican's log filter).
"""
