#!/bin/sh
# Refresh docs/screenshots/*.png (the README's pictures) by running the browser tests that take
# them: the leader's dashboard, a measure page after sign-off, and the annual report preview.
# The tests write into a temporary folder; this script alone copies the three pictures into docs/.
# Needs Debian's chromium (apt-get install -y chromium) and requirements-dev.txt installed.
set -eu
cd "$(dirname "$0")/.."
PY="${VENV_PYTHON:-.venv/bin/python}"
SHOTS="$(mktemp -d)"
trap 'rm -rf "$SHOTS"' EXIT
DATA_DIR="$(mktemp -d)" BROWSER_SCREENSHOT_DIR="$SHOTS" REQUIRE_BROWSER=1 \
  "$PY" -m pytest -q tests/browser -k "charts_render or signs_off or annual_report"
mkdir -p docs/screenshots
for name in dashboard measure report-preview; do
  cp "$SHOTS/$name.png" "docs/screenshots/$name.png"
done
echo "已更新 docs/screenshots/：dashboard.png、measure.png、report-preview.png"
