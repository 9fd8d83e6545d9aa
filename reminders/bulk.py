"""One INSERT for any number of rows: the scan's writes.

``bulk_create`` splits rows into batches — on SQLite every 999 parameters, about 66
reminder rows — so a scan's query count would grow with the number of items. Here the
rows travel as one parameter per column (PostgreSQL: arrays expanded by ``unnest``) or
as one JSON document (SQLite: ``json_each``), so a scan makes the same number of
queries whatever its size. Rows that conflict with a unique constraint are skipped, as
with ``bulk_create(ignore_conflicts=True)``; rows are inserted in the order given.

Rows are plain dicts keyed by attribute name (``recipient_id``), all with the same keys;
a field left out gets its model default, evaluated once for the whole insert.
"""

import json

from django.db import connections, router

# Values of these fields go to the driver as they are; others (dates, times, UUIDs …)
# are converted by the field for the database, as Django would.
_AS_IS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}


def insert_ignoring_conflicts(model, rows: list[dict]) -> None:
    """Insert ``rows`` into ``model``'s table with one statement, skipping conflicting rows."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    given = list(rows[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    unknown = set(given) - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
    by_attname = {f.attname: f for f in fields}
    columns = [by_attname[name] for name in given] + [f for f in fields if f.attname not in rows[0]]
    defaults = [_prepare(f, connection)(f.get_default()) for f in columns[len(given) :]]
    converters = [_prepare(f, connection) for f in columns[: len(given)]]
    values = [[convert(row[name]) for convert, name in zip(converters, given, strict=True)] + defaults for row in rows]

    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(f.column) for f in columns)
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in columns)
        sql = f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays}) ON CONFLICT DO NOTHING"
        params = [list(column) for column in zip(*values, strict=True)]
    elif connection.vendor == "sqlite":
        picks = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
        sql = f"INSERT OR IGNORE INTO {table} ({names}) SELECT {picks} FROM json_each(%s) ORDER BY key"
        params = [json.dumps(values, ensure_ascii=False, default=str)]
    else:  # pragma: no cover - the project runs on PostgreSQL or SQLite
        model.objects.bulk_create([model(**row) for row in rows], ignore_conflicts=True)
        return
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _prepare(field, connection):
    if field.get_internal_type() in _AS_IS:
        return _as_is
    done = {}  # a scan's dates and timestamps repeat: convert each distinct value once

    def convert(value):
        if value not in done:
            done[value] = field.get_db_prep_save(value, connection)
        return done[value]

    return convert


def _as_is(value):
    return value
