"""The 工作台's to-do tables and the numbers above them, by role.

Each module (整改措施, 信访件, 问题线索, 建议书) gives one ``Box`` — its total, red and yellow,
each a ``Number`` linked to the list that shows those rows — and its to-do tables
(``Section``): the first rows of a list, its count and the 查看全部 link with the same query.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse

from deadlines.light import Light
from discipline import permissions as discipline_permissions
from discipline.filters import request_cached_light
from discipline.models import Clue, Recommendation
from discipline.selectors import clues as clue_selectors
from discipline.selectors import recommendations as rec_selectors
from organization.roles import Role
from petitions import permissions as petition_permissions
from rectification.filters import request_light_ctx
from rectification.models import MeasureStatus
from rectification.models.measures import DONE_STATUSES
from web.dashboard.lists import CLUES, MEASURES, PETITIONS, RECOMMENDATIONS, TRANSFERS, Number

ROWS = 10
UNFINISHED = [s.value for s in MeasureStatus if s not in DONE_STATUSES]  # rectification.open.UNFINISHED_Q
CLUE_IN_HANDLING = [s.value for s in Clue.Status if s not in Clue.CLOSED]  # discipline.open.IN_HANDLING_Q
RED, YELLOW = {"light": Light.RED.value}, {"light": Light.YELLOW.value}


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
    total: Number
    empty: str = "暂无"
    show_department: bool = False
    more: bool = field(init=False, default=False)

    def __post_init__(self):
        self.more = self.total.value > len(self.items)

    @property
    def list_url(self):
        return self.total.url


@dataclass
class Box:
    key: str
    label: str
    total: Number
    red: Number
    yellow: Number
    total_label: str = "待办"


def _section(lists, spec, params, *, key, title, row, order, **kwargs):
    rows = lists.queryset(spec, params).order_by(*order)[:ROWS]
    return Section(key=key, title=title, items=[row(r) for r in rows], total=lists.count(spec, params), **kwargs)


def _box(lists, spec, params, *, key, label, lights=None, **kwargs):
    """``lights``: the parameters the red and yellow counts start from (default: ``params``)."""
    base = params if lights is None else lights
    return Box(
        key=key,
        label=label,
        total=lists.count(spec, params),
        red=lists.count(spec, {**base, **RED}),
        yellow=lists.count(spec, {**base, **YELLOW}),
        **kwargs,
    )


def measures(lists, actor, scope):
    ctx = request_light_ctx(lists.request)
    params = scope.measures()

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

    common = {"row": row, "order": ("due_date", "id"), "show_department": True}
    sections = []
    if actor.has_role(Role.INSPECTOR, Role.SUPERVISOR):
        submitted = {**params, "status": [MeasureStatus.SUBMITTED.value]}
        sections.append(
            _section(
                lists,
                MEASURES,
                submitted,
                key="measures-submitted",
                title="待审核销号的整改措施",
                empty="没有待审核的销号申请",
                **common,
            )
        )
    if actor.has_role(Role.OFFICE) and not actor.has_role(Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER):
        sections.append(
            _section(
                lists,
                MEASURES,
                {**params, "status": UNFINISHED},
                key="measures",
                title="本部门待办整改措施",
                empty="本部门没有待办的整改措施",
                **common,
            )
        )
    else:
        sections.append(
            _section(
                lists,
                MEASURES,
                {**params, **RED},
                key="measures-overdue",
                title="逾期整改措施",
                empty="没有逾期的整改措施",
                **common,
            )
        )
    box = _box(
        lists,
        MEASURES,
        {**params, "status": UNFINISHED},
        lights=params,
        key="measures",
        label="整改措施",
        total_label="未完成",
    )
    return box, sections


def petitions(lists, actor, scope):
    user = lists.request.user
    lights = lists.petition_lights
    if petition_permissions.sees_office_projection(user):
        params = {**scope.transfers(), "office_status": "pending", "archived": "false"}

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

        section = _section(
            lists,
            TRANSFERS,
            params,
            key="transfers",
            title="待办理的转办件",
            row=transfer_row,
            order=("transfer_due", "id"),
            empty="没有待办理的转办件",
            show_department=True,
        )
        return _box(lists, TRANSFERS, params, key="transfers", label="转办件"), [section]
    if not (petition_permissions.can_register(user) or petition_permissions.can_export(user)):
        return None, []
    params = {**scope.petitions(), "pending": "true"}

    def row(p):
        return Item(
            title=f"{p.number} {p.summary[:40]}",
            url=reverse("web:petition-detail", args=[p.pk]),
            due=p.next_due,
            light=lights.light(p),
            status=p.get_status_display(),
            context=p.category.name if p.category else "",
        )

    if petition_permissions.can_register(user):
        rows, title, empty = params, "待办信访件", "没有待办的信访件"
    else:  # leaders: what has slipped
        rows, title, empty = {**params, **RED}, "逾期信访件", "没有逾期的信访件"
    section = _section(
        lists, PETITIONS, rows, key="petitions", title=title, row=row, order=("next_due", "id"), empty=empty
    )
    return _box(lists, PETITIONS, params, key="petitions", label="信访件"), [section]


def clues(lists, actor, scope):
    if not discipline_permissions.is_discipline_staff(actor):
        return None, []
    ctx = request_cached_light(lists.request, "clue", clue_selectors.clue_light_context)
    params = {**scope.clues(), "status": CLUE_IN_HANDLING, "archived": "false"}
    if not discipline_permissions.is_supervisor(actor):
        params["handler"] = lists.request.user.pk

    def row(c):
        return Item(
            title=f"{c.number} {c.summary[:40]}",
            url=reverse("web:clue-detail", args=[c.pk]),
            due=c.due_date,
            light=clue_selectors.clue_light(c, ctx),
            status=c.get_status_display(),
            context=c.get_due_kind_display() if c.due_kind else "",
        )

    title = "办理中的问题线索" if discipline_permissions.is_supervisor(actor) else "我承办的问题线索"
    section = _section(
        lists, CLUES, params, key="clues", title=title, row=row, order=("due_date", "id"), empty="没有办理中的线索"
    )
    return _box(lists, CLUES, params, key="clues", label="问题线索", total_label="办理中"), [section]


def recommendations(lists, actor, scope):
    period = scope.recommendations()
    awaiting_reply = {**period, "status": [Recommendation.Status.ISSUED.value], "archived": "false"}
    if discipline_permissions.is_discipline_staff(actor):
        # 纪检 staff close replied letters; their red and yellow are the letters still awaiting a reply.
        params = {**period, "status": [Recommendation.Status.REPLIED.value], "archived": "false"}
        title, empty = "已回复待办结的建议书", "没有待办结的建议书"
        box = _box(
            lists,
            RECOMMENDATIONS,
            params,
            lights=awaiting_reply,
            key="recommendations",
            label="建议书",
            total_label="待办结",
        )
    elif actor.has_role(Role.OFFICE) and not actor.has_role(Role.LEADER):
        params, title, empty = awaiting_reply, "待回复的纪律检查建议书", "没有待回复的建议书"
        box = _box(lists, RECOMMENDATIONS, params, key="recommendations", label="建议书", total_label="待回复")
    else:
        return None, []
    ctx = request_cached_light(lists.request, "recommendation", rec_selectors.recommendation_light_context)

    def row(r):
        return Item(
            title=f"{r.number} {r.title[:40]}",
            url=reverse("web:recommendation-detail", args=[r.pk]),
            due=r.reply_due_date,
            light=rec_selectors.recommendation_light(r, ctx),
            status=r.get_status_display(),
            department=r.target_department.name,
            warning=r.reply_due_date_warning,
        )

    section = _section(
        lists,
        RECOMMENDATIONS,
        params,
        key="recommendations",
        title=title,
        row=row,
        order=("reply_due_date", "id"),
        empty=empty,
        show_department=True,
    )
    return box, [section]
