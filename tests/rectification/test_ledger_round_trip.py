"""Import → export → import is exact: the exported 完成时限 keeps the ledger's words (with a note once the
deadline has changed), the hidden 完成时限数据 column carries the stored deadline back, and a round
imported from an export holds the same content, field by field."""

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from rectification import services
from rectification.ledger import export_ledger
from rectification.ledger.exporter import RECORD_COLUMN
from rectification.models import Aspect, DeadlineKind, Measure
from tests.rectification.factories import RoundFactory
from tests.rectification.importing import SAMPLE, import_into
from tests.rectification.sheets import row, sheet_bytes

DEADLINE, NOTE = 8, 11  # 0-based columns of 完成时限 and 备注 in an exported row


def _export(user, rnd) -> bytes:
    buffer = io.BytesIO()
    export_ledger(user=user, round=rnd, out=buffer)
    return buffer.getvalue()


def _measure_rows(data):
    """{整改措施: the exported row} (the rows below the header that carry a measure)."""
    ws = load_workbook(io.BytesIO(data)).active
    return {r[2]: r for r in ws.iter_rows(min_row=4, values_only=True) if r[2]}


def _content(rnd):
    """Everything a ledger carries, measure by measure in sheet order, and the aspect tree."""
    aspects = [
        (a.title, a.parent.title if a.parent else None, a.order)
        for a in Aspect.objects.filter(round=rnd).select_related("parent").order_by("parent__order", "order")
    ]
    measures = []
    query = (
        Measure.objects.filter(problem__round=rnd)
        .select_related("problem__aspect__parent", "lead_department", "responsible_leader", "responsible_person")
        .prefetch_related("co_departments")
        .order_by("problem__order", "order")
    )
    for m in query:
        aspect = m.problem.aspect
        measures.append(
            {
                "方面": (aspect.title, aspect.parent.title if aspect.parent else None) if aspect else None,
                "问题": (m.problem.order, m.problem.text),
                "措施": (m.order, m.content, m.target),
                "责任领导": m.responsible_leader.name if m.responsible_leader else None,
                "责任部门": m.lead_department.name if m.lead_department else None,
                "配合部门": sorted(d.name for d in m.co_departments.all()),
                "责任人": m.responsible_person.name if m.responsible_person else None,
                "deadline_kind": m.deadline_kind,
                "due_date": m.due_date,
                "deadline_text": m.deadline_text,
                "original_due_date": m.original_due_date,
                "due_date_manual": m.due_date_manual,
                "due_date_warning": m.due_date_warning,
                "remarks": m.remarks,
                "status": m.status,
            }
        )
    return aspects, measures


def _assert_same(before, after):
    (aspects_before, measures_before), (aspects_after, measures_after) = before, after
    assert aspects_after == aspects_before
    assert len(measures_after) == len(measures_before)
    for i, (old, new) in enumerate(zip(measures_before, measures_after, strict=True), start=1):
        for name, value in old.items():
            assert new[name] == value, f"措施 {i}（{old['措施'][1]}）的 {name}"


def _reimport(data, user, name="回传台账"):
    """Import an export into a fresh empty round without a feedback date: nothing may need re-parsing."""
    fresh = RoundFactory(name=name, feedback_date=None, rectification_end=None)
    import_into(data, fresh, user)
    return fresh


# -- the sample ledger ----------------------------------------------------------------------------------


def test_the_sample_ledger_round_trips_exactly(empty_round, inspector):
    import_into(SAMPLE.read_bytes(), empty_round, inspector)
    before = _content(empty_round)
    assert any(m["deadline_text"] for m in before[1])
    exported = _export(inspector, empty_round)
    fresh = _reimport(exported, inspector)
    _assert_same(before, _content(fresh))
    # and once more: an export of the re-imported round is the same sheet
    again = _export(inspector, fresh)
    assert _measure_rows(again) == _measure_rows(exported)


def test_the_sample_ledgers_words_go_back_out(empty_round, inspector):
    import_into(SAMPLE.read_bytes(), empty_round, inspector)
    rows = _measure_rows(_export(inspector, empty_round))
    for measure in Measure.objects.filter(problem__round=empty_round):
        cell = rows[measure.content][DEADLINE]
        if isinstance(cell, dt.datetime):  # a date the ledger gave as a date, or as the system writes one
            assert cell.date() == measure.due_date
        else:
            assert cell == measure.deadline_text


