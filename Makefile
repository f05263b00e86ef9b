# Each target bootstraps .venv when it is missing or pyproject.toml changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench bench-scale stress tinydb-suite clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/briefing

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

# The scale and analysis benchmarks at 100k sections (generated under benchmarks/.work/, several
# minutes; the libraries are kept there for the next run).
bench-scale: $(STAMP)
	$(BIN)/python benchmarks/scale_bench.py --sections 100000 --daily 30
	$(BIN)/python benchmarks/analysis_bench.py --sizes 100000 --work benchmarks/.work

stress: $(STAMP)
	$(BIN)/python benchmarks/stress_kill.py --kills 2000
	$(BIN)/python benchmarks/stress_index.py --damage 300 --kills 50

tinydb-suite: $(STAMP)
	$(BIN)/python tests/tinydb_suite/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
