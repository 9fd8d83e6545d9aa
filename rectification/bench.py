"""Bench cases for 巡察整改 (``python manage.py bench --only rect.…``).

* rect.measure_list_page — the API's first page of 50 measures (departments, people,
  light) among 100k, through the real view; floor: the raw SQL for the same page
  (count, page with the light as a CASE, co-departments of the page).
* rect.ledger_export — the export of a round of 50k measures; floor: the fastest writer
  (XlsxWriter, constant_memory; 1.6× openpyxl's write-only mode) writing the same cell values, the
  same merged areas and the same styles (title, 填报单位, header, section and date formats, one
  object each), all read back from one export in setup; it queries and computes nothing.
* rect.ledger_import — the import of a 5k-row ledger; floor: the fastest reader (python-calamine)
  reading the sheet and its merges, the names looked up in two queries, then the same rows
  inserted with their "+" history by the fastest insert we have (``core.inserts``): the round, its
  sections, the new people, the problems, the measures and their co-departments. It parses no
  deadline, matches no close name and checks nothing: what is left is the import's own work.
"""

import datetime as dt
import io
import itertools

import xlsxwriter
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook
from rest_framework.test import APIRequestFactory, force_authenticate

from core.bench import BenchCase, grouped_by_id, register
from core.inserts import insert_with_history
from organization.models import Department, Person
from rectification.bench_data import FEEDBACK, _build_round, _org, _staff, rows_check
from rectification.ledger import export_ledger, import_ledger
from rectification.ledger.columns import EXPORT_COLUMNS
from rectification.ledger.writer import DATE_FORMAT
from rectification.models import (
    Aspect,
    DeadlineKind,
    InspectionRound,
    Measure,
    MeasureCoDepartment,
    Problem,
)
from rectification.selectors import LightContext

PAGE = 50


# -- the measure list page ---------------------------------------------------------------------------


def _list_setup(rows):
    today = timezone.localdate()
    departments, people = _org()
    per_round = rows // 4
    for r in range(4):
        _build_round(f"基准列表轮次{r}", per_round if r < 3 else rows - 3 * per_round, departments, people, today=today)
    return {"user": _staff("bench-rect-list"), "today": today}


def _list_run(ctx):
    from rectification.api.views import MeasureViewSet

    user = get_user_model().objects.get(pk=ctx["user"].pk)  # fresh: actor resolution is part of the cost
    request = APIRequestFactory().get("/api/v1/measures/", HTTP_HOST="localhost")
    force_authenticate(request, user=user)
    response = MeasureViewSet.as_view({"get": "list"})(request)
    assert response.status_code == 200
    return [
        (
            row["id"],
            (row["lead_department"] or {}).get("name"),
            (row["responsible_leader"] or {}).get("name"),
            (row["responsible_person"] or {}).get("name"),
            row["light"],
            tuple(d["name"] for d in row["co_departments"]),
        )
        for row in response.data["results"]
    ]


_PAGE_SQL = """
SELECT m.id, d.name, l.name, p.name,
  CASE WHEN m.status = 'signed_off' THEN 'grey'
       WHEN m.deadline_kind IN ('long_term', 'immediate_long_term') OR m.status = 'long_term'
            OR m.due_date IS NULL THEN 'none'
       WHEN m.due_date < %s THEN 'red'
       WHEN m.due_date <= %s THEN 'yellow'
       ELSE 'green' END
FROM rectification_measure m
JOIN rectification_problem pr ON pr.id = m.problem_id
JOIN rectification_inspectionround r ON r.id = pr.round_id
LEFT JOIN organization_department d ON d.id = m.lead_department_id
LEFT JOIN organization_person l ON l.id = m.responsible_leader_id
LEFT JOIN organization_person p ON p.id = m.responsible_person_id
WHERE m.archived_at IS NULL AND pr.archived_at IS NULL AND r.archived_at IS NULL
ORDER BY m.due_date, m.id
LIMIT %s
"""


def _list_floor(ctx):
    light = LightContext.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM rectification_measure m JOIN rectification_problem pr ON pr.id = m.problem_id"
            " JOIN rectification_inspectionround r ON r.id = pr.round_id"
            " WHERE m.archived_at IS NULL AND pr.archived_at IS NULL AND r.archived_at IS NULL"
        )
        cursor.fetchone()
        cursor.execute(_PAGE_SQL, [light.today, light.boundary, PAGE])
        page = cursor.fetchall()
    co = grouped_by_id(
        "SELECT c.measure_id, d.name FROM rectification_measurecodepartment c"
        " JOIN organization_department d ON d.id = c.department_id"
        ' WHERE c.measure_id IN ({ids}) ORDER BY d."order", d.id',
        [row[0] for row in page],
    )
    return [(*row, tuple(co.get(row[0], ()))) for row in page]