# -- every deadline form the parser knows ----------------------------------------------------------------

FORMS = [
    ("2022年1月15日", DeadlineKind.DATE),
    ("2022年1月15日前", DeadlineKind.DATE),
    ("2021年12月底前", DeadlineKind.DATE),
    ("2021年11月", DeadlineKind.DATE),
    ("2022年底前", DeadlineKind.DATE),
    ("2022年上半年", DeadlineKind.DATE),
    ("2022年第一季度", DeadlineKind.DATE),
    ("2022.3.31", DeadlineKind.DATE),
    ("2022/3/31", DeadlineKind.DATE),
    ("2022-02-28", DeadlineKind.DATE),
    (dt.datetime(2022, 4, 30), DeadlineKind.DATE),  # a date cell
    (44561, DeadlineKind.DATE),  # a bare Excel serial number
    ("集中整改期内", DeadlineKind.DATE),
    ("反馈后2个月", DeadlineKind.DATE),
    ("反馈后10个工作日", DeadlineKind.DATE),
    ("3个月内", DeadlineKind.DATE),
    ("立行立改", DeadlineKind.IMMEDIATE),
    ("立行立改（2021年10月底前）", DeadlineKind.IMMEDIATE),
    ("立行立改并长期坚持", DeadlineKind.IMMEDIATE_LONG_TERM),
    ("长期坚持", DeadlineKind.LONG_TERM),
    ("持续推进", DeadlineKind.LONG_TERM),
]


@pytest.fixture
def every_form(empty_round, inspector, dept_a):
    """A ledger with one measure per deadline form, the 立行立改 one led by 受理一处 (it will be extended)."""
    rows = [
        row(
            f"问题{i}" if i % 3 == 1 else None,
            f"措施{i}",
            seq=(i + 2) // 3 if i % 3 == 1 else None,
            dept="受理一处" if value == "立行立改" else "办公室、财务处",
            deadline=value,
            note="按计划推进；分两步" if i == 2 else None,
        )
        for i, (value, _kind) in enumerate(FORMS, start=1)
    ]
    import_into(sheet_bytes([["一、党的政治建设方面"], *rows]), empty_round, inspector)
    kinds = list(Measure.objects.filter(problem__round=empty_round).order_by("id").values_list("deadline_kind"))
    assert [k for (k,) in kinds] == [kind for _value, kind in FORMS]
    return empty_round


def _extend(measure, office, supervisor, days=30):
    extension = services.extension_request(
        user=office, measure=measure, reason="需等待上级文件", requested_date=measure.due_date + dt.timedelta(days=days)
    )
    services.extension_approve(user=supervisor, extension=extension, note="同意")
    measure.refresh_from_db()
    return measure


def test_every_deadline_form_round_trips_exactly(every_form, inspector, office_a, supervisor):
    immediate = Measure.objects.get(problem__round=every_form, deadline_text="立行立改")
    _extend(immediate, office_a, supervisor)
    assert immediate.due_date_manual and immediate.original_due_date != immediate.due_date
    before = _content(every_form)
    exported = _export(inspector, every_form)
    fresh = _reimport(exported, inspector)
    _assert_same(before, _content(fresh))
    assert Measure.objects.get(problem__round=fresh, content=immediate.content).due_date == immediate.due_date
    # the re-imported round goes out as the same sheet, the extension still said in the cell
    assert _measure_rows(_export(inspector, fresh)) == _measure_rows(exported)


def test_the_cells_read_as_the_ledger_wrote_them(every_form, inspector, office_a, supervisor):
    immediate = _extend(Measure.objects.get(problem__round=every_form, deadline_text="立行立改"), office_a, supervisor)
    data = _export(inspector, every_form)
    rows = _measure_rows(data)
    assert rows["措施3"][DEADLINE] == "2021年12月底前"
    assert rows["措施17"][DEADLINE] == f"立行立改（已延期至{immediate.due_date.isoformat()}）"
    assert rows["措施17"][NOTE].startswith("原完成时限")  # the extension is in 备注 as before
    assert rows["措施19"][DEADLINE] == "立行立改并长期坚持"
    assert rows["措施11"][DEADLINE] == dt.datetime(2022, 4, 30)  # a date cell stays a date cell
    assert rows["措施1"][DEADLINE] == dt.datetime(2022, 1, 15)  # words that only name the date: a date cell
    assert rows["措施2"][NOTE] == "按计划推进；分两步"
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.column_dimensions[RECORD_COLUMN].hidden
    assert ws[f"{RECORD_COLUMN}3"].value == "完成时限数据（系统导出，请勿修改）"
    record = json.loads(rows["措施17"][12])
    assert (record["kind"], record["due"], record["manual"]) == ("immediate", immediate.due_date.isoformat(), True)
    assert record["original"] == immediate.original_due_date.isoformat()


