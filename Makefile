# Quickstart: `make up` runs the whole stack locally, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := $(or $(shell command -v uv 2>/dev/null),.tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)

.PHONY: install up test test-unit test-integration test-e2e bench lint events-doc clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

.venv/.synced: $(UV) uv.lock pyproject.toml $(wildcard libs/*/pyproject.toml services/*/pyproject.toml sandboxes/pyproject.toml ops/pyproject.toml)
	$(UV) sync --frozen
	touch $@

install: .venv/.synced

up: install
	.venv/bin/cv-stack

test: install
	.venv/bin/pytest

test-unit: install
	.venv/bin/pytest tests/unit

test-integration: install
	.venv/bin/pytest tests/integration

test-e2e: install
	.venv/bin/pytest tests/e2e

bench: install
	.venv/bin/python bench/gateway.py

lint: install
	.venv/bin/ruff check libs services sandboxes ops tests bench

events-doc: install  # docs/events.md from the declared contracts and the services' consumers
	.venv/bin/python -m cvops.events_doc docs/events.md

clean:
	rm -rf .venv .tools var
