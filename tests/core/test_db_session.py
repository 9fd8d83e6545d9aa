"""Every PostgreSQL connection runs with JIT off unless POSTGRES_JIT is set (core.db_session)."""

import pytest
from django.db import connection

from core.db_session import apply_session_settings

pytestmark = pytest.mark.django_db


def _jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="JIT is PostgreSQL's; SQLite has none")
def test_a_connection_has_jit_off_and_the_setting_turns_it_back_on(settings):
    assert _jit() == "off"
    with connection.cursor() as cursor:
        cursor.execute("SET jit = on")
    settings.POSTGRES_JIT = True
    apply_session_settings(None, connection)
    assert _jit() == "on"
    settings.POSTGRES_JIT = False
    apply_session_settings(None, connection)
    assert _jit() == "off"


def test_other_databases_are_left_alone(settings):
    class Other:
        vendor = "sqlite"

        def cursor(self):
            raise AssertionError("no statement for a database that is not PostgreSQL")

    apply_session_settings(None, Other())
