# perfledger: `make run` serves the API on the embedded store; `make test` runs everything.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
PG_HOST ?= 127.0.0.1
PG_PORT ?= 5432

.PHONY: run test lint typecheck contracts pytest postgres chromium bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "perfledger needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

run: $(STAMP)
	$(BIN)/perfledger serve

# Make sure PostgreSQL answers; start the local cluster where it is installed but stopped.
postgres:
	@if ! pg_isready -q -h $(PG_HOST) -p $(PG_PORT) 2>/dev/null; then \
		if command -v pg_ctlcluster >/dev/null && ls /etc/postgresql/ >/dev/null 2>&1; then \
			echo "starting PostgreSQL $$(ls /etc/postgresql | tail -1)"; \
			pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | tail -1) main start; \
		fi; \
		for i in $$(seq 1 30); do pg_isready -q -h $(PG_HOST) -p $(PG_PORT) && break; sleep 1; done; \
	fi
	@pg_isready -h $(PG_HOST) -p $(PG_PORT) || { echo "PostgreSQL does not answer on $(PG_HOST):$(PG_PORT)"; exit 1; }

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

# The browser tests drive Debian's Chromium through its chromedriver. Install both where
# missing (as root, or through sudo without a password); refresh the package lists only
# when the install fails, since that costs a download of them.
CHROMIUM_BIN ?= /usr/bin/chromium
CHROMEDRIVER_BIN ?= /usr/bin/chromedriver
# A CJK font, or the Chinese pages' screenshots show boxes for every character.
CJK_FONT ?= /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
BROWSER_PACKAGES := chromium chromium-driver fonts-wqy-zenhei
APT_INSTALL := env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends
HAVE_BROWSER := test -x $(CHROMIUM_BIN) && test -x $(CHROMEDRIVER_BIN) && test -e $(CJK_FONT)
chromium:
	@if ! { $(HAVE_BROWSER); }; then \
		if [ "$$(id -u)" = 0 ]; then as=""; \
		elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then as="sudo -n"; \
		else echo "The browser tests need $(BROWSER_PACKAGES), and only root" \
			"can install them: apt-get install -y --no-install-recommends $(BROWSER_PACKAGES)"; \
			exit 1; fi; \
		echo "installing $(BROWSER_PACKAGES)"; \
		$$as $(APT_INSTALL) $(BROWSER_PACKAGES) \
		|| { $$as apt-get update -q && $$as $(APT_INSTALL) $(BROWSER_PACKAGES); }; \
		$(HAVE_BROWSER) || { echo "apt-get did not install $(BROWSER_PACKAGES)"; exit 1; }; \
	fi

pytest: $(STAMP) postgres chromium
	$(BIN)/pytest

test: lint typecheck contracts pytest

bench: $(STAMP) postgres chromium
	$(BIN)/python bench/bench.py
	$(BIN)/python -m bench.trajectories
	$(BIN)/python -m bench.pages

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
