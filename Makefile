# The two set-up commands: `make start` (learners) and `make test` (everyone). Each creates the
# virtual environment in .venv when it is missing and installs the course into it first.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help start test test-fast check-model model build bench install clean

help:
	@echo "make start      open the course in JupyterLab at its start page"
	@echo "make test       run every test (installs Chromium from Debian for the browser test)"
	@echo "make test-fast  the inner loop: ruff and every test but the browser and slow (nbgrader) ones"
	@echo "make model      retrain the message checker's model on the development corpus (10-15 min)"
	@echo "make check-model  check that retraining reproduces the shipped model exactly (10-15 min)"
	@echo "make build      regenerate notebooks/ from solutions/ with nbgrader"
	@echo "make bench      print the learner latency figures"
	@echo "make clean      remove .venv and nbgrader's grading/ workspace"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: make PYTHON=python3.12 ...")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,cluster]"
	@touch $@

install: $(STAMP)

start: install
	$(BIN)/course start

# Chromium is installed by our own script (Debian's package; never `playwright install`), and
# axe-core for the accessibility test by another (npm, into .cache/axe). Where they cannot be
# installed the browser tests are skipped, except under CI where they must run.
# Bubblewrap, for the sandboxed grading kernels, likewise (scripts/ensure-bwrap, Debian's package),
# and configurable-http-proxy for the JupyterHub test (scripts/ensure-chp: npm, into .cache/chp).
# The tests run in TEST_WORKERS pytest-xdist workers (default 2, CI's cores; 0 runs them in this
# process), each given whole test files (--dist loadfile), so a module's fixtures are made once,
# in the order tests/conftest.py puts them (the files with slow or browser tests first:
# --no-loadscope-reorder keeps it); the session's built and graded course is made once for all
# workers. Much of the run waits on kernels, servers and browsers, which the second worker fills.
TEST_WORKERS ?= 2
test: install
	@scripts/ensure-chromium || [ -z "$$CI" ]
	@scripts/ensure-axe || [ -z "$$CI" ]
	@scripts/ensure-bwrap || [ -z "$$CI" ]
	@scripts/ensure-chp >/dev/null || [ -z "$$CI" ]
	$(BIN)/ruff check course tests benchmarks
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# The developer's inner loop: no browser, and none of the tests marked slow (those that build the
# course or grade with nbgrader; tests/conftest.py marks every test of the shared graded course).
test-fast: install
	@scripts/ensure-bwrap || [ -z "$$CI" ]
	$(BIN)/ruff check course tests benchmarks
	$(BIN)/python -m pytest -m "not browser and not slow"

# The message checker's model: retrained on the development corpus (writes course/message_model.json
# and docs/message-checker.md), and the check that doing so reproduces them byte for byte, cross-
# validation included. make test checks the quick form (tests/test_message_model.py says what).
model: install
	$(BIN)/python tools/train_message_model.py

check-model: install
	COURSE_RETRAIN=1 $(BIN)/python -m pytest -m retrain tests/test_message_model.py

build: install
	$(BIN)/course build

bench: install
	$(BIN)/python benchmarks/learner_latency.py

clean:
	rm -rf $(VENV) grading
