"""An FTS5 trigram index of petitions for the search box (web.search), on SQLite only.

SQLite's ``LIKE '%term%'`` cannot use a B-tree index: every search read the whole table. This
adds an external-content FTS5 table (the text stays in petitions_petition, the FTS table keeps
only its trigram index) over the columns web.search matches for petitions — number, 内容摘要
and 转办摘要 — kept in sync by triggers, and fills it from the existing rows ('rebuild').

Beware: Django alters a SQLite table by remaking it (new table, copy, drop, rename), and dropping
the old table drops these triggers. tests/web/test_search_sqlite_fts.py fails if a later migration
loses them; such a migration must then recreate them (``create`` below) and rebuild.
PostgreSQL gets nothing here (it has the trigram GIN indexes of web.0002).
"""

from django.db import migrations

FTS = "search_fts_petition"
TABLE = "petitions_petition"
COLUMNS = ("number", "summary", "transfer_summary")
TRIGGERS = (f"{FTS}_ai", f"{FTS}_ad", f"{FTS}_au")


def _statements():
    cols = ", ".join(COLUMNS)
    new = ", ".join(f"new.{c}" for c in COLUMNS)
    old = ", ".join(f"old.{c}" for c in COLUMNS)
    delete = f"INSERT INTO {FTS}({FTS}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {FTS}(rowid, {cols}) VALUES (new.id, {new});"
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
        f"{cols}, content='{TABLE}', content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON {TABLE} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON {TABLE} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF {cols} ON {TABLE} BEGIN {delete} {insert} END",
        f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    )


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in _statements():
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0002_search_trigram_indexes"),
        ("petitions", "0010_petition_event_correct_and_to_clue"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
