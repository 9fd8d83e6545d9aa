"""One search box (统一搜索) over the kinds a person works with, each read through its visibility.

Every kind starts from the owning app's selector or ``core.scoping.visible_to``, so a result is
only ever something the user could open anyway: an office sees its own department's items, a
leader what leaders read, the system administrator no petition or clue (三员分立), nobody an item
about themselves (回避, applied by core.scoping). Only number-, title- and summary-like columns
are matched, never a reporter's identity (those are ciphertext and keyed fingerprints, never
searched). An office user meets petitions only as 转办件 (number and 转办摘要, the office
projection), as on its own pages.

One query per kind, ``LIMIT cap + 1`` (the extra row says "there is more": no COUNT), plus the
light contexts: the number of queries does not depend on how many rows match.

Matching is ``icontains``: Django escapes ``%`` and ``_`` (they are literal) and on PostgreSQL
writes ``UPPER(col::text) LIKE UPPER(%s)``, which the trigram GIN indexes of migration
``web.0002`` are built on (the same expression), so a term of three characters or more is an
index scan. On SQLite such a term of a petition is narrowed by the FTS5 trigram table of
``web.0003`` first (``_petition_text``); the other kinds are a ``LIKE`` scan there. A
two-character term has no trigram: it is a scan, bounded by the LIMIT when the term is common
(figures in web/bench.py and the branch's report); one character is refused with a message.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode

from core.scoping import actor_for, visible_to
from discipline.models import Clue, Recommendation
from discipline.selectors.clues import clue_light, clue_light_context
from discipline.selectors.recommendations import recommendation_light, recommendation_light_context
from organization.roles import Role
from petitions import selectors as petition_selectors
from petitions.lights import LightContext as PetitionLightContext
from petitions.models import Petition
from petitions.permissions import sees_office_projection
from rectification.models import InspectionRound, Problem
from rectification.selectors import LightContext as MeasureLightContext
from rectification.selectors import visible_measures
from reports import selectors as report_selectors

MIN_LENGTH = 2
MAX_LENGTH = 100
CAP = 8  # rows shown per kind; "查看全部" leads to the kind's own list, filtered alike
EXCERPT = 80

# The derived numbers of clues (线〔2026〕7号) and recommendations (〔2026〕7号), as typed: with
# ASCII or full-width brackets, or none ("2026-7"). A term with the clue prefix is a clue's only.
_NUMBER = r"^\s*{prefix}[〔\[(（]?\s*(\d{{4}})\s*[〕\])）\-/年]\s*(\d{{1,6}})\s*号?\s*$"
_CLUE_NUMBER = re.compile(_NUMBER.format(prefix="线?"))
_RECOMMENDATION_NUMBER = re.compile(_NUMBER.format(prefix=""))


class SearchRefused(ValueError):
    """A search term that is not searched: the message says why (shown to the user)."""


def clean_term(raw) -> str:
    """The term to search for, or ``SearchRefused`` with a message naming the problem.

    An empty term (or only spaces) is ``""``: the page shows the box, no error.
    """
    if raw is None:
        return ""
    if len(raw) > MAX_LENGTH * 4:  # read no further into a hostile string than needed
        raise SearchRefused(f"搜索词（q）不能超过{MAX_LENGTH}个字")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") and ch not in " \t" for ch in raw):
        raise SearchRefused("搜索词（q）含有控制字符或无法识别的字符，请重新输入")
    term = " ".join(raw.split())  # tabs, full-width and repeated spaces become one space
    if not term:
        return ""
    if len(term) > MAX_LENGTH:
        raise SearchRefused(f"搜索词（q）不能超过{MAX_LENGTH}个字")
    if len(term) < MIN_LENGTH:
        raise SearchRefused(f"请至少输入{MIN_LENGTH}个字")
    return term


def _number_q(pattern, term):
    match = pattern.match(term)
    if not match:
        return Q(pk__in=[])
    return Q(year=int(match[1]), seq=int(match[2]))


def lookup_for(term):
    """``icontains`` — the expression the trigram indexes are on. A term too short for a trigram
    cannot use them and is a scan: with no letter that has a case (Chinese, digits) it is matched
    with a plain ``LIKE``, sparing UPPER() on every row (400 ms instead of 950 ms for a 2-character
    term found nowhere in 500k petitions on PostgreSQL); the result is the same."""
    if len(term) < 3 and term.upper() == term.lower():
        return "contains"
    return "icontains"


def _contains(term, *fields):
    lookup = lookup_for(term)
    query = Q()
    for name in fields:
        query |= Q(**{f"{name}__{lookup}": term})
    return query


def _excerpt(text, term):
    """Up to EXCERPT characters of ``text`` around the first match."""
    text = " ".join((text or "").split())
    at = text.lower().find(term.lower())
    if len(text) <= EXCERPT:
        return text
    start = max(0, min(at - EXCERPT // 3, len(text) - EXCERPT)) if at >= 0 else 0
    return ("…" if start else "") + text[start : start + EXCERPT] + ("…" if start + EXCERPT < len(text) else "")


@dataclass
class Hit:
    url: str
    number: str
    text: str
    light: str | None = None
    meta: str = ""


@dataclass
class Group:
    kind: str
    label: str
    hits: list = field(default_factory=list)
    more: bool = False
    all_url: str | None = None


NEWEST_FIRST = "-pk"


SHORT_TERM = 3  # below this, no trigram: the term cannot use the indexes
SHORT_SCAN_ROWS = 20_000


def is_short(term) -> bool:
    return len(term) < SHORT_TERM


def _bounded(qs, term):
    """A term too short for a trigram is a scan; keep it to each kind's newest SHORT_SCAN_ROWS
    rows (by primary key), so that a two-character term found nowhere costs a bounded read, not
    the whole table (8 s at 500k petitions on PostgreSQL, measured). The bound is one index
    lookup inside the same query; it tells nothing, being no row's content."""
    if not is_short(term):
        return qs
    newest = qs.model._default_manager.order_by("-pk").values("pk")[SHORT_SCAN_ROWS : SHORT_SCAN_ROWS + 1]
    return qs.filter(pk__gt=Coalesce(Subquery(newest), Value(0)))


