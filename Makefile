# The README's commands: `make report` and `make test` set up everything on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
WORKBOOK ?= examples/盘江镇2024.xlsx
N ?= 200

.PHONY: report test lint template example docs pages check clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# The Word report and the web page always; the PDF when LibreOffice is installed (else one line says how).
report: $(STAMP)
	$(PY) -m pipeline render "$(WORKBOOK)" --html --pdf-if-available

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check pipeline tests bench
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

# Page images of the example PDF for the README (needs LibreOffice and poppler-utils).
pages: $(STAMP)
	$(PY) -m pipeline render "examples/盘江镇2024.xlsx" -o out/example.docx --pdf
	rm -f docs/report-page-*.png
	pdftoppm -r 60 -png out/example.pdf docs/report-page

clean:
	rm -rf out $(VENV)
