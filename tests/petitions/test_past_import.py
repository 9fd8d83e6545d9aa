"""往年信访件导入: the export's file read back, steps at their own dates, numbers kept, nothing twice."""

import pytest
from django.db import connection, transaction
from django.utils import timezone

from core.outcomes import OutcomeKind
from petitions import services
from petitions.exports import write_ledger
from petitions.models import Kind, NumberCounter, Petition, PetitionEvent, PetitionOutcome, RestrictedReason, Status
from petitions.past_import import LedgerInvalid, import_past_petitions
from tests.petitions.factories import REPORTER, category, register
from tests.petitions.past_import_helpers import add_columns, at, day, workbook_bytes
from tests.petitions.past_import_helpers import row as sheet_row

pytestmark = pytest.mark.django_db

SNAPSHOT = (
    "number", "status", "channel", "kind", "category__name", "is_named", "summary", "transfer_department__name",
    "result", "notified_on", "concluded_on", "feedback_on", "is_restricted", "restricted_reason",
)  # fmt: skip
MOMENTS = ("received_at", "accepted_at", "transferred_at", "replied_at", "escalated_at", "rejected_at")


def _snapshot():
    out = {}
    for p in Petition.objects.order_by("number"):
        values = {f: getattr(p, f) for f in SNAPSHOT if "__" not in f}
        values["category"] = p.category.name if p.category_id else None
        values["department"] = p.transfer_department.name if p.transfer_department_id else None
        values.update({f: timezone.localdate(getattr(p, f)) if getattr(p, f) else None for f in MOMENTS})
        values["outcomes"] = sorted(
            (o.kind, o.department.name if o.department_id else o.person.name, o.decided_on) for o in p.outcomes.all()
        )
        out[p.number] = values
    return out


class _Undo(Exception):
    pass


def _past_year_petitions(inspector, office_a, dept_a):
    """Four petitions of the past year, each through the services at its own dates."""
    transferred = register(inspector, informant=None, received_at=at(day(3, 10)))
    services.petition_accept(user=inspector, petition=transferred, at=at(day(3, 11)))
    services.petition_transfer(
        user=inspector, petition=transferred, department=dept_a, summary="请核查", at=at(day(3, 12))
    )
    services.petition_reply(user=office_a, petition=transferred, reply="已整改", at=at(day(3, 20)))
    services.petition_conclude(
        user=inspector,
        petition=transferred,
        result="经核实，已点名批评",
        outcomes=[{"kind": OutcomeKind.NAMED_CRITICISM, "department": dept_a}],
        concluded_on=day(3, 25),
    )
    named = register(inspector, kind=Kind.PETITION, category=category("作风纪律"), received_at=at(day(4, 1)))
    services.petition_accept(user=inspector, petition=named, at=at(day(4, 2)))
    services.petition_notify(user=inspector, petition=named, method="phone", on=day(4, 5))
    services.petition_handle(user=inspector, petition=named, at=at(day(4, 2)))
    services.petition_conclude(user=inspector, petition=named, result="已答复", concluded_on=day(5, 6))
    services.petition_feedback(user=inspector, petition=named, method="phone", on=day(5, 10))
    escalated = register(
        inspector, kind=Kind.ACCUSATION, restricted_reason=RestrictedReason.SUPERIOR, received_at=at(day(6, 1))
    )
    services.petition_escalate(user=inspector, petition=escalated, at=at(day(6, 2)))
    rejected = register(inspector, informant=None, received_at=at(day(7, 1)))
    services.petition_reject(user=inspector, petition=rejected, reason="无实质内容", at=at(day(7, 1)))
    return named.number


def test_the_export_of_a_year_imports_back_with_the_same_dates_and_states(inspector, office_a, dept_a):
    with pytest.raises(_Undo), transaction.atomic():  # the year existed elsewhere: export it, then forget it
        named = _past_year_petitions(inspector, office_a, dept_a)
        content, count = write_ledger(Petition.objects.order_by("number"))
        before = _snapshot()
        raise _Undo
    assert count == 4 and not Petition.objects.exists() and not NumberCounter.objects.exists()
    content = add_columns(content, {named: {"举报人姓名": REPORTER.name, "联系电话": REPORTER.phone}})
    first = min(before)
    content = add_columns(content, {first: {"处理方式": "点名批评", "被处理部门": dept_a.name}})

    summary = import_past_petitions(source=content, user=inspector)

    assert summary.added == 4 and summary.existing == []
    after = _snapshot()
    assert after == before
    # every step is in the log at its own date, entered now by the importer
    accepted = PetitionEvent.objects.get(petition__number=first, action=PetitionEvent.Action.ACCEPT)
    assert timezone.localdate(accepted.at) == day(3, 11) and accepted.user == inspector
    assert Petition.objects.get(number=first).status == Status.CONCLUDED


