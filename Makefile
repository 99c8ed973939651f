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

.PHONY: run test translations extract-messages bench clean

run: $(VENV)/.runtime $(MO)
	$(FLASK) db upgrade
	$(FLASK) forum seed-demo --if-empty
	@echo ""
	@echo "  Halaqa is running: open http://$(HOST):$(PORT)/ in your browser (Ctrl+C stops it)."
	@echo ""
	$(BIN)/gunicorn --workers $(WORKERS) --bind $(HOST):$(PORT) --access-logfile - wsgi:app

test: $(VENV)/.dev $(MO)
	$(BIN)/pytest $(PYTEST_ARGS)

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

# Compiled catalogs are build products, made from the committed .po files.
%.mo: %.po $(VENV)/.runtime
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

# After changing user-visible strings: refresh the template and the catalogs, translate, commit.
extract-messages: $(VENV)/.runtime
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs ".* __pycache__ .venv" \
		--no-location --omit-header --sort-output -o forum/translations/messages.pot .
	$(BIN)/pybabel update -i forum/translations/messages.pot -d forum/translations --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) $(MO)
