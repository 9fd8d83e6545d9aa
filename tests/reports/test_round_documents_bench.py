"""The round documents' bench case runs and writes what its floor writes (timings not asserted)."""

import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_round_documents_bench_case_matches_its_floor(tmp_path):
    out = tmp_path / "bench.json"
    args = ["bench", "--scale", "0.001", "--repeat", "1", "--json", str(out), "--only", "reports.round_documents"]
    call_command(*args, stdout=io.StringIO())  # check() asserts the same paragraphs and rows as the floor
    results = {r["name"]: r for r in json.loads(out.read_text())}
    assert set(results) == {"reports.round_documents"}
    assert results["reports.round_documents"]["scale"] == 50  # rows handled
    assert results["reports.round_documents"]["queries"] <= 4 * 20  # four documents, a fixed count each
