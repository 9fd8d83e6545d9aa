#!/bin/sh
# Run the whole test suite on a fresh clone: creates the virtualenv and installs what it needs.
# Extra arguments go to pytest. DATABASE_URL / CELERY_BROKER_URL select PostgreSQL / Redis.
set -eu
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
# Tests must not depend on a developer's .env or data folder.
export DATA_DIR="${TEST_DATA_DIR:-$(mktemp -d)}"
# The suite's settings (tests/settings.py; pyproject names them too), even if the shell names others.
export DJANGO_SETTINGS_MODULE=tests.settings
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-2}" -q "$@"
