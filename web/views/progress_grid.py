"""批量填报进展: an office's measures on one page, a 本次进展 box per row, saved with one 保存.

The page is for 责任部门联络员 (403 for the other roles, as 导入台账 is for the 纪检 office only: the
others cannot report progress). Its rows start from the Measure visibility selector, narrowed to the
measures of the user's own departments (lead or co-operating — ``can_report_progress`` in SQL) that
are not 已销号; a measure waiting for review (申请销号) is shown read-only. The one 保存 posts every
row; the filled ones go to ``progress_add_many`` (all or nothing). A refused batch renders the page
again with each refused row marked and everything typed kept (400/409, nothing written). Each row
carries the measure's version: a measure changed since the page was loaded is refused for its row.
The form has a one-time token (``web.forms.once``): a double click or a resubmission saves nothing twice.
"""

from django import forms
from django.db.models import OuterRef, Subquery
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.bulk import clean_ids
from core.concurrency import parse_version
from core.errors import ApplicationError
from core.scoping import actor_for, visible_to
from organization.roles import Role
from rectification import permissions, selectors
from rectification.filters import MeasureFilter, request_light_ctx
from rectification.models import MeasureStatus, ProgressUpdate
from rectification.services.progress_batch import ProgressBatchRefused, ProgressEntry, progress_add_many
from rectification.visibility import department_measures_q
from web.forms.once import add_form_token, create_once
from web.lists import MEASURES, Listing
from web.permissions import require
from web.views.common import actor
from web.views.listing import list_page

DENIED = "只有责任部门联络员可以批量填报整改进展"
NOTHING = "请至少在一行填写本次进展"
GRID = Listing(
    "progress_grid",
    "web:progress-grid",
    MeasureFilter,
    None,  # the office's own measures, built below
    sorts={"due": ("due_date",), "round": MEASURES.sorts["round"]},
    default=MEASURES.default,
    tiebreak=("id",),
    fields=("round", "light", "overdue", "q"),
    yes_no=("overdue",),
)


class GridForm(forms.Form):
    """Only the one-time token: the rows' fields are read by name (``text-<id>`` …), as many as shown."""


def _may_use(user) -> bool:
    return actor_for(user).has_role(Role.OFFICE)


def _rows(request):
    """The measures this office may report on, through the list's filters (visibility first)."""
    me = actor(request)
    measures = (
        selectors.measure_list(user=request.user)
        .filter(department_measures_q(me.department_ids))
        .exclude(status=MeasureStatus.SIGNED_OFF)
    )
    return GRID.filter(request.GET, request=request, queryset=measures)


def _latest_notes(user, measure_ids) -> dict[int, ProgressUpdate]:
    """The newest note of each measure of the page: one query, whatever the page's length."""
    newest = (
        ProgressUpdate.objects.filter(measure_id=OuterRef("measure_id"), archived_at__isnull=True)
        .order_by("-date", "-id")
        .values("id")[:1]
    )
    notes = visible_to(ProgressUpdate, user=user).filter(
        measure_id__in=measure_ids, archived_at__isnull=True, id=Subquery(newest)
    )
    return {n.measure_id: n for n in notes.only("id", "measure_id", "date", "text")}


def _posted(post) -> tuple[dict[int, dict], list[ProgressEntry]]:
    """(what was typed per row, the filled rows as entries); a malformed post is a 400."""
    typed, entries = {}, []
    for pk in clean_ids(post.getlist("m"), field="m"):
        text = post.get(f"text-{pk}", "")
        submit = post.get(f"submit-{pk}") == "on"
        version = parse_version(post.get(f"version-{pk}"), field=f"version-{pk}")
        typed[pk] = {"text": text, "submit": submit, "version": version}
        if text.strip() or submit:
            entries.append(ProgressEntry(pk, text, submit, version))
    if not entries:
        raise ApplicationError(NOTHING, code="required", detail={"entries": [NOTHING]})
    return typed, entries


def _save(request, form):
    """(response or None, typed, refusals, error, status) of the 保存."""
    refused: dict = {}
    try:
        typed, entries = _posted(request.POST)
    except ApplicationError as exc:
        return None, {}, [], exc.message, exc.status
    submits = sum(e.submit for e in entries)

    def create(_data):
        try:
            notes = progress_add_many(user=request.user, entries=entries)
        except ProgressBatchRefused as exc:
            refused["exc"] = exc
            raise
        return notes[0]

    done = create_once(
        request,
        form,
        create,
        success=f"已保存 {len(entries)} 项进展，申请销号 {submits} 项",
        url=lambda _pk: request.get_full_path(),
    )
    if done is not None:
        return done, typed, [], "", 200
    exc = refused.get("exc")
    if exc is not None:
        return None, typed, exc.refusals, exc.message, exc.status
    errors = form.non_field_errors()
    return None, typed, [], "；".join(errors) or "保存未完成，请重试", 400


@require(_may_use, DENIED)
@require_http_methods(["GET", "POST"])
def progress_grid(request):
    form = add_form_token(GridForm(request.POST if request.method == "POST" else None), request.user)
    typed: dict = {}
    refusals: list = []
    error, status = "", 200
    if request.method == "POST":
        done, typed, refusals, error, status = _save(request, form)
        if done is not None:
            return done
    context, list_status = list_page(request, GRID, _rows(request))
    context["list_key"] = None  # no saved filters for this page
    ctx = request_light_ctx(request)
    page = list(context["page"])
    notes = _latest_notes(request.user, [m.pk for m in page])
    reasons: dict[int, list[str]] = {}
    for r in refusals:
        reasons.setdefault(r.measure_id, []).append(r.reason)
    me = actor(request)
    for m in page:
        m.light_value = m.light(today=ctx.today, boundary=ctx.boundary)
        m.latest_note = notes.get(m.pk)
        m.readonly = m.status == MeasureStatus.SUBMITTED or not permissions.can_report_progress(me, m)
        m.may_submit = m.status in (MeasureStatus.NOT_STARTED, MeasureStatus.IN_PROGRESS) and permissions.can_submit(
            me, m
        )
        m.typed = typed.get(m.pk, {})
        m.form_version = m.typed.get("version") or m.version
        m.refused = reasons.get(m.pk, [])
    shown = {m.pk for m in page}
    context.update(
        {
            "rows": page,
            "form": form,
            "error": error,
            "refusals": refusals,
            "unshown_refusals": [r for r in refusals if r.measure_id not in shown],
            "action": request.get_full_path(),
            "measure_list": reverse("web:measure-list"),
        }
    )
    return render(request, "web/rectification/progress_grid.html", context, status=status if error else list_status)
