# Cadrage: `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
INPUT ?= data/raw/us-turkey-s400-ukraine.txt
OUT ?= reports

.PHONY: help install report test lab bench lock clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned dependencies (only when they changed)

report: $(STAMP) ## Analyse the bundled article (or INPUT=...) into reports/ (or OUT=...)
	$(PY) -m analysis report $(INPUT) --out $(OUT)

test: $(STAMP) ## Run the whole test suite
	$(PY) -m pytest

lab: $(STAMP) ## Open JupyterLab on notebooks/
	$(VENV)/bin/jupyter lab notebooks/

bench: $(STAMP) ## Run the benchmarks (prints figures, never asserts times)
	$(PY) benchmarks/run.py

lock: $(STAMP) ## Re-freeze requirements.lock from the current .venv
	{ echo "# Full pinned dependency set (pip freeze of a resolved Python 3.11 install)."; \
	  echo "# Regenerate: make lock.  The project itself is installed with --no-deps on top."; \
	  $(PY) -m pip freeze --all --exclude-editable | grep -v -E '^(cadrage|pip)=='; } > requirements.lock

clean: ## Remove generated outputs (reports/, data/processed/), keep .venv
	rm -rf reports data/processed/*
