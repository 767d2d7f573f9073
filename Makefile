# cardtable: the two commands of the quick start are `make run` and `make test`.
# Both create (or reuse) a local virtual environment in .venv and install into it:
# `make run` only what the package needs, `make test` also the development and cross-check tools
# and the optional Dask extra (sweeps on a cluster).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

CHROMIUM := /usr/bin/chromium

.PHONY: run test bench fuzz clean chromium

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
	$(BIN)/cardtable report kato-2025 -o report.html
	@echo "report: $(CURDIR)/report.html (open it in a browser; it works offline)"

# The browser tests drive Debian's Chromium through Playwright (Playwright's own browser download
# is not used); they fail, never skip, without it. Installing it needs root (or sudo).
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		chromium chromium-driver

chromium: $(CHROMIUM)

test: $(TEST_STAMP) $(CHROMIUM)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

# Longer randomised runs than `make test`: the fuzzers of the CLI and the API (random, bad and
# good by construction, schemathesis) with CARDTABLE_FUZZ_EXAMPLES (default 5,000: about 40,000
# inputs in all) and their tally (scripts/fuzz_tally.py), then 100 kills of `data import` at
# random moments and 20 pairs of concurrent imports (tests/data/test_data_crash.py; seed
# CARDTABLE_KILL_SEED).
fuzz: $(TEST_STAMP)
	$(BIN)/python scripts/fuzz_tally.py --examples $${CARDTABLE_FUZZ_EXAMPLES:-5000}
	CARDTABLE_KILL_TRIALS=$${CARDTABLE_KILL_TRIALS:-100} \
	CARDTABLE_CONCURRENT_TRIALS=$${CARDTABLE_CONCURRENT_TRIALS:-20} \
	$(BIN)/pytest -s -p no:cacheprovider tests/data/test_data_crash.py

bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache report.html
