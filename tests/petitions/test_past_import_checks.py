"""往年信访件导入: every bad row named by sheet, row and column, nothing written; the report of an
imported year; identities encrypted; queries bounded per row."""

import datetime as dt

import pytest
from django.utils import timezone

from core.outcomes import OutcomeKind
from petitions.identity import can_view_identity
from petitions.models import Informant, NumberCounter, Petition, PetitionOutcome
from petitions.past_import import LedgerInvalid, import_past_petitions
from reports.metrics.compiler import compile_year
from tests.petitions.factories import REPORTER
from tests.petitions.past_import_helpers import day, other_staff, past_year, workbook_bytes
from tests.petitions.past_import_helpers import row as sheet_row

pytestmark = pytest.mark.django_db


def _refusal(rows, user):
    with pytest.raises(LedgerInvalid) as refused:
        import_past_petitions(source=workbook_bytes(rows), user=user)
    return {(i.sheet, i.row, i.column): i for i in refused.value.issues}


def test_each_bad_row_is_named_and_nothing_is_written(inspector, dept_a):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    rows = [
        sheet_row(1, day(2, 1)),  # fine, yet not written
        sheet_row(2, day(2, 2), 渠道="飞鸽传书"),
        sheet_row(3, day(2, 3), 状态="已转办", 受理日期=day(2, 4), 转办部门="不存在的处", 转办日期=day(2, 5)),
        sheet_row(4, day(2, 4), 状态="已受理", 受理日期=tomorrow),
        sheet_row(5, day(2, 5), 状态="已办结", 受理日期=day(2, 9), 办结日期=day(2, 7), 办理结果="已处理"),
        sheet_row(6, None),
        sheet_row(7, day(2, 7), 状态="已办结", 受理日期=day(2, 8), 办结日期=day(3, 1), 办理结果="已处理",
                  处理方式="罚站", 被处理部门=dept_a.name),
    ]  # fmt: skip

    issues = _refusal(rows, inspector)

    sheet = "信访台账"
    assert "无法识别的渠道“飞鸽传书”" in issues[(sheet, 5, "渠道")].reason
    assert "不存在" in issues[(sheet, 6, "转办部门")].reason
    assert "不能晚于今天" in issues[(sheet, 7, "受理日期")].reason
    assert "不能早于受理日期" in issues[(sheet, 8, "办结日期")].reason
    assert "请填写收到日期" in issues[(sheet, 9, "收到日期")].reason
    assert "无法识别的处理方式“罚站”" in issues[(sheet, 10, "处理方式")].reason
    assert not any(row == 4 for _, row, _ in issues)
    assert not Petition.objects.exists() and not NumberCounter.objects.exists()
    assert not PetitionOutcome.objects.exists()


def test_a_service_refusal_is_the_rows_issue(inspector, dept_a):
    """A 检举控告 is never transferred to a department: the service says so, for that row's column."""
    rows = [
        sheet_row(1, day(2, 1), 类别="检举控告", 问题类别="作风纪律", 状态="已转办", 受理日期=day(2, 2),
                  转办部门=dept_a.name, 转办日期=day(2, 3)),
    ]  # fmt: skip

    issues = _refusal(rows, inspector)

    assert "不能转办" in issues[("信访台账", 4, "转办部门")].reason
    assert not Petition.objects.exists()


def test_a_named_row_needs_its_reporter_and_a_bad_phone_is_never_echoed(inspector):
    rows = [sheet_row(1, day(2, 1), 实名="是"), sheet_row(2, day(2, 2), 实名="是", 举报人姓名="某人", 联系电话="12")]

    issues = _refusal(rows, inspector)

    assert "举报人姓名和联系电话" in issues[("信访台账", 4, "举报人姓名")].reason
    phone = issues[("信访台账", 5, "联系电话")]
    assert phone.value == "" and "12" not in str(phone)


def test_an_imported_reporter_is_encrypted_and_seen_only_with_the_right(inspector, supervisor):
    rows = [sheet_row(1, day(2, 1), 实名="是", 举报人姓名=REPORTER.name, 联系电话=REPORTER.phone)]

    import_past_petitions(source=workbook_bytes(rows), user=inspector)

    petition = Petition.objects.get()
    stored = Informant.objects.filter(pk=petition.informant_id).values().get()
    assert REPORTER.name not in str(stored) and REPORTER.phone not in str(stored)
    assert can_view_identity(inspector, petition)  # the registrar, as for a petition registered by hand
    assert not can_view_identity(other_staff(), petition)


def test_an_imported_year_gives_the_reports_petition_figures(inspector, dept_a, dept_b):
    concluded = {"状态": "已办结", "受理日期": day(3, 2), "办结日期": day(3, 20), "办理结果": "已处理"}
    rows = [
        sheet_row(1, day(1, 5), 问题类别="办事效率"),
        sheet_row(2, day(2, 5), 问题类别="办事效率", **concluded, 处理方式="点名批评", 被处理部门=dept_a.name),
        sheet_row(3, day(3, 1), 问题类别="办事效率", **concluded, 处理方式="限期改进", 被处理部门=dept_b.name),
        sheet_row(4, day(3, 1), 问题类别="电话接听"),
        sheet_row(5, day(3, 1), 问题类别="电话接听", **concluded, 处理方式="批评教育", 被处理部门=dept_a.name),
        sheet_row(6, day(4, 1), 问题类别="其他"),
    ]

    import_past_petitions(source=workbook_bytes(rows), user=inspector)

    figures = compile_year(past_year())
    assert figures["petitions_handled"].value == 6
    assert figures["petition_category_1"].value == "办事效率"
    assert figures["petition_category_2"].value == "电话接听"
    assert figures["petition_category_3"].value == "其他"
    assert figures["criticized_departments"].value == 2  # 点名批评 and 限期改进, not 批评教育
    assert compile_year(past_year() + 1)["petitions_handled"].value == 0
    assert PetitionOutcome.objects.filter(kind=OutcomeKind.CRITICISM, decided_on=day(3, 20)).count() == 1


def _concluded_rows(n, dept):
    return [
        sheet_row(i, day(2, 1), 状态="已办结", 受理日期=day(2, 2), 转办部门=dept.name, 转办日期=day(2, 3),
                  部门反馈日期=day(2, 8), 办结日期=day(2, 9), 办理结果="已处理", 处理方式="点名批评",
                  被处理部门=dept.name)
        for i in range(1, n + 1)
    ]  # fmt: skip


def test_queries_grow_with_the_rows_not_with_their_lookups(inspector, dept_a, django_assert_max_num_queries):
    # A dry run of 8 fully handled rows (registered, accepted, transferred, replied, concluded with an
    # outcome): the names, numbers and counters are looked up once for the file (about a dozen queries
    # with the savepoints and the audit row); each row then costs what its five service calls cost —
    # locks, history rows, due dates, the workflow log — 42 today. 45 a row + 20 fails on a lookup per
    # name or per cell, or on a step that starts notifying.
    content = workbook_bytes(_concluded_rows(8, dept_a))
    with django_assert_max_num_queries(8 * 45 + 20):
        summary = import_past_petitions(source=content, user=inspector, dry_run=True)
    assert summary.added == 8
