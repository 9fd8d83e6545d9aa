"""Issue 16's new writes, two at once on separate connections (SQLite and PostgreSQL): the same past
year imported twice, the same round document generated twice, and a department's reply entered by
the office and back-dated by 纪检 staff at the same moment. Never a 500, never a duplicate."""

import datetime as dt

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from organization.roles import Role
from petitions import services
from petitions.models import Petition, PetitionEvent, Status
from petitions.past_import import LedgerInvalid, import_past_petitions
from rectification.documents.services import document_generate
from rectification.models import DocumentKind, RoundDocument
from tests.concurrency.harness import race
from tests.factories import DepartmentFactory, make_user
from tests.petitions.factories import register
from tests.petitions.past_import_helpers import day, workbook_bytes
from tests.petitions.past_import_helpers import row as sheet_row
from tests.rectification.round_docs import make_round

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_same_past_year_imported_twice_at_once_adds_each_petition_once():
    inspector = make_user(Role.INSPECTOR, username="race_past", person_name="导入人甲")
    content = workbook_bytes([sheet_row(1, day(2, 3)), sheet_row(2, day(3, 4), 状态="已受理", 受理日期=day(3, 5))])

    outcomes = race(*[lambda: import_past_petitions(source=content, user=inspector)] * 2)

    # one imports both rows; the other waits for the year's counter, then finds them (已存在) or is
    # refused as a whole with the rows named — never half of a file, never a duplicate
    kinds = sorted(o[0] for o in outcomes)
    assert kinds in (["ok", "ok"], ["error", "ok"]), outcomes
    for kind, value in outcomes:
        if kind == "error":
            assert isinstance(value, LedgerInvalid | ApplicationError), value
    added = sorted(v.added for k, v in outcomes if k == "ok")
    assert added in ([0, 2], [2]), added
    assert sorted(Petition.objects.values_list("number", flat=True)) == [
        f"信〔{day(1, 1).year}〕1号",
        f"信〔{day(1, 1).year}〕2号",
    ]


def test_one_round_document_generated_twice_at_once_makes_two_versions():
    supervisor = make_user(Role.SUPERVISOR, username="race_docs_sup", person_name="负责人乙")
    inspector = make_user(Role.INSPECTOR, username="race_docs", person_name="纪检干部丙")
    demo = make_round(reviewer=supervisor)

    outcomes = race(*[lambda: document_generate(user=inspector, rnd=demo.round, kind=DocumentKind.PLAN)] * 2)

    assert [o[0] for o in outcomes] == ["ok", "ok"], outcomes
    versions = RoundDocument.objects.filter(round=demo.round, kind=DocumentKind.PLAN)
    assert sorted(versions.values_list("version", flat=True)) == [1, 2]


def test_office_reply_and_staff_backfill_of_it_at_once_record_one_reply():
    dept = DepartmentFactory(name="并发承办处")
    inspector = make_user(Role.INSPECTOR, username="race_reply_staff", person_name="纪检干部丁")
    office = make_user(Role.OFFICE, username="race_reply_office", person_name="联络员戊", departments=[dept])
    received = timezone.now() - dt.timedelta(days=10)
    petition = register(inspector, received_at=received)
    petition = services.petition_accept(user=inspector, petition=petition, at=received + dt.timedelta(days=1))
    petition = services.petition_transfer(
        user=inspector, petition=petition, department=dept, summary="请核查", at=received + dt.timedelta(days=2)
    )
    past = received + dt.timedelta(days=5)

    outcomes = race(
        lambda: services.petition_reply(user=office, petition=petition, reply="已办结"),
        lambda: services.petition_reply(user=inspector, petition=petition, reply="部门书面反馈", at=past),
    )

    kinds = sorted(o[0] for o in outcomes)
    assert kinds == ["error", "ok"], outcomes
    (error,) = [v for k, v in outcomes if k == "error"]
    assert isinstance(error, ApplicationError) and error.status == 409  # the second finds it replied
    petition.refresh_from_db()
    assert petition.status == Status.REPLIED
    assert PetitionEvent.objects.filter(petition=petition, action=PetitionEvent.Action.REPLY).count() == 1
