"""A dump of every table — history, logs and audit included — reveals no reporter.

The whole life of named petitions is run (registration, repeat report, identity views
through the API, an access request, transfer and reply, conclusion, 告知/反馈, an
extension, escalation, key rotation, an export), then the database is dumped twice:
with ``dumpdata`` and with raw SQL over every table.
"""

import io
import json
import os

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from core.outcomes import OutcomeKind
from organization.roles import Role
from petitions import services
from petitions.identity import Identity
from petitions.models import Kind, RestrictedReason
from tests.factories import PersonFactory, make_user
from tests.petitions.factories import OTHER_REPORTER, REPORTER, accepted, register

pytestmark = pytest.mark.django_db

SECRETS = [
    REPORTER.name,
    REPORTER.phone,
    REPORTER.id_number,
    REPORTER.address,
    OTHER_REPORTER.name,
    OTHER_REPORTER.phone,
    OTHER_REPORTER.id_number,
    "13700001111",  # given only with a repeat report
]


@pytest.fixture
def lived(inspector, supervisor, office_a, dept_a, api_as):
    colleague = make_user(Role.INSPECTOR, username="colleague", person_name="纪检干部丙")
    # a named complaint, transferred, replied, concluded with outcomes, notified and fed back
    complaint = accepted(inspector)
    services.petition_notify(user=inspector, petition=complaint, method="phone")
    services.petition_transfer(user=inspector, petition=complaint, department=dept_a, summary="请核查接线员服务态度")
    services.petition_reply(user=office_a, petition=complaint, reply="已整改")
    services.petition_conclude(
        user=inspector,
        petition=complaint,
        result="批评教育",
        outcomes=[{"kind": OutcomeKind.CRITICISM, "person": PersonFactory(name="接线员丁")}],
    )
    services.petition_feedback(user=inspector, petition=complaint, method="written", note="举报人满意")
    # the same reporter again (recognised by phone), adding a second phone number
    services.petition_register(
        user=inspector,
        received_at=complaint.received_at,
        channel="phone",
        kind=Kind.COMPLAINT,
        is_named=True,
        repeat_of=complaint,
        category=complaint.category,
        summary="重复反映",
        informant=Identity(name=REPORTER.name, phone=REPORTER.phone, address="13700001111号楼"),
    )
    services.petition_register(
        user=inspector,
        received_at=complaint.received_at,
        channel="phone",
        kind=Kind.COMPLAINT,
        category=complaint.category,
        summary="另一位",
        informant=Identity(phone="13700001111"),
    )
    # a 信访 with an approved extension
    letter = accepted(inspector, kind=Kind.PETITION, informant=OTHER_REPORTER)
    extension = services.extension_request(user=inspector, petition=letter, days=20, reason="情况复杂")
    services.extension_approve(user=supervisor, extension=extension)
    # identity views through the API, by the registrar and by an approved requester
    api_as(inspector).get(reverse("petition-identity", args=[complaint.pk]))
    access = services.identity_request_create(user=colleague, petition=letter, reason="核查需要")
    services.identity_request_approve(user=supervisor, access_request=access)
    assert api_as(colleague).get(reverse("petition-identity", args=[letter.pk])).status_code == 200
    # an accusation entered in full, then escalated (its reporter is erased)
    accusation = register(inspector, kind=Kind.ACCUSATION, informant=Identity(name="上官被抹去", phone="18600009999"))
    services.petition_escalate(user=inspector, petition=accusation, reason=RestrictedReason.SUPERIOR)
    # key rotation and an export
    call_command("rotate_identity_key", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert api_as(supervisor).get(reverse("petition-export")).status_code == 200


def _dump_everything():
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    data = json.loads(out.getvalue())
    return json.dumps(data, ensure_ascii=False), {row["model"] for row in data}


def test_dumpdata_of_every_table_reveals_no_reporter(lived):
    text, models = _dump_everything()

    # the dump really covers the identity tables and their history
    assert {"petitions.informant", "petitions.historicalinformant", "petitions.historicalpetition",
            "petitions.identityviewlog", "core.auditlog"} <= models  # fmt: skip
    for secret in SECRETS + ["上官被抹去", "18600009999"]:
        assert secret not in text, secret


def test_raw_sql_over_every_table_reveals_no_reporter(lived):
    tables = connection.introspection.table_names()
    assert "petitions_historicalinformant" in tables and "petitions_informant" in tables
    found = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                blob = " ".join(
                    bytes(v).decode("utf-8", "replace") if isinstance(v, bytes | memoryview) else str(v) for v in row
                )
                found += [(table, s) for s in SECRETS if s in blob]
    assert found == []


def test_the_dump_test_would_see_plaintext_if_it_were_stored(lived):
    # Guard against a vacuous pass: plaintext put anywhere is found by the same scan.
    from petitions.models import PetitionEvent

    event = PetitionEvent.objects.first()
    PetitionEvent.objects.filter(pk=event.pk).update(note=f"致电 {REPORTER.phone}")
    text, _ = _dump_everything()
    assert REPORTER.phone in text


def test_every_model_is_covered_by_dumpdata():
    # dumpdata includes every concrete model of every installed app, historical ones too.
    historical = [m for m in apps.get_app_config("petitions").get_models() if m.__name__.startswith("Historical")]
    assert {m.__name__ for m in historical} >= {"HistoricalPetition", "HistoricalInformant"}
