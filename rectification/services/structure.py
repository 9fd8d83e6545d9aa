"""Rounds, aspects, problems and measures: created and edited by 纪检 staff only."""

import datetime as dt

from django.db import transaction

from core.concurrency import lock_for_edit, save_versioned
from core.errors import ApplicationError, field_error, require
from core.history import attribute
from deadlines.calendar import WorkCalendar
from rectification import permissions
from rectification.due_dates import ROUND_DUE_FIELDS, immediate_due, set_report_dues
from rectification.models import (
    Aspect,
    DeadlineKind,
    InspectionRound,
    Measure,
    MeasureCoDepartment,
    MeasureStatus,
    Problem,
)
from rectification.services._common import next_order, require_text
from rectification.services.assignment import ASSIGNMENT_FIELDS, check_assignment

MANAGE_DENIED = "只有纪检干部可以编辑巡察整改台账"


def _check_manage(user):
    require(permissions.can_manage(user), MANAGE_DENIED)


def _check_not_archived(obj):
    if obj.is_archived:
        raise ApplicationError(f"该{obj._meta.verbose_name}已归档，不能修改", code="archived", status=409)


def _apply(obj, changes: dict, allowed: tuple) -> list:
    changed = []
    for name in allowed:
        if name in changes and getattr(obj, name) != changes[name]:
            setattr(obj, name, changes[name])
            changed.append(name)
    return changed


# -- rounds ---------------------------------------------------------------------------------

ROUND_FIELDS = (
    "name",
    "inspection_team",
    "inspected_unit",
    "feedback_date",
    "rectification_end",
    "plan_submitted_on",
    "report_submitted_on",
    "leader_report_submitted_on",
    "notes",
)


def _validate_round(rnd: InspectionRound):
    rnd.name = require_text(rnd.name, "name", "巡察轮次名称")
    rnd.inspection_team = (rnd.inspection_team or "").strip() or rnd.name
    clash = InspectionRound.objects.filter(name=rnd.name).exclude(pk=rnd.pk)
    if clash.exists():
        raise field_error("name", f"巡察轮次“{rnd.name}”已存在", code="duplicate")
    if rnd.feedback_date and rnd.rectification_end and rnd.rectification_end < rnd.feedback_date:
        raise field_error("rectification_end", "集中整改期截止日期不能早于反馈日期")
    if rnd.feedback_date and rnd.plan_submitted_on and rnd.plan_submitted_on < rnd.feedback_date:
        raise field_error("plan_submitted_on", "整改方案报送日期不能早于反馈日期")
    if rnd.feedback_date and rnd.report_submitted_on and rnd.report_submitted_on < rnd.feedback_date:
        raise field_error("report_submitted_on", "整改情况报告报送日期不能早于反馈日期")
    if rnd.feedback_date and rnd.leader_report_submitted_on and rnd.leader_report_submitted_on < rnd.feedback_date:
        raise field_error("leader_report_submitted_on", "主要负责人组织落实整改情况报告报送日期不能早于反馈日期")


def _set_round_dates(rnd: InspectionRound, *, end_given: bool, old_default_end=None):
    """Report due date from the rule; the concentrated period defaults to the same date."""
    set_report_dues(rnd)
    if not end_given and (rnd.rectification_end is None or rnd.rectification_end == old_default_end):
        rnd.rectification_end = rnd.report_due_date


@transaction.atomic
def round_create(*, user, **fields) -> InspectionRound:
    """Register a round; its report due date and default concentrated period come from the rules."""
    _check_manage(user)
    rnd = InspectionRound(**{k: v for k, v in fields.items() if k in ROUND_FIELDS}, created_by=user)
    _validate_round(rnd)
    _set_round_dates(rnd, end_given=fields.get("rectification_end") is not None)
    attribute(rnd, user, "新建巡察轮次")
    rnd.save()
    return rnd


@transaction.atomic
def round_update(*, user, round: InspectionRound, version=None, **changes) -> InspectionRound:
    """Edit a round; a new feedback date recomputes its report date and its 立行立改 measures."""
    _check_manage(user)
    round = lock_for_edit(InspectionRound, round.pk, version)
    _check_not_archived(round)
    old_feedback, old_default_end = round.feedback_date, round.report_due_date
    changed = _apply(round, changes, ROUND_FIELDS)
    if not changed:
        return round
    _validate_round(round)
    if round.feedback_date != old_feedback:
        _set_round_dates(round, end_given="rectification_end" in changed, old_default_end=old_default_end)
    attribute(round, user, "修改巡察轮次")
    derived = ["name", "inspection_team", *ROUND_DUE_FIELDS, "rectification_end"]
    save_versioned(round, [*changed, *derived])
    if round.feedback_date != old_feedback:
        _recompute_immediate_measures(round, user)
    return round


