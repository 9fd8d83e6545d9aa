"""Exporting the ledger: layout, real dates, neutralised formulas, scoping, queries, and the round trip."""

import datetime as dt
import io

import pytest
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from core.models import AuditLog
from organization.models import UnitProfile
from rectification import services
from rectification.ledger import build_template, export_ledger, import_ledger
from rectification.ledger.exporter import LedgerWriter
from rectification.models import Aspect, DeadlineKind, InspectionRound, Measure, MeasureStatus, Problem
from tests.factories import DepartmentFactory, PersonFactory
from tests.rectification.factories import AspectFactory, MeasureFactory, ProblemFactory, RoundFactory


def _export(user, rnd):
    buffer = io.BytesIO()
    export_ledger(user=user, round=rnd, out=buffer)
    buffer.seek(0)
    return buffer


def _rows(buffer):
    return list(load_workbook(buffer).active.iter_rows(values_only=True))


@pytest.fixture
def ledger(rnd, dept_a, dept_b, inspector, office_a, supervisor):
    """一、A (with a direct problem) → （一）A1, （二）A2 (empty); 二、B; a problem with three measures."""
    leader, person = PersonFactory(name="王建国", is_leader=True), PersonFactory(name="李静")
    a = AspectFactory(round=rnd, title="党的政治建设方面", order=1)
    a1 = AspectFactory(round=rnd, title="理论学习", parent=a, order=1)
    AspectFactory(round=rnd, title="意识形态", parent=a, order=2)
    b = AspectFactory(round=rnd, title="全面从严治党方面", order=2)
    p_direct = ProblemFactory(round=rnd, aspect=a, order=1, text="直接挂在大类下的问题")
    p1 = ProblemFactory(round=rnd, aspect=a1, order=2, text="中心组学习流于形式")
    p2 = ProblemFactory(round=rnd, aspect=b, order=3, text="公务接待超标准")
    common = {"responsible_leader": leader, "responsible_person": person}
    MeasureFactory(
        problem=p_direct, order=1, lead_department=dept_a, content="直接措施", due_date=dt.date(2021, 12, 31), **common
    )
    MeasureFactory(
        problem=p1,
        order=1,
        lead_department=dept_a,
        co_departments=[dept_b],
        content="修订学习制度",
        target="形成制度",
        due_date=dt.date(2022, 3, 31),
        **common,
    )
    MeasureFactory(
        problem=p1,
        order=2,
        lead_department=dept_a,
        content="建立归档制度",
        deadline_kind=DeadlineKind.LONG_TERM,
        due_date=None,
        **common,
    )
    MeasureFactory(
        problem=p2,
        order=1,
        lead_department=dept_b,
        content="清退违规费用",
        deadline_kind=DeadlineKind.IMMEDIATE,
        due_date=dt.date(2021, 10, 15),
        status="signed_off",
        **common,
    )
    MeasureFactory(
        problem=p2,
        order=2,
        lead_department=dept_b,
        content="提醒谈话",
        deadline_kind=DeadlineKind.IMMEDIATE_LONG_TERM,
        due_date=None,
        **common,
    )
    MeasureFactory(
        problem=p2,
        order=3,
        lead_department=dept_b,
        content='=HYPERLINK("http://evil","点我")',
        target="+1+2",
        remarks="@SUM(A1)",
        due_date=dt.date(2022, 1, 15),
        **common,
    )
    services.progress_add(user=office_a, measure=Measure.objects.get(content="修订学习制度"), text="已起草")
    services.progress_add(user=office_a, measure=Measure.objects.get(content="修订学习制度"), text="-已印发")
    return rnd


def test_layout(ledger, inspector):
    rows = _rows(_export(inspector, ledger))
    assert rows[0][0] == "某局关于市委第三巡察组反馈意见整改落实台账"
    assert "反馈日期：2021年9月15日" in rows[1][0]
    assert rows[2][:3] == ("序号", "问题", "整改措施")
    firsts = [r[0] for r in rows[3:]]
    assert firsts == [
        "一、党的政治建设方面",
        1,
        "（一）理论学习",
        2,
        None,
        "（二）意识形态",
        "二、全面从严治党方面",
        3,
        None,
        None,
    ]
    by_content = {r[2]: r for r in rows[3:] if r[2]}
    study = by_content["修订学习制度"]
    assert study[3:9] == ("形成制度", "王建国", "受理一处", "督办处", "李静", dt.datetime(2022, 3, 31))
    assert study[9:11] == ("推进中", "'-已印发")  # latest progress, neutralised
    assert by_content["建立归档制度"][8] == "长期坚持"
    assert by_content["清退违规费用"][8:10] == ("立行立改", "已销号")
    assert by_content["提醒谈话"][8] == "立行立改并长期坚持"