def _same_rows(ctx, run_result, floor_result):
    assert [tuple(r) for r in run_result] == [tuple(r) for r in floor_result], "list page differs from floor"


register(
    BenchCase(
        name="rect.measure_list_page",
        description="API page of 50 measures (departments, people, light) among 100k, vs raw SQL",
        size=100_000,
        setup=_list_setup,
        run=_list_run,
        floor=_list_floor,
        check=_same_rows,
    )
)


# -- the ledger export --------------------------------------------------------------------------------


def _export_setup(rows):
    today = timezone.localdate()
    departments, people = _org()
    rnd = _build_round("基准导出轮次", rows, departments, people, today=today, progress_every=4)
    user = _staff("bench-rect-export")
    buffer = io.BytesIO()
    export_ledger(user=user, round=rnd, out=buffer)
    buffer.seek(0)
    wb = load_workbook(buffer, read_only=True)
    values = [tuple(r) for r in wb.active.iter_rows(values_only=True)]
    wb.close()
    merges = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())).get_sheet_by_name("整改台账")
    areas = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in merges.merged_cell_ranges]
    return {"user": user, "round": rnd, "values": values, "merges": areas, "measures": rows}


def _export_run(ctx):
    return export_ledger(user=ctx["user"], round=ctx["round"], out=io.BytesIO())


def _export_floor(ctx):
    wb = xlsxwriter.Workbook(io.BytesIO(), {"constant_memory": True})
    ws = wb.add_worksheet("整改台账")
    for col, (_field, width) in enumerate(EXPORT_COLUMNS):
        ws.set_column(col, col, width)
    ws.set_column(len(EXPORT_COLUMNS), len(EXPORT_COLUMNS), None, None, {"hidden": True})
    wrap = {"valign": "vcenter", "text_wrap": True}
    bold = {"bold": True, "font_name": "黑体", "font_size": 11}
    title = wb.add_format({**wrap, "align": "center", "bold": True, "font_size": 16, "font_name": "方正小标宋简体"})
    line = wb.add_format({**wrap, "align": "left"})
    header = wb.add_format({**wrap, **bold, "align": "center", "border": 1})
    section = wb.add_format({**wrap, **bold, "align": "left"})
    date = wb.add_format({"num_format": DATE_FORMAT})
    across = {r0 for r0, c0, _r1, c1 in ctx["merges"] if c1 > c0}
    for r, row in enumerate(ctx["values"]):
        style = title if r == 0 else line if r == 1 else header if r == 2 else section if r in across else None
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                ws.write_string(r, c, value, style)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, value, date)
            else:
                ws.write_number(r, c, value, style)
    for area in ctx["merges"]:
        ws.merge.append(list(area))
    wb.close()
    return ctx["measures"]


def _export_check(ctx, run_result, floor_result):
    assert run_result == floor_result == ctx["measures"], (run_result, floor_result)


register(
    BenchCase(
        name="rect.ledger_export",
        description="ledger export of a 50k-measure round vs XlsxWriter writing the same values, merges and styles",
        size=50_000,
        setup=_export_setup,
        run=_export_run,
        floor=_export_floor,
        check=_export_check,
    )
)


# -- the ledger import --------------------------------------------------------------------------------

DEADLINES = ["2021年12月底前", "长期坚持", "立行立改", "2022.3.31", dt.date(2022, 1, 15), "2022年6月30日前", 44561]
COMPLETION = ["已完成", "正在推进", None, "长期坚持", "已召开专题会议，正在起草制度"]


