# fostlog: `make demo` sets everything up and runs the main job on the bundled data;
# `make test` runs the tests and lints the bundled data.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench fuzz schema readme-rules clean explore

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/fostlog lint data
	$(BIN)/fostlog actions --open
	$(BIN)/fostlog benchmark 2020-21 --sort conversion
	$(BIN)/fostlog attendance --missing 2

test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/fostlog lint data

# Times start-up, lint and the queries against floors measured in the same run; writes
# bench/RESULTS.md. Corpora are generated into bench/corpus/ (ignored by git) once.
bench: $(STAMP)
	$(BIN)/python bench/run.py

# A long property-test run: many more damaged files than the bounded run in `make test`.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -s tests/test_properties.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

schema: $(STAMP)
	$(BIN)/fostlog schema --out schema

# The README's rule table, from src/fostlog/rules.py (a test fails when it is out of date).
readme-rules: $(STAMP)
	$(BIN)/python -m fostlog.rules --readme README.md

# The data as SQLite, served by Datasette with its metadata (titles, units, sources,
# licence) at http://127.0.0.1:8001. Datasette is an optional extra: pip install -e '.[explore]'.
explore: $(STAMP)
	@$(BIN)/python -c "import datasette" 2>/dev/null || { echo "datasette is not installed: $(BIN)/python -m pip install -e '.[explore]'"; exit 1; }
	mkdir -p build
	$(BIN)/fostlog export sqlite build/fostlog.db
	$(BIN)/datasette serve build/fostlog.db --metadata build/fostlog.metadata.json --port 8001
