"""The read-replica router: the report's figures read from ``replica``, everything else from default."""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from core.db_router import REPLICA, ReplicaRouter, current_read_alias, reading_from_replica
from petitions.models import Petition
from reports.metrics.compiler import compile_year
from tests.petitions.factories import register

# serialized_rollback: the rules and categories the migrations seed are restored after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", REPLICA])


@pytest.fixture(autouse=True)
def _routing_on(settings):
    settings.READ_REPLICA = True


def test_without_the_setting_nothing_is_routed(settings):
    settings.READ_REPLICA = False
    with reading_from_replica():
        assert ReplicaRouter().db_for_read(Petition) is None


def test_the_replica_alias_is_configured_as_the_mirror_of_default():
    assert connections[REPLICA].settings_dict["TEST"]["MIRROR"] == "default"


def test_reads_outside_the_block_and_every_write_go_to_default():
    router = ReplicaRouter()
    assert router.db_for_read(Petition) is None
    assert current_read_alias() == "default"
    with reading_from_replica():
        assert router.db_for_read(Petition) == REPLICA
        assert router.db_for_write(Petition) == "default"
        assert current_read_alias() == REPLICA
    assert router.db_for_read(Petition) is None
    assert router.allow_migrate(REPLICA, "petitions") is False
    assert router.allow_migrate("default", "petitions") is True


def test_the_report_compilation_reads_its_counts_from_the_replica(inspector):
    petition = register(inspector)
    year = petition.received_on.year
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        figures = compile_year(year)
    assert figures["petitions_handled"].value == 1  # the mirror reads the committed row
    assert any('"petitions_petition"' in q["sql"] for q in on_replica.captured_queries)
    assert not any("petitions_petition" in q["sql"] for q in on_default.captured_queries)


def test_inside_a_transaction_the_block_keeps_reading_default(inspector):
    """A transaction may hold writes the replica cannot see yet: its figures must count them."""
    with transaction.atomic():
        petition = register(inspector)
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            figures = compile_year(petition.received_on.year)
        assert figures["petitions_handled"].value == 1
    assert len(on_replica) == 0
