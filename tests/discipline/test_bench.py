"""The discipline bench cases run and do the same work as their floors (timings not asserted)."""

import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

CASES = ["discipline.clue_list_page", "discipline.clue_ledger"]


def test_discipline_bench_cases_match_their_floors(tmp_path):
    out = tmp_path / "bench.json"
    args = ["bench", "--scale", "0.001", "--repeat", "1", "--json", str(out)]
    for name in CASES:
        args += ["--only", name]
    call_command(*args, stdout=io.StringIO())  # each case's check() asserts run == floor
    results = {r["name"]: r for r in json.loads(out.read_text())}
    assert set(results) == set(CASES)
    assert results["discipline.clue_list_page"]["queries"] <= 12
