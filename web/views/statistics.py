"""信访统计: a year's petitions against the year before, as tables, charts and an Excel file.

For 纪检 staff and leaders (offices and the 系统管理员 get 403); the figures come from
``petitions.statistics`` over what the user may see, and every number links to the petition list
with the parameters that select exactly the petitions it counts (``web.dashboard.lists.link``).
"""

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from core.audit import log_event
from core.models import AuditLog
from petitions import statistics
from petitions.models import Satisfaction
from petitions.statistics.excel import tables, write_statistics
from web.dashboard.lists import PETITIONS, Number, link
from web.nav import READERS
from web.permissions import require_roles

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_YEAR = 2000
YEARS_OFFERED = 10


class YearForm(forms.Form):
    year = forms.IntegerField(
        label="统计年度", required=False, error_messages={"invalid": "统计年度应为四位数的年份，如 2026"}
    )

    def __init__(self, data, *, today):
        super().__init__(data)
        self.current = today.year

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is None:
            return self.current
        if not FIRST_YEAR <= year <= self.current:
            raise forms.ValidationError(f"统计年度应在 {FIRST_YEAR} 至 {self.current} 年之间")
        return year


def _year(request):
    """(year, error): the asked year, or this year and the reason the asked one is refused."""
    form = YearForm(request.GET, today=timezone.localdate())
    if form.is_valid():
        return form.cleaned_data["year"], ""
    errors = "；".join(e for errs in form.errors.values() for e in errs)
    return form.current, errors


def _number(value, params, year):
    return Number(value, link(PETITIONS, statistics.drill_params(params, year)))


def _table_rows(groups, stats):
    return [
        {
            "label": g.label,
            "this": _number(g.this, g.params, stats.year),
            "prev": _number(g.prev, g.params, stats.previous),
            "change": g.change,
        }
        for g in groups
    ]


def _rate_block(rates, year):
    grade = lambda *values: {"satisfaction_grade": [v.value for v in values]}  # noqa: E731
    return {
        "year": year,
        "rates": rates,
        "total": _number(rates.total, {}, year),
        "timed": _number(rates.timed, statistics.CONCLUSION_PARAMS["timed"], year),
        "on_time": _number(rates.on_time, statistics.CONCLUSION_PARAMS["on_time"], year),
        "late": _number(rates.late, statistics.CONCLUSION_PARAMS["late"], year),
        "rated": _number(rates.rated, grade(*statistics.GRADED), year),
        "pleased": _number(rates.pleased, grade(*statistics.PLEASED), year),
        "satisfied": _number(rates.satisfied, grade(Satisfaction.SATISFIED), year),
        "basic": _number(rates.basic, grade(Satisfaction.BASIC), year),
        "unsatisfied": _number(rates.unsatisfied, grade(Satisfaction.UNSATISFIED), year),
        "unreached": _number(rates.unreached, grade(Satisfaction.UNREACHED), year),
    }


def _chart(groups, stats):
    return {
        "labels": [g.label for g in groups],
        "series": [
            {
                "name": f"{y}年",
                "data": [getattr(g, attr) for g in groups],
                "links": [link(PETITIONS, statistics.drill_params(g.params, y)) for g in groups],
            }
            for y, attr in ((stats.year, "this"), (stats.previous, "prev"))
        ],
    }


def statistics_context(stats):
    sections = []
    for (name, header, groups, complete), key in zip(
        tables(stats), ("months", "categories", "departments", "transfers", "channels", "persons"), strict=True
    ):
        sections.append(
            {
                "key": key,
                "title": name.removeprefix("按"),
                "header": header,
                "rows": _table_rows(groups, stats),
                "complete": complete,
                "chart": _chart(groups, stats) if key != "persons" else None,
            }
        )
    return {
        "stats": stats,
        "sections": sections,
        "rate_blocks": [_rate_block(stats.rates, stats.year), _rate_block(stats.prev_rates, stats.previous)],
        "charts": {s["key"]: s["chart"] for s in sections if s["chart"]},
        "on_time_definition": statistics.ON_TIME_DEFINITION,
        "satisfaction_definition": statistics.SATISFACTION_DEFINITION,
    }


@require_roles(READERS)
@require_GET
def petition_statistics(request):
    year, error = _year(request)
    today = timezone.localdate()
    context = {
        "year": year,
        "error": error,
        "years": list(range(today.year, today.year - YEARS_OFFERED, -1)),
    }
    if error:
        return render(request, "web/petitions/statistics.html", context, status=400)
    stats = statistics.year_statistics(user=request.user, year=year)
    context.update(statistics_context(stats))
    return render(request, "web/petitions/statistics.html", context)


@require_roles(READERS)
@require_GET
def petition_statistics_export(request):
    year, error = _year(request)
    if error:
        return HttpResponse(f"统计年度有误：{error}", status=400, content_type="text/plain; charset=utf-8")
    stats = statistics.year_statistics(user=request.user, year=year)
    content = write_statistics(stats)
    log_event(AuditLog.Event.EXPORT, request=request, target="信访统计", year=year, rows=stats.total)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"信访统计-{year}年.xlsx")
    return response
