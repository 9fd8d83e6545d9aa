"""Bench: compiling a year's figures over large tables, and rendering the .docx.

``reports.compile_year`` builds activities (200k at scale 1) and risk points over
three years, plus — in ``reports.metrics.external.bench`` — 500k petitions, 100k
measures, recommendations and clues; it times ``compile_year`` against a floor of
hand-written SQL doing the same aggregates, one round trip each. ``reports.render_docx`` times the
GB/T 9704 .docx of a full report against python-docx writing the same paragraphs
with no formatting at all.
"""

import datetime as dt
import io

from django.db import connection

from core.bench import BenchCase, fetch_all, register
from reports.docx.annual import annual_report_docx
from reports.metrics import compile_year, metrics
from reports.metrics.base import COUNT
from reports.models import Activity, ActivityKind, RiskCategory, RiskPoint
from reports.rendering import render_live

YEAR = 2023
BATCH = 5000

# Extra parts (setup(rows, ctx), floor(ctx) -> {code: value}) registered by other modules.
PARTS = []


def _dates(n, year):
    """n dates spread over year-1 .. year+1 (a third in the year compiled)."""
    start = dt.date(year - 1, 1, 1)
    span = (dt.date(year + 2, 1, 1) - start).days
    return [start + dt.timedelta(days=(i * 7919) % span) for i in range(n)]


def _setup_activities(rows):
    kinds = list(ActivityKind.objects.order_by("id"))
    Activity.objects.bulk_create(
        (
            Activity(
                kind=kinds[i % len(kinds)],
                date=d,
                title=f"基准记录{i}",
                quantity=1 + i % 5,
                is_seminar=kinds[i % len(kinds)].allows_seminar and i % 3 == 0,
            )
            for i, d in enumerate(_dates(rows, YEAR))
        ),
        batch_size=BATCH,
    )
    categories = list(RiskCategory.objects.order_by("id"))
    risk_rows = max(10, rows // 20)
    RiskPoint.objects.bulk_create(
        (
            RiskPoint(
                category=categories[(i * i) % len(categories)],
                date=d,
                title=f"基准风险点{i}",
                shortcoming_count=1 + i % 3,
                suggestion_count=i % 4,
            )
            for i, d in enumerate(_dates(risk_rows, YEAR))
        ),
        batch_size=BATCH,
    )


def _setup(rows):
    _setup_activities(rows)
    ctx = {"year": YEAR, "rows": rows}
    for setup, _floor in PARTS:
        setup(rows, ctx)
    connection.queries_log.clear()  # so that the command's query count measures the run, not the set-up
    return ctx


def _values(figures):
    """Each figure's value; no data reads as 0 (a count) or "" (a name), as the floor's SQL gives it."""
    kinds = {code: m.kind for code, m in metrics().items()}
    return {
        code: f.value if f.value is not None else (0 if kinds[code] == COUNT else "") for code, f in figures.items()
    }


def _run(ctx):
    return _values(compile_year(ctx["year"]))


def floor_internal(ctx):
    """The same aggregates as the compiler, hand-written, one round trip each."""
    year = ctx["year"]
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    out = {}
    by_kind = {
        code: (total, seminars, first)
        for code, total, seminars, first in fetch_all(
            "SELECT k.code, SUM(a.quantity), SUM(CASE WHEN a.is_seminar THEN a.quantity ELSE 0 END), MIN(a.date)"
            " FROM reports_activity a JOIN reports_activitykind k ON k.id = a.kind_id"
            " WHERE a.archived_at IS NULL AND a.date >= %s AND a.date < %s GROUP BY k.code",
            [start, end],
        )
    }
    risks = fetch_all(
        'SELECT c.name, COUNT(*), SUM(r.shortcoming_count), SUM(r.suggestion_count), c."order", c.id'
        " FROM reports_riskpoint r JOIN reports_riskcategory c ON c.id = r.category_id"
        " WHERE r.archived_at IS NULL AND r.date >= %s AND r.date < %s"
        ' GROUP BY c.id, c.name, c."order" ORDER BY COUNT(*) DESC, c."order", c.id',
        [start, end],
    )
    unit = fetch_all("SELECT name, superior_body FROM organization_unitprofile WHERE id = 1", [])
    profile = fetch_all(
        "SELECT unit_short_name, line_of_work, campaign_name, column_name, system_name, recipient"
        " FROM reports_reportprofile WHERE id = 1",
        [],
    )
    out["_raw"] = (by_kind, risks, unit, profile)
    for _setup_part, floor in PARTS:
        out.update(floor(ctx))
    return out


def _check(ctx, run_result, floor_result):
    by_kind, risks, _unit, _profile = floor_result["_raw"]
    from reports.metrics.activities import _COUNTS

    for code, (kind_code, _label, _unit_word, seminar) in _COUNTS.items():
        total, seminars, _first = by_kind.get(kind_code, (0, 0, None))
        expected = (seminars if seminar else total) or 0
        assert run_result.get(code, 0) == expected, f"{code}: {run_result.get(code)} != {expected}"
    assert run_result["risk_points"] == sum(r[1] for r in risks)
    assert run_result["risk_shortcomings"] == sum(r[2] for r in risks)
    # Fewer than three categories in the year (a small scale): the missing places read as "".
    top = [r[0] for r in risks[:3]] + [""] * (3 - len(risks[:3]))
    assert [run_result.get(f"risk_category_{i}") for i in (1, 2, 3)] == top, (run_result, top)
    for code, value in floor_result.items():
        if code != "_raw":
            assert run_result.get(code) == value, f"{code}: {run_result.get(code)} != {value}"


from reports.metrics.external import bench as _external  # noqa: E402  (the other apps' data and floors)

PARTS.append((_external.setup, _external.floor))

register(
    BenchCase(
        name="reports.compile_year",
        description="compile a year's report figures (200k activities; 500k petitions, 100k measures when installed)",
        size=200_000,
        setup=_setup,
        run=_run,
        floor=floor_internal,
        check=_check,
    )
)


def _docx_setup(rows):
    _setup_activities(rows)
    _figures, rendered = render_live(YEAR)
    return {"rendered": rendered}


def _docx_run(ctx):
    return len(annual_report_docx(ctx["rendered"]))


def _docx_floor(ctx):
    import docx

    document = docx.Document()
    rendered = ctx["rendered"]
    for text in rendered.plain_text().splitlines():
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return len(buffer.getvalue())


register(
    BenchCase(
        name="reports.render_docx",
        description="render the annual report .docx (GB/T 9704) vs. unformatted python-docx paragraphs",
        size=2_000,
        setup=_docx_setup,
        run=_docx_run,
        floor=_docx_floor,
    )
)

from reports.rounds import bench as _round_documents  # noqa: E402,F401  (the round documents case)