def test_dates_are_real_date_cells_and_problems_are_merged(ledger, inspector):
    ws = load_workbook(_export(inspector, ledger)).active
    date_cells = [c for c in ws["I"] if getattr(c, "is_date", False)]
    assert len(date_cells) == 3
    assert all(c.number_format == "yyyy-mm-dd" for c in date_cells)
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:L1", "A2:L2", "A4:L4", "A6:L6", "A9:L9", "A10:L10"} <= merged  # title, 填报 row, sections
    assert {"A7:A8", "B7:B8", "A11:A13", "B11:B13"} <= merged  # problems with 2 and 3 measures


def test_formulas_are_neutralised(ledger, inspector):
    ws = load_workbook(_export(inspector, ledger)).active
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [t for t in texts if t[0] in "=+-@"]
    assert '\'=HYPERLINK("http://evil","点我")' in texts
    assert "'+1+2" in texts and "'@SUM(A1)" in texts
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_export_uses_the_write_only_mode():
    assert isinstance(LedgerWriter().ws, WriteOnlyWorksheet)


def test_office_export_has_only_its_measures(ledger, office_a, inspector):
    contents = {r[2] for r in _rows(_export(office_a, ledger))[3:] if r[2]}
    assert contents == {"直接措施", "修订学习制度", "建立归档制度"}
    assert "公务接待超标准" not in {r[1] for r in _rows(_export(office_a, ledger))}


def test_export_over_the_api_is_logged_and_scoped(ledger, office_b, admin_user, api_as):
    url = reverse("rectification-round-ledger-export", args=[ledger.pk])
    response = api_as(office_b).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _rows(io.BytesIO(b"".join(response.streaming_content)))
    assert {r[2] for r in rows[3:] if r[2]} == {
        "修订学习制度",
        "清退违规费用",
        "提醒谈话",
        '=HYPERLINK("http://evil","点我")'.join(("'", "")),
    }
    log = AuditLog.objects.get(event=AuditLog.Event.EXPORT)
    assert (log.user, log.target, log.detail["measures"]) == (office_b, f"整改台账：{ledger.name}", 4)
    assert api_as(admin_user).get(url).status_code == 404


def test_export_costs_fixed_queries(rnd, inspector, dept_a, dept_b, django_assert_max_num_queries):
    """40 measures over 20 problems in 5 aspects, each with a co-department and progress.

    actor (4) + aspects (1) + unit profile (1) + measures with latest progress (1) + one
    co-department batch (1) + problems without measures (1) + audit log insert (1) = 10.
    """
    aspects = [AspectFactory(round=rnd) for _ in range(5)]
    for i in range(20):
        problem = ProblemFactory(round=rnd, aspect=aspects[i % 5])
        for _ in range(2):
            MeasureFactory(problem=problem, lead_department=dept_a, co_departments=[dept_b])
    UnitProfile.load()  # the singleton exists in any installed system (its first load creates it)
    with django_assert_max_num_queries(10):
        count = export_ledger(user=inspector, round=rnd, out=io.BytesIO())
    assert count == 40


def _snapshot():
    """What must survive a round trip: the aspect tree, problems, measures and their deadlines."""
    aspects = sorted((a.title, a.parent.title if a.parent else None) for a in Aspect.objects.select_related("parent"))
    problems = list(Problem.objects.order_by("order").values_list("text", "aspect__title"))
    measures = list(
        Measure.objects.order_by("problem__order", "order").values_list(
            "problem__text",
            "content",
            "target",
            "deadline_kind",
            "due_date",
            "status",
            "lead_department__name",
            "responsible_leader__name",
            "responsible_person__name",
            "remarks",
        )
    )
    co = sorted(Measure.objects.filter(co_departments__isnull=False).values_list("content", "co_departments__name"))
    return aspects, problems, measures, co


class _Rollback(Exception):
    pass