def _recompute_immediate_measures(rnd: InspectionRound, user):
    calendar = WorkCalendar.load()
    measures = (
        Measure.objects.select_for_update()
        .filter(
            problem__round=rnd, deadline_kind=DeadlineKind.IMMEDIATE, due_date_manual=False, archived_at__isnull=True
        )
        .exclude(status=MeasureStatus.SIGNED_OFF)
    )
    for measure in measures:
        due = immediate_due(rnd.feedback_date, calendar=calendar)
        measure.due_date, measure.due_date_warning = (due.date, due.warning) if due else (None, "")
        attribute(measure, user, "巡察反馈日期变更，重新计算立行立改时限")
        save_versioned(measure, ["due_date", "due_date_warning"])


# -- aspects -----------------------------------------------------------------------------------


def _validate_aspect(aspect: Aspect):
    aspect.title = require_text(aspect.title, "title", "方面名称")
    parent = aspect.parent
    if parent is None:
        return
    if parent.round_id != aspect.round_id:
        raise field_error("parent", "上级方面不属于同一巡察轮次")
    if parent.parent_id is not None:
        raise field_error("parent", "方面最多两级：上级方面必须是一级方面")
    if aspect.pk and (parent.pk == aspect.pk or aspect.children.exists()):
        raise field_error("parent", "该方面下已有二级方面，不能再设上级方面")


@transaction.atomic
def aspect_create(*, user, round: InspectionRound, title, parent=None, order=None) -> Aspect:
    _check_manage(user)
    _check_not_archived(round)
    aspect = Aspect(round=round, title=title, parent=parent)
    _validate_aspect(aspect)
    aspect.order = order if order is not None else next_order(Aspect.objects.filter(round=round, parent=parent))
    attribute(aspect, user, "新建方面")
    aspect.save()
    return aspect


@transaction.atomic
def aspect_update(*, user, aspect: Aspect, version=None, **changes) -> Aspect:
    _check_manage(user)
    aspect = lock_for_edit(Aspect, aspect.pk, version)
    _check_not_archived(aspect)
    if changed := _apply(aspect, changes, ("title", "parent", "order")):
        _validate_aspect(aspect)
        attribute(aspect, user, "修改方面")
        save_versioned(aspect, [*changed, "title"])
    return aspect


# -- problems ------------------------------------------------------------------------------------


def _validate_problem(problem: Problem):
    problem.text = require_text(problem.text, "text", "问题内容")
    aspect = problem.aspect if problem.aspect_id else None
    if aspect is not None and aspect.round_id != problem.round_id:
        raise field_error("aspect", "方面不属于该巡察轮次")
    similar = problem.similar_to
    if similar is not None:
        if similar.round_id == problem.round_id:
            raise field_error("similar_to", "往轮类似问题必须属于此前的其他巡察轮次")
        earlier, this = similar.round.feedback_date, problem.round.feedback_date
        if earlier and this and earlier >= this:
            raise field_error("similar_to", "往轮类似问题所在轮次的反馈日期应早于本轮")


@transaction.atomic
def problem_create(
    *, user, round: InspectionRound, text, aspect=None, order=None, similar_to=None, is_public=False
) -> Problem:
    _check_manage(user)
    _check_not_archived(round)
    problem = Problem(round=round, text=text, aspect=aspect, similar_to=similar_to, is_public=bool(is_public))
    _validate_problem(problem)
    problem.order = order if order is not None else next_order(Problem.objects.filter(round=round))
    attribute(problem, user, "新建问题")
    problem.save()
    return problem


@transaction.atomic
def problem_update(*, user, problem: Problem, version=None, **changes) -> Problem:
    _check_manage(user)
    problem = lock_for_edit(Problem, problem.pk, version)
    _check_not_archived(problem)
    if changed := _apply(problem, changes, ("text", "aspect", "order", "similar_to", "is_public")):
        _validate_problem(problem)
        attribute(problem, user, "修改问题")
        save_versioned(problem, [*changed, "text"])
    return problem


# -- measures -------------------------------------------------------------------------------------


def deadline_text_for(kind: str, due_date: dt.date | None) -> str:
    if kind == DeadlineKind.DATE and due_date:
        return f"{due_date.year}年{due_date.month}月{due_date.day}日"
    return DeadlineKind(kind).label


def _set_deadline(measure: Measure, *, kind, due_date, deadline_text, rnd: InspectionRound):
    """Fix the stored due date from the kind: a given date, the 立行立改 rule, or none."""
    if kind == DeadlineKind.DATE:
        if due_date is None:
            raise field_error("due_date", "时限类型为“限期完成”时须填写完成时限")
        measure.due_date, measure.due_date_warning = due_date, ""
    elif kind == DeadlineKind.IMMEDIATE:
        if due_date is not None:
            raise field_error("due_date", "立行立改的完成时限按期限规则从反馈日期计算，不能直接填写")
        if rnd.feedback_date is None:
            raise field_error("deadline_kind", "该巡察轮次尚未填写反馈日期，无法计算立行立改的完成时限")
        due = immediate_due(rnd.feedback_date)
        assert due is not None  # None only for a missing feedback date, refused above
        measure.due_date, measure.due_date_warning = due.date, due.warning
    else:
        if due_date is not None:
            raise field_error("due_date", "长期坚持的措施没有完成日期")
        measure.due_date, measure.due_date_warning = None, ""
    measure.deadline_kind = kind
    measure.deadline_text = (deadline_text or "").strip() or deadline_text_for(kind, measure.due_date)


