# Fiscal data warehouse. `make build` then `make test`; `make help` lists every target.
SOURCES ?= data/samples
DB ?= warehouse/fiscal.duckdb
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help build test lint bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

build: $(STAMP) ## Ingest SOURCES (default data/samples) and publish DB (default warehouse/fiscal.duckdb)
	$(BIN)/fiscal build --sources "$(SOURCES)" --db "$(DB)"

test: $(STAMP) ## Run the whole test suite (pytest, which also builds and runs the dbt tests)
	$(BIN)/pytest -q

lint: $(STAMP) ## ruff and mypy
	$(BIN)/ruff check ingest tests
	$(BIN)/ruff format --check ingest tests
	$(BIN)/mypy

bench: $(STAMP) ## Print ingest throughput and memory on SOURCES (figures, not pass/fail)
	$(BIN)/python bench/bench_ingest.py "$(SOURCES)"

clean: ## Remove the virtual environment, build folders and the default warehouse
	rm -rf $(VENV) build warehouse .pytest_cache .mypy_cache .ruff_cache
