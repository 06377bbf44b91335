# Ribambelle: `make demo` runs the demo town on SQLite; `make test` runs the whole suite with the gates.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
UV := .uv/bin/uv
RUN := $(UV) run --frozen
# The machine sets PYTHONDONTWRITEBYTECODE; pytest then recompiles every plugin at each start.
export PYTHONDONTWRITEBYTECODE :=
export UV_PYTHON := python3.11

.PHONY: help env pdf-libs browser demo run worker test lint types unit smoke bench clean

help:
	@echo "make demo   - environment, SQLite database, demo territory, server on http://127.0.0.1:8000"
	@echo "make test   - environment, browser, quality gates and the whole suite"

$(UV):
	python3 -m venv .uv
	.uv/bin/pip install --quiet uv==$(UV_VERSION)

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --compile-bytecode
	touch $@

env: .venv/.synced

# WeasyPrint (PDF statements) needs Pango from Debian, with a font.
pdf-libs:
	@ldconfig -p | grep -q libpangoft2-1.0 || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; }

# Debian's Chromium (Playwright cannot download its own browser here) and axe-core from npm.
browser: pdf-libs node_modules/axe-core/axe.min.js
	@command -v chromium >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-dejavu-core; }

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

demo: env pdf-libs
	DEBUG=true $(RUN) ribambelle migrate --no-input -v 0
	DEBUG=true $(RUN) ribambelle demo
	DEBUG=true $(RUN) ribambelle runserver 127.0.0.1:8000

run: env
	DEBUG=true $(RUN) ribambelle runserver 127.0.0.1:8000

worker: env
	DEBUG=true $(RUN) celery -A ribambelle.config worker --concurrency=2 -l info

test: env browser lint types unit

lint: env
	$(RUN) ruff check src tests benchmarks
	$(RUN) ruff format --check src tests benchmarks
	$(RUN) lint-imports
	DEBUG=true $(RUN) ribambelle makemigrations --check --dry-run

types: env
	$(RUN) mypy

unit: env browser
	$(RUN) pytest -p no:randomly

smoke: env browser
	$(RUN) pytest -m smoke

bench: env
	$(RUN) python benchmarks/seed_city.py
	$(RUN) python benchmarks/registry_city.py
	$(RUN) python benchmarks/rules_throughput.py
	$(RUN) python benchmarks/statements_month.py
	$(RUN) python benchmarks/attendance_import.py
	$(RUN) python benchmarks/allocation.py
	$(RUN) python benchmarks/committee.py
	$(RUN) python benchmarks/indicators.py
	$(RUN) python benchmarks/cockpit.py

clean:
	rm -rf .venv .uv var node_modules
