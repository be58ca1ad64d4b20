# Two commands from a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

NPM_STAMP := node_modules/.installed

.PHONY: install run test lint typecheck unit gate bench clean screenshots assets

install: $(STAMP) $(NPM_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# the dashboard's front-end packages, pinned in package-lock.json, into node_modules/ (ignored)
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

# the dashboard over the demo store on 127.0.0.1:8000, with a one-time sign-in link; Ctrl-C stops it
run: install
	$(BIN)/python -m ceasefire.demo --host 127.0.0.1 --port 8000

# the README's pictures of every page (headless Chromium: apt-get install chromium)
screenshots: install
	$(BIN)/python -m ceasefire.screenshots docs/screenshots

# copy the served npm files into ceasefire/web/static/vendor, so that a wheel built after it carries them
assets: install
	$(BIN)/python -m ceasefire.web.assets

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
	$(BIN)/python -m ceasefire.bench_pages --events 100000
	$(BIN)/python -m ceasefire.bench_tracker --events 100000 --eval $(SHARED)/eval
	$(BIN)/python -m ceasefire.bench_batch --corpus $(SHARED)/bench/guardian_syria/Guardian_SDF_sample.csv
	$(BIN)/python -m ceasefire.bench_deconflict --notifications 10000 --samples 500

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache node_modules