def test_round_trip_into_an_empty_database(inspector):
    """Build a round inside a transaction, export it, roll everything back, import the file."""
    with pytest.raises(_Rollback), transaction.atomic():
        rnd = RoundFactory(name="2021年市委第三巡察组巡察", feedback_date=dt.date(2021, 9, 15))
        a = AspectFactory(round=rnd, title="党的政治建设方面")
        a1 = AspectFactory(round=rnd, title="理论学习", parent=a)
        b = AspectFactory(round=rnd, title="全面从严治党方面")
        dept, co, other = (
            DepartmentFactory(name="办公室"),
            DepartmentFactory(name="财务处"),
            DepartmentFactory(name="督办处"),
        )
        leader = PersonFactory(name="王建国", is_leader=True)
        person = PersonFactory(name="李静")
        p0 = ProblemFactory(round=rnd, aspect=None, order=1, text="未归类的问题")
        p1 = ProblemFactory(round=rnd, aspect=a, order=2, text="大类下的问题")
        p2 = ProblemFactory(round=rnd, aspect=a1, order=3, text="方面下的问题")
        p3 = ProblemFactory(round=rnd, aspect=b, order=4, text="=1+1 像公式的问题")
        kw = {"responsible_leader": leader, "responsible_person": person, "lead_department": dept}
        MeasureFactory(problem=p0, order=1, content="措施零", due_date=dt.date(2021, 12, 31), **kw)
        MeasureFactory(
            problem=p1,
            order=1,
            content="措施一",
            target="目标一",
            due_date=dt.date(2022, 3, 31),
            co_departments=[co, other],
            remarks="与本轮整改一并推进",
            **kw,
        )
        MeasureFactory(
            problem=p1,
            order=2,
            content="措施二",
            deadline_kind=DeadlineKind.LONG_TERM,
            due_date=None,
            status=MeasureStatus.LONG_TERM,
            **kw,
        )
        MeasureFactory(
            problem=p2,
            order=1,
            content="措施三",
            deadline_kind=DeadlineKind.IMMEDIATE,
            due_date=dt.date(2021, 10, 15),
            status=MeasureStatus.SIGNED_OFF,
            **kw,
        )
        MeasureFactory(
            problem=p2,
            order=2,
            content="措施四",
            deadline_kind=DeadlineKind.IMMEDIATE_LONG_TERM,
            due_date=None,
            status=MeasureStatus.IN_PROGRESS,
            **kw,
        )
        MeasureFactory(
            problem=p3, order=1, content="-措施五", due_date=dt.date(2022, 1, 15), status=MeasureStatus.SUBMITTED, **kw
        )
        expected = _snapshot()
        exported = _export(inspector, rnd).getvalue()
        raise _Rollback

    assert not Measure.objects.exists() and not InspectionRound.objects.exists()
    # the departments and people went with the rollback: an empty database creates them, explicitly
    summary = import_ledger(source=exported, round_name="2021年市委第三巡察组巡察", user=inspector, create_missing=True)
    assert summary.measures == 6
    assert _snapshot() == expected
    rnd = InspectionRound.objects.get()
    assert (rnd.feedback_date, rnd.inspection_team) == (dt.date(2021, 9, 15), "市委第三巡察组")


def test_blank_template(api_as, inspector, rnd):
    response = api_as(inspector).get(reverse("rectification-ledger-template"))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    rows = _rows(io.BytesIO(data))
    assert rows[2] == (
        "序号",
        "问题",
        "整改措施",
        "完成目标",
        "责任领导",
        "责任部门",
        "配合部门",
        "责任人",
        "完成时限",
        "完成情况",
        "整改进展",
        "备注",
    )
    assert rows[3][0].startswith("一、") and rows[4][2]  # one section and one example row
    # the template itself imports cleanly (its note row is ignored)
    summary = import_ledger(source=data, round=rnd, dry_run=True)
    assert (summary.problems, summary.measures) == (1, 1)


def test_template_builder_writes_a_workbook():
    buffer = io.BytesIO()
    build_template(buffer)
    assert load_workbook(io.BytesIO(buffer.getvalue())).active.title == "整改台账"


def test_export_of_imported_measures_reads_their_ledger_words_in_one_query_per_chunk(
    rnd, inspector, dept_a, django_assert_max_num_queries
):
    """As above, plus one history read per chunk for imported measures' deadline words — not one per row."""
    problem = ProblemFactory(round=rnd, aspect=AspectFactory(round=rnd))
    for _ in range(30):
        MeasureFactory(problem=problem, lead_department=dept_a, is_imported=True, deadline_text="2021年12月底前")
    UnitProfile.load()
    with django_assert_max_num_queries(11):  # the 10 above + one history batch
        count = export_ledger(user=inspector, round=rnd, out=io.BytesIO())
    assert count == 30
