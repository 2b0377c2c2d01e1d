# The README's commands: `make report` and `make test` set up everything on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Two stamps: `make report` installs only what checking and rendering need; `make test` and the
# other developer targets add the test and lint tools on top.
RUNTIME := $(VENV)/.runtime
DEV := $(VENV)/.dev
WORKBOOK ?= examples/盘江镇2024.xlsx
N ?= 200

.PHONY: report test test-editors lint template example docs pages county-pages check clean bench serve screenshots editor-screenshots

$(RUNTIME): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

# The web page's framework and server, on top of the runtime (`make serve`).
WEB := $(VENV)/.web
$(WEB): $(RUNTIME)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[web]'
	touch $@

$(DEV): $(RUNTIME)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# The Word report and the web page always; the PDF when LibreOffice is installed (else one line says how).
report: $(RUNTIME)
	$(PY) -m pipeline render "$(WORKBOOK)" --html --pdf-if-available

# Two workers (or one per core), each test file kept in one worker: a file's module fixtures
# (make report into out/, LibreOffice conversions) run once. The 15 slowest tests are listed.
test: $(DEV)
	$(PY) -m pytest -n auto --dist loadfile --durations=15

# The fragment through the websites' editors (tests/editors): the Node packages pinned in its
# package-lock.json (about 220 MB) and UEditor 1.4.3 from its PyPI distribution, installed on the first
# run; then the editors driven in chromium. Missing editors fail the tests, never skip them.
EDITORS := tests/editors
$(EDITORS)/node_modules/.package-lock.json: $(EDITORS)/package.json $(EDITORS)/package-lock.json
	cd $(EDITORS) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

$(EDITORS)/vendor/ueditor/ueditor.all.js: $(EDITORS)/install_ueditor.py | $(DEV)
	rm -rf $(EDITORS)/vendor/ueditor
	$(PY) -m tests.editors.install_ueditor
	touch $@

test-editors: $(DEV) $(EDITORS)/node_modules/.package-lock.json $(EDITORS)/vendor/ueditor/ueditor.all.js
	$(PY) -m pytest -m editors $(EDITORS) --durations=5

lint: $(DEV)
	$(PY) -m ruff check pipeline tests bench
	$(PY) -m mypy pipeline
	$(VENV)/bin/lint-imports

check: lint test

template: $(DEV)
	$(PY) -m pipeline template -o workbook_template.xlsx --force

example: $(DEV)
	$(PY) -m tests.seed "examples/盘江镇2024.xlsx"
	$(PY) -m tests.roster_example "examples/名单示例.xlsx"

docs: $(DEV)
	$(PY) -m pipeline docs

bench: $(DEV)
	$(PY) bench/bench.py --n $(N)
	$(PY) bench/submissions_bench.py

# Page images of the example PDF, the 图解 page and the pasted web fragment for the README (needs
# LibreOffice, poppler-utils and chromium).
pages: $(DEV)
	$(PY) -m pipeline render "examples/盘江镇2024.xlsx" -o out/example.docx --pdf
	rm -f docs/report-page-*.png
	pdftoppm -r 60 -png out/example.pdf docs/report-page
	$(PY) -m tests.docs_pages
	# The example workbook as staff print it: table 三's two pages (headers repeated) and 校验.
	soffice -env:UserInstallation=file://$(CURDIR)/out/lo-profile --headless --convert-to pdf --outdir out "examples/盘江镇2024.xlsx"
	rm -f docs/workbook-*.png
	pdftoppm -r 60 -png -f 6 -l 7 "out/盘江镇2024.pdf" docs/workbook-table3
	pdftoppm -r 60 -png -f 9 -l 9 "out/盘江镇2024.pdf" docs/workbook-check

# The web page with the example roster (5 units, the 2024 example's year); DATA, HOST, PORT can be changed.
DATA ?= web-data
HOST ?= 127.0.0.1
PORT ?= 8000
serve: $(WEB)
	$(PY) -m pipeline serve --data "$(DATA)" --host $(HOST) --port $(PORT) --roster examples/名单示例.xlsx --year 2024

# The README's pictures of the web page, taken by the browser test (needs chromium).
screenshots: $(DEV)
	SCREENSHOTS_DIR=docs $(PY) -m pytest -q tests/web/test_browser.py

# The README's pictures of the fragment saved by each website editor (needs the editors: make test-editors).
editor-screenshots: test-editors
	SCREENSHOTS_DIR=docs $(PY) -m pytest -q -m editors $(EDITORS)

# Page images of the county's printed documents for the README (needs LibreOffice and poppler-utils).
county-pages: $(DEV)
	$(PY) -m tests.county_demo docs

clean:
	rm -rf out $(VENV)
