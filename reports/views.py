"""Server-rendered pages: the live preview, saved versions, drill-down lists, narrative and profile forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ApplicationError
from core.scoping import get_visible_or_404
from reports import permissions
from reports.downloads import docx_response, xlsx_response
from reports.drill import frozen_records, live_records
from reports.figures import MANUAL_TITLE
from reports.metrics import metrics
from reports.models import AnnualReport
from reports.selectors import effective_narrative, report_figures, report_list, report_preview, version_view
from reports.services import reports as services

PAGE_SIZE = 100


def _reader(request):
    if not permissions.can_read(request.user):
        raise Http404


def _year(value):
    try:
        return services.validate_year(value)
    except ApplicationError:
        raise Http404 from None


def _present(rendered, url_for):
    """Paragraphs as dicts the template can loop over, each figure with its link."""

    def seg(s):
        metric = metrics().get(s.code) if s.code else None
        reason = MANUAL_TITLE if s.manual else s.reason
        return {
            "text": s.text,
            "code": s.code,
            "flagged": s.flagged,
            "manual": s.manual,
            "url": url_for(s.code, metric) if s.code else reverse("reports:profile"),
            "title": (metric.label if metric else "") + (f"：{reason}" if reason else ""),
            "is_figure": bool(s.code) or s.flagged,
        }

    def segs(items):
        return [seg(s) for s in items]

    return {
        "title": segs(rendered.title),
        "recipient": segs(rendered.recipient),
        "paragraphs": [{"level": p.level, "segments": segs(p.segments)} for p in rendered.paragraphs],
        "signature": segs(rendered.signature),
        "date_text": rendered.date_text,
        "flagged_count": len(rendered.flagged),
    }


def _figure_link(base_name, **kwargs):
    def url_for(code, metric):
        if metric is None or metric.drill is None:
            return reverse("reports:profile") + f"#{metric.profile_field if metric else ''}"
        return reverse(base_name, kwargs={**kwargs, "code": code})

    return url_for


@login_required
@require_GET
def index(request):
    _reader(request)
    reports = report_list(user=request.user).defer("figures", "tables").order_by("-year", "-version")
    default_year = services.last_complete_year()
    return render(
        request,
        "reports/index.html",
        {
            "reports": reports,
            "default_year": default_year,
            "years": list(range(services.last_complete_year() + 1, services.FIRST_YEAR - 1, -1))[:10],
            "can_generate": permissions.can_generate(request.user),
            "can_edit": permissions.can_edit_narrative(request.user),
        },
    )


@login_required
@require_GET
def preview_for(request):
    """The year picker of the index page (GET ?year=…)."""
    _reader(request)
    return redirect("reports:preview", year=_year(request.GET.get("year")))


@login_required
@require_GET
def preview(request, year):
    _reader(request)
    year = _year(year)
    view = report_preview(year)
    url_for = _figure_link("reports:live-figure", year=year)
    return render(
        request,
        "reports/preview.html",
        {
            "year": year,
            "doc": _present(view.rendered, url_for),
            "extras": _extras(view.figures, url_for),
            "hints": view.hints,
            "live": True,
            "can_generate": permissions.can_generate(request.user),
            "can_edit": permissions.can_edit_narrative(request.user),
        },
    )


def _extras(figures, url_for):
    """The figures beside the text (not among the example's blanks), marked as in the text."""
    out = []
    for f in figures.values():
        if f.extra:
            out.append({**f.as_dict(), "url": url_for(f.code, metrics().get(f.code)), "manual_title": MANUAL_TITLE})
    return out


@login_required
@require_GET
def version_detail(request, pk):
    _reader(request)
    report = get_visible_or_404(AnnualReport, user=request.user, pk=pk)
    url_for = _figure_link("reports:version-figure", pk=report.pk)
    view = version_view(report)
    return render(
        request,
        "reports/version.html",
        {
            "report": report,
            "year": report.year,
            "doc": _present(view.rendered, url_for),
            "extras": _extras(view.figures, url_for),
            "hints": view.hints,
            "can_publish": permissions.can_publish(request.user) and report.is_editable,
        },
    )


def _records_page(request, result, *, title, back_url, figure):
    if result is None:
        raise Http404
    page = Paginator(result.queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [result.columns.row(obj) for obj in page.object_list]
    return render(
        request,
        "reports/records.html",
        {
            "title": title,
            "figure": figure,
            "result": result,
            "page": page,
            "rows": rows,
            "visible": page.paginator.count,
            "back_url": back_url,
        },
    )


@login_required
@require_GET
def live_figure(request, year, code):
    _reader(request)
    year = _year(year)
    figure = report_figures(year).get(code)
    if figure is None:
        raise Http404
    result = live_records(user=request.user, code=code, year=year, params=figure.params)
    return _records_page(
        request,
        result,
        title=f"{year}年度 · {figure.label}（按当前数据）",
        back_url=reverse("reports:preview", kwargs={"year": year}),
        figure=figure.as_dict(),
    )


@login_required
@require_GET
def version_figure(request, pk, code):
    _reader(request)
    report = get_visible_or_404(AnnualReport, user=request.user, pk=pk)
    figure = report.figures.get(code)
    if figure is None:
        raise Http404
    return _records_page(
        request,
        frozen_records(user=request.user, figure=figure),
        title=f"{report} · {figure['label']}（生成时统计的记录）",
        back_url=reverse("reports:version", kwargs={"pk": report.pk}),
        figure=figure,
    )


@login_required
@require_GET
def version_docx(request, pk):
    _reader(request)
    return docx_response(request, get_visible_or_404(AnnualReport, user=request.user, pk=pk))


@login_required
@require_GET
def version_xlsx(request, pk):
    _reader(request)
    return xlsx_response(request, get_visible_or_404(AnnualReport, user=request.user, pk=pk))


@login_required
@require_POST
def generate(request):
    _reader(request)
    try:
        report = services.report_generate(user=request.user, year=request.POST.get("year"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("reports:index")
    messages.success(request, f"已生成{report}")
    return redirect("reports:version", pk=report.pk)


@login_required
@require_POST
def publish(request, pk):
    _reader(request)
    report = get_visible_or_404(AnnualReport, user=request.user, pk=pk)
    try:
        services.report_publish(user=request.user, report=report)
        messages.success(request, f"{report}已定稿")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("reports:version", pk=report.pk)


@login_required
@require_http_methods(["GET", "POST"])
def narrative(request, year):
    _reader(request)
    year = _year(year)
    can_edit = permissions.can_edit_narrative(request.user)
    errors = {}
    current = effective_narrative(year)
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in services.TEXT_FIELDS}
        data["manual_values"] = {
            key.removeprefix("manual__"): value.strip()
            for key, value in request.POST.items()
            if key.startswith("manual__") and value.strip()
        }
        try:
            services.narrative_save(user=request.user, year=year, data=data)
            messages.success(request, f"{year}年度文稿已保存")
            return redirect("reports:narrative", year=year)
        except ApplicationError as exc:
            errors = exc.detail or {"__all__": [exc.message]}
            current = {**current, **data}
    view = report_preview(year, narrative=current)
    catalogue = [
        {
            "code": m.code,
            "label": m.label,
            "unit": m.unit,
            "flagged": view.figures[m.code].flagged,
            "source": view.figures[m.code].source,
            "superseded": view.figures[m.code].superseded,
        }
        for m in metrics().values()
    ]
    manual = current.get("manual_values") or {}
    return render(
        request,
        "reports/narrative.html",
        {
            "year": year,
            "narrative": current,
            "errors": errors,
            "can_edit": can_edit,
            "hints": view.hints,
            "catalogue": catalogue,
            "manual_title": MANUAL_TITLE,
            "manual_rows": [
                {
                    "code": c["code"],
                    "label": c["label"],
                    "value": manual.get(c["code"], ""),
                    "superseded": c["superseded"],
                }
                for c in catalogue
                if c["flagged"] or c["code"] in manual
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    _reader(request)
    from organization.models import UnitProfile
    from reports.models import ReportProfile

    can_edit = permissions.can_edit_profile(request.user)
    if request.method == "POST":
        try:
            services.profile_update(
                user=request.user, data={k: request.POST.get(k, "")[:100] for k in services.PROFILE_FIELDS}
            )
            messages.success(request, "报告用单位信息已保存")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("reports:profile")
    report_profile = ReportProfile.load()
    fields = [
        {
            "name": name,
            "label": ReportProfile._meta.get_field(name).verbose_name,
            "value": getattr(report_profile, name),
            "help": ReportProfile._meta.get_field(name).help_text,
        }
        for name in services.PROFILE_FIELDS
    ]
    return render(request, "reports/profile.html", {"fields": fields, "unit": UnitProfile.load(), "can_edit": can_edit})
