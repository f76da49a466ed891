# arrears: `make demo` runs the product with a demo portfolio, `make test` runs the whole suite.
SHELL := /bin/sh
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_ACCOUNTS ?= 2000
HOST ?= 127.0.0.1
PORT ?= 8000
# Set to a PostgreSQL URL (e.g. postgres://postgres@127.0.0.1:5432/arrears) to run the suite there too.
ARREARS_TEST_DATABASE_URL ?=
PYTEST_ARGS ?=

.PHONY: demo test test-sqlite test-postgres bench bench-quick venv clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || "$$(scripts/find-python)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP) var/local.env
	DEBUG=1 $(BIN)/arrears migrate --no-input
	DEBUG=1 $(BIN)/arrears demo --accounts $(DEMO_ACCOUNTS) --if-empty
	DEBUG=1 $(BIN)/arrears serve --with-worker --host $(HOST) --port $(PORT)

# The demo's own keys, written once and read by every `arrears` command run here (environment variables win),
# so the CLI works on the demo database without setting anything. A database made before with the built-in
# development keys cannot be read with them: it is moved aside, and `make demo` builds a new one.
var/local.env:
	@for s in "" -wal -shm; do if [ -z "$$DATABASE_URL" ] && [ -e var/arrears.sqlite3$$s ]; then \
		mv var/arrears.sqlite3$$s var/arrears-dev-keys.sqlite3$$s; echo "moved var/arrears.sqlite3$$s aside"; fi; done
	DEBUG=1 $(BIN)/arrears genkeys --demo --write var/local.env

test: $(STAMP)
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$(ARREARS_TEST_DATABASE_URL)" ]; then $(MAKE) --no-print-directory test-postgres; \
	else echo "ARREARS_TEST_DATABASE_URL is not set: the suite ran on SQLite only"; fi

test-sqlite: $(STAMP)
	env -u DATABASE_URL $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

test-postgres: $(STAMP)
	DATABASE_URL=$(ARREARS_TEST_DATABASE_URL) $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

bench: $(STAMP)
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

bench-quick: $(STAMP)
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b --quick || exit 1; done

clean:
	rm -rf $(VENV) var build *.egg-info
