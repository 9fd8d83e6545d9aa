"""The real reminder sources: every stored due date of an open item.

| key                        | item, due field                                   | unit          |
|----------------------------|---------------------------------------------------|---------------|
| measure                    | 整改措施 due_date (长期坚持 has none: never due)   | 日            |
| round.plan                 | 巡察 整改方案 plan_due_date                        | rule's unit   |
| round.report               | 巡察 整改情况报告 report_due_date                  | rule's unit   |
| round.leader_report        | 主要负责人组织落实整改情况报告 leader_report_due_date | rule's unit |
| petition.accept/notify/escalate/transfer/conclude/feedback, | 信访件, one per due date | rule's unit |
|   petition.objection/review/recheck                  |                                    |               |
| clue.disposal/inquiry/inspection_feedback/review,    | 问题线索, one per due date          | rule's unit   |
|   clue.inquiry_conclude/quarterly_feedback           |                                    |               |

A reporter's own window to ask for 复查/复核 is shown on the petition but never reminded:
it is the reporter's to use, not the unit's to meet.
| recommendation.reply       | 纪律检查建议书 reply_due_date                      | rule's unit   |

"Open" is each app's own definition (``rectification.open``, ``petitions.open``,
``discipline.open``: for a due date, the filter its recomputation uses), so a reminder
stops the moment the item is closed, the date is met or the item archived.

Who is who (the ladder's roles):
* measure: 责任人, 责任领导, the lead department's head.
* round report: the 纪检 staff member who entered the round; 纪检负责人 as the leader.
* petitions and clues (纪检 work): the handling staff member (承办人, else 受理人, else
  登记人); 纪检负责人 as the leader. A 转办件 reply goes to the liaisons and the head of
  the department it was transferred to. The person an item is about (被反映人) never
  receives it; a 上级管辖件 about the principal leader never reaches the principal leader.
* recommendation reply: the liaisons and the head of the addressed department.

Titles carry numbers and titles only, as petitions.notifications allows: never a
reporter, never a petition's or clue's content (a department hears "信〔2026〕5号 转办件").
"""

from functools import lru_cache

from django.urls import get_script_prefix, reverse

from deadlines.models import Unit
from organization.roles import Role
from reminders.models import AudienceRole as R
from reminders.sources import (
    Audience,
    DepartmentMembers,
    FirstPerson,
    PersonField,
    RoleHolders,
    Source,
    register_source,
)

SUPERVISORS = RoleHolders(Role.SUPERVISOR)


_SENTINEL = 987654321


@lru_cache(maxsize=64)
def _page_around_pk(url_name: str, script_prefix: str) -> tuple[str, str]:
    """What ``reverse(url_name)`` writes before and after the pk (reversed once, not per item)."""
    head, tail = reverse(url_name, kwargs={"pk": _SENTINEL}).split(str(_SENTINEL))
    return head, tail


def _page(url_name: str):
    """The item's page, made when the reminder is: the bell, mails and robots all link to it."""

    def link(row):
        head, tail = _page_around_pk(url_name, get_script_prefix())
        return f"{head}{int(row['pk'])}{tail}"

    return link


def _short(text: str, length: int = 30) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


# -- 巡察整改 --------------------------------------------------------------------------------


def _register_rectification():
    from rectification.open import open_measures, open_rounds

    register_source(
        Source(
            key="measure",
            label="整改措施",
            due_label="完成时限",
            # 长期坚持 has no due date and a long-term sign-off is "done": neither is reminded
            queryset=open_measures,
            due_field="due_date",
            title=lambda row: f"问题{row['problem__order']}-措施{row['order']} {_short(row['content'])}",
            title_fields=("problem__order", "order", "content"),
            unit=Unit.DAY,
            link=_page("web:measure-detail"),
            audiences={
                R.RESPONSIBLE_PERSON: PersonField("responsible_person_id"),
                R.RESPONSIBLE_LEADER: PersonField("responsible_leader_id"),
                R.DEPARTMENT_HEAD: PersonField("lead_department__head_id"),
            },
        )
    )
    for key, label, due_field, code in (
        ("round.plan", "巡察整改方案", "plan_due_date", "round-plan"),
        ("round.report", "巡察整改情况报告", "report_due_date", "round-report"),
        ("round.leader_report", "主要负责人组织落实整改情况报告", "leader_report_due_date", "round-leader-report"),
    ):
        register_source(
            Source(
                key=key,
                label=label,
                due_label="报送期限",
                queryset=lambda f=due_field: open_rounds(due=f),
                due_field=due_field,
                title=lambda row: _short(row["name"], 60),
                title_fields=("name",),
                unit=lambda row, ctx, c=code: ctx.rule_unit(c),
                link=_page("web:round-detail"),
                audiences={
                    R.RESPONSIBLE_PERSON: PersonField("created_by__person__id"),
                    R.RESPONSIBLE_LEADER: SUPERVISORS,
                },
            )
        )


# -- 信访举报 --------------------------------------------------------------------------------


class _PrincipalUnlessAbout(Audience):
    """The principal leader — except for a 上级管辖件 that reports the principal leader."""

    fields = ("restricted_reason",)

    def persons(self, row, ctx):
        from petitions.models import RestrictedReason

        if row["restricted_reason"] == RestrictedReason.PRINCIPAL_LEADER:
            return []
        return ctx.principal_leader()


_PETITION_RULE_FIELDS = (
    "kind",
    "channel",
    "is_named",
    "is_repeat",
    "is_restricted",
    "restricted_reason",
    "outside_remit",
    "transferred_at",
    "concluded_on",
    "review_requested_on",
    "review_answered_on",
    "recheck_requested_on",
)


