# Two commands for a newcomer: `make run` and `make test`. See README.md.
# Every target is idempotent; the virtualenv is rebuilt only when a
# requirements file changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3

# Production-like local run: DEBUG off, a local secret key, plain http on loopback.
RUN_ENV = DJANGO_SECRET_KEY="$$(cat .secret_key)" \
	DJANGO_ALLOWED_HOSTS="$(HOST),localhost,127.0.0.1" \
	DJANGO_HTTPS=0 DJANGO_SERVE_MEDIA=1 DJANGO_DEBUG=0

# `make audit` and `make bench` (bench/): the Node tools, pinned in bench/package*.json,
# install once into a git-ignored folder.
AUDIT_TOOLS := .audit-tools
AUDIT_PORT ?= 0

.PHONY: run test setup lint check bench audit clean backup restore loadtest messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed-run
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

.secret_key:
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

setup: $(VENV)/.installed-run .secret_key
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py load_letter
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0

run: setup
	@echo "Serving http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/quan-tri/)"
	$(RUN_ENV) $(BIN)/gunicorn namdong_site.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile -

test: setup $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

$(AUDIT_TOOLS)/.installed: bench/package.json bench/package-lock.json
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || \
		{ echo "make audit needs Node.js 20+ and npm (apt-get install nodejs npm)" >&2; exit 1; }
	@command -v java >/dev/null 2>&1 || \
		{ echo "make audit needs Java 11+ for the Nu HTML Checker (apt-get install default-jre-headless)" >&2; exit 1; }
	mkdir -p $(AUDIT_TOOLS)
	cp bench/package.json bench/package-lock.json $(AUDIT_TOOLS)/
	npm install --prefix $(AUDIT_TOOLS) --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

audit: setup $(VENV)/.installed-dev $(AUDIT_TOOLS)/.installed
	$(RUN_ENV) $(BIN)/python -m bench.audit --tools $(AUDIT_TOOLS) --port $(AUDIT_PORT) --workers $(WORKERS)

# wrk from Debian when it can be installed; otherwise bench/load.py uses its bounded Python client.
bench: setup
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
		echo "wrk is not installed: using the bounded Python client"
	$(RUN_ENV) $(BIN)/python -m bench.load --port $(AUDIT_PORT) --workers $(WORKERS)
	env -u DATABASE_URL $(BIN)/python -m bench.search
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
		DATABASE_URL=postgres://postgres@127.0.0.1:5432/namdong_bench $(BIN)/python -m bench.search; \
	else echo "bench: no PostgreSQL on 127.0.0.1:5432, search timed on SQLite only"; fi
	$(RUN_ENV) $(BIN)/python -m bench.queries

# `make loadtest`: 100 connections x 60 s on the home page and the letter with wrk, under gunicorn
# as in production (deploy/gunicorn.conf.py); each page again while one worker is SIGKILLed.
# Fails when p99 >= 1 s or a request is lost beyond the killed worker's in-flight one.
loadtest: setup
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
		{ echo "make loadtest needs wrk (apt-get install wrk)" >&2; exit 1; }
	$(RUN_ENV) $(BIN)/python -m bench.loadtest --port $(AUDIT_PORT)

# `make backup`: backups/namdong-<time>.tar.gz with the database, every upload and a checksum manifest.
backup: setup
	$(RUN_ENV) $(BIN)/python manage.py backup

# `make restore FILE=backups/namdong-….tar.gz`: into an EMPTY database and media folder only.
# INTO=/some/new/dir restores into a new SQLite file and media folder there; or set
# DATABASE_URL=… DJANGO_MEDIA_ROOT=… yourself. See docs/deploy.md.
restore: $(VENV)/.installed-run .secret_key
	@test -n "$(FILE)" || { echo "Cách dùng: make restore FILE=backups/namdong-….tar.gz [INTO=/thu-muc/moi]" >&2; exit 2; }
	$(if $(INTO),mkdir -p "$(INTO)")
	$(RUN_ENV) $(if $(INTO),DATABASE_URL="sqlite:///$(abspath $(INTO))/db.sqlite3" DJANGO_MEDIA_ROOT="$(abspath $(INTO))/media") \
		$(BIN)/python manage.py restore "$(FILE)"

# Compiled translations are committed (a newcomer needs no gettext): after editing a .po file,
# `make messages` rebuilds every .mo with polib; tests/test_i18n.py checks they match.
messages: $(VENV)/.installed-dev
	$(BIN)/python -c 'import pathlib, polib; [polib.pofile(str(po)).save_as_mofile(str(po.with_suffix(".mo"))) for po in sorted(pathlib.Path("locale").glob("*/LC_MESSAGES/django.po"))]'

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) staticfiles
