# Halaqa: `make run` serves the forum on its embedded defaults; `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
FLASK := $(BIN)/flask --app wsgi
PO := $(wildcard forum/translations/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)
# Front-end packages (axe-core for the accessibility tests; the font's source), when npm is here.
NODE_MODULES := $(if $(shell command -v npm 2>/dev/null),node_modules/.package-lock.json)
FONT_PACKAGE := node_modules/@fontsource/ibm-plex-sans-arabic

.PHONY: run test screenshots lint format translations extract-messages bench fonts licenses outdated clean

# Links in emails lead to where this server listens, unless FORUM_BASE_URL says otherwise.
run: export FORUM_BASE_URL ?= http://$(HOST):$(PORT)
run: $(VENV)/.runtime $(MO)
	$(FLASK) db upgrade
	$(FLASK) forum seed-demo --if-empty
	$(BIN)/gunicorn --config python:forum.serving --workers $(WORKERS) --bind $(HOST):$(PORT) \
		--access-logfile - wsgi:app

# One test worker per core (pytest-xdist); `make test PYTEST_ARGS="-n 0 -x"` runs in one process.
test: $(VENV)/.dev $(MO) $(NODE_MODULES)
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

# The main pages in Arabic and English, desktop and phone, as test-artifacts/screenshots/*.png.
screenshots: $(VENV)/.dev $(MO) $(NODE_MODULES)
	FORUM_SCREENSHOTS=1 $(BIN)/pytest -n 0 tests/browser/test_layout.py -k screenshots

# The linter's rules are in pyproject.toml, the import contracts in .importlinter; CI runs both
# before the tests.
lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Formats every Python file as make lint expects.
format: $(VENV)/.dev
	$(BIN)/ruff format .

# Installed packages with a newer release: bring the pins in requirements*.txt up, then test.
outdated: $(VENV)/.dev
	$(BIN)/python -m pip list --outdated

# The licence of every installed package, to check each is compatible with the AGPL.
licenses: $(VENV)/.dev
	$(BIN)/pip-licenses --from=mixed --order=license --format=markdown --with-urls

bench: $(VENV)/.dev $(MO)
	$(BIN)/python bench/pages.py

$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# The Arabic typeface is committed in static/fonts; after changing its version in
# package.json, copy it again (and update the file names in static/css/forum.css).
fonts: node_modules/.package-lock.json
	version=$$(node -p "require('./$(FONT_PACKAGE)/package.json').version"); \
	for weight in 400 700; do \
	  cp $(FONT_PACKAGE)/files/ibm-plex-sans-arabic-arabic-$$weight-normal.woff2 \
	     static/fonts/ibm-plex-sans-arabic-$$version-arabic-$$weight.woff2; \
	done
	cp $(FONT_PACKAGE)/LICENSE static/fonts/OFL.txt

# Compiled catalogs are build products, made from the committed .po files.
%.mo: %.po $(VENV)/.runtime
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

# After changing user-visible strings: refresh the template and the catalogs, translate, commit.
extract-messages: $(VENV)/.runtime
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs ".* __pycache__ .venv" \
		--no-location --omit-header --sort-output -o forum/translations/messages.pot .
	$(BIN)/pybabel update -i forum/translations/messages.pot -d forum/translations --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) $(MO) node_modules