def test_importing_the_same_file_again_adds_nothing(inspector):
    content = workbook_bytes([sheet_row(1, day(2, 3)), sheet_row(2, day(2, 4), 状态="已受理", 受理日期=day(2, 5))])
    assert import_past_petitions(source=content, user=inspector).added == 2

    again = import_past_petitions(source=content, user=inspector)

    assert again.added == 0
    assert [e["row"] for e in again.existing] == [4, 5]
    assert Petition.objects.count() == 2


def test_a_number_taken_by_another_petition_is_refused(inspector):
    import_past_petitions(source=workbook_bytes([sheet_row(1, day(2, 3))]), user=inspector)

    with pytest.raises(LedgerInvalid) as refused:
        import_past_petitions(source=workbook_bytes([sheet_row(1, day(2, 9))]), user=inspector)

    (issue,) = refused.value.issues
    assert (issue.row, issue.column) == (4, "编号") and "另一件" in issue.reason


def test_the_files_numbers_are_kept_and_the_counter_continues_after_them(inspector):
    content = workbook_bytes([sheet_row(7, day(5, 1)), sheet_row(3, day(2, 1))])

    import_past_petitions(source=content, user=inspector)

    assert sorted(Petition.objects.values_list("seq", flat=True)) == [3, 7]
    later = register(inspector, received_at=at(day(12, 1)))
    assert later.seq == 8


def test_a_dry_run_writes_nothing(inspector):
    summary = import_past_petitions(source=workbook_bytes([sheet_row(1, day(2, 3))]), user=inspector, dry_run=True)

    assert summary.added == 1 and summary.dry_run
    assert not Petition.objects.exists() and not NumberCounter.objects.exists()


def test_columns_in_another_order_and_unknown_ones_are_read(inspector):
    headers = ["状态", "内容摘要", "问题类别", "类别", "渠道", "收到日期", "编号", "备注"]
    content = workbook_bytes([sheet_row(1, day(2, 3), 备注="无")], headers=headers)

    summary = import_past_petitions(source=content, user=inspector)

    assert summary.added == 1 and summary.ignored_columns == ["备注"]


def _concluded(**outcome_cells):
    done = {"状态": "已办结", "受理日期": day(2, 4), "办结日期": day(3, 1), "办理结果": "已处理"}
    return workbook_bytes([sheet_row(1, day(2, 3), **done, **outcome_cells)])


def test_outcomes_pair_with_the_people_then_the_departments_in_order(inspector, dept_b):
    content = _concluded(处理方式="批评教育；限期改进", 被处理人="纪检干部甲", 被处理部门=dept_b.name)

    import_past_petitions(source=content, user=inspector)

    outcomes = sorted(PetitionOutcome.objects.values_list("kind", "person__name", "department__name"))
    assert outcomes == sorted(
        [(OutcomeKind.CRITICISM, "纪检干部甲", None), (OutcomeKind.DEADLINE_IMPROVEMENT, None, dept_b.name)]
    )


def test_one_outcome_kind_applies_to_every_name_on_the_conclusion_date(inspector, dept_a, dept_b):
    content = _concluded(处理方式="点名批评", 被处理部门=f"{dept_a.name}、{dept_b.name}")

    import_past_petitions(source=content, user=inspector)

    outcomes = sorted(PetitionOutcome.objects.values_list("kind", "department__name", "decided_on"))
    kind = OutcomeKind.NAMED_CRITICISM
    assert outcomes == sorted([(kind, dept_a.name, day(3, 1)), (kind, dept_b.name, day(3, 1))])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's")
def test_a_large_import_analyses_the_petition_tables_after_commit(
    inspector, monkeypatch, django_capture_on_commit_callbacks
):
    from django.test.utils import CaptureQueriesContext

    from core import db as core_db

    monkeypatch.setattr(core_db, "ANALYZE_MIN_ROWS", 2)  # two rows count as large here
    content = workbook_bytes([sheet_row(1, day(2, 3)), sheet_row(2, day(2, 4))])
    with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=True):
        import_past_petitions(source=content, user=inspector, dry_run=True)  # a dry run analyses nothing
        import_past_petitions(source=content, user=inspector)
    (statement,) = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("ANALYZE")]
    assert '"petitions_petition"' in statement and '"petitions_petitionevent"' in statement
