#!/bin/sh
# Set up (virtualenv, install, migrate, demo data) and start web + Celery worker + beat.
# Works on a fresh Linux machine with only Python 3.11; embedded defaults need no server.
set -eu
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
# Development mode: without it the settings are production's (secrets required, no debug pages).
# It also gives the generated development keys under data/, console e-mail and localhost hosts.
export DEBUG=true
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
.venv/bin/python manage.py check_services
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py seed_demo
mkdir -p data/logs
.venv/bin/celery -A config worker -l INFO --concurrency 2 >data/logs/worker.log 2>&1 &
WORKER=$!
.venv/bin/celery -A config beat -l INFO --pidfile= >data/logs/beat.log 2>&1 &
BEAT=$!
trap 'kill $WORKER $BEAT 2>/dev/null || true' EXIT INT TERM
echo ""
echo "系统已启动：http://$HOST:$PORT/  （Celery worker 与 beat 日志见 data/logs/，按 Ctrl+C 停止）"
echo "演示账号见上方列表。"
.venv/bin/python manage.py runserver "$HOST:$PORT" --noreload