def _take(qs, term):
    """The first CAP rows and whether there are more (one query), newest first.

    On PostgreSQL the planner chooses by the statistics ANALYZE keeps on the indexed
    expressions: a rare term is read from the trigram indexes and the few matches sorted; a
    common one walks the primary key backwards and stops after CAP + 1 matches (measured in
    web/bench.py; ordering on an expression instead forced the index path and was 800 times
    slower for a term in one row of ten)."""
    rows = list(_bounded(qs, term).order_by(NEWEST_FIRST)[: CAP + 1])
    return rows[:CAP], len(rows) > CAP


def _list_url(name, param, term):
    return f"{reverse(name)}?{urlencode({param: term})}"


def _rounds(user, term):
    rows, more = _take(
        visible_to(InspectionRound, user=user)
        .filter(archived_at__isnull=True)
        .filter(_contains(term, "name", "inspection_team"))
        .only("id", "name", "inspection_team", "feedback_date"),
        term,
    )
    hits = [
        Hit(reverse("web:round-detail", args=[r.pk]), "", r.name, meta=f"{r.inspection_team} · 反馈 {r.feedback_date}")
        for r in rows
    ]
    return Group("rounds", "巡察轮次", hits, more, _list_url("web:round-list", "q", term))


def _problems(user, term):
    rows, more = _take(
        visible_to(Problem, user=user)
        .filter(archived_at__isnull=True, round__archived_at__isnull=True)
        .filter(_contains(term, "text"))
        .select_related("round")
        .only("id", "order", "text", "round__id", "round__name"),
        term,
    )
    hits = [
        Hit(
            reverse("web:round-detail", args=[p.round_id]) + f"#problem-{p.pk}",
            f"问题{p.order}" if p.order else "问题",
            _excerpt(p.text, term),
            meta=p.round.name,
        )
        for p in rows
    ]
    # There is no page of problems across rounds: the group lists what it finds, no "查看全部".
    return Group("problems", "问题", hits, more, None)


def _measures(user, term):
    ctx = MeasureLightContext.now()
    rows, more = _take(
        visible_measures(user=user)
        .filter(_contains(term, "content"))
        .select_related("problem", "lead_department")
        .only(
            "id",
            "content",
            "status",
            "deadline_kind",
            "due_date",
            "problem__id",
            "problem__order",
            "order",
            "lead_department__name",
        ),
        term,
    )
    hits = [
        Hit(
            reverse("web:measure-detail", args=[m.pk]),
            m.code,
            _excerpt(m.content, term),
            m.light(today=ctx.today, boundary=ctx.boundary),
            m.lead_department.name if m.lead_department_id else "",
        )
        for m in rows
    ]
    return Group("measures", "整改措施", hits, more, _list_url("web:measure-list", "q", term))


PETITION_FTS = "search_fts_petition"  # SQLite only: migration web.0003


def fts_phrase(term, *columns) -> str:
    """``term`` as one FTS5 string (every operator word and character literal), limited to
    ``columns``, e.g. ``{number summary} : "say ""hi"" NEAR"`` (a quote is doubled)."""
    return "{" + " ".join(columns) + "} : " + '"' + term.replace('"', '""') + '"'


