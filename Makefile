# Two commands do all the setup: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint typecheck format bench sample template clean

$(VENV)/.runtime: requirements.txt constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

run: $(VENV)/.runtime
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true

# test = lint + the pytest suite; lint = the type check + ruff (rules and formatting).
test: lint
	$(BIN)/python -m pytest

lint: typecheck
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy on lib/ ([tool.mypy] in pyproject.toml).
typecheck: $(VENV)/.dev
	$(BIN)/mypy

# Not part of `make test`: minutes, and it creates bench/venv-gsheets (see README).
bench: $(VENV)/.dev
	$(BIN)/python -m bench.run

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

sample: $(VENV)/.runtime
	$(BIN)/python -m lib.sample data/sample.xlsx

template: $(VENV)/.runtime
	$(BIN)/python -m lib.template template-lazismu.xlsx

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache test-artifacts
