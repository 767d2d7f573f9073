# cardtable: the two commands of the quick start are `make run` and `make test`.
# Both create (or reuse) a local virtual environment in .venv and install into it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,crosscheck]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/cardtable holders --top 10
	$(BIN)/cardtable simulate kato-2025
	$(BIN)/cardtable simulate japan-fire-sale
	$(BIN)/cardtable negotiate kato-2025

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
