"""Inserting many new rows, with their creation history, in a number of queries that does not grow
with the rows.

Django's ``bulk_create`` splits an insert on SQLite into batches of 999 parameters (about 40
measures a query), so an import's query count grows with its rows. Here, on SQLite, the first row
is inserted on its own (which takes the database's write lock and answers its id) and the rest in
one ``executemany`` with the ids that follow: under the write lock no one else can take them, and
SQLite never hands out an id below the highest one (``AUTOINCREMENT`` or not). Other databases
return every id from ``bulk_create`` (``INSERT … RETURNING``) and are used as Django does.

The history rows are those ``simple_history``'s ``bulk_create_with_history`` writes (type "+", the
object's ``_history_user`` / ``_change_reason`` or the defaults given), inserted the same way.
"""

from django.conf import settings
from django.db import connections, router, transaction
from django.utils import timezone

PG_BATCH = 2000


def _sqlite_insert(objs, model, using):
    connection = connections[using]
    opts = model._meta
    first = [obj for obj in objs if obj.pk is None][:1]
    if first:
        model._base_manager.using(using).bulk_create(first)
        next_id = first[0].pk + 1
        for obj in objs:
            if obj.pk is None:
                obj.pk, next_id = next_id, next_id + 1
    rest = [obj for obj in objs if obj._state.adding]
    if not rest:
        return
    fields = opts.local_concrete_fields
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    params = []
    for obj in rest:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
        params.append([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
        obj._state.adding, obj._state.db = False, using
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def insert(objs, model):
    """Insert ``objs`` (new instances of ``model``); they come back with their primary keys."""
    objs = list(objs)
    if not objs:
        return objs
    using = router.db_for_write(model)
    with transaction.atomic(using=using, savepoint=False):
        if connections[using].vendor == "sqlite":
            _sqlite_insert(objs, model, using)
        else:
            model._base_manager.using(using).bulk_create(objs, batch_size=PG_BATCH)
    return objs


def insert_with_history(objs, model, *, user=None, reason=""):
    """``insert`` and one "+" history row per object, as ``bulk_create_with_history`` records them."""
    objs = insert(objs, model)
    if not objs or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return objs
    historical = model.history.model
    now = timezone.now()
    tracked = [f.attname for f in historical.tracked_fields]
    related = hasattr(historical, "history_relation")
    rows = []
    for obj in objs:
        row = historical(
            history_date=getattr(obj, "_history_date", now),
            history_user=getattr(obj, "_history_user", user or historical.get_default_history_user(obj)),
            history_change_reason=getattr(obj, "_change_reason", None) or reason,
            history_type="+",
            **{name: getattr(obj, name) for name in tracked},
        )
        if related:
            row.history_relation_id = obj.pk
        rows.append(row)
    insert(rows, historical)
    return objs
