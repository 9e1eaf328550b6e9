# pamphlet — make targets for publishers. `make` sets up .venv if needed and builds every
# title; `make test` sets up what the tests need and runs them.

PAMPHLET := .venv/bin/pamphlet
PYTHON := .venv/bin/python
SETUP_BUILD := .venv/.setup-build
SETUP_TEST := .venv/.setup-test

.PHONY: all build pdf epub print booklet cover html check test lint lint-sources format clean bench dist setup

all: build

$(SETUP_BUILD): pyproject.toml scripts/setup.sh
	bash scripts/setup.sh build
	touch $@

$(SETUP_TEST): $(SETUP_BUILD) scripts/setup.sh $(wildcard tools/package*.json)
	bash scripts/setup.sh test
	touch $@

setup: $(SETUP_TEST)

build: $(SETUP_BUILD)
	$(PAMPHLET) build

pdf: $(SETUP_BUILD)
	$(PAMPHLET) build --edition screen

epub: $(SETUP_BUILD)
	$(PAMPHLET) build --edition epub

print: $(SETUP_BUILD)
	$(PAMPHLET) build --edition print

booklet: $(SETUP_BUILD)
	$(PAMPHLET) build --edition booklet

cover: $(SETUP_BUILD)
	$(PAMPHLET) build --edition cover

html: $(SETUP_BUILD)
	$(PAMPHLET) build --edition html

dist: $(SETUP_BUILD)
	$(PAMPHLET) dist

lint-sources: $(SETUP_BUILD)
	$(PAMPHLET) lint

check: $(SETUP_TEST)
	$(PAMPHLET) check

test: $(SETUP_TEST)
	$(PYTHON) -m pytest

lint: $(SETUP_BUILD)
	.venv/bin/ruff check pamphlet tests
	.venv/bin/ruff format --check pamphlet tests

format: $(SETUP_BUILD)
	.venv/bin/ruff format pamphlet tests
	.venv/bin/ruff check --fix pamphlet tests

bench: $(SETUP_BUILD)
	.venv/bin/python -m pip install -q -e '.[test,bench]' --config-settings editable_mode=compat
	$(PYTHON) bench/run.py

clean:
	rm -rf build
