"""Reads of reports and statistics from a PostgreSQL read replica, when one is configured.

``DATABASE_REPLICA_URL`` adds the alias ``replica`` (config.settings). Nothing is routed there
by default: a request that wrote something and reads it back must see it, and a replica lags.
Only code that reads a large, settled range for a figure — the annual report's compilation, the
statistics page and its export — runs its queries inside ``reading_from_replica()``; every write,
and every read outside that block, goes to ``default``. Without a replica the block changes
nothing. Migrations run on ``default`` only (the replica receives them by replication).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
_reading = ContextVar("reading_from_replica", default=False)


def replica_configured() -> bool:
    # READ_REPLICA is on whenever DATABASE_REPLICA_URL is set (config.settings); the test suite
    # keeps the alias (a mirror of default) but switches routing on only where it tests it.
    return REPLICA in settings.DATABASES and settings.READ_REPLICA


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Route this block's reads to the replica when one is configured. Inside an atomic block on
    ``default`` the block keeps reading ``default``: that transaction may hold writes the
    replica cannot see, and a figure must count them."""
    token = _reading.set(replica_configured() and not connections["default"].in_atomic_block)
    try:
        yield
    finally:
        _reading.reset(token)


def current_read_alias() -> str:
    return REPLICA if _reading.get() else "default"


class ReplicaRouter:
    """Sends reads to the replica inside ``reading_from_replica()``; everything else to default."""

    def db_for_read(self, model, **hints):
        return REPLICA if _reading.get() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data: an object read from the replica may relate to one
        # from default.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
