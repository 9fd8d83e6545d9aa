"""Trigram GIN indexes for the search box (web.search), on PostgreSQL only.

Each index is on ``UPPER(col::text)``: the very expression Django writes for ``icontains`` on
PostgreSQL, so the planner matches it; pg_trgm splits Chinese text into trigrams under a UTF-8
ctype (C.UTF-8 included). SQLite gets nothing here: the search there is a plain ``LIKE`` scan,
measured in docs/search.md. The indexes live outside Django's model state (they are
vendor-specific), so ``makemigrations`` never sees them.
"""

from django.db import migrations

# (table, column): what web.search matches with icontains.
COLUMNS = (
    ("petitions_petition", "number"),
    ("petitions_petition", "summary"),
    ("petitions_petition", "transfer_summary"),
    ("rectification_inspectionround", "name"),
    ("rectification_inspectionround", "inspection_team"),
    ("rectification_problem", "text"),
    ("rectification_measure", "content"),
    ("discipline_clue", "summary"),
    ("discipline_clue", "content"),
    ("discipline_recommendation", "title"),
    ("discipline_recommendation", "problems"),
    ("reports_activity", "title"),
    ("reports_activity", "notes"),
)


def index_name(table, column):
    return f"search_trgm_{table}_{column}"[:63]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{index_name(table, column)}" '
            f'ON "{table}" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(table, column)}"')
    # the extension stays: other indexes may use it, and dropping it needs more rights


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0001_saved_filters"),
        ("petitions", "0009_petition_remit_and_review"),
        ("rectification", "0003_round_leader_report"),
        ("discipline", "0003_clue_talk_conclude_and_quarterly"),
        ("reports", "0003_profile_office_name"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
