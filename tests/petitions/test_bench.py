"""The bench cases run and do the same work as their floors (a tiny scale; timings are not asserted)."""

import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

CASES = ["petitions.list_page", "petitions.due_dates", "petitions.identity_page"]


def test_petition_bench_cases_match_their_floors(tmp_path):
    out = tmp_path / "bench.json"
    args = ["bench", "--scale", "0.0002", "--repeat", "1", "--json", str(out)]
    for name in CASES:
        args += ["--only", name]

    call_command(*args, stdout=io.StringIO())  # each case's check() asserts run == floor

    results = {r["name"]: r for r in json.loads(out.read_text())}
    assert set(results) == set(CASES)
    assert results["petitions.list_page"]["queries"] <= 10


def test_the_repeat_suggestion_case_matches_its_floor(tmp_path):
    out = tmp_path / "bench.json"

    call_command(
        "bench", "--scale", "0.004", "--repeat", "1", "--only", "petitions.repeat_suggest", "--json", str(out),
        stdout=io.StringIO(),
    )  # fmt: skip

    (result,) = json.loads(out.read_text())
    assert result["name"] == "petitions.repeat_suggest" and result["scale"] >= 2000
    assert result["queries"] <= 12  # a constant handful, whatever the rows
