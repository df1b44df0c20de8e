# fostlog: `make demo` sets everything up and runs the main job on the bundled data;
# `make test` runs the tests and lints the bundled data.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# As pyproject.toml's requires-python.
MIN_PYTHON := 3.11

# A shell test that the Python in $$py runs and is $(MIN_PYTHON) or newer. It asks with
# --version, which every Python answers the same way (and a missing one fails).
PY_OK = v=$$("$$py" --version 2>&1 | sed -n 's/^Python \([0-9][0-9]*\)\.\([0-9][0-9]*\).*/\1 \2/p'); \
	set -- $$v; [ -n "$$v" ] && { [ "$$1" -gt 3 ] || { [ "$$1" -eq 3 ] && [ "$$2" -ge 11 ]; }; }

.PHONY: demo test lint bench fuzz schema readme-rules clean explore python venv lint-data \
	install docs wheel

# Where `make install` puts the command when pipx is not there: a folder most systems put
# on the PATH (systemd's file-hierarchy, and Debian's and Fedora's ~/.profile).
USER_BIN ?= $(HOME)/.local/bin

# Stops with one line, before anything is created, when $(PYTHON) is missing or too old.
python:
	@py='$(PYTHON)'; $(PY_OK) || { \
	  found=$$("$$py" --version 2>/dev/null | head -n 1); \
	  echo "fostlog needs Python $(MIN_PYTHON) or newer, but '$$py' is $${found:-not installed}: install a newer one and run e.g. 'PYTHON=python3.12 make demo'." >&2; \
	  exit 1; }

# The virtual environment: made once with $(PYTHON), reinstalled when pyproject.toml
# changes, and made again from scratch when it is left from an install that failed or was
# made by a Python that is too old or no longer there.
venv: python
	@py='$(BIN)/python'; if [ -e $(VENV) ] && ! { [ -f $(STAMP) ] && $(PY_OK); }; then \
	  echo "Removing $(VENV), left from an install that failed or from another Python; making it again."; \
	  rm -rf $(VENV); fi
	@if [ ! -f $(STAMP) ] || [ pyproject.toml -nt $(STAMP) ]; then \
	  echo "Installing fostlog and what it uses into $(VENV) with $(PYTHON) (a minute or two, the first time)..."; \
	  $(PYTHON) -m venv $(VENV) && \
	  $(BIN)/python -m pip install --quiet --upgrade pip && \
	  $(BIN)/python -m pip install --quiet -e '.[test]' && \
	  touch $(STAMP); fi

# The stamp as a file, for scripts that ask for it (make .venv/.installed): the same as venv.
$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory venv

demo: venv
	$(BIN)/fostlog lint data
	$(BIN)/fostlog actions --open
	$(BIN)/fostlog benchmark 2020-21 --sort conversion
	$(BIN)/fostlog attendance --missing 2
	@$(ON_PATH) || { echo; \
	  echo "To type 'fostlog ...' as the README does: '. .venv/bin/activate' (in this shell), or 'make install' (for good)."; }

# True when the shell finds a fostlog (make install, or an activated .venv).
ON_PATH = command -v fostlog >/dev/null 2>&1

# fostlog on the PATH for this user, so `fostlog ...` works in every new shell: with pipx
# where it is installed (its own venv, from this checkout), else a link in $(USER_BIN) to
# this checkout's .venv/bin/fostlog (editable, so a `git pull` updates it too; `make clean`
# breaks the link until the next `make install`). pip install --user is not used: Debian's
# and Ubuntu's Python refuse it (PEP 668).
install: venv
	@if command -v pipx >/dev/null 2>&1; then \
	  echo "Installing fostlog with pipx..."; pipx install --force . ; \
	else \
	  mkdir -p "$(USER_BIN)" && ln -sf "$(CURDIR)/$(BIN)/fostlog" "$(USER_BIN)/fostlog" && \
	  echo "Linked $(USER_BIN)/fostlog to $(CURDIR)/$(BIN)/fostlog."; \
	fi
	@if command -v pipx >/dev/null 2>&1 || case ":$$PATH:" in *":$(USER_BIN):"*) true;; *) false;; esac; then \
	  echo "Type 'fostlog --version' in a new terminal to check."; \
	else \
	  echo "$(USER_BIN) is not on your PATH: add the line  export PATH=\"$(USER_BIN):\$$PATH\"  to ~/.profile and open a new terminal (or type '. .venv/bin/activate')."; \
	fi

test: venv
	$(BIN)/python -m pytest
	$(BIN)/fostlog lint data

# What the pre-commit hook runs (.pre-commit-config.yaml): the data checked by this
# repository's own fostlog, installed first if need be.
lint-data: venv
	@$(BIN)/fostlog lint data

# Times start-up, lint and the queries against floors measured in the same run; writes
# bench/RESULTS.md. Corpora are generated into bench/corpus/ (ignored by git) once.
bench: venv
	$(BIN)/python bench/run.py

# A long property-test run: many more damaged files than the bounded run in `make test`,
# and 10,000 damaged inputs to each importer (tests/test_fuzz_imports.py).
# -vv names each test as it finishes, so a long run shows how far it has got.
fuzz: venv
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -vv -s tests/test_properties.py \
	  tests/test_fuzz_imports.py

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# The JSON Schemas, from the models, into schema/ (src/fostlog/schemas links to it, so the
# package ships the same files).
schema: venv
	$(BIN)/fostlog schema --out schema

# The rule tables of docs/rules.md, from src/fostlog/core/rules.py (a test fails when they
# are out of date).
readme-rules: venv
	$(BIN)/python -m fostlog.core.rules --readme docs/rules.md

# The documentation site, into build/docs/ (mkdocs.yml): a broken link fails the build.
docs: venv
	@$(BIN)/python -c "import mkdocs, material" 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[docs]'
	$(BIN)/mkdocs build --strict

# The wheel, into dist/, as `pip install fostlog` would install it.
wheel: venv
	$(BIN)/python -m pip wheel --no-deps --wheel-dir dist .

# The data as SQLite, served by Datasette with its metadata (titles, units, sources,
# licence) at http://127.0.0.1:8001. Datasette is an optional extra: pip install -e '.[explore]'.
explore: venv
	@$(BIN)/python -c "import datasette" 2>/dev/null || { echo "datasette is not installed: $(BIN)/python -m pip install -e '.[explore]'"; exit 1; }
	mkdir -p build
	$(BIN)/fostlog export sqlite build/fostlog.db
	$(BIN)/datasette serve build/fostlog.db --metadata build/fostlog.metadata.json --port 8001
