# Duiding: `make demo` and `make test` are all you need.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.duiding-installed
# Extra pip arguments for torch (e.g. PyTorch's CPU wheel index on machines without a local wheel).
TORCH_PIP_ARGS ?=
PYTEST_ARGS ?=
DEMO_PROJECT ?= demo-project

.PHONY: install demo demo-build test test-fast lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch's CPU build first, so bertopic/sentence-transformers do not drag in a CUDA build.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install "torch==2.13.0" $(TORCH_PIP_ARGS)
	$(BIN)/python -m pip install -e ".[test,privacy]"
	# deduce (Dutch de-identification) pins regex<2025, which transformers refuses; it works with the
	# newer regex, so it goes in without its pins (the privacy extra brings the rest), and builds its
	# lookup tables once here (~90 s).
	$(BIN)/python -m pip install --no-deps "deduce==3.0.6"
	$(BIN)/python -c "import deduce; deduce.Deduce()"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/duiding demo --project $(DEMO_PROJECT)

demo-build: $(STAMP)
	$(BIN)/duiding demo --project $(DEMO_PROJECT) --no-serve

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not browser and not slow" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/python -m ruff check analysis tests

bench: $(STAMP)
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/autocode.py
	$(BIN)/python benchmarks/themes.py

clean:
	rm -rf $(VENV) $(DEMO_PROJECT) .pytest_cache test-artifacts
