# Cadrage: `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
INPUT ?= data/raw/us-turkey-s400-ukraine.txt
OUT ?= reports
PIP_VERSION := 26.3
# `make lab` runs as root too (containers, lab machines): Jupyter refuses root without --allow-root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: help install report test lint lab bench bench-full bench-stages lock clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# Python 3.11's bundled pip (23.2) does not match extras by their normalised name and warns
	@# "lxml does not provide the extra 'html_clean'" (jusText asks for lxml[html_clean]).
	$(PY) -m pip install --quiet pip==$(PIP_VERSION)
	$(PY) -m pip install --quiet -r requirements.lock
	@# -qq: setuptools' notes on editable installs and the licence field are not the user's business
	$(PY) -m pip install -qq --no-deps --no-build-isolation -e .
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned dependencies (only when they changed)

report: $(STAMP) ## Analyse the bundled article (or INPUT=...) into reports/ (or OUT=...)
	$(PY) -m analysis report $(INPUT) --out $(OUT)

lint: $(STAMP) ## Check the code with ruff (the suite runs it too)
	$(VENV)/bin/ruff check analysis tests tools benchmarks

test: $(STAMP) ## Run the whole test suite
	$(PY) -m pytest

lab: $(STAMP) ## Open JupyterLab on notebooks/ (one entry per notebook, see jupyter/)
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  $(VENV)/bin/jupyter lab $(ALLOW_ROOT) notebooks/

bench: $(STAMP) ## Run the benchmarks, 4-8 min on 2 cores (prints figures, never asserts times)
	$(PY) benchmarks/run.py

bench-full: $(STAMP) ## The long benchmark, 25-30 min: larger corpus, 3 rounds, 10,000 articles' peak RSS
	$(PY) benchmarks/run.py --full

bench-stages: $(STAMP) ## CPU ms per article of each step of a corpus run (about 1 min)
	$(PY) benchmarks/stages.py

lock: $(STAMP) ## Re-freeze requirements.lock from the current .venv
	{ echo "# Full pinned dependency set (pip freeze of a resolved Python 3.11 install)."; \
	  echo "# Regenerate: make lock.  The project itself is installed with --no-deps on top."; \
	  $(PY) -m pip freeze --all --exclude-editable | grep -v -E '^(cadrage|pip)==' \
	  | $(PY) -c "$$SORT_BY_NAME"; } > requirements.lock.tmp
	@# rewritten only when it changed (its date drives the install stamp)
	@if cmp -s requirements.lock.tmp requirements.lock; then rm requirements.lock.tmp; \
	  else mv requirements.lock.tmp requirements.lock; echo "requirements.lock updated"; fi

# Lock lines sorted by normalised project name (PEP 503), whatever order or spelling pip prints.
define SORT_BY_NAME
import re, sys
lines = [l for l in sys.stdin.read().splitlines() if l.strip()]
print("\n".join(sorted(lines, key=lambda l: re.sub(r"[-_.]+", "-", l.split("==")[0]).lower())))
endef
export SORT_BY_NAME

clean: ## Remove generated outputs (reports/, data/processed/), keep .venv
	rm -rf reports data/processed/*
