"""What the 工作台 shows: my open items with lights and due dates, overdue / due-soon counts,
and for leaders and supervisors the charts.

Every row and every number comes from the apps' selectors, so it covers exactly what the
user may see: an office's 我的待办 holds its own departments' items and nothing else.
Each section is one bounded query for its rows and two counts (red, yellow).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from deadlines.light import Light
from discipline import open as discipline_open
from discipline import permissions as discipline_permissions
from discipline.models import Recommendation
from discipline.selectors import clues as clue_selectors
from discipline.selectors import recommendations as rec_selectors
from organization.roles import Role
from petitions import open as petition_open
from petitions import permissions as petition_permissions
from petitions import selectors as petition_selectors
from petitions.lights import LightContext as PetitionLights
from rectification import open as rect_open
from rectification import selectors as rect_selectors
from rectification.models import MeasureStatus
from rectification.models.measures import DONE_STATUSES

CHART_ROLES = (Role.LEADER, Role.SUPERVISOR)
ROWS = 10


@dataclass
class Item:
    title: str
    url: str
    due: dt.date | None
    light: str
    status: str
    context: str = ""
    department: str = ""
    warning: str = ""


@dataclass
class Section:
    key: str
    title: str
    items: list
    list_url: str = ""
    empty: str = "暂无"
    show_department: bool = False
    total: int = 0
    red: int = 0
    yellow: int = 0
    more: bool = field(init=False, default=False)

    def __post_init__(self):
        self.more = self.total > len(self.items)


def _section(key, title, qs, *, red_q, yellow_q, row, list_url="", order=(), **kwargs):
    rows = list(qs.order_by(*order)[:ROWS]) if order else list(qs[:ROWS])
    total = qs.count()
    return Section(
        key=key,
        title=title,
        items=[row(r) for r in rows],
        list_url=list_url,
        total=total,
        red=qs.filter(red_q).count() if total else 0,
        yellow=qs.filter(yellow_q).count() if total else 0,
        **kwargs,
    )


# -- 巡察整改 ---------------------------------------------------------------------------------------


def _measure_sections(user, actor):
    ctx = rect_selectors.LightContext.now()
    base = rect_selectors.measure_list(user=user).filter(rect_open.UNFINISHED_Q)
    red = rect_selectors.light_filter_q(Light.RED, ctx)
    yellow = rect_selectors.light_filter_q(Light.YELLOW, ctx)
    order = ("due_date", "id")
    list_url = reverse("web:measure-list")

    def row(m):
        return Item(
            title=m.content[:60],
            url=reverse("web:measure-detail", args=[m.pk]),
            due=m.due_date,
            light=m.light(today=ctx.today, boundary=ctx.boundary),
            status=m.get_status_display(),
            context=m.problem.round.name,
            department=m.lead_department.name if m.lead_department else "",
            warning=m.due_date_warning,
        )

    common = {"red_q": red, "yellow_q": yellow, "row": row, "order": order, "show_department": True}
    sections = []
    if actor.has_role(Role.INSPECTOR, Role.SUPERVISOR):
        sections.append(
            _section(
                "measures-submitted",
                "待审核销号的整改措施",
                base.filter(status=MeasureStatus.SUBMITTED),
                list_url=f"{list_url}?status=submitted",
                empty="没有待审核的销号申请",
                **common,
            )
        )
    if actor.has_role(Role.OFFICE) and not actor.has_role(Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER):
        sections.append(
            _section(
                "measures", "本部门待办整改措施", base, list_url=list_url, empty="本部门没有待办的整改措施", **common
            )
        )
    else:
        sections.append(
            _section(
                "measures-overdue",
                "逾期整改措施",
                base.filter(red),
                list_url=f"{list_url}?light=red",
                empty="没有逾期的整改措施",
                **common,
            )
        )
    return sections


# -- 信访 ---------------------------------------------------------------------------------------------


def _petition_sections(user, actor):
    lights = PetitionLights()
    if petition_permissions.sees_office_projection(user):
        qs = petition_selectors.transferred_list(user=user).filter(petition_open.TRANSFER_OPEN_Q)

        def transfer_row(p):
            return Item(
                title=f"{p.number} {p.transfer_summary[:40]}",
                url=reverse("web:transfer-detail", args=[p.pk]),
                due=p.transfer_due,
                light=lights.transfer_light(p),
                status="待办理",
                department=p.transfer_department.name,
                warning=p.transfer_due_warning,
            )

        return [
            _section(
                "transfers",
                "待办理的转办件",
                qs,
                red_q=lights.transfer_q(Light.RED),
                yellow_q=lights.transfer_q(Light.YELLOW),
                row=transfer_row,
                order=("transfer_due", "id"),
                list_url=reverse("web:transfer-list") + "?office_status=pending",
                empty="没有待办理的转办件",
                show_department=True,
            )
        ]
    if not (petition_permissions.can_register(user) or petition_permissions.can_export(user)):
        return []
    qs = petition_selectors.petition_list(user=user).filter(petition_open.PENDING_Q)
    if not petition_permissions.can_register(user):  # leaders: what has slipped
        qs = qs.filter(lights.q(Light.RED))

    def row(p):
        return Item(
            title=f"{p.number} {p.summary[:40]}",
            url=reverse("web:petition-detail", args=[p.pk]),
            due=p.next_due,
            light=lights.light(p),
            status=p.get_status_display(),
            context=p.category.name if p.category else "",
        )

    title = "待办信访件" if petition_permissions.can_register(user) else "逾期信访件"
    return [
        _section(
            "petitions",
            title,
            qs,
            red_q=lights.q(Light.RED),
            yellow_q=lights.q(Light.YELLOW),
            row=row,
            order=("next_due", "id"),
            list_url=reverse("web:petition-list"),
            empty="没有待办的信访件",
        )
    ]


# -- 线索、建议书 ------------------------------------------------------------------------------------


def _discipline_sections(user, actor):
    sections = []
    if discipline_permissions.is_discipline_staff(actor):
        ctx = clue_selectors.clue_light_context()
        qs = clue_selectors.clue_queryset(user=user).filter(discipline_open.IN_HANDLING_Q)
        if not discipline_permissions.is_supervisor(actor):
            qs = qs.filter(handler_id=user.pk)

        def clue_row(c):
            return Item(
                title=f"{c.number} {c.summary[:40]}",
                url=reverse("web:clue-detail", args=[c.pk]),
                due=c.due_date,
                light=clue_selectors.clue_light(c, ctx),
                status=c.get_status_display(),
                context=c.get_due_kind_display() if c.due_kind else "",
            )

        title = "办理中的问题线索" if discipline_permissions.is_supervisor(actor) else "我承办的问题线索"
        sections.append(
            _section(
                "clues",
                title,
                qs,
                red_q=clue_selectors.clue_light_q(Light.RED, ctx),
                yellow_q=clue_selectors.clue_light_q(Light.YELLOW, ctx),
                row=clue_row,
                order=("due_date", "id"),
                list_url=reverse("web:clue-list"),
                empty="没有办理中的线索",
            )
        )
    rec_ctx = rec_selectors.recommendation_light_context()
    recs = rec_selectors.recommendation_queryset(user=user).filter(archived_at__isnull=True)
    if discipline_permissions.is_discipline_staff(actor):
        recs, title, empty = (
            recs.filter(status=Recommendation.Status.REPLIED),
            "已回复待办结的建议书",
            "没有待办结的建议书",
        )
    elif actor.has_role(Role.OFFICE) and not actor.has_role(Role.LEADER):
        recs, title, empty = (
            recs.filter(discipline_open.RECOMMENDATION_OPEN_Q),
            "待回复的纪律检查建议书",
            "没有待回复的建议书",
        )
    else:
        return sections

    def rec_row(r):
        return Item(
            title=f"{r.number} {r.title[:40]}",
            url=reverse("web:recommendation-detail", args=[r.pk]),
            due=r.reply_due_date,
            light=rec_selectors.recommendation_light(r, rec_ctx),
            status=r.get_status_display(),
            department=r.target_department.name,
            warning=r.reply_due_date_warning,
        )

    sections.append(
        _section(
            "recommendations",
            title,
            recs,
            red_q=rec_selectors.recommendation_light_q(Light.RED, rec_ctx),
            yellow_q=rec_selectors.recommendation_light_q(Light.YELLOW, rec_ctx),
            row=rec_row,
            order=("reply_due_date", "id"),
            list_url=reverse("web:recommendation-list"),
            empty=empty,
            show_department=True,
        )
    )
    return sections


def home_context(user, actor):
    sections = []
    if actor.has_role(Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER, Role.OFFICE):
        sections += _measure_sections(user, actor)
        sections += _petition_sections(user, actor)
        sections += _discipline_sections(user, actor)
    show_charts = actor.has_role(*CHART_ROLES)
    return {
        "calendar": calendar_context(user, actor),
        "is_office": actor.has_role(Role.OFFICE) and not actor.has_role(Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER),
        "show_charts": show_charts,
        "charts": charts(user) if show_charts else None,
        "sections": sections,
        "counts": {
            "overdue": sum(s.red for s in sections),
            "due_soon": sum(s.yellow for s in sections),
            "total": sum(s.total for s in sections),
        },
    }


# -- holiday calendar ---------------------------------------------------------------------------


def calendar_context(user, actor):
    """The missing-year warning and the estimated due dates, as each role may see them.

    The 系统管理员 gets the warning with a link to enter the year and the number of estimated
    items per kind (三员分立: no title, no link into a case); 纪检 staff get the items they may see.
    Other roles get nothing here (their lists already mark an estimated date 期限待核).
    """
    from deadlines.watch import missing_text, missing_years
    from web import estimated

    is_admin = actor.has_role(Role.ADMIN)
    is_staff = actor.has_role(Role.INSPECTOR, Role.SUPERVISOR)
    if not (is_admin or is_staff):
        return None
    years = missing_years(timezone.localdate())
    context = {"missing_years": years, "missing_text": missing_text(years) if years else ""}
    if is_admin:
        counts = estimated.estimated_counts()
        context["counts"] = [(label, n) for label, n in counts if n]
        context["notice_url"] = reverse("admin:deadlines_calendaryear_notice")
    if is_staff:
        context["groups"] = estimated.estimated_groups(user, limit=ROWS)
        context["list_url"] = reverse("web:estimated-list")
    if not (years or context.get("counts") or context.get("groups")):
        return None
    return context


# -- charts ---------------------------------------------------------------------------------------


def _months_back(today, n):
    first = today.replace(day=1)
    months = []
    for _ in range(n):
        months.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def _month_start(value):
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def charts(user):
    """The leaders' charts, each over the records the user may see."""
    ctx = rect_selectors.LightContext.now()
    measures = rect_selectors.visible_measures(user=user)
    per_dept = (
        measures.values("lead_department__name")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status__in=DONE_STATUSES)),
            overdue=Count("pk", filter=rect_selectors.overdue_q(ctx)),
        )
        .order_by("lead_department__order", "lead_department__name")
    )
    rows = [r for r in per_dept if r["total"]]
    labels = [r["lead_department__name"] or "未指定部门" for r in rows]
    completion = [round(100 * r["done"] / r["total"]) for r in rows]
    overdue = [r["overdue"] for r in rows]

    today = timezone.localdate()
    months = _months_back(today, 12)
    petitions = petition_selectors.petition_list(user=user).filter(received_at__date__gte=months[0])
    monthly = petitions.annotate(month=TruncMonth("received_at")).values("month").annotate(n=Count("pk")).order_by()
    by_month = {_month_start(r["month"]): r["n"] for r in monthly}
    by_category = list(
        petitions.exclude(category__isnull=True)
        .values("category__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "category__name")
    )
    return {
        "completion": {"labels": labels, "series": [{"name": "完成率", "data": completion}]},
        "overdue": {"labels": labels, "series": [{"name": "逾期措施", "data": overdue}]},
        "months": {
            "labels": [f"{m:%Y-%m}" for m in months],
            "series": [{"name": "信访件", "data": [by_month.get(m, 0) for m in months]}],
        },
        "categories": {
            "labels": [r["category__name"] for r in by_category],
            "series": [{"name": "信访件", "data": [r["n"] for r in by_category]}],
        },
    }
