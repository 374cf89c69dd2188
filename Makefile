# chrono: `make run` to serve on http://127.0.0.1:8000, `make test` for the test suite.
# Both set up .venv first; without DATABASE_URL they use the embedded PostgreSQL in ./var/.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8000

.PHONY: setup run test stress clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/chrono db upgrade
	$(BIN)/chrono places load
	$(BIN)/chrono ingest --sources samples/sources.toml
	$(BIN)/chrono serve --port $(PORT) --no-migrate

# The page tests drive Debian's headless Chromium through Playwright (no browser download); where
# /usr/bin/chromium is missing they are skipped and pytest's summary says so. .ci/run installs it.
test: setup
	$(BIN)/python -m pytest -m "not stress"

# The slow reliability checks: faults with real processes (lost database, SIGTERM, two workers) and
# schemathesis against a live server (docs/reliability.md). The load benchmark is bench/load.py.
stress: setup
	$(BIN)/python -m pytest -m stress

clean:
	rm -rf $(VENV) var .pytest_cache