def test_a_deadline_changed_by_hand_goes_out_as_its_current_value(every_form, inspector):
    measure = Measure.objects.get(problem__round=every_form, deadline_text="2021年12月底前")
    services.measure_update(
        user=inspector, measure=measure, deadline_kind=DeadlineKind.DATE, due_date=dt.date(2022, 2, 28)
    )
    measure.refresh_from_db()
    quarter = Measure.objects.get(problem__round=every_form, deadline_text="2022年第一季度")
    services.measure_update(
        user=inspector,
        measure=quarter,
        deadline_kind=DeadlineKind.DATE,
        due_date=dt.date(2022, 5, 31),
        deadline_text="2022年第一季度",  # the words kept, the date changed
    )
    before = _content(every_form)
    data = _export(inspector, every_form)
    rows = _measure_rows(data)
    assert rows["措施3"][DEADLINE] == "2021年12月底前（已调整为2022-02-28）"
    assert rows["措施7"][DEADLINE] == "2022年第一季度（已调整为2022-05-31）"
    _assert_same(before, _content(_reimport(data, inspector)))


def test_hand_entered_measures_keep_date_cells(problem, inspector):
    due = dt.date(2022, 6, 30)
    services.measure_create(
        user=inspector, problem=problem, content="手工措施", deadline_kind=DeadlineKind.DATE, due_date=due
    )
    assert _measure_rows(_export(inspector, problem.round))["手工措施"][DEADLINE] == dt.datetime(2022, 6, 30)


def _edited(data, column, row_of, value):
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    number = next(r[0].row for r in ws.iter_rows(min_row=4) if r[2].value == row_of)
    ws[f"{column}{number}"] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_cell_edited_after_the_export_is_read_from_its_words(every_form, inspector):
    data = _edited(_export(inspector, every_form), "I", "措施3", "2022年6月底前")
    fresh = RoundFactory(name="回传台账", feedback_date=dt.date(2021, 9, 15))
    summary = import_into(data, fresh, inspector)
    measure = Measure.objects.get(problem__round=fresh, content="措施3")
    assert (measure.due_date, measure.deadline_text) == (dt.date(2022, 6, 30), "2022年6月底前")
    assert any("导出后已修改" in w.reason for w in summary.warnings)


def test_a_damaged_record_is_ignored(every_form, inspector):
    data = _edited(_export(inspector, every_form), RECORD_COLUMN, "措施3", '{"kind": "nonsense"}')
    fresh = RoundFactory(name="回传台账", feedback_date=dt.date(2021, 9, 15))
    import_into(data, fresh, inspector)
    measure = Measure.objects.get(problem__round=fresh, content="措施3")
    assert (measure.due_date, measure.deadline_text) == (dt.date(2021, 12, 31), "2021年12月底前")


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "date", "due": "2022-01-31", "cell": "x", "text": "a" * 101},
        {"kind": "date", "due": "2022-01-31", "cell": "x", "text": "月底\x01前"},
        {"kind": "date", "due": "1900-01-31", "cell": "x"},
        {"kind": "nonsense", "due": "2022-01-31", "cell": "x"},
        {"kind": "date", "due": None, "cell": "x"},
        {"kind": "date", "due": "2022-01-31"},
        [1, 2],
    ],
)
def test_a_hidden_deadline_record_not_written_by_an_export_is_ignored(data):
    """The hidden cell comes back from outside: anything an export would not have written is not a record
    (the visible words are read instead)."""
    import json

    from rectification.ledger import record

    assert record.decode(json.dumps(data, ensure_ascii=False)) is None
