"""Session settings for every PostgreSQL connection the system opens.

``jit = off`` unless ``POSTGRES_JIT`` is set: PostgreSQL compiles a query to machine code when its
*estimated* cost passes ``jit_above_cost``. The visibility rules' correlated ``EXISTS`` conditions
are cheap to run but estimated as one subquery per row, so a statistics or dashboard aggregate over
50,000 petitions crossed the threshold and spent 60–175 ms compiling a query that runs in less
(``petitions.statistics`` went from 3.8× to 1.6× its hand-written floor with JIT off). Short,
many, indexed queries — this system's — never gain from JIT; analytical databases may turn it on.
Set with ``SET`` on each new connection rather than a startup option, which connection poolers
such as PgBouncer refuse.
"""

from django.conf import settings


def apply_session_settings(sender, connection, **kwargs):
    if connection.vendor != "postgresql" or getattr(settings, "POSTGRES_JIT", False):
        return
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
