# chrono: `make run` to serve on http://127.0.0.1:8000, `make test` for the test suite.
# Both set up .venv first; without DATABASE_URL they use the embedded PostgreSQL in ./var/.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8000

.PHONY: setup browser run test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

# The page tests drive a real headless Chromium (Debian's package; Playwright uses it, it downloads none).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "the browser tests need Chromium at /usr/bin/chromium (apt-get install chromium)" >&2; exit 1; fi; }

run: setup
	$(BIN)/chrono db upgrade
	$(BIN)/chrono places load
	$(BIN)/chrono ingest --sources samples/sources.toml
	$(BIN)/chrono serve --port $(PORT) --no-migrate

test: setup browser
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) var .pytest_cache
