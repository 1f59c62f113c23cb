# Entry points: `make run` (demo site on SQLite) and `make test` (the whole suite).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
APT_PACKAGES := chromium chromium-driver fonts-noto-core fonts-dejavu-core gettext poppler-utils
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast e2e lint format messages bench deps deps-dev system-deps js-deps clean \
	cluster cluster-stop load load-short

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Reinstall only when a requirements file changed, so that a second `make run` is quick.
$(VENV)/.deps: requirements.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.deps-dev: requirements.txt requirements-dev.txt $(VENV)/.deps
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

deps: $(VENV)/.deps
deps-dev: $(VENV)/.deps-dev

# Chromium for browser tests, fonts for Vietnamese PDFs, gettext for translations: from Debian, when missing.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# axe-core for the browser tests' accessibility checks (package.json; exact versions in package-lock.json).
node_modules/.package-lock.json: package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Installing npm"; SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null; }
	npm ci --no-audit --no-fund --loglevel=error

js-deps: node_modules/.package-lock.json

# The site's address follows HOST and PORT; SCORM content answers on the other loopback name (dev settings).
run: export BASE_URL ?= http://$(HOST):$(PORT)
run: deps
	mkdir -p var media
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: deps-dev system-deps js-deps
	mkdir -p var
	$(PY) -m pytest -q $(PYTEST_ARGS)

test-fast: deps-dev
	$(PY) -m pytest -q -m "not e2e" $(PYTEST_ARGS)

e2e: deps-dev system-deps js-deps
	$(PY) -m pytest -q -m e2e $(PYTEST_ARGS)

lint: deps-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: deps-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract and compile translations (the .po and .mo files are committed). Wagtail's and Django's admin strings
# live in cms/wagtail_locale (kept by cms/wagtail_locale/update_catalogue.py, never extracted into): the
# copies of Wagtail's templates are left out of the extraction; compilemessages compiles both catalogues.
messages: deps
	$(PY) manage.py makemessages -l vi -l en --ignore=.venv --ignore=var --ignore=media --ignore=node_modules \
		--ignore=cms/wagtail_locale --ignore=cms/templates/wagtailadmin
	$(PY) manage.py compilemessages --ignore=.venv
	msgfmt --check -o cms/wagtail_locale/vi/LC_MESSAGES/django.mo cms/wagtail_locale/vi/LC_MESSAGES/django.po
	msgfmt --check -o cms/wagtail_locale/vi/LC_MESSAGES/djangojs.mo cms/wagtail_locale/vi/LC_MESSAGES/djangojs.po

bench: deps-dev
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

# At scale, on this machine (docs/deploy.md): deploy/local/'s topology on loopback. nginx and pgbouncer come from
# Debian for these targets only (`make test` does not need them); Locust in its own venv (it brings gevent).
CLUSTER_APT_PACKAGES := nginx-light pgbouncer redis-server postgresql
LOAD_VENV := var/load-venv

cluster: deps-dev
	@$(MAKE) --no-print-directory system-deps APT_PACKAGES="$(CLUSTER_APT_PACKAGES)"
	deploy/local/cluster.sh up

cluster-stop:
	deploy/local/cluster.sh down

$(LOAD_VENV)/.deps: requirements-load.txt
	$(PYTHON) -m venv $(LOAD_VENV)
	$(LOAD_VENV)/bin/pip install --quiet -r requirements-load.txt
	touch $@

# LOAD_USERS (default 200), LOAD_TIME (default 5m), LOAD_CHAOS=1: kill each part once during the run.
load: deps-dev $(LOAD_VENV)/.deps
	$(PY) bench/load/run.py

# CI's short run (.ci/run): brings the cluster up, 20 users for 1 minute, 0 errors and no lost write, and stops
# the cluster whatever happened. CLUSTER_DIR and CLUSTER_PORT_OFFSET place it beside another one.
load-short: deps-dev $(LOAD_VENV)/.deps
	@$(MAKE) --no-print-directory system-deps APT_PACKAGES="$(CLUSTER_APT_PACKAGES)"
	@status=0; deploy/local/cluster.sh up || status=$$?; \
	if [ $$status = 0 ]; then LOAD_USERS=20 LOAD_TIME=1m $(PY) bench/load/run.py || status=$$?; fi; \
	deploy/local/cluster.sh down; exit $$status

clean:
	rm -rf var/db.sqlite3* var/static
