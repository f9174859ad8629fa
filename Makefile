# The two commands of the README: `make run` and `make test`. Everything they need is installed from here.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
EMBED  := $(PY) -m pmis.embedded --

.PHONY: setup run test lint messages makemessages demo bench clean

$(STAMP): pyproject.toml constraints.txt package.json package-lock.json scripts/system-packages.sh
	bash scripts/system-packages.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(STAMP) messages

# Compiled translations are build output (*.mo is git-ignored).
messages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

makemessages: $(STAMP)
	$(PY) manage.py makemessages -l kk -l ru --ignore=.venv --ignore=node_modules --ignore=var --ignore=staticfiles --no-obsolete

run: setup
	$(EMBED) $(PY) -m pmis.launch

test: setup
	$(EMBED) bash scripts/test.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: setup
	$(EMBED) bash -c 'for b in bench/*.py; do $(PY) $$b; done'

clean:
	rm -rf $(VENV) node_modules staticfiles
