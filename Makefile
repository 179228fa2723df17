# Fiscal data warehouse. `make build` then `make test`; `make help` lists every target.
SOURCES ?= data/samples
DB ?= warehouse/fiscal.duckdb
ARGS ?=
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help build test lint bench fixtures seeds docs report clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

build: $(STAMP) ## Ingest SOURCES (default data/samples) and publish DB (default warehouse/fiscal.duckdb); STRICT=1: fail on any failed or partial document
	$(BIN)/fiscal build --sources "$(SOURCES)" --db "$(DB)" $(if $(STRICT),--strict) $(ARGS)

test: $(STAMP) ## Run the whole test suite (pytest, which also builds and runs the dbt tests)
	$(BIN)/pytest -q

lint: $(STAMP) ## ruff and mypy
	$(BIN)/ruff check ingest fiscal seeds tests bench
	$(BIN)/ruff format --check ingest fiscal seeds tests bench
	$(BIN)/mypy

bench: $(STAMP) ## Print ingest figures on SOURCES, builds of 100 and 1,000 generated documents (FISCAL_BENCH_SIZES=…), PDF figures (pages/s, workers, RSS), what lands of data/realworld and what the plain reader makes of real tools' text dumps; not pass/fail
	$(BIN)/python bench/bench_ingest.py "$(SOURCES)"
	$(BIN)/python -m bench.bench_scale
	$(BIN)/python -m bench.bench_pdf
	$(BIN)/python -m bench.bench_realworld
	$(BIN)/python -m bench.bench_dumps

fixtures: $(STAMP) ## Write the PDF renderings of the samples and the hostile PDFs to build/fixtures
	$(BIN)/python -m tests.pdfgen build/fixtures

docs: $(STAMP) ## The dbt docs of DB (default warehouse/fiscal.duckdb) as one static page: build/docs/index.html
	@test -f "$(DB)" || { echo "make docs: $(DB) does not exist: run make build first" >&2; exit 1; }
	mkdir -p build/docs build/dbt
	cp "$(DB)" build/dbt/docs.duckdb
	FISCAL_DB_PATH="$(CURDIR)/build/dbt/docs.duckdb" $(BIN)/dbt --quiet docs generate --static --project-dir . --profiles-dir . \
		--target-path build/dbt/docs-target --log-path build/dbt/logs
	cp build/dbt/docs-target/static_index.html build/docs/index.html
	rm -f build/dbt/docs.duckdb
	@echo "dbt docs: build/docs/index.html (open it in a browser; no server needed)"

report: $(STAMP) ## A static HTML report of DB with charts, readable offline: build/report/index.html
	$(BIN)/fiscal report --db "$(DB)" --out build/report

seeds: $(STAMP) ## Regenerate seeds/regions.csv (every division of China since 2010) from the pinned PyPI division lists (see seeds/generators/regions.py)
	$(BIN)/python -m seeds.generators.regions

clean: ## Remove the virtual environment, build folders and the default warehouse
	rm -rf $(VENV) build warehouse .pytest_cache .mypy_cache .ruff_cache