def _validate_measure(measure: Measure, co_departments):
    measure.content = require_text(measure.content, "content", "整改措施")
    if measure.lead_department_id and any(d.pk == measure.lead_department_id for d in co_departments):
        raise field_error("co_departments", "牵头部门不能同时是配合部门")


def _set_co_departments(measure: Measure, departments, user):
    """Add and remove links one by one so each change is in the history."""
    wanted = {d.pk for d in departments}
    current = {link.department_id: link for link in measure.co_links.all()}
    for dept_id, link in current.items():
        if dept_id not in wanted:
            attribute(link, user, "移除配合部门")
            link.delete()
    for dept_id in wanted - set(current):
        link = MeasureCoDepartment(measure=measure, department_id=dept_id)
        attribute(link, user, "增加配合部门")
        link.save()


@transaction.atomic
def measure_create(
    *,
    user,
    problem: Problem,
    content,
    deadline_kind=DeadlineKind.DATE,
    due_date=None,
    deadline_text="",
    target="",
    responsible_leader=None,
    lead_department=None,
    co_departments=(),
    responsible_person=None,
    order=None,
    remarks="",
) -> Measure:
    _check_manage(user)
    _check_not_archived(problem)
    measure = Measure(
        problem=problem,
        content=content,
        target=target or "",
        responsible_leader=responsible_leader,
        lead_department=lead_department,
        responsible_person=responsible_person,
        remarks=remarks or "",
        created_by=user,
    )
    _validate_measure(measure, co_departments)
    check_assignment(measure)
    _set_deadline(measure, kind=deadline_kind, due_date=due_date, deadline_text=deadline_text, rnd=problem.round)
    measure.order = order if order is not None else next_order(Measure.objects.filter(problem=problem))
    attribute(measure, user, "新建整改措施")
    measure.save()
    _set_co_departments(measure, co_departments, user)
    return measure


MEASURE_FIELDS = (
    "content",
    "target",
    "responsible_leader",
    "lead_department",
    "responsible_person",
    "order",
    "remarks",
)


@transaction.atomic
def measure_update(*, user, measure: Measure, version=None, reason="修改整改措施", **changes) -> Measure:
    """Edit a measure's content, people or deadline (status changes only through the workflow).

    The row is reloaded under a lock and its version checked, and only the fields that
    change are written: a sign-off or a start at the same moment is never undone.
    ``reason`` is the history entry's change reason (a bulk 改派责任人 names the old and new person).
    """
    _check_manage(user)
    measure = lock_for_edit(Measure, measure.pk, version)
    _check_not_archived(measure)
    changed = []
    if "problem" in changes and changes["problem"].pk != measure.problem_id:
        if changes["problem"].round_id != measure.problem.round_id:
            raise field_error("problem", "不能把措施移到其他巡察轮次的问题下")
        measure.problem = changes["problem"]
        changed.append("problem")
    changed += _apply(measure, changes, MEASURE_FIELDS)
    co_departments = changes.get("co_departments")
    _validate_measure(measure, co_departments if co_departments is not None else measure.co_departments.all())
    if set(ASSIGNMENT_FIELDS) & set(changed):  # people named before the rule existed stay until changed
        check_assignment(measure)
    if {"deadline_kind", "due_date"} & set(changes):
        kind = changes.get("deadline_kind", measure.deadline_kind)
        due_date = changes.get("due_date", measure.due_date if kind == DeadlineKind.DATE else None)
        if measure.due_date_manual and (kind != measure.deadline_kind or due_date != measure.due_date):
            raise field_error("due_date", "该措施已批准延期，完成时限只能通过延期审批调整")
        if not measure.due_date_manual:
            text = changes.get("deadline_text", "")
            _set_deadline(measure, kind=kind, due_date=due_date, deadline_text=text, rnd=measure.problem.round)
            changed += ["deadline_kind", "due_date", "due_date_warning", "deadline_text"]
    if "deadline_text" in changes and (changes["deadline_text"] or "").strip():
        measure.deadline_text = changes["deadline_text"].strip()
        changed.append("deadline_text")
    attribute(measure, user, reason)
    # content is always written back stripped of surrounding blanks by _validate_measure
    save_versioned(measure, [*changed, "content"])
    if co_departments is not None:
        _set_co_departments(measure, co_departments, user)
    return measure
