"""A round's ledger as the documents tell it: groups (方面) → problems → measures, and the figures.

Everything is read through the generating user's visibility, in a fixed number of queries
whatever the round's size. Status words are the ledger's: 已完成 (signed off), 长期坚持 (a
long-term deadline or a long-term sign-off), 正在推进 (the rest). For the 整改公开 version only
problems marked 可公开 are read, and no person's name is kept: neither 责任领导 nor 责任人, and
any person's name in the office's own words is replaced.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from core.scoping import visible_to
from organization.models import Person, UnitProfile
from rectification.models import Aspect, DocumentKind, MeasureReview, MeasureStatus, Problem, ProgressUpdate
from rectification.models.measures import LONG_TERM_KINDS
from rectification.selectors import visible_measures
from rectification.services.structure import deadline_text_for

DONE, IN_PROGRESS, LONG_TERM = "done", "in_progress", "long_term"
STATUS_WORDS = {DONE: "已完成", IN_PROGRESS: "正在推进", LONG_TERM: "长期坚持"}
SIGN_OFFS = (MeasureReview.Action.SIGN_OFF, MeasureReview.Action.LONG_TERM)
NAME_STAND_IN = "相关同志"
UNGROUPED = "其他问题"


def date_text(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def status_of(measure) -> str:
    if measure.status == MeasureStatus.SIGNED_OFF:
        return DONE
    if measure.status == MeasureStatus.LONG_TERM or measure.deadline_kind in LONG_TERM_KINDS:
        return LONG_TERM
    return IN_PROGRESS


# A unit's name may already end with its party body ("…管理局党组"): the texts then say it once.
PARTY_BODIES = ("党组", "党委", "党支部", "党总支", "党工委")


def round_frame(rnd) -> dict:
    """The names the documents print: the inspected unit, its party organisation, the team."""
    unit = rnd.inspected_unit.strip()
    if not unit:
        profile = UnitProfile.load()
        unit = profile.name.strip()
    party = unit if unit.endswith(PARTY_BODIES) else f"{unit}党组" if unit else ""
    org = party if not party or party.startswith("中共") else f"中共{party}"
    return {"unit": unit, "party": party, "org": org, "team": rnd.inspection_team.strip(), "round": rnd.name}


@dataclass
class Ledger:
    groups: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)


class _Scrubber:
    """Replaces persons' names in free text (the 整改公开 version); longest names first."""

    def __init__(self, names):
        names = sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, names))) if names else None

    def __call__(self, text: str) -> str:
        return self.pattern.sub(NAME_STAND_IN, text) if self.pattern else text


def name_scrubber() -> _Scrubber:
    """What the 整改公开 version passes every free text through: no person's name stays."""
    return _Scrubber(Person.objects.values_list("name", flat=True))


def _measure_dict(m, *, public: bool, scrub) -> dict:
    departments = [m.lead_department.name] if m.lead_department_id else []
    departments += [link.department.name for link in m.co_links.all()]
    status = status_of(m)
    return {
        "id": m.pk,
        "order": m.order,
        "code": f"问题{m.problem.order}-措施{m.order}",
        "content": scrub(m.content),
        "target": scrub(m.target),
        "leader": "" if public or not m.responsible_leader_id else m.responsible_leader.name,
        "departments": "、".join(departments),
        "person": "" if public or not m.responsible_person_id else m.responsible_person.name,
        "deadline": deadline_text_for(m.deadline_kind, m.due_date),
        "due_date": m.due_date.isoformat() if m.due_date else None,
        "status": status,
        "status_label": STATUS_WORDS[status],
        "updates": [{"date": date_text(u.date), "text": scrub(u.text)} for u in m.current_progress],
        "signoffs": [
            {
                "date": date_text(timezone.localtime(r.at).date()),
                "action": r.get_action_display(),
                "note": scrub(r.note),
            }
            for r in sorted(m.sign_offs, key=lambda r: (r.at, r.pk), reverse=True)
        ],
    }


def _measures(user, rnd, *, public):
    qs = visible_measures(user=user).filter(problem__round=rnd)
    if public:
        qs = qs.filter(problem__is_public=True)
    return (
        qs.select_related("problem", "lead_department", "responsible_leader", "responsible_person")
        .prefetch_related(
            "co_links__department",
            Prefetch(
                "progress",
                queryset=ProgressUpdate.objects.filter(archived_at__isnull=True).order_by("-date", "-id"),
                to_attr="current_progress",
            ),
            Prefetch(
                "reviews",
                queryset=MeasureReview.objects.filter(archived_at__isnull=True, action__in=SIGN_OFFS),
                to_attr="sign_offs",
            ),
        )
        .order_by("problem__order", "problem_id", "order", "id")
    )


