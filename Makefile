# The two commands of the README, and the few a developer needs beside them.
# Every target sets up what it needs first, so each works on a fresh clone.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE := qijourney/examples/wards.csv
# The test suite runs twice: on the embedded SQLite and on this PostgreSQL.
TEST_POSTGRES ?= postgres://postgres@127.0.0.1:5432/test
FRONTEND := frontend/package.json frontend/package-lock.json frontend/build.mjs $(wildcard frontend/styles/*.scss)

.PHONY: run example test test-sqlite lint format bench clean

$(STAMP): pyproject.toml hatch_build.py $(FRONTEND)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "qijourney needs Python 3.11 or newer; set PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

# The main job: the platform with a synthetic integrated care system, on http://127.0.0.1:8000/
run: $(STAMP)
	$(BIN)/qijourney demo

# Chart the bundled example (four wards, two measures) the Making Data Count way, into out/.
example: $(STAMP)
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

# The whole test suite, with lint, format and the import layers checked first, on SQLite;
# then again on PostgreSQL the tests that use a database (the engine's run once).
test: test-sqlite
	@$(BIN)/python -c 'import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=5).close()' "$(TEST_POSTGRES)" \
	  || { echo "PostgreSQL is not answering at $(TEST_POSTGRES): start it, set TEST_POSTGRES, or run make test-sqlite"; exit 1; }
	DATABASE_URL=$(TEST_POSTGRES) QIJOURNEY_DATABASE_TESTS_ONLY=1 $(BIN)/pytest

test-sqlite: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
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
