# The two commands a newcomer needs:  make demo   and   make test
# Both install what they need first (idempotent): Debian packages when run as root,
# then a virtual environment in .venv with the pinned Python packages.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed
DEVSTAMP = $(VENV)/.installed-dev

.PHONY: install install-dev demo test lint bench clean

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
	$(VENV)/bin/jixiao parse examples/*.txt

test: install-dev
	$(VENV)/bin/ruff check jixiao tests bench
	$(VENV)/bin/pytest -q

lint: install-dev
	$(VENV)/bin/ruff check jixiao tests bench
	$(VENV)/bin/ruff format --check jixiao tests bench

bench: install
	$(PY) bench/parse.py
	$(PY) bench/check.py
	$(PY) bench/score.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
