"""Hand entry of a round's structure: the round, its aspects (方面), problems and measures.

For 纪检 staff (``rectification.permissions.can_manage``); everyone else gets 403. The
objects edited and every choice offered come from the visibility selectors; every write is
a ``rectification.services`` call, whose refusals are shown beside the field they name,
with what was typed kept.
"""

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.scoping import get_visible_or_404, visible_to
from organization import selectors as org_selectors
from rectification import permissions, selectors, services
from rectification.models import DeadlineKind, Problem
from rectification.services.structure import MANAGE_DENIED
from web.forms import add_version_field, submit
from web.forms.once import add_form_token, create_once
from web.forms.rectification import AspectForm, MeasureForm, ProblemForm, RoundForm
from web.permissions import require

managers_only = require(permissions.can_manage, MANAGE_DENIED)


def _posted(request):
    """The submitted data on a POST (even an empty one, so its required fields are reported)."""
    return request.POST if request.method == "POST" else None


def _save(request, form, success, service, values, **fixed):
    """On a POST, validate ``form`` and call ``service`` with ``values(form)``: the saved object, or
    None with the errors (the form's and the service's) on the form."""
    saved = []
    if request.method == "POST" and submit(
        request, form, lambda _data: saved.append(service(user=request.user, **fixed, **values(form))), success
    ):
        return saved[0]
    return None


def _create(request, form, success, service, url, **fixed):
    """On a POST, create once per rendered form (``web.forms.once``): the redirect to ``url(pk)``,
    or None with the errors on the form."""
    if request.method != "POST":
        return None
    return create_once(
        request, form, lambda data: service(user=request.user, **fixed, **data), success=success, url=url
    )


def _changes(form):
    """The fields the user changed (an emptied 排序 keeps the current order), with the version the
    edit is based on."""
    changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "version"}
    if changes.get("order", 0) is None:
        del changes["order"]
    changes["version"] = form.cleaned_data.get("version")
    return changes


def _page(request, form, *, title, rnd, cancel_url, context=None):
    return render(
        request,
        "web/rectification/structure_form.html",
        {"form": form, "title": title, "round": rnd, "cancel_url": cancel_url, **(context or {})},
        status=400 if form.is_bound else 200,
    )


def _tree_url(rnd_id, anchor=""):
    url = reverse("web:round-detail", kwargs={"pk": rnd_id})
    return f"{url}#{anchor}" if anchor else url


# -- rounds ----------------------------------------------------------------------------------------


@managers_only
@require_http_methods(["GET", "POST"])
def round_create(request):
    form = add_form_token(RoundForm(_posted(request)), request.user)
    done = _create(request, form, "已新建巡察轮次", services.round_create, lambda pk: _tree_url(pk))
    if done is not None:
        return done
    return _page(request, form, title="新建巡察轮次", rnd=None, cancel_url=reverse("web:round-list"))


@managers_only
@require_http_methods(["GET", "POST"])
def round_edit(request, pk):
    rnd = selectors.round_get(user=request.user, pk=pk)
    name = rnd.name  # the heading keeps the saved name while a refused change is corrected
    initial = {field: getattr(rnd, field) for field in RoundForm.base_fields}
    form = add_version_field(RoundForm(_posted(request), initial=initial), rnd)
    if _save(request, form, "已保存巡察轮次", services.round_update, _changes, round=rnd) is not None:
        return redirect("web:round-detail", pk=rnd.pk)
    return _page(request, form, title=f"编辑巡察轮次：{name}", rnd=None, cancel_url=_tree_url(pk))


# -- aspects ---------------------------------------------------------------------------------------


def _top_aspects(request, rnd_id, exclude=None):
    qs = selectors.aspect_list(user=request.user).filter(round_id=rnd_id, parent__isnull=True)
    return qs.exclude(pk=exclude) if exclude else qs


@managers_only
@require_http_methods(["GET", "POST"])
def aspect_create(request, pk):
    rnd = selectors.round_get(user=request.user, pk=pk)
    form = AspectForm(_posted(request), parents=_top_aspects(request, rnd.pk),
                      initial={"parent": request.GET.get("parent")})  # fmt: skip
    add_form_token(form, request.user)
    done = _create(request, form, "已新增方面", services.aspect_create,
                   lambda a: _tree_url(rnd.pk, f"aspect-{a}"), round=rnd)  # fmt: skip
    if done is not None:
        return done
    return _page(request, form, title="新增方面", rnd=rnd, cancel_url=_tree_url(rnd.pk))


@managers_only
@require_http_methods(["GET", "POST"])
def aspect_edit(request, pk):
    aspect = get_visible_or_404(selectors.aspect_list(user=request.user), user=request.user, pk=pk)
    initial = {"title": aspect.title, "parent": aspect.parent_id, "order": aspect.order}
    form = AspectForm(_posted(request), parents=_top_aspects(request, aspect.round_id, exclude=aspect.pk),
                      initial=initial)  # fmt: skip
    add_version_field(form, aspect)
    if _save(request, form, "已保存方面", services.aspect_update, _changes, aspect=aspect) is not None:
        return redirect(_tree_url(aspect.round_id, f"aspect-{aspect.pk}"))
    return _page(request, form, title="编辑方面", rnd=aspect.round,
                 cancel_url=_tree_url(aspect.round_id, f"aspect-{aspect.pk}"))  # fmt: skip


# -- problems --------------------------------------------------------------------------------------


