# The two commands a newcomer needs:  make demo   and   make test
# Both install what they need first (idempotent): Debian packages when run as root,
# then a virtual environment in .venv with the pinned Python packages.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed
DEVSTAMP = $(VENV)/.installed-dev

.PHONY: install install-dev demo test test-postgres test-e2e screenshots lint bench bench-load clean

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml apt-packages.txt
	scripts/install-system-packages apt-packages.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip==26.3
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

install-dev: $(DEVSTAMP)

$(DEVSTAMP): $(STAMP) requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

demo: install
	$(VENV)/bin/jixiao serve --demo --fresh

# The web tests run twice: with the whole suite on SQLite, then tests/web again on
# PostgreSQL (pytest-django creates and drops test_jixiao_test). See docs/web.md.
PG_HOST ?= 127.0.0.1
PG_PORT ?= 5432
PG_TEST_URL ?= postgres://postgres@$(PG_HOST):$(PG_PORT)/jixiao_test

test: install-dev
	$(VENV)/bin/ruff check jixiao tests bench
	$(VENV)/bin/mypy  # the core, as configured in pyproject.toml [tool.mypy]
	env -u DATABASE_URL $(VENV)/bin/pytest -q
	@$(MAKE) --no-print-directory test-postgres

# Browser tests (Playwright + Debian chromium, against a live `jixiao serve`); they also run in the
# first pass of `make test` above. `make screenshots` refreshes docs/screenshots/e2e-*.png.
test-e2e: install-dev
	env -u DATABASE_URL $(VENV)/bin/pytest -q tests/e2e

screenshots: install-dev
	env -u DATABASE_URL JIXIAO_SCREENSHOTS=$(CURDIR)/docs/screenshots $(VENV)/bin/pytest -q tests/e2e

test-postgres: install-dev
	@if $(PY) -c "import socket; socket.create_connection(('$(PG_HOST)', $(PG_PORT)), 3).close()" 2>/dev/null; then \
		echo "== tests/web on PostgreSQL: DATABASE_URL=$(PG_TEST_URL)"; \
		DATABASE_URL=$(PG_TEST_URL) $(VENV)/bin/pytest -q -p no:cacheprovider tests/web; \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "错误：无法连接 PostgreSQL（$(PG_HOST):$(PG_PORT)），CI 中 PostgreSQL 测试不能跳过。" >&2; exit 1; \
	else \
		echo "注意：跳过 PostgreSQL 测试——无法连接 $(PG_HOST):$(PG_PORT)（启动 PostgreSQL 后运行 make test-postgres；CI=true 时此处失败）。"; \
	fi

lint: install-dev
	$(VENV)/bin/ruff check jixiao tests bench
	$(VENV)/bin/ruff format --check jixiao tests bench

bench: install
	$(PY) bench/parse.py
	$(PY) bench/check.py
	$(PY) bench/score.py
	$(PY) bench/corpus.py

# 50 users browsing and saving for 60 s against PostgreSQL on loopback (gunicorn); see docs/web.md.
bench-load: install
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
