# One command for each habit. `make demo` and `make test` each set up everything they need
# from nothing: a .venv in the repo with the pinned, hash-checked dependencies.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo serve test test-fast browser lint bench bench-geo eval-guard eval-record accuracy lock clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python scripts/build_spacy.py
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	rm -f eventwire.db eventwire.db-wal eventwire.db-shm
	$(BIN)/eventwire ingest samples/ --db eventwire.db
	$(BIN)/eventwire events --db eventwire.db

# The dashboard and JSON API over the demo's store, on http://127.0.0.1:8000/ (after `make demo`).
serve: $(STAMP)
	$(BIN)/eventwire serve --db eventwire.db

# The PostgreSQL store's tests need a server: scripts/start_postgres.sh starts Debian's on
# 127.0.0.1 (installing it when it may) unless EVENTWIRE_TEST_POSTGRES already names one.
test: $(STAMP) browser
	EVENTWIRE_TEST_POSTGRES="$${EVENTWIRE_TEST_POSTGRES:-$$(bash scripts/start_postgres.sh | tail -n 1)}" \
		$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not model and not e2e"

# Debian's Chromium and ChromeDriver, for the dashboard's browser tests (tests/e2e/test_dashboard.py).
browser:
	@bash scripts/install_browser.sh

lint: $(STAMP)
	$(BIN)/python -m ruff check src tests scripts
	$(BIN)/python -m mypy

# Issue 7's measurement: ~500-word articles, eventwire and bare spaCy both on 2 processes.
# 2-3 minutes on the 2-core VM when it is quiet, 5-6 when busy (`eventwire bench --help`).
bench: $(STAMP)
	$(BIN)/python scripts/bench.py --n 100 --repeats 3 --n-process 2 --corpus articles

# Gazetteer: index build, lookup speed, memory, and the GeoNames dump loader (docs/GEOCODING.md).
bench-geo: $(STAMP)
	$(BIN)/python scripts/bench_gazetteer.py

# Accuracy regression guard: fixed samples of the datasets in $(DATA) against eval/baseline.json.
DATA ?= ../shared/data

eval-guard: $(STAMP)
	$(BIN)/python scripts/eval_guard.py --data $(DATA)

# Only for an intended change of the numbers, explained in the commit.
eval-record: $(STAMP)
	$(BIN)/python scripts/eval_guard.py --data $(DATA) --record

# Full datasets (about 10 minutes on 2 cores): rewrites eval/accuracy/*.json and docs/ACCURACY.md.
accuracy: $(STAMP)
	$(BIN)/python scripts/accuracy_report.py --data $(DATA) --n-process 2

lock:
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements.lock requirements.in

clean:
	rm -rf $(VENV) build *.egg-info eventwire.db*
