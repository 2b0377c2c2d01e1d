# The README's commands: `make report` and `make test` set up everything on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
WORKBOOK ?= examples/盘江镇2024.xlsx
N ?= 200

.PHONY: report test lint template example docs check clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

report: $(STAMP)
	$(PY) -m pipeline render "$(WORKBOOK)"

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check pipeline tests
	$(PY) -m mypy pipeline

check: lint test

template: $(STAMP)
	$(PY) -m pipeline template -o workbook_template.xlsx

example: $(STAMP)
	$(PY) -m tests.seed "examples/盘江镇2024.xlsx"

docs: $(STAMP)
	$(PY) -m pipeline docs

bench: $(STAMP)
	$(PY) bench/bench.py --n $(N)

clean:
	rm -rf out $(VENV)