def _petition_unit(field):
    def unit(row, ctx):
        from petitions.deadlines import rule_for_field
        from petitions.models import Petition

        probe = ctx.probe(Petition)  # the rule functions read attributes of an (unsaved) petition
        for name in _PETITION_RULE_FIELDS:
            setattr(probe, name, row[name])
        return ctx.rule_unit(rule_for_field(probe, field))

    return unit


def _register_petitions():
    from petitions.models import Kind
    from petitions.open import open_petitions, open_transfers

    kinds = dict(Kind.choices)
    staff = {
        R.RESPONSIBLE_PERSON: FirstPerson(
            ("handled_by__person__id", "accepted_by__person__id", "registered_by__person__id")
        ),
        R.RESPONSIBLE_LEADER: SUPERVISORS,
        R.PRINCIPAL_LEADER: _PrincipalUnlessAbout(),
    }
    transfer = {
        R.RESPONSIBLE_PERSON: DepartmentMembers("transfer_department_id", roles=(Role.OFFICE,)),
        R.DEPARTMENT_HEAD: PersonField("transfer_department__head_id"),
        R.PRINCIPAL_LEADER: _PrincipalUnlessAbout(),
    }

    def staff_title(row):
        category = f"·{row['category__name']}" if row["category__name"] else ""
        return f"{row['number']} {kinds.get(row['kind'], '')}{category}"

    for field, key, due_label in (
        ("accept_due", "petition.accept", "受理/转办期限"),
        ("notify_due", "petition.notify", "告知期限"),
        ("escalate_due", "petition.escalate", "报送上级期限"),
        ("transfer_due", "petition.transfer", "转办件回复期限"),
        ("conclude_due", "petition.conclude", "办结期限"),
        ("feedback_due", "petition.feedback", "反馈期限"),
        ("objection_due", "petition.objection", "提出异议期限"),
        ("review_due", "petition.review", "复查意见期限"),
        ("recheck_due", "petition.recheck", "复核意见期限"),
    ):
        is_transfer = field == "transfer_due"
        register_source(
            Source(
                key=key,
                label="转办件" if is_transfer else "信访件",
                due_label=due_label,
                queryset=open_transfers if is_transfer else (lambda f=field: open_petitions(due=f)),
                due_field=field,
                # a department hears the number and that a reply is due — nothing else
                title=(lambda row: f"{row['number']} 转办件") if is_transfer else staff_title,
                title_fields=("number",) if is_transfer else ("number", "kind", "category__name"),
                unit=_petition_unit(field),
                unit_fields=_PETITION_RULE_FIELDS,
                link=_page("web:transfer-detail" if is_transfer else "web:petition-detail"),
                audiences=transfer if is_transfer else staff,
                recusal_fields=("subject_person_id",),
            )
        )


# -- 问题线索与纪律检查建议书 -------------------------------------------------------------------


def _register_discipline():
    from discipline.models import Clue
    from discipline.models.clues import format_clue_number
    from discipline.models.recommendations import format_recommendation_number
    from discipline.open import open_clues, open_recommendations

    sources = dict(Clue.Source.choices)
    for kind, field, due_label in (
        (Clue.DueKind.DISPOSAL, "disposal_due_date", "处置意见期限"),
        (Clue.DueKind.INQUIRY, "inquiry_due_date", "函询回复期限"),
        (Clue.DueKind.INSPECTION_FEEDBACK, "inspection_feedback_due_date", "巡察反馈期限"),
        (Clue.DueKind.REVIEW, "next_review_date", "下次复查日期"),
        (Clue.DueKind.INQUIRY_CONCLUDE, "inquiry_conclude_due_date", "谈话函询办结期限"),
        (Clue.DueKind.PETITION_OFFICE_FEEDBACK, "petition_office_feedback_due_date", "季度反馈期限"),
    ):
        register_source(
            Source(
                key=f"clue.{kind.value}",
                label=f"问题线索（{kind.label}）",
                due_label=due_label,
                queryset=lambda k=kind: open_clues(kind=k),
                due_field=field,
                # never the summary or content: they name the person reported on
                title=lambda row: f"{format_clue_number(row['year'], row['seq'])}（{sources.get(row['source'], '')}）",
                title_fields=("year", "seq", "source"),
                unit=lambda row, ctx, code=Clue.DUE_RULES[kind]: ctx.rule_unit(code),
                link=_page("web:clue-detail"),
                audiences={
                    R.RESPONSIBLE_PERSON: FirstPerson(("handler__person__id", "created_by__person__id")),
                    R.RESPONSIBLE_LEADER: SUPERVISORS,
                },
                recusal_fields=("subject_person_id",),
            )
        )
    register_source(
        Source(
            key="recommendation.reply",
            label="纪律检查建议书",
            due_label="回复期限",
            queryset=open_recommendations,
            due_field="reply_due_date",
            title=lambda row: f"{format_recommendation_number(row['year'], row['seq'])} {_short(row['title'], 40)}",
            title_fields=("year", "seq", "title"),
            unit=lambda row, ctx: ctx.rule_unit("recommendation-reply"),
            link=_page("web:recommendation-detail"),
            audiences={
                R.RESPONSIBLE_PERSON: DepartmentMembers("target_department_id", roles=(Role.OFFICE,)),
                R.DEPARTMENT_HEAD: PersonField("target_department__head_id"),
            },
        )
    )


def register_all():
    _register_rectification()
    _register_petitions()
    _register_discipline()


register_all()
