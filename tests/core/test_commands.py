import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from organization.models import Person


def _counts():
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label not in ("sessions", "axes")
    }


@pytest.mark.django_db
def test_seed_demo_twice_on_the_same_day_changes_nothing(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "jijian" in out and "zuzhang" in out  # the logins are printed
    first = _counts()
    assert Person.objects.filter(user__username="shouli1").exists()
    call_command("seed_demo")
    assert _counts() == first


@pytest.mark.django_db
def test_bench_smoke_writes_json(tmp_path):
    target = tmp_path / "bench.json"
    call_command("bench", scale=0.0005, repeat=1, only=["org.scoped_people_page"], json_path=str(target))
    (row,) = json.loads(target.read_text())
    assert set(row) == {"name", "scale", "seconds", "floor_seconds", "ratio", "queries", "peak_mb", "analyzed"}
    assert row["name"] == "org.scoped_people_page"
    assert row["queries"] >= 1 and row["floor_seconds"] > 0
    # on PostgreSQL the tables the case filled were analysed before timing (the planner has statistics)
    assert ("organization_person" in row["analyzed"]) == (connection.vendor == "postgresql"), row["analyzed"]
    # synthetic data is rolled back
    assert not Person.objects.filter(name__startswith="人员000").exists()


@pytest.mark.django_db
def test_bench_rejects_unknown_case():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="未知的用例"):
        call_command("bench", only=["nope"])


@pytest.mark.django_db
def test_bench_counts_every_query_past_the_debug_log_cap(tmp_path, monkeypatch):
    # connection.queries keeps the last 9,000 statements: a long import once showed 0 queries.
    from core import bench

    def run(ctx):
        with connection.cursor() as cursor:
            for _ in range(9_500):
                cursor.execute("SELECT 1")

    case = bench.BenchCase("test.many_queries", "9,500 statements", 1, lambda rows: None, run, lambda ctx: None)
    monkeypatch.setattr(bench, "_cases", {case.name: case})
    target = tmp_path / "bench.json"
    call_command("bench", scale=1, repeat=1, only=[case.name], json_path=str(target))
    (row,) = json.loads(target.read_text())
    assert row["queries"] == 9_500
