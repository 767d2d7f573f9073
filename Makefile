# cardtable: the two commands of the quick start are `make run` and `make test`.
# Both create (or reuse) a local virtual environment in .venv and install into it:
# `make run` only what the package needs, `make test` also the development and cross-check tools
# and the optional Dask extra (sweeps on a cluster).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,crosscheck,sweep]'
	touch $(TEST_STAMP) $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/cardtable holders --top 10
	$(BIN)/cardtable simulate kato-2025
	$(BIN)/cardtable simulate japan-fire-sale
	$(BIN)/cardtable trade japan --at 2025-04-09
	$(BIN)/cardtable negotiate kato-2025

test: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
