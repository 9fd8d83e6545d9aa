"""导入12345工单: upload → the worker checks it (progress bar) → counts, refused rows and unmapped
words (decided here, saved to the source) → confirm → the worker imports it. And the sources'
mapping pages. Every page is for 纪检 staff (403 for others); imports and sources are read through
their visibility (``core.scoping.visible_to``), 404 for one that is not there.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ApplicationError
from core.scoping import get_visible_or_404, visible_to
from organization.models import Department
from petitions.hotline import fields as F
from petitions.hotline.runs import import_again, import_start, job_of
from petitions.models import Category, HotlineImport, HotlineSource, Satisfaction
from web.forms import add_service_error
from web.forms.hotline import HotlineSourceForm, HotlineUploadForm
from web.nav import STAFF
from web.permissions import require_roles


def _sources(user):
    return visible_to(HotlineSource, user=user)


@require_roles(STAFF)
@require_http_methods(["GET", "POST"])
def hotline_import(request):
    sources = _sources(request.user).filter(is_active=True)
    form = HotlineUploadForm(request.POST or None, request.FILES or None, sources=sources)
    if request.method == "POST" and form.is_valid():
        try:
            imp = import_start(user=request.user, source=form.cleaned_data["source"], upload=form.cleaned_data["file"])
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            return redirect("web:hotline-import-detail", pk=imp.pk)
    recent = visible_to(HotlineImport, user=request.user).select_related("source")[:20]
    context = {"form": form, "recent": recent, "has_sources": sources.exists()}
    return render(request, "web/petitions/hotline_import.html", context, status=400 if form.errors else 200)


def _choices(field):
    if field == F.CATEGORY:
        return [(c.name, c.name) for c in Category.objects.filter(is_active=True)]
    if field == F.SATISFACTION:
        return list(Satisfaction.choices)
    return [(F.NO_SUBJECT, "不对应（不是本单位的部门或人员）")] + [
        (f"department:{d.pk}", d.name) for d in Department.objects.order_by("name")
    ]


@require_roles(STAFF)
@require_GET
def hotline_import_detail(request, pk):
    imp = get_visible_or_404(HotlineImport.objects.select_related("source"), user=request.user, pk=pk)
    job = job_of(imp)
    finished = imp.state in (HotlineImport.State.DONE, HotlineImport.State.REFUSED, HotlineImport.State.FAILED)
    unmapped = [
        {"field": field, "label": F.label(field), "words": list(words.items()), "choices": _choices(field)}
        for field, words in (imp.unmapped or {}).items()
    ]
    context = {
        "imp": imp,
        "job": job,
        "finished": finished,
        "percent": int(imp.done_rows * 100 / imp.total_rows) if imp.total_rows else 0,
        "unmapped": unmapped,
        "may_confirm": imp.dry_run and imp.state == HotlineImport.State.DONE and bool(imp.stored_file),
        "may_recheck": imp.dry_run and imp.state == HotlineImport.State.REFUSED and bool(imp.stored_file),
    }
    return render(request, "web/petitions/hotline_import_detail.html", context)


@require_roles(STAFF)
@require_POST
def hotline_import_confirm(request, pk):
    """确认导入 (``action=import``) the checked file, or 重新检查 it after mapping its words."""
    imp = get_visible_or_404(HotlineImport.objects.select_related("source"), user=request.user, pk=pk)
    recheck = request.POST.get("action") != "import"
    if recheck and imp.unmapped:
        _save_words(request, imp)
    follow = import_again(user=request.user, checked=imp, dry_run=recheck)
    if follow is None:
        messages.error(request, "导入预览已失效，请重新上传工单文件")
        return redirect("web:hotline-import")
    return redirect("web:hotline-import-detail", pk=follow.pk)


@transaction.atomic
def _save_words(request, imp):
    source = HotlineSource.objects.select_for_update().get(pk=imp.source_id)
    value_map = dict(source.value_map or {})
    for field, words in imp.unmapped.items():
        allowed = {value for value, _label in _choices(field)}
        decided = dict(value_map.get(field) or {})
        for index, word in enumerate(words):
            value = request.POST.get(f"map-{field}-{index}", "")
            if value in allowed:
                decided[word] = value
        value_map[field] = decided
    source.value_map = value_map
    source.save(update_fields=["value_map", "updated_at"])


@require_roles(STAFF)
@require_GET
def hotline_sources(request):
    return render(request, "web/petitions/hotline_sources.html", {"sources": _sources(request.user)})


@require_roles(STAFF)
@require_http_methods(["GET", "POST"])
def hotline_source_edit(request, pk=None):
    source = get_visible_or_404(HotlineSource.objects.all(), user=request.user, pk=pk) if pk else HotlineSource()
    form = HotlineSourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"已保存工单来源“{form.instance.name}”")
        return redirect("web:hotline-sources")
    status = 400 if form.errors else 200
    return render(request, "web/petitions/hotline_source_form.html", {"form": form, "source": source}, status=status)
