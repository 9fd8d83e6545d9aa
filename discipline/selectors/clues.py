"""Reads of clues. Every read starts from ``visible_to`` (纪检 staff only; 回避)."""

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from core.errors import PermissionDeniedError
from core.outcomes import Form, OutcomeKind
from core.scoping import actor_for, get_visible_or_404, visible_to
from discipline.models import Clue, ClueOutcome, ClueStep, MeetingOpinion
from discipline.permissions import can_read_clue_statistics, is_discipline_staff
from discipline.selectors.lights import LightContext
from organization.selectors import user_name

CLUE_CLOSED_Q = Q(due_date__isnull=True, status__in=Clue.CLOSED) | Q(archived_at__isnull=False)


def _require_staff(user):
    if not is_discipline_staff(actor_for(user)):
        raise PermissionDeniedError("问题线索仅限纪检干部查看")


def require_clue_reader(user):
    """Lists, exports: refused outright to anyone but 纪检 staff (rows answer 404 anyway)."""
    _require_staff(user)


def _petition_model():
    """The petitions app's Petition, reached through the clue's relation (discipline imports no
    petitions model)."""
    return Clue._meta.get_field("source_petition").related_model


def clue_queryset(*, user):
    """Visible clues with what a list row shows, in a fixed number of queries.

    The source petition contributes its id and number only (never its content or reporter),
    and only where the user may see that petition (its own visibility function: a petition
    about the reader is hidden from them even when the clue drawn from it is not). Both are
    read in the rows' own query, whatever the number of rows: ``visible_source_petition_id``
    and ``source_petition_number`` are None for a petition the user may not see.
    """
    petitions = visible_to(_petition_model(), user=user).filter(pk=OuterRef("source_petition_id"))
    return (
        visible_to(Clue, user=user)
        .select_related("subject_person", "subject_department")
        .annotate(
            visible_source_petition_id=Subquery(petitions.values("pk")[:1]),
            source_petition_number=Subquery(petitions.values("number")[:1]),
            handler_name=user_name("handler_id"),
        )
    )


def clue_get(*, user, pk) -> Clue:
    """One visible clue with its signed steps, meeting opinions and outcomes (404 otherwise)."""
    qs = clue_queryset(user=user).prefetch_related(
        Prefetch(
            "steps",
            queryset=ClueStep.objects.annotate(
                assignee_name=Coalesce(F("assignee__person__name"), F("assignee__username"), Value(""))
            ).prefetch_related(Prefetch("opinions", queryset=MeetingOpinion.objects.order_by("id"))),
        ),
        Prefetch("outcomes", queryset=ClueOutcome.objects.select_related("person")),
    )
    return get_visible_or_404(qs, user=user, pk=pk)


def clue_for_update(*, user, pk) -> Clue:
    """The clue a workflow action works on: visible to the user, else 404."""
    return get_visible_or_404(Clue, user=user, pk=pk)


def clue_light_context(today=None) -> LightContext:
    return LightContext.load(rule_codes=Clue.DUE_RULES.values(), today=today)


def clue_light(clue, ctx: LightContext) -> str:
    closed = clue.archived_at is not None or (clue.due_date is None and clue.is_closed)
    return ctx.light(clue.due_date, rule_code=Clue.DUE_RULES.get(clue.due_kind), closed=closed)


def clue_light_q(light, ctx: LightContext) -> Q:
    return ctx.q(
        light,
        field="due_date",
        closed_q=CLUE_CLOSED_Q,
        rule_field="due_kind",
        rule_codes={k.value: code for k, code in Clue.DUE_RULES.items()},
    )


def clue_feedback_pending_q() -> Q:
    """Concluded clues that still owe their source a feedback: the 信访举报部门 for a clue
    from a petition (quarterly), the 巡察 office for a transferred one."""
    petition_fed = Q(steps__kind=ClueStep.Kind.FEEDBACK, steps__feedback_target=ClueStep.FeedbackTarget.PETITION_OFFICE)
    owed_petition = Q(source=Clue.Source.PETITION) & ~Q(pk__in=Clue.objects.filter(petition_fed).values("pk"))
    owed_inspection = Q(source=Clue.Source.INSPECTION, inspection_fed_back_on__isnull=True)
    return Q(status__in=Clue.CLOSED, archived_at__isnull=True) & (owed_petition | owed_inspection)


def clue_statistics(*, user, year=None) -> dict:
    """Counts only — for leaders too, who see no clue rows.

    A clue about the reader is left out of their counts (回避), as it is from every list.
    Outcomes count one per person and outcome kind (the 四种形态 口径).
    """
    actor = actor_for(user)
    if not can_read_clue_statistics(actor):
        raise PermissionDeniedError("您没有查看问题线索统计的权限")
    clues = Clue.objects.filter(archived_at__isnull=True)
    outcomes = ClueOutcome.objects.filter(clue__archived_at__isnull=True)
    if actor.person_id is None:  # 回避 cannot be applied without a Person: count nothing (fail closed)
        clues, outcomes = clues.none(), outcomes.none()
    else:
        clues = clues.exclude(subject_person_id=actor.person_id)
        outcomes = outcomes.exclude(clue__subject_person_id=actor.person_id)
    if year:
        clues = clues.filter(year=year)
        outcomes = outcomes.filter(decided_on__year=year)
    by_status = dict(clues.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_disposal = dict(
        clues.exclude(disposal="").values_list("disposal").annotate(n=Count("pk")).values_list("disposal", "n")
    )
    by_source = dict(clues.values_list("source").annotate(n=Count("pk")).values_list("source", "n"))
    by_kind = dict(outcomes.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    by_form = dict(
        outcomes.exclude(form__isnull=True).values_list("form").annotate(n=Count("pk")).values_list("form", "n")
    )
    ctx = clue_light_context()
    return {
        "year": year,
        "total": sum(by_status.values()),
        "by_status": [{"code": s.value, "label": s.label, "count": by_status.get(s.value, 0)} for s in Clue.Status],
        # the four 处置方式; 移送审查调查 is counted apart, it is not a disposal
        "by_disposal": [
            {"code": d.value, "label": d.label, "count": by_disposal.get(d.value, 0)} for d in Clue.Disposal
        ],
        "by_source": [{"code": s.value, "label": s.label, "count": by_source.get(s.value, 0)} for s in Clue.Source],
        "overdue": clues.filter(clue_light_q("red", ctx)).count(),
        "outcomes_by_kind": [
            {"code": k.value, "label": k.label, "count": by_kind.get(k.value, 0)} for k in OutcomeKind
        ],
        "outcomes_by_form": [{"code": f.value, "label": f.label, "count": by_form.get(f.value, 0)} for f in Form],
    }
