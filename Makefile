# graphgrad developer commands. `make demo` and `make test` set everything up on a
# fresh Debian machine (a .venv with graphgrad installed editable, plus Graphviz's
# `dot`) and are safe to re-run: set-up steps are skipped when already done.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUFF := $(VENV)/bin/ruff
STAMP := $(VENV)/.installed

export PIP_DISABLE_PIP_VERSION_CHECK := 1
export DEBIAN_FRONTEND := noninteractive

# Only lint the directories that exist so far.
LINT_DIRS := $(wildcard autograd nn optim tests benchmarks tools)
NB_STAMP := $(VENV)/.notebooks-installed
# MkDocs 1.6 prints a notice about its future on every build; the site's page on the
# documentation (docs/documentation.md) says where we stand.
export NO_MKDOCS_2_WARNING := 1

# The suite executes the notebooks too (tests/test_notebooks.py) and builds the site.
PYTEST_ARGS := tests
# Under CI use the fast, reproducible hypothesis profile (see tests/conftest.py),
# unless HYPOTHESIS_PROFILE picks another one.
ifneq ($(filter-out 0 false no,$(CI)),)
PYTEST_ARGS += --hypothesis-profile=$(or $(HYPOTHESIS_PROFILE),ci)
endif

# The editable install maps the top-level packages that exist when it runs, so the
# stamp records them and the install is redone when that set changes (it is also
# redone whenever pyproject.toml changes).
PACKAGES := $(patsubst %/__init__.py,%,$(wildcard autograd/__init__.py nn/__init__.py optim/__init__.py))
ifneq ($(strip $(file < $(STAMP))),$(strip $(PACKAGES)))
$(STAMP): FORCE
endif

.DEFAULT_GOAL := help
.PHONY: help demo playground test fuzz lint bench venv graphviz chromium docs docs-serve \
	notebooks notebooks-refresh clean distclean FORCE

help:
	@echo "make demo       set up, then train a network on the digits dataset (writes out/)"
	@echo "make playground serve the playground (TensorFlow Playground on graphgrad) on 127.0.0.1:8765"
	@echo "make test       set up, then lint and run the whole test suite (incl. notebooks"
	@echo "                and a strict build of the documentation site)"
	@echo "make fuzz       the long fuzz: 500 random cases per public op, then random programs"
	@echo "                checked against numpy and finite differences for FUZZ_MINUTES (10)"
	@echo "make lint       ruff check + ruff format --check"
	@echo "make docs       build the documentation site into site/ (open site/index.html)"
	@echo "make docs-serve serve the site on http://127.0.0.1:8000, rebuilt on every change"
	@echo "make notebooks  install JupyterLab and open it on notebooks/"
	@echo "make notebooks-refresh  re-execute the notebooks and save their outputs"
	@echo "make bench      run the benchmarks"
	@echo "make clean      remove build outputs and caches (keeps .venv)"
	@echo "make distclean  clean, and remove .venv too"

demo: venv graphviz
	$(PY) -m nn.demo

# PORT=... picks another port; the page is http://127.0.0.1:$(PORT)/
PORT ?= 8765
playground: venv graphviz
	$(VENV)/bin/graphgrad-playground --port $(PORT)

test: lint graphviz chromium
	@rc=0; $(PY) -m pytest $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest: no tests collected yet"; exit 0; fi; \
	exit $$rc

# The test suite runs the same fuzz with few, fixed examples; this runs fresh ones for long.
FUZZ_MINUTES ?= 10
fuzz: venv
	$(PY) -m benchmarks.fuzz --minutes $(FUZZ_MINUTES)

lint: venv
	$(RUFF) check --no-cache $(LINT_DIRS)
	$(RUFF) format --check --no-cache $(LINT_DIRS)

bench: venv
	$(PY) -m benchmarks

docs: venv
	$(VENV)/bin/mkdocs build

docs-serve: venv
	$(VENV)/bin/mkdocs serve

notebooks: venv $(NB_STAMP)
	$(VENV)/bin/jupyter lab notebooks/

notebooks-refresh: venv graphviz
	$(PY) -m tools.notebooks refresh

$(NB_STAMP): pyproject.toml | $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,docs,notebooks]'
	@touch $@

venv: $(STAMP)

$(PY):
	@$(PYTHON) -m venv $(VENV) || { \
	  rm -rf $(VENV); \
	  if [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing python3-venv with apt-get..."; \
	    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null \
	      && $(PYTHON) -m venv $(VENV); \
	  else \
	    echo "'$(PYTHON) -m venv' failed. Run this, then retry:"; \
	    echo "    sudo apt-get install python3-venv"; \
	    exit 1; \
	  fi; \
	}

# Order-only on $(PY): the venv's python is a symlink whose target's mtime is old.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,docs]'
	@echo '$(PACKAGES)' > $@

# Graphviz's `dot` renders computation graphs. Installed with apt-get when we are
# root; otherwise we say what to run and carry on (graph rendering needs it).
graphviz:
	@if ! command -v dot >/dev/null 2>&1; then \
	  if [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Graphviz (dot) with apt-get..."; \
	    apt-get update -qq && apt-get install -y -qq graphviz >/dev/null && dot -V; \
	  else \
	    echo "Graphviz's 'dot' program is missing; rendering graphs needs it. Run:"; \
	    echo "    sudo apt-get install graphviz"; \
	  fi; \
	fi

# Debian's Chromium runs the playground's end-to-end tests (driven by Playwright's Python
# library, which never downloads a browser of its own). Installed like Graphviz.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium with apt-get (for the playground's browser tests)..."; \
	    apt-get update -qq && apt-get install -y -qq chromium >/dev/null && /usr/bin/chromium --version; \
	  else \
	    echo "Chromium is missing; the playground's browser tests will be skipped. Run:"; \
	    echo "    sudo apt-get install chromium"; \
	  fi; \
	fi

clean:
	rm -rf out build dist site *.egg-info .pytest_cache .ruff_cache .hypothesis docs/_build .cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)

FORCE:
