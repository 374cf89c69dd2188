# chrono: `make run` to serve on http://127.0.0.1:8000, `make test` for the test suite.
# Both set up .venv first; without DATABASE_URL they use the embedded PostgreSQL in ./var/.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8000

.PHONY: setup run test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/chrono db upgrade
	$(BIN)/chrono serve --port $(PORT) --no-migrate

test: setup
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) var .pytest_cache
