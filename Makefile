# The two commands a new machine needs: `make html` and `make test`.
# Both create .venv and install the pinned dependencies when missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEPS := $(VENV)/.installed
VNU := node_modules/vnu-jar/build/dist/vnu.jar
OUTPUT := output
# The port of make preview and make serve: make preview PORT=8001.
PORT ?= 8000

.PHONY: html test serve preview devserver clean help kiosk bench bench-kiosk-search publish deploy check-reviews new-procedure new-translation report translations

help:
	@echo "make html       build the site into $(OUTPUT)/"
	@echo "make test       run every test (sets up .venv, Chromium and the HTML checker)"
	@echo "make preview    the site at http://127.0.0.1:8000/, updated as you save, drafts included [PORT=8001]"
	@echo "make serve      build, then serve $(OUTPUT)/ at http://127.0.0.1:8000/ [PORT=8001]"
	@echo "make publish    production build for the CDN into $(OUTPUT)/: make publish SITEURL=https://..."
	@echo "make deploy     upload $(OUTPUT)/ to S3: make deploy DEST=s3://BUCKET[/PREFIX] [DRY_RUN=1] [MAX_DELETES=N]"
	@echo "make kiosk      offline kiosk bundle: make kiosk PUBLIC_SITEURL=https://... (dist/kiosk-<version>.zip)"
	@echo 'make new-procedure  a new procedure page, as a draft: make new-procedure TITLE="Bone Biopsy" [CONTENT=folder]'
	@echo "make new-translation  start a translation, as a draft: make new-translation SLUG=vertebroplasty LANG=es"
	@echo "make check-reviews  list pages overdue for review or due within REVIEW_WARNING_DAYS (exit 1 if any)"
	@echo "make report    content report: reports/content-report.html and .csv [TODAY=YYYY-MM-DD]"
	@echo "make translations  the theme's words into theme/translations/ (messages.pot, each language's messages.po)"
	@echo "make bench      build time and memory against the peer stack and plain Pelican (BENCH_FULL=1 adds 10,000 pages; AGAINST=commit times that commit too)"
	@echo "make bench-kiosk-search  the kiosk search's budget at 1,000 pages: index size, time to results in Chromium"
	@echo "make clean      remove build output and the build cache (.cache/)"

# A .venv made before requirements.txt took pyicu-wheels (Linux, Windows) has
# PyICU compiled: it goes first, since both install the same `icu` package.
$(DEPS): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	sh scripts/ensure-build-deps $(BIN)/python
	if $(BIN)/python -c 'import sys; sys.exit(sys.platform not in ("linux", "win32"))' \
		&& $(BIN)/python -m pip show -q pyicu 2>/dev/null; then $(BIN)/python -m pip uninstall -y -q pyicu; fi
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VNU): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# The project's own modules as bytecode. Where PYTHONDONTWRITEBYTECODE is set
# (this project's machine sets it), Python never writes __pycache__, so every
# build compiled plugins/ and sitebuild/ from source again: about 0.1 s of each
# build (docs/build-speed.md). compileall writes it once per change, beside
# each source (git ignores __pycache__); Python checks each .pyc against its
# source, so one left stale is only slower, never wrong.
# find only says whether a module is newer than the last compile (or there
# was none): its names are never make's prerequisites, which split at spaces.
BYTECODE := .cache/bytecode.stamp
BYTECODE_STALE := $(if $(wildcard $(BYTECODE)),$(shell find sitebuild plugins -name '*.py' -newer $(BYTECODE) -print -quit 2>/dev/null),none yet)
$(BYTECODE): $(DEPS) $(if $(BYTECODE_STALE),bytecode-stale)
	$(BIN)/python -m compileall -q sitebuild plugins
	mkdir -p $(@D) && touch $@

.PHONY: bytecode-stale
bytecode-stale:

# CONTENT=folder builds another content folder (the benchmark's synthetic ones).
html: $(DEPS) $(BYTECODE)
	$(BIN)/python -m sitebuild --settings pelicanconf.py --output $(OUTPUT) $(if $(value CONTENT),--content $(call shell_quote,$(value CONTENT)))

publish: $(DEPS) $(BYTECODE)
	SITEURL="$(SITEURL)" $(BIN)/python -m sitebuild --settings publishconf.py --output $(OUTPUT) $(if $(value CONTENT),--content $(call shell_quote,$(value CONTENT)))

deploy: $(DEPS)
	@test -n "$(DEST)" || { echo "Say where: make deploy DEST=s3://BUCKET[/PREFIX]" >&2; exit 1; }
	$(BIN)/python -m sitebuild.deploy --settings publishconf.py --output $(OUTPUT) --dest "$(DEST)" \
		$(if $(filter-out 0 no false NO FALSE No False,$(DRY_RUN)),--dry-run) $(if $(MAX_DELETES),--max-deletes $(MAX_DELETES))

