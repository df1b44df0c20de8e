# fostlog: `make demo` sets everything up and runs the main job on the bundled data;
# `make test` runs the tests and lints the bundled data.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench fuzz schema clean

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

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

schema: $(STAMP)
	$(BIN)/fostlog schema --out schema
