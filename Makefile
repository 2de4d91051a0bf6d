# recoupe — make demo | make test | make bench | make lint
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test bench bench-scale lint install clean system-deps

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade "pip>=24"
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/recoupe analyze examples/corpus --meta examples/corpus/meta.jsonl \
		--issues examples/issues.yaml --db out/demo/recoupe.db --out out/demo

# Debian's Chromium (end-to-end UI tests) and PostgreSQL (backend tests); the tests
# that need them skip, saying so, when they cannot be installed.
system-deps:
	@{ command -v chromium >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  ($$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium postgresql >/dev/null) \
	  || echo "warning: could not install chromium/postgresql; the tests that need them will be skipped"; }

test: $(STAMP) system-deps
	$(PY) -m pytest -q

# throughput vs bare nlp.pipe; the corpus pass full vs incremental; API latency on 10,000 articles
bench: $(STAMP)
	$(VENV)/bin/recoupe bench --n 300
	$(PY) -m recoupe.corpus.bench 1000
	$(PY) -m recoupe.web.bench 10000

bench-scale: $(STAMP)
	$(PY) -m recoupe.bench_scale --postgres auto

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy src

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
