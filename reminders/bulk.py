"""One INSERT for any number of rows: the scan's writes.

``bulk_create`` splits rows into batches — on SQLite every 999 parameters, about 66
reminder rows — so a scan's query count would grow with the number of items. Here the
rows travel as one parameter per column (PostgreSQL: arrays expanded by ``unnest``) or
as one JSON document (SQLite: ``json_each``), so a scan makes the same number of
queries whatever its size. Rows that conflict with a unique constraint are skipped, as
with ``bulk_create(ignore_conflicts=True)``; rows are inserted in the order given.

Rows are plain dicts keyed by attribute name (``recipient_id``), all with the same keys;
a field left out gets its model default, evaluated once for the whole insert. Values are
handled column by column: a column whose values the driver takes as they are (numbers,
text, booleans, keys) is passed untouched, and a column of dates, timestamps or UUIDs is
converted once per distinct value — no per-row Python conversion.

``returning`` names columns (attribute names) to read back from the rows actually
inserted (``INSERT … RETURNING``; conflicting rows return nothing), as tuples of raw
database values in that order.
"""

import json
from operator import itemgetter

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


def insert_ignoring_conflicts(model, rows: list[dict], *, returning: tuple[str, ...] = ()) -> list[tuple]:
    """Insert ``rows`` into ``model``'s table with one statement, skipping conflicting rows.

    Answers the ``returning`` columns of the inserted rows (an empty list without ``returning``)."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    given = list(rows[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    unknown = set(given) - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    columns = [by_attname[name] for name in given] + [f for f in fields if f.attname not in rows[0]]
    defaults = [_prepare(f, connection)([f.get_default()])[0] for f in columns[len(given) :]]
    # Column-wise: one C-level pass picks every column, then only the columns that need it are converted.
    picked = list(zip(*map(itemgetter(*given), rows), strict=True)) if len(given) > 1 else [[r[given[0]] for r in rows]]
    data = [_prepare(f, connection)(values) for f, values in zip(columns, picked, strict=False)]  # given columns

    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(f.column) for f in columns)
    back = f" RETURNING {', '.join(quote(by_attname[name].column) for name in returning)}" if returning else ""
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in columns[: len(given)])
        fills = "".join(f", %s::{f.db_type(connection)}" for f in columns[len(given) :])
        sql = f"INSERT INTO {table} ({names}) SELECT *{fills} FROM unnest({arrays}) ON CONFLICT DO NOTHING{back}"
        params = [*defaults, *(list(column) for column in data)]
    elif connection.vendor == "sqlite":
        picks = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(given)))
        fills = "".join(", %s" for _ in defaults)
        sql = f"INSERT OR IGNORE INTO {table} ({names}) SELECT {picks}{fills} FROM json_each(%s) ORDER BY key{back}"
        params = [*defaults, json.dumps(list(zip(*data, strict=True)), ensure_ascii=False, default=str)]
    else:  # pragma: no cover - the project runs on PostgreSQL or SQLite
        model.objects.bulk_create([model(**row) for row in rows], ignore_conflicts=True)
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()] if returning else []


def _prepare(field, connection):
    """A function converting a column of ``field``'s values for the database."""
    if field.get_internal_type() in _AS_IS:
        return _as_is

    def convert(values):
        done = {}  # a scan's dates and timestamps repeat: convert each distinct value once
        for value in values:
            if value not in done:
                done[value] = field.get_db_prep_save(value, connection)
        return list(map(done.__getitem__, values))

    return convert


def _as_is(values):
    return values
