# Quick start on a fresh Debian machine with Python 3.11:
#   make build   set up .venv, install, build the example office's site into site/
#   make edit    edit the handbook in the browser (http://127.0.0.1:8765/)
#   make test    run the tests (installs Chromium & co. through scripts/ if missing)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: bytecode build test check serve edit bench bench-any-office schema clean system-packages fuzz guide ocr

# uv (a fast installer, pinned in constraints.txt) installs the pinned packages: 49.6 s for the
# whole install instead of 2 min 45 s with pip (guide: Speed); pip does it when uv cannot be used.
# --compile-bytecode: uv writes no .pyc by itself, and where PYTHONDONTWRITEBYTECODE is set (Docker
# images, this project's machines) Python never writes them either, so every process compiled
# WeasyPrint, PyThaiNLP, MkDocs … again at each start (an edit's build: 6.4 s instead of 8.9 s, guide: Speed).
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -c constraints.txt -e '.[test]' \
	  || $(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

# the tool's own modules as .pyc too (recompiled only when a file changed; stale ones are never used)
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q -j 0 generator >/dev/null

build: $(STAMP) bytecode
	./scripts/install-system-packages.sh build
	$(BIN)/handbook build
	@echo "Open site/index.html, or run: make serve"

check: $(STAMP) bytecode
	$(BIN)/handbook check

schema: $(STAMP)
	$(BIN)/handbook schema

serve: $(STAMP) bytecode
	$(BIN)/handbook serve

# the browser editor on http://127.0.0.1:8765/ (handbook edit; Ctrl+C stops it)
edit: $(STAMP) bytecode
	$(BIN)/handbook edit

# OCR of scanned manuals (handbook import --ocr), opt-in: ocrmypdf, Tesseract with its Thai data
ocr:
	./scripts/install-system-packages.sh ocr

system-packages:
	./scripts/install-system-packages.sh test

test: $(STAMP) bytecode system-packages
	$(BIN)/python -m pytest -q

bench: $(STAMP) bytecode system-packages
	$(BIN)/python bench/run_all.py

bench-any-office: $(STAMP) system-packages
	$(BIN)/python bench/any_office.py

# the user guide (guide/, Thai and English): guide/site/ (Thai), guide/site/en/ (English); no warnings allowed
guide: $(STAMP)
	$(BIN)/mkdocs build --strict -f guide/mkdocs.yml
	$(BIN)/mkdocs build --strict -f guide/mkdocs.en.yml
	@echo "Open guide/site/index.html"

clean:
	rm -rf site docs build .cache guide/site $(VENV)

# the long fuzz run of the loader and check (issue 14): 2,000 mutated inputs, prints the counts
fuzz: $(STAMP)
	$(BIN)/python bench/fuzz.py --inputs 2000
