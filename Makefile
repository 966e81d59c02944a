# Two commands do all set-up on a fresh machine with Python 3.11:
#   make demo   -> installs into .venv (hash-pinned) and lints examples/
#   make test   -> installs into .venv (hash-pinned, with test tools) and runs the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test test-fast lint bench bench-quality models bench-batch bench-lsp bench-web screenshots browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements/runtime.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/runtime.txt
	# compat: a plain path entry instead of an import hook that every `authlint` start would load
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . --config-settings editable_mode=compat
	# pip byte-compiles what it installs, but not an editable package; without this (and with
	# PYTHONDONTWRITEBYTECODE set) every run would recompile authlint from source.
	$(BIN)/python -m compileall -q authlint
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt requirements/test-data.txt $(VENV)/.runtime-installed
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/dev.txt -r requirements/test-data.txt
	touch $@

# Exit code 1 means "findings were reported", which is the point of the demo.
demo: $(VENV)/.runtime-installed
	$(BIN)/authlint check examples/ ; status=$$?; \
	echo; echo "authlint is installed in $(VENV)/bin: run '. $(VENV)/bin/activate' to use the README's authlint commands"; \
	[ $$status -le 1 ]

# The browser tests need headless Chromium: installed with apt-get when root, else they skip.
browser:
	@sh tools/ensure-chromium

# The suite runs in one pytest-xdist worker per core (`-n auto`, idle workers steal queued tests;
# TEST_WORKERS=0 runs it in this process). Timings, and how the suite stays fast: docs/development.md.
TEST_WORKERS ?= auto

test: $(VENV)/.dev-installed browser
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

# The inner loop: everything but the soak test and the slow end-to-end runs (pre-commit,
# public-data exactness). `make test` stays the full suite that CI runs.
test-fast: $(VENV)/.dev-installed browser
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal -m "not soak and not slow"

bench: $(VENV)/.dev-installed browser
	$(BIN)/python bench/run.py
	$(BIN)/python bench/lsp.py
	$(BIN)/python bench/web.py

# The language server alone: keystroke-to-diagnostics latency and memory (bench/results-lsp.json).
bench-lsp: $(VENV)/.dev-installed
	$(BIN)/python bench/lsp.py

# The shipped learned models (authlint/data/models/) and the research model (bench/.models/, not
# shipped), trained from ../shared/datasets and examples/corpus.jsonl at build time (docs/learn.md).
models: $(VENV)/.dev-installed
	$(BIN)/python bench/models.py --research

# Rules, learned models and both, per category and left-out source (bench/quality.json, docs/quality.md).
bench-quality: $(VENV)/.dev-installed
	$(BIN)/python bench/quality.py

# Last keystroke -> highlights on the page of `authlint serve` (bench/web-results.json).
bench-web: $(VENV)/.dev-installed browser
	$(BIN)/python bench/web.py

# Retake docs/serve.png and docs/report.png (and the latency numbers).
screenshots: $(VENV)/.dev-installed browser
	$(BIN)/python bench/web.py --screenshots docs

# authlint batch on a 2-worker LocalCluster vs check --jobs 2, and streaming RSS (bench/results-batch.json).
# The issue's size is 5 rounds x 200,000 posts each side (most of a day on a shared 2-core VM); the recorded run:
BENCH_BATCH_ARGS ?= --rounds 5 --posts-per-round 5000 --stream-small-mb 200 --stream-mb 2000
bench-batch: $(VENV)/.dev-installed
	nice -n 10 $(BIN)/python bench/batch.py $(BENCH_BATCH_ARGS)

clean:
	rm -rf $(VENV) .authlint_cache build *.egg-info
