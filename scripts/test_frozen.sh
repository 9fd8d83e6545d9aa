#!/bin/sh
# The date-sensitive tests (deadlines, lights, reminders, seeds, dashboard, report years) with the
# clock moved to instants where a test that reads the machine's date or zone would go wrong:
# every day of a sample month (October 2026: 国庆 and its 调休), and the edges — 23:59 and 00:01
# Shanghai time (UTC 15:59 / 16:01 the day before), the eve of 国庆, a 调休 Saturday, 31 December
# and New Year's morning. Each group is one pytest session (tests/conftest.py: FROZEN_AT with
# several instants runs every selected test once at each, its clock moved when the test starts). Extra arguments go to pytest.
set -eu
cd "$(dirname "$0")/.."
export DATA_DIR="${TEST_DATA_DIR:-$(mktemp -d)}"
# The suite's settings (tests/settings.py; pyproject names them too), even if the shell names others.
export DJANGO_SETTINGS_MODULE=tests.settings
PYTEST=".venv/bin/python -m pytest -n ${TEST_WORKERS:-2} -q"

month=""
for day in $(seq -w 1 31); do month="${month:+$month,}2026-10-${day}T10:00"; done
FROZEN_AT="$month" $PYTEST tests/deadlines/test_light_and_rules.py tests/petitions/test_rules.py "$@"

edges="2026-12-01T23:59,2026-12-02T00:01,2026-09-30T23:59,2026-10-10T10:00,2026-12-31T23:59,2027-01-01T00:01"
FROZEN_AT="$edges" $PYTEST tests/deadlines tests/reminders/test_ladder.py tests/reminders/test_scan.py \
  tests/reminders/test_sources.py tests/reminders/test_seed.py tests/petitions/test_rules.py \
  tests/discipline/test_clue_deadlines.py tests/web/test_home_and_layout.py tests/reports/test_api_reports.py \
  tests/reports/test_year_through_api.py "$@"
