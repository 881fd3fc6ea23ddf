# The two commands of the README, and the few a developer needs beside them.
# Every target sets up what it needs first, so each works on a fresh clone.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE := qijourney/examples/wards.csv

.PHONY: run test lint format bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "qijourney needs Python 3.11 or newer; set PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

# The main job: chart the bundled example (four wards, two measures) the Making Data Count way.
run: $(STAMP)
	@mkdir -p out
	$(BIN)/qijourney spc $(EXAMPLE) --value value --numerator numerator \
	    --denominator denominator --date month --series measure --series ward \
	    --chart-column chart --improvement-column direction --target-column target \
	    --recalculate-column new_process --annotation-column note \
	    --chart-out out/wards.html --summary-out out/summary.csv --points-out out/points.csv
	$(BIN)/qijourney spc $(EXAMPLE) --value value --numerator numerator \
	    --denominator denominator --date month --series measure --series ward \
	    --chart-column chart --improvement-column direction --target-column target \
	    --recalculate-column new_process --annotation-column note --quiet \
	    --chart-out out/wards.png
	@echo "Open out/wards.html in a browser; the icons per series are in out/summary.csv."

# The whole test suite, with lint and format checks first.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python benchmarks/engine.py

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .hypothesis
