# The two commands: `make demo` and `make test`. Each sets itself up (.venv) first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

ORACLE := var/oracle-site
ORACLE_STAMP := $(ORACLE)/.installed-stamp
# OpenFisca-France: a test-only oracle (AGPL), installed apart from .venv (it pins an older pytest)
# and appended to sys.path by tests/conftest.py; product code never imports it.
ORACLE_PKGS := openfisca-france==176.1.8 openfisca-core==44.7.1 numpy==2.3.5 numexpr dpath pendulum \
	StrEnum psutil python-dateutil six tzdata

.PHONY: demo test check install bench serve clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 required")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/partage demo

$(ORACLE_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q --disable-pip-version-check --target $(ORACLE) --no-deps $(ORACLE_PKGS)
	@touch $(ORACLE_STAMP)

test: $(STAMP) $(ORACLE_STAMP)
	$(BIN)/python -m pytest -m 'not heavy'

# The heavy suites (wheel install, browser flows in every language, soak and load, stateful fuzzing):
# run by .ci/run after `make test`.
AXE := tests/web/a11y/node_modules/axe-core/axe.min.js

# axe-core from the npm registry (pinned in tests/web/a11y/package-lock.json) for the accessibility tests.
$(AXE): tests/web/a11y/package-lock.json
	npm ci --prefix tests/web/a11y --no-fund --no-audit || echo "axe-core not installed (npm unavailable)"

check: $(STAMP) $(ORACLE_STAMP) $(AXE)
	$(BIN)/python -m pytest -m heavy

bench: $(STAMP) $(ORACLE_STAMP)
	$(BIN)/python -m pytest benchmarks --benchmark-only -p no:randomly

serve: $(STAMP)
	$(BIN)/partage serve

clean:
	rm -rf $(VENV) var .benchmarks
