# The README's commands. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/newsroom

.PHONY: run test install install-dev env migrate demo admin serve lint check test-sqlite test-postgres postgres redis e2e screenshots clean

run: install env migrate demo admin serve ## Set up and serve the site on 127.0.0.1:8000

test: install-dev lint check test-sqlite test-postgres ## Lint, check and run the suite on SQLite and PostgreSQL

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Newsroom needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

# The Nu Html Checker the suite runs on every page type (needs node and java).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev node_modules/.installed

# A local .env for the development server: DEBUG on and a fresh secret key.
env:
	@test -f .env || { \
		printf 'DEBUG=true\nSECRET_KEY=%s\n' "$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env; \
		echo "Wrote .env for local development (DEBUG on)."; }

migrate:
	$(BIN)/python manage.py migrate --no-input

demo:
	$(BIN)/python manage.py load_demo

admin:
	@$(BIN)/python manage.py ensure_admin

serve:
	@echo "Serving Newsroom on http://127.0.0.1:8000/ (admin at /admin/). Ctrl-C stops it."
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Checks run with production settings: DEBUG off and a throwaway random key,
# which must also pass `check --deploy` without a warning.
PRODUCTION_ENV = DEBUG=false SECRET_KEY="$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')"

check:
	$(PRODUCTION_ENV) $(BIN)/python manage.py check --fail-level WARNING
	$(PRODUCTION_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(PRODUCTION_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

test-sqlite: redis
	@echo "== Test suite on SQLite =="
	DATABASE_URL=sqlite:///:memory: $(BIN)/pytest

test-postgres: postgres redis
	@echo "== Test suite on PostgreSQL =="
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest

# Start the local PostgreSQL cluster if it is installed and stopped; fail
# loudly when it cannot be reached.
postgres:
	@.ci/ensure-postgres "$(PG_TEST_URL)"

# The cache's outage and recovery tests use a real Redis on 127.0.0.1:6379;
# start it when it is installed and stopped, fail loudly when it cannot be.
redis:
	@.ci/ensure-redis

# The browser journeys alone (tests/e2e, also part of the suite above), in
# Debian's chromium (apt-get install chromium) with axe-core from npm.
e2e: install-dev
	DATABASE_URL=sqlite:///:memory: $(BIN)/pytest tests/e2e

# README screenshots, taken in Debian's chromium (apt-get install chromium).
screenshots: install-dev
	$(BIN)/python docs/screenshots/capture.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache test-results
