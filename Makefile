# Title Portal: `make run` serves the portal with demo data; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

# The first Python >= 3.12 on this machine (pyenv's, via .python-version, comes first).
PYTHON ?= $(shell for p in python3.13 python3.12 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)

.PHONY: help install run serve test test-dates lint format messages bench clean

help:
	@echo "make run    install what is missing, migrate, load demo data, serve on http://127.0.0.1:8000"
	@echo "make test   run the whole test suite (DATABASE_URL / REDIS_URL honoured)"
	@echo "make test-dates  the date-sensitive tests with the clock moved to $(TEST_DATES)"
	@echo "make lint   ruff, django-upgrade, djLint, mypy, makemigrations --check"
	@echo "make bench [SCALE=10000]  the portal under load at SCALE applications (default 1000000)"

$(VENV)/.installed: pyproject.toml uv.lock
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.12 or newer is needed (e.g. pyenv install 3.13)"; exit 1; fi
	@if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); fi
	@$(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip --upgrade >/dev/null
	@$(VENV)/bin/uv --version 2>/dev/null | grep -q "$(UV_VERSION)" || $(PY) -m pip install -q "uv==$(UV_VERSION)"
	$(VENV)/bin/uv sync --frozen --inexact --python $(PY)
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed for the front-end packages"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed

run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py make_signing_ca
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

serve:
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# The date-sensitive tests (marked "dates") again, with the clock moved to each day.
TEST_DATES := 2027-01-04 2027-10-08 2030-06-03
test-dates: install
	@for day in $(TEST_DATES); do echo "== clock at $$day"; \
		TITLEPORTAL_TEST_TODAY=$$day $(PY) -m pytest -m dates $(PYTEST_ARGS) || exit 1; done

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	git ls-files '*.py' | grep -v /migrations/ | xargs $(VENV)/bin/django-upgrade --target-version 6.1 --check
	$(VENV)/bin/djlint --lint templates */templates
	$(VENV)/bin/mypy
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Each app keeps its own catalog (<app>/locale); the project catalog (locale/) holds the
# strings of titleportal/ and templates/.
APPS_WITH_CATALOGS := reference accounts units applications reviews certificates payments
MAKEMESSAGES := makemessages -l zh_Hans --no-location --no-obsolete

messages: install
	DEBUG=1 $(PY) manage.py $(MAKEMESSAGES) -i "node_modules/*" -i ".venv/*" -i "var/*" -i "tests/*" \
		$(foreach app,$(APPS_WITH_CATALOGS),-i "$(app)/*")
	for app in $(APPS_WITH_CATALOGS); do (cd $$app && DEBUG=1 ../$(PY) ../manage.py $(MAKEMESSAGES)) || exit 1; done
	DEBUG=1 $(PY) manage.py compilemessages -l zh_Hans -i .venv -i node_modules -i var

# Applications in the benchmark's database (tests/benchmarks/load.py; needs PostgreSQL and wrk).
SCALE ?= 1000000
bench: install
	$(PY) -m tests.benchmarks load $(SCALE)

clean:
	rm -rf $(VENV) node_modules var/static
