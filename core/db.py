"""Planner statistics after bulk writes: ANALYZE the tables a large import or a bench case filled.

PostgreSQL plans from the statistics ANALYZE gathers. Right after a bulk insert into a table that
has none (a first import, before autovacuum's next pass), it guesses — for ``archived_at IS NULL``,
which matches nearly every row, it guesses 0.5% of them — and may pick a plan that rescans a large
index once per row. Running ANALYZE on the touched tables right after the import removes the guess.
It reads a fixed-size sample (``default_statistics_target``), so it costs well under a second even
on a large table. On SQLite nothing is done: its planner does not depend on ANALYZE for these
queries and the suite's thousands of small writes should not pay for one.
"""

import logging
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Model

logger = logging.getLogger(__name__)

# An import of fewer rows than this does not change a table's shape enough to mislead the planner.
ANALYZE_MIN_ROWS = 500


def _tables(models: Iterable[type[Model]]) -> list[str]:
    return list(dict.fromkeys(m._meta.db_table for m in models))


def analyze_tables(tables: Iterable[str]) -> list[str]:
    """ANALYZE the named tables on PostgreSQL (inside a transaction too: pg_statistic is
    transactional, so the statistics live exactly as long as the rows they describe).
    Answers the tables analysed: none on another database."""
    tables = list(dict.fromkeys(tables))
    if connection.vendor != "postgresql" or not tables:
        return []
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(qn(t) for t in tables))
    return tables


def analyze(*models: type[Model]) -> list[str]:
    """ANALYZE the models' tables now (PostgreSQL only); answers the tables analysed."""
    return analyze_tables(_tables(models))


def analyze_after_commit(*models: type[Model], rows: int, min_rows: int | None = None) -> bool:
    """After the current transaction commits, ANALYZE the models' tables — when ``rows`` (what the
    import wrote) reaches ``min_rows``. Nothing happens on rollback (a dry run, a refused file).
    A failure to analyse (say, a database role that does not own the table) is logged, never
    turned into a failed import: the rows are committed by then. Answers whether it was queued."""
    if rows < (ANALYZE_MIN_ROWS if min_rows is None else min_rows) or connection.vendor != "postgresql":
        return False
    tables = _tables(models)

    def run():
        analyze_tables(tables)
        logger.info("ANALYZE %s after a bulk write of %d rows", ", ".join(tables), rows)

    transaction.on_commit(run, robust=True)
    return True


def tables_written_in_transaction() -> list[str]:
    """The user tables this transaction has inserted into, updated or deleted from (PostgreSQL's
    ``pg_stat_xact_user_tables``, which counts the current transaction); [] elsewhere."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_xact_user_tables"
            " WHERE schemaname = current_schema() AND n_tup_ins + n_tup_upd + n_tup_del > 0"
            " ORDER BY relname"
        )
        return [row[0] for row in cursor.fetchall()]