def _problem_choices(request, rnd):
    """The round's aspects in tree order (each 一级 followed by its 二级), and problems of other rounds."""
    aspects = (
        selectors.aspect_list(user=request.user)
        .filter(round=rnd)
        .order_by(
            Coalesce("parent__order", "order"),
            Coalesce("parent_id", "id"),
            F("parent_id").asc(nulls_first=True),
            "order",
            "id",
        )
    )
    earlier = (
        visible_to(Problem, user=request.user)
        .filter(archived_at__isnull=True, round__archived_at__isnull=True)
        .exclude(round=rnd)
        .select_related("round")
        .order_by(F("round__feedback_date").desc(nulls_last=True), "round_id", "order", "id")
    )
    return {"aspects": aspects, "earlier_problems": earlier}


@managers_only
@require_http_methods(["GET", "POST"])
def problem_create(request, pk):
    rnd = selectors.round_get(user=request.user, pk=pk)
    form = ProblemForm(_posted(request), initial={"aspect": request.GET.get("aspect")},
                       **_problem_choices(request, rnd))  # fmt: skip
    add_form_token(form, request.user)
    done = _create(request, form, "已新增问题", services.problem_create,
                   lambda p: _tree_url(rnd.pk, f"problem-{p}"), round=rnd)  # fmt: skip
    if done is not None:
        return done
    return _page(request, form, title="新增问题", rnd=rnd, cancel_url=_tree_url(rnd.pk))


def _problem(request, pk):
    return get_visible_or_404(selectors.problem_list(user=request.user), user=request.user, pk=pk)


@managers_only
@require_http_methods(["GET", "POST"])
def problem_edit(request, pk):
    problem = _problem(request, pk)
    initial = {"aspect": problem.aspect_id, "text": problem.text, "order": problem.order,
               "similar_to": problem.similar_to_id, "is_public": problem.is_public}  # fmt: skip
    form = add_version_field(
        ProblemForm(_posted(request), initial=initial, **_problem_choices(request, problem.round)), problem
    )
    if _save(request, form, "已保存问题", services.problem_update, _changes, problem=problem) is not None:
        return redirect(_tree_url(problem.round_id, f"problem-{problem.pk}"))
    return _page(request, form, title="编辑问题", rnd=problem.round,
                 cancel_url=_tree_url(problem.round_id, f"problem-{problem.pk}"))  # fmt: skip


# -- measures --------------------------------------------------------------------------------------


def _measure_choices(request, current=None):
    """Active people and departments the user may see, plus those the measure already names."""
    people = Q(is_active=True)
    departments = Q(is_active=True)
    if current is not None:
        people |= Q(pk__in=[current.responsible_leader_id, current.responsible_person_id])
        departments |= Q(pk__in=[current.lead_department_id, *(d.pk for d in current.co_department_list)])
    return {
        # each person's memberships: the options say which departments they are of (MeasureForm)
        "people": org_selectors.person_list(user=request.user)
        .prefetch_related(None)
        .prefetch_related("memberships")
        .filter(people),
        "departments": org_selectors.department_list(user=request.user).filter(departments),
    }


@managers_only
@require_http_methods(["GET", "POST"])
def measure_create(request, pk):
    problem = _problem(request, pk)
    form = add_form_token(MeasureForm(_posted(request), **_measure_choices(request)), request.user)
    done = _create(request, form, "已新增整改措施", services.measure_create,
                   lambda _m: _tree_url(problem.round_id, f"problem-{problem.pk}"), problem=problem)  # fmt: skip
    if done is not None:
        return done
    return _page(request, form, title="新增整改措施", rnd=problem.round,
                 cancel_url=_tree_url(problem.round_id, f"problem-{problem.pk}"),
                 context={"problem": problem})  # fmt: skip


def _measure_changes(form):
    """What the user changed; a new deadline goes with its kind and date together, and its
    台账原文 is regenerated unless the user wrote one (emptying the text also regenerates it)."""
    changes = _changes(form)
    data = form.cleaned_data
    text_cleared = "deadline_text" in changes and not data["deadline_text"].strip()
    if {"deadline_kind", "due_date"} & set(changes) or text_cleared:
        changes["deadline_kind"], changes["due_date"] = data["deadline_kind"], data["due_date"]
        # a hand-entered measure's form has no 台账原文: its text always follows the deadline
        changes["deadline_text"] = data["deadline_text"] if "deadline_text" in form.changed_data else ""
    return changes


@managers_only
@require_http_methods(["GET", "POST"])
def measure_edit(request, pk):
    measure = selectors.measure_get(user=request.user, pk=pk)
    problems = (
        visible_to(Problem, user=request.user)
        .filter(round_id=measure.problem.round_id, archived_at__isnull=True)
        .order_by("order", "id")
    )
    initial = {
        "problem": measure.problem_id,
        "content": measure.content,
        "target": measure.target,
        "responsible_leader": measure.responsible_leader_id,
        "lead_department": measure.lead_department_id,
        "co_departments": [d.pk for d in measure.co_department_list],
        "responsible_person": measure.responsible_person_id,
        "deadline_kind": measure.deadline_kind,
        # Only a 限期完成 date is typed; the others are computed or have none.
        "due_date": measure.due_date if measure.deadline_kind == DeadlineKind.DATE else None,
        "deadline_text": measure.deadline_text,
        "remarks": measure.remarks,
        "order": measure.order,
    }
    form = MeasureForm(_posted(request), initial=initial, problems=problems, imported=measure.is_imported,
                       **_measure_choices(request, measure))  # fmt: skip
    add_version_field(form, measure)
    saved = _save(request, form, "已保存整改措施", services.measure_update, _measure_changes, measure=measure)
    if saved is not None:
        return redirect("web:measure-detail", pk=measure.pk)
    return _page(request, form, title="编辑整改措施", rnd=measure.problem.round,
                 cancel_url=reverse("web:measure-detail", kwargs={"pk": measure.pk}),
                 context={"measure": measure})  # fmt: skip