def _petition_text(term, *fields):
    """The petitions matching ``term`` in ``fields``. On SQLite a term of three characters or more
    is first narrowed by the FTS5 trigram table (a case-insensitive substring match, as
    ``icontains``); the ``icontains`` filter stays as the recheck, so the rows are exactly
    those of the plain query (the trigram folds case beyond ASCII, SQLite's LIKE does not)."""
    query = _contains(term, *fields)
    if connection.vendor == "sqlite" and not is_short(term):
        sql = f"SELECT rowid FROM {PETITION_FTS} WHERE {PETITION_FTS} MATCH %s"
        # Only constant identifiers in the SQL; the term is a bound parameter.
        query &= Q(pk__in=RawSQL(sql, [fts_phrase(term, *fields)]))  # noqa: S611
    return query


PETITION_FIELDS = ("id", "number", "summary", "status", "next_due", "next_due_unit", "received_at", "kind")


def petition_search_queryset(*, user, term):
    """Petitions a 纪检 or leader reader finds for ``term`` (number and 内容摘要), newest first."""
    return (
        visible_to(Petition, user=user)
        .filter(_petition_text(term, "number", "summary"))
        .only(*PETITION_FIELDS)
        .order_by(NEWEST_FIRST)
    )


def _petitions(user, term):
    lights = PetitionLightContext()
    if sees_office_projection(user):
        # 转办件: the office reads the number and the 转办摘要, nothing of the matter itself.
        rows, more = _take(
            petition_selectors.transferred_list(user=user).filter(_petition_text(term, "number", "transfer_summary")),
            term,
        )
        hits = [
            Hit(
                reverse("web:transfer-detail", args=[p.pk]),
                p.number,
                _excerpt(p.transfer_summary, term),
                lights.transfer_light(p),
            )
            for p in rows
        ]
        return Group("transfers", "转办件", hits, more, _list_url("web:transfer-list", "text", term))
    rows, more = _take(petition_search_queryset(user=user, term=term), term)
    hits = [
        Hit(
            reverse("web:petition-detail", args=[p.pk]),
            p.number,
            _excerpt(p.summary, term),
            lights.light(p),
            f"{p.get_kind_display()} · {p.get_status_display()}",
        )
        for p in rows
    ]
    return Group("petitions", "信访件", hits, more, _list_url("web:petition-list", "text", term))


def _clues(user, term):
    ctx = clue_light_context()
    rows, more = _take(
        visible_to(Clue, user=user)
        .filter(_contains(term, "summary", "content") | _number_q(_CLUE_NUMBER, term))
        .only("id", "year", "seq", "summary", "status", "due_date", "due_kind", "archived_at"),
        term,
    )
    hits = [
        Hit(
            reverse("web:clue-detail", args=[c.pk]),
            c.number or "（未编号）",
            _excerpt(c.summary, term),
            clue_light(c, ctx),
            c.get_status_display(),
        )
        for c in rows
    ]
    return Group("clues", "问题线索", hits, more, _list_url("web:clue-list", "text", term))


def _recommendations(user, term):
    ctx = recommendation_light_context()
    rows, more = _take(
        visible_to(Recommendation, user=user)
        .filter(_contains(term, "title", "problems") | _number_q(_RECOMMENDATION_NUMBER, term))
        .select_related("target_department")
        .only("id", "year", "seq", "title", "status", "reply_due_date", "archived_at", "target_department__name"),
        term,
    )
    hits = [
        Hit(
            reverse("web:recommendation-detail", args=[r.pk]),
            r.number or "（草稿）",
            r.title,
            recommendation_light(r, ctx),
            f"{r.target_department.name} · {r.get_status_display()}",
        )
        for r in rows
    ]
    return Group("recommendations", "纪律检查建议书", hits, more, _list_url("web:recommendation-list", "text", term))


def _activities(user, term):
    # Work records have no page of their own: 纪检 staff reach them on 工作记录; leaders read the
    # row here (the same record they count in the annual report).
    link = reverse("web:records") if actor_for(user).has_role(Role.INSPECTOR, Role.SUPERVISOR) else ""
    rows, more = _take(
        report_selectors.activity_list(user=user)
        .select_related(None)
        .prefetch_related(None)
        .select_related("kind")
        .filter(_contains(term, "title", "notes"))
        .only("id", "date", "title", "kind__name"),
        term,
    )
    hits = [Hit(link, str(a.date), a.title, meta=a.kind.name) for a in rows]
    return Group("activities", "工作记录", hits, more, None)


KINDS = (_rounds, _problems, _measures, _petitions, _clues, _recommendations, _activities)


def search(*, user, term) -> list[Group]:
    """The groups with at least one hit, in a fixed order; ``term`` comes from ``clean_term``."""
    if not term:
        return []
    groups = [kind(user, term) for kind in KINDS]
    return [g for g in groups if g.hits]
