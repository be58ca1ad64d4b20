# Two commands from a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: install run test lint typecheck unit gate bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: install
	$(BIN)/ceasefire demo

lint: install
	$(BIN)/ruff check ceasefire tests
	$(BIN)/ruff format --check ceasefire tests

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest -q

test: lint typecheck unit

gate: install
	$(BIN)/pytest -q tests/eval

bench: install
	$(BIN)/python -m ceasefire.bench --corpus $(SHARED)/bench/guardian_syria/Guardian_SDF_sample.csv --processes 2
	$(BIN)/python -m ceasefire.bench_service
	$(BIN)/python -m ceasefire.bench_tracker --events 100000 --eval $(SHARED)/eval
	$(BIN)/python -m ceasefire.bench_deconflict --notifications 10000 --samples 500

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache
