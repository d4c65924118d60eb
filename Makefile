# BackHealth: `make run` serves the site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2

.PHONY: run test setup venv lint format check bench bench-scale loadtest lighthouse checkpages proxy-test clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# collectstatic first: articles are rendered with the (hashed) addresses of the diagrams.
setup: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_content

run: setup
	@echo "BackHealth at http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	$(BIN)/gunicorn backhealth.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--no-control-socket --error-logfile -

test: venv
	$(BIN)/python -m pytest -n 2

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: venv
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_PRODUCTION=true DJANGO_ALLOWED_HOSTS=backhealth.example \
		DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles

bench: venv
	$(BIN)/python tools/bench.py

# The same pages with 5,000 generated articles added, against the shipped library (slow).
bench-scale: venv
	$(BIN)/python tools/bench.py --scale 5000

loadtest: venv
	$(BIN)/python tools/loadtest.py
	$(BIN)/python tools/loadtest.py --postgres
	$(BIN)/python tools/loadtest.py --restart-postgres
	$(BIN)/python tools/loadtest.py --stop-redis

lighthouse: venv
	$(BIN)/python tools/lighthouse.py

# The Nu Html Checker and pa11y (HTML_CodeSniffer, WCAG2AA) on every page type.
checkpages: venv
	$(BIN)/python tools/checkpages.py

# nginx (deploy/) in front of gunicorn, 20 slow clients for 30 s; loopback only, bounded.
proxy-test: venv
	timeout 300 $(BIN)/python tools/proxytest.py