# The kiosk's search vendors MiniSearch from node_modules (kiosk_search): npm ci
# installs it with the Nu checker, from package-lock.json.
kiosk: $(DEPS) $(VNU) $(BYTECODE)
	PUBLIC_SITEURL="$(PUBLIC_SITEURL)" $(BIN)/python -m sitebuild --settings kioskconf.py --output dist/kiosk
	$(BIN)/python -m sitebuild.kiosk_bundle --input dist/kiosk --dist dist

# A new procedure page, a draft with every required section and a hint in each
# (sitebuild/new_procedure.py). TITLE and CONTENT reach the program exactly as
# given: make expands nothing in them ($(value ...)) and the shell sees them
# in single quotes.
shell_quote = '$(subst ','\'',$(1))'

new-procedure: $(DEPS)
	@$(BIN)/python -m sitebuild.new_procedure --settings pelicanconf.py --title $(call shell_quote,$(value TITLE)) \
		$(if $(value CONTENT),--content $(call shell_quote,$(value CONTENT)))

# Every core, at most 4 (each pytest-xdist worker runs its own Chromium; the
# shared builds are made once per run); the suite is hermetic and safe in
# parallel. worksteal: a worker that runs out of tests takes half of what
# another has left, as tests last from milliseconds to twenty seconds.
test: $(DEPS) $(VNU) $(BYTECODE)
	sh scripts/ensure-chromium
	$(BIN)/python -m pytest -n auto --maxprocesses 4 --dist worksteal

# A translation of a page, as a draft (sitebuild/new_translation.py). LANG is
# also the shell's locale variable: only a LANG given on make's command line
# names the language, so a forgotten LANG=es gets the usage, not "C.UTF-8".
new-translation: $(DEPS)
	@$(BIN)/python -m sitebuild.new_translation --settings pelicanconf.py --slug $(call shell_quote,$(value SLUG)) \
		--lang $(call shell_quote,$(if $(filter command line,$(origin LANG)),$(value LANG))) \
		$(if $(value CONTENT),--content $(call shell_quote,$(value CONTENT)))

check-reviews: $(DEPS)
	$(BIN)/python -m sitebuild.reviews --settings pelicanconf.py $(if $(TODAY),--today $(TODAY))

# One row per procedure page: review dates, reading grades, links, images
# (sitebuild/report/). Written to reports/, never into the site's output.
report: $(DEPS)
	$(BIN)/python -m sitebuild.report --settings pelicanconf.py --reports reports $(if $(TODAY),--today $(TODAY))

# The theme's words: extracted from theme/templates/ (babel.cfg) into
# theme/translations/messages.pot, then merged into the messages.po of each
# language of LANGUAGES but the default (made when missing). Translations are
# kept; a new string is added empty and a changed one marked fuzzy, for a
# translator. Every build compiles the .po files itself (theme_i18n): no .mo.
TRANSLATIONS := theme/translations

translations: $(DEPS)
	mkdir -p $(TRANSLATIONS)
	$(BIN)/pybabel extract -F babel.cfg --add-location=file --sort-output -c Translators: -s \
		--project="Patient Procedure Guides" -o $(TRANSLATIONS)/messages.pot theme/templates
	for lang in $$($(BIN)/python -c 'from pelicanconf import DEFAULT_LANG, LANGUAGES; print(*(c for c in LANGUAGES if c != DEFAULT_LANG))'); do \
		$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) -l $$lang --init-missing --previous || exit 1; \
	done

bench: $(DEPS) $(BYTECODE)
	$(BIN)/python scripts/benchmark.py $(if $(value AGAINST),--against $(call shell_quote,$(value AGAINST)))

bench-kiosk-search: $(DEPS) $(VNU)
	sh scripts/ensure-chromium
	$(BIN)/python scripts/kiosk_search_bench.py

serve: html
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(OUTPUT) $(PORT)

# The live preview (sitebuild/preview/, docs/preview.md). exec: the process
# it names at start is the server itself, so a kill of that PID stops it all.
# It never writes $(OUTPUT)/. devserver is its old name.
preview: $(DEPS) $(BYTECODE)
	@exec $(BIN)/python -m sitebuild.preview --settings pelicanconf.py --bind 127.0.0.1 --port $(call shell_quote,$(value PORT)) \
		$(if $(value CONTENT),--content $(call shell_quote,$(value CONTENT)))

devserver: preview

# $(OUTPUT) is a link to the site beside it, .$(OUTPUT).site-*; a killed build may
# leave other .$(OUTPUT).* folders there (sitebuild/staging.py).
clean:
	rm -rf $(OUTPUT) $(dir $(OUTPUT)).$(notdir $(OUTPUT)).* dist .cache