def _groups(aspects, problems, measures_by_problem, *, public, scrub):
    """Level-1 aspects in order, each followed by its level-2 ones; problems without a visible aspect last."""
    by_aspect: dict = {}
    for p in problems:
        by_aspect.setdefault(p.aspect_id, []).append(
            {
                "id": p.pk,
                "order": p.order,
                "text": scrub(p.text),
                "measures": [_measure_dict(m, public=public, scrub=scrub) for m in measures_by_problem.get(p.pk, [])],
            }
        )
    known = {a.pk for a in aspects}
    top = [a for a in aspects if not a.parent_id or a.parent_id not in known]
    children: dict = {}
    for a in aspects:
        if a.parent_id in known:
            children.setdefault(a.parent_id, []).append(a)
    groups = []
    for a in top:
        below = [
            {"aspect_id": c.pk, "title": c.title, "level": 2, "problems": by_aspect.pop(c.pk)}
            for c in children.get(a.pk, [])
            if c.pk in by_aspect
        ]
        own = by_aspect.pop(a.pk, [])
        if own or below:
            groups.append({"aspect_id": a.pk, "title": a.title, "level": 1, "problems": own})
            groups += below
    loose = [p for items in by_aspect.values() for p in items]
    if loose:
        groups.append({"aspect_id": None, "title": UNGROUPED, "level": 1, "problems": loose})
    return groups


def _count(label, model, ids) -> dict:
    ids = sorted(ids)
    return {"label": label, "text": str(len(ids)), "model": model, "ids": ids}


def build(*, user, rnd, kind, as_of: dt.date) -> Ledger:
    """The round's groups and figures as ``user`` may see them, for a document of ``kind``."""
    public = DocumentKind(kind) == DocumentKind.PUBLIC
    problems_qs = visible_to(Problem, user=user).filter(round=rnd, archived_at__isnull=True)
    if public:
        problems_qs = problems_qs.filter(is_public=True)
    problems = list(problems_qs.order_by("order", "id"))
    measures = list(_measures(user, rnd, public=public))
    aspects = list(visible_to(Aspect, user=user).filter(round=rnd, archived_at__isnull=True).order_by("order", "id"))
    scrub = name_scrubber() if public else (lambda text: text)
    by_problem: dict = {}
    for m in measures:
        by_problem.setdefault(m.problem_id, []).append(m)
    groups = _groups(aspects, problems, by_problem, public=public, scrub=scrub)
    statuses = {m.pk: status_of(m) for m in measures}
    done_problems = [
        p.pk for p in problems if by_problem.get(p.pk) and all(statuses[m.pk] != IN_PROGRESS for m in by_problem[p.pk])
    ]
    used_aspects = {p.aspect_id for p in problems if p.aspect_id}
    parents = {a.pk: a.parent_id for a in aspects}
    top_aspects = {parents.get(a) or a for a in used_aspects if a in parents}
    frame = round_frame(rnd)
    figures = {
        "unit": {"label": "被巡察单位", "text": frame["unit"]},
        "party": {"label": "被巡察单位党组织", "text": frame["party"]},
        "team": {"label": "巡察组", "text": frame["team"]},
        "feedback_date": {"label": "反馈日期", "text": date_text(rnd.feedback_date)},
        "as_of": {"label": "统计截至", "text": date_text(as_of)},
        "aspects": _count("方面（个）", "rectification.Aspect", top_aspects),
        "problems": _count("问题（个）", "rectification.Problem", [p.pk for p in problems]),
        "measures": _count("整改措施（项）", "rectification.Measure", statuses),
        "done": _count("已完成（项）", "rectification.Measure", [k for k, s in statuses.items() if s == DONE]),
        "in_progress": _count(
            "正在推进（项）", "rectification.Measure", [k for k, s in statuses.items() if s == IN_PROGRESS]
        ),
        "long_term": _count(
            "长期坚持（项）", "rectification.Measure", [k for k, s in statuses.items() if s == LONG_TERM]
        ),
        "problems_done": _count("已整改到位的问题（个）", "rectification.Problem", done_problems),
    }
    return Ledger(groups=groups, figures=figures)
