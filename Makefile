# Advocate — set-up, run, test. Each target creates the virtual environment it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test test-fast bench lint typecheck clean demo catalog merge-driver screenshots dist icons install-desktop

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,app]'
	touch $(STAMP)

# The desktop app on a new demo vault (its passphrase is shown on the unlock screen).
run: $(STAMP)
	QT_QPA_PLATFORM= $(BIN)/advocate --demo

# The same tour in the terminal: demo vault, search, a complaint as PDF, a verified backup.
demo: $(STAMP)
	$(BIN)/python -m advocate.demo_run

# Screenshots of every screen in the three languages (offscreen, 1366x768) for the user guide.
screenshots: $(STAMP)
	$(BIN)/python tools/screenshots.py --out docs/screenshots

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m 'not slow'

bench: $(STAMP)
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check advocate tests bench ui tools
	$(BIN)/mypy

typecheck: lint

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache

# The one-folder bundle (build.spec): dist/advocate/ (macOS: dist/Advocate.app), an archive of it
# and dist/SHA256SUMS; then the built app checks itself (--self-test, offscreen).
DIST_STAMP := $(VENV)/.installed-dist
$(DIST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,app,dist]'
	touch $(DIST_STAMP)

dist: $(DIST_STAMP)
	rm -rf dist build/pyinstaller
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --workpath build/pyinstaller --distpath dist build.spec
	if [ -d dist/Advocate.app ]; then dist/Advocate.app/Contents/MacOS/advocate --self-test; \
	else dist/advocate/advocate --self-test; fi

# The app icon's sizes, .ico and .icns from resources/icons/advocate.svg (committed; rerun after
# editing the SVG).
icons: $(STAMP)
	$(BIN)/python -m ui.icons

# Linux: the menu entry and icon for the bundle in dist/advocate (or PREFIX=... for another place).
PREFIX ?= $(CURDIR)/dist/advocate
install-desktop:
	sh resources/linux/install-desktop.sh "$(PREFIX)"

# The translation catalogue (advocate/i18n.py): extract the strings, merge them into the .po files,
# compile the .mo files (committed, so a checkout runs without Babel). Translators edit the .po.
LOCALE := resources/locale
KEYWORDS := -k N_ -k ngettext:1,2 -k pgettext:1c,2 -k npgettext:1c,2,3 -k pgettext_in:2c,3
catalog: $(STAMP)
	$(BIN)/pybabel extract --no-location --sort-output --project=Advocate -F babel.cfg $(KEYWORDS) -o $(LOCALE)/advocate.pot advocate ui
	for lang in ru kk; do \
	  if [ -f $(LOCALE)/$$lang/LC_MESSAGES/advocate.po ]; then \
	    $(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i $(LOCALE)/advocate.pot -d $(LOCALE) -D advocate -l $$lang; \
	  else \
	    $(BIN)/pybabel init -i $(LOCALE)/advocate.pot -d $(LOCALE) -D advocate -l $$lang; \
	  fi; \
	done
	$(BIN)/pybabel compile --use-fuzzy -d $(LOCALE) -D advocate --statistics || true

# Merge the .po catalogues by message, not by line (tools/po_merge.py; .gitattributes names it).
merge-driver:
	git config merge.po.name "Advocate .po merge"
	git config merge.po.driver "$(abspath $(BIN))/python $(abspath tools/po_merge.py) %O %A %B"