def _ledger_bytes(rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "整改台账"
    ws.append(["中共XX局党组关于市委第三巡察组反馈意见整改落实台账"])
    ws.append(["填报单位：XX局党组　　填报日期：2021年10月15日"])
    ws.append(
        ["序号", "问题", "整改措施", "责任领导", "责任部门", "责任人", "完成时限", "整改进展", "完成情况", "备注"]
    )
    written, number = 0, 0
    for section in range(5):
        ws.append([f"{'一二三四五'[section]}、第{section + 1}方面"])
        while written < rows * (section + 1) // 5:
            number += 1
            count = min(3 if number % 2 else 2, rows - written)
            first = ws.max_row + 1
            for k in range(count):
                i = written + k
                ws.append(
                    [
                        number if k == 0 else None,
                        f"第{number}个问题：学习贯彻不够深入" if k == 0 else None,
                        f"措施{i}：修订制度并组织学习",
                        f"基准人员{i % 10:04d}",
                        f"基准处室{i % 50:03d}" + ("、基准处室001" if i % 7 == 0 and i % 50 != 1 else ""),
                        f"基准人员{10 + i % 490:04d}" if i % 97 else f"新人员{i}",
                        DEADLINES[i % len(DEADLINES)],
                        None,
                        COMPLETION[i % len(COMPLETION)],
                        None,
                    ]
                )
            if count > 1:
                ws.merge_cells(f"A{first}:A{first + count - 1}")
                ws.merge_cells(f"B{first}:B{first + count - 1}")
            written += count
    ws.append(["注：本表由各责任部门填写。"])
    ws.append(["填表人：张三　　审核人：李四"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _import_setup(rows):
    _org()
    return {
        "data": _ledger_bytes(rows),
        "user": _staff("bench-rect-import"),
        "counter": itertools.count(),
        "rows": rows,
    }


def _import_run(ctx):
    summary = import_ledger(
        source=ctx["data"],
        round_name=f"基准导入轮次{next(ctx['counter'])}",
        feedback_date=FEEDBACK,
        user=ctx["user"],
        create_missing=True,  # the floor creates no one either way; names the bench org lacks are new
    )
    return summary.measures


def _floor_rows(data):
    """(section titles, [(problem text, [(measure, department names, leader, person)])]) as read
    by calamine, a merged problem cell read as its top value."""
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("整改台账")
    sheet.merged_cell_ranges  # noqa: B018 - the import reads the merges too
    sections, problems = [], []
    for values in itertools.islice(sheet.iter_rows(), 3, None):
        if len(values) < 3 or not values[2]:
            if values and isinstance(values[0], str) and "、" in values[0][:3]:
                sections.append(values[0])
            continue
        if values[1]:
            problems.append((values[1], len(sections), []))
        problems[-1][2].append((values[2], values[4].split("、"), values[3], values[5]))
    return sections, problems


def _import_floor(ctx):
    user = ctx["user"]

    def insert(objs, model):
        return insert_with_history(objs, model, user=user, reason="由整改台账导入")

    sections, problems = _floor_rows(ctx["data"])
    rnd = insert([InspectionRound(name=f"基准导入下限{next(ctx['counter'])}", inspection_team="x")], InspectionRound)[0]
    aspects = insert([Aspect(round=rnd, title=t, order=i) for i, t in enumerate(sections, 1)], Aspect)
    rows = [m for _t, _a, measures in problems for m in measures]
    departments = dict(Department.objects.values_list("name", "pk"))
    people = dict(Person.objects.filter(name__in={n for r in rows for n in r[2:]}).values_list("name", "pk"))
    new = insert([Person(name=n) for n in sorted({n for r in rows for n in r[2:]} - people.keys())], Person)
    people.update((p.name, p.pk) for p in new)
    made = insert(
        [Problem(round=rnd, aspect=aspects[a - 1], order=i, text=t) for i, (t, a, _m) in enumerate(problems, 1)],
        Problem,
    )
    measures = insert(
        [
            Measure(
                problem=problem,
                order=k,
                content=content,
                lead_department_id=departments[names[0]],
                responsible_leader_id=people[leader],
                responsible_person_id=people[person],
                deadline_kind=DeadlineKind.LONG_TERM,
                is_imported=True,
            )
            for problem, (_t, _a, rows_) in zip(made, problems, strict=True)
            for k, (content, names, leader, person) in enumerate(rows_, 1)
        ],
        Measure,
    )
    links = [
        MeasureCoDepartment(measure=m, department_id=departments[n])
        for m, r in zip(measures, rows, strict=True)
        for n in r[1][1:]
    ]
    insert(links, MeasureCoDepartment)
    return len(measures)


register(
    BenchCase(
        name="rect.ledger_import",
        description="ledger import of 5k rows vs calamine read plus insert of the same rows and history",
        size=5_000,
        setup=_import_setup,
        run=_import_run,
        floor=_import_floor,
        check=rows_check,
    )
)


# The fill-in sheet's cases live beside these (the bench command imports only ``<app>.bench``).
from rectification import bench_fill  # noqa: E402, F401
