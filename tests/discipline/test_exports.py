"""Ledgers: the numbered 线索台账 and the 建议书台账 — formulas neutralised, no reporter
identity ever, security-logged, a fixed number of queries."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import AuditLog
from discipline.models import Clue
from discipline.services import clues as clue_services
from discipline.services import recommendations as rec_services
from petitions import services as petition_services
from petitions.identity import Identity
from petitions.models import Category, Kind
from tests.discipline.factories import PersonFactory, clue_at, issued_recommendation, register_clue

pytestmark = pytest.mark.django_db
S = Clue.Status
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
REPORTER = Identity(name="赵举报人", phone="13912345678", id_number="110101199001011234", address="某市某街道8号")


def sheet_rows(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def cells(rows):
    return [str(value) for row in rows for value in row if value is not None]


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def petition_with_named_reporter(user, subject):
    return petition_services.petition_register(
        user=user,
        received_at=timezone.now() - dt.timedelta(days=2),
        channel="letter",
        kind=Kind.ACCUSATION,
        is_named=True,
        category=Category.objects.filter(is_active=True).first(),
        summary="反映违规发放津贴",
        subject_person=subject,
        informant=REPORTER,
    )


def test_the_clue_ledger_never_holds_a_reporter_s_identity(inspector, supervisor, subject, api_as):
    # given a clue from a named reporter's petition, handled to the end with feedback to the reporter
    petition = petition_with_named_reporter(supervisor, subject)
    clue = clue_at(
        S.CONCLUDED,
        registrar=inspector,
        supervisor=supervisor,
        subject=subject,
        source=Clue.Source.PETITION,
        source_petition=petition,
    )
    clue_services.clue_feedback(user=inspector, clue=clue, target="reporter", method="phone", note="已电话反馈")
    # when the ledger is exported
    rows = sheet_rows(api_as(inspector).get(reverse("clue-export")))
    text = "\n".join(cells(rows))
    # then the petition is named by its number only; no name, phone, ID number, address or reporter code
    assert petition.number in text
    for secret in (REPORTER.name, REPORTER.phone, REPORTER.id_number, REPORTER.address, petition.informant.code):
        assert secret not in text
    assert "向实名举报人电话反馈" in text


def test_no_ledger_cell_runs_as_a_formula(inspector, supervisor, dept_a, api_as):
    register_clue(inspector, summary='=HYPERLINK("http://evil","点我")')
    register_clue(inspector, summary="@SUM(1+1)", source=Clue.Source.INSPECTION, inspection_round="-2+3 巡察")
    issued_recommendation(
        inspector, department=dept_a, title="=1+1", problems="+cmd|' /C calc'!A0", recommendations="-1"
    )
    for name in ("clue-export", "recommendation-export"):
        values = cells(sheet_rows(api_as(inspector).get(reverse(name))))
        assert not [v for v in values if v.startswith(FORMULA_STARTS)], name
    clue_values = cells(sheet_rows(api_as(inspector).get(reverse("clue-export"))))
    assert '\'=HYPERLINK("http://evil","点我")' in clue_values
    assert "'-2+3 巡察" in clue_values


def test_the_clue_ledger_is_the_numbered_ledger_with_signatures(inspector, supervisor, subject, api_as):
    clue = clue_at(S.CONCLUDED, registrar=inspector, supervisor=supervisor, subject=subject)
    outcome_person = PersonFactory(name="被处理人丙")
    c2 = clue_at(S.EXECUTING, registrar=inspector, supervisor=supervisor)
    clue_services.clue_conclude(
        user=inspector, clue=c2, result="批评教育", outcomes=[(outcome_person, "criticism", "")]
    )
    rows = sheet_rows(api_as(inspector).get(reverse("clue-export")))
    assert rows[0][0] == "问题线索管理台账"
    header = rows[2]
    assert header[0] == "编号" and "办理环节及经手人签名" in header
    data = rows[3:]
    assert [r[0] for r in data] == [clue.number, c2.number]  # in number order
    signatures = data[0][header.index("办理环节及经手人签名")]
    for kind in ("登记", "分办", "拟办意见", "集体研究", "审批同意", "执行", "办结"):
        assert kind in signatures
    assert inspector.person.name in signatures and supervisor.person.name in signatures
    assert data[1][header.index("处理结果（按人）")] == "被处理人丙：批评教育（第一种形态）"


def test_exports_are_security_logged_and_follow_the_filters(inspector, supervisor, api_as):
    done = clue_at(S.CONCLUDED, registrar=inspector, supervisor=supervisor)
    register_clue(inspector)
    rows = sheet_rows(api_as(inspector).get(reverse("clue-export"), {"status": S.CONCLUDED}))
    assert [r[0] for r in rows[3:]] == [done.number]
    log = AuditLog.objects.get(event=AuditLog.Event.EXPORT, user=inspector)
    assert log.target == "线索台账"
    assert log.detail["rows"] == 1 and log.detail["filters"] == {"status": [S.CONCLUDED]}


def test_an_office_exports_its_own_letters_only(inspector, office_a, dept_a, dept_b, api_as):
    mine = issued_recommendation(inspector, department=dept_a)
    issued_recommendation(inspector, department=dept_b)
    rows = sheet_rows(api_as(office_a).get(reverse("recommendation-export")))
    assert [r[0] for r in rows[3:]] == [mine.number]
    assert AuditLog.objects.filter(event=AuditLog.Event.EXPORT, user=office_a, target="建议书台账").exists()


# Export cost, whatever the row count:
#   4 actor + 4 light context (policy, calendar years, calendar days, rule units)
#   + 1 count (more than EXPORT_BACKGROUND_ROWS rows would go to a background job)
#   + 1 clues + 1 steps + 1 outcomes (prefetched per chunk of 500) + 1 audit-log insert = 13
# (recommendations: no steps or outcomes, so 11). An N+1 over 36 rows would add ≥ 36.
@pytest.mark.parametrize(("name", "limit"), [("clue-export", 13), ("recommendation-export", 11)])
def test_an_export_has_a_fixed_query_count(name, limit, inspector, supervisor, api_as, django_assert_max_num_queries):
    for i in range(36):
        clue = clue_at(list(S)[i % len(S)], registrar=inspector, supervisor=supervisor)
        if clue.status == S.EXECUTING:
            clue_services.clue_conclude(
                user=supervisor, clue=clue, result="办结", outcomes=[(clue.subject_person, "criticism", "")]
            )
        rec = issued_recommendation(inspector, title=f"关于第{i}项的纪律检查建议")
        if i % 2:
            rec_services.recommendation_reply(user=inspector, rec=rec, reply_text="已回复")
    client = api_as(fresh(inspector))
    with django_assert_max_num_queries(limit):
        rows = sheet_rows(client.get(reverse(name)))
    assert len(rows) == 3 + 36
