"""信访统计 as an Excel workbook: the page's tables, one sheet each, this year beside last year.

Names (categories, departments, persons) are written through ``core.excel.neutralise``, so a
name that begins like a formula is text in Excel, never run.
"""

from io import BytesIO

from openpyxl import Workbook

from core.excel import neutralise
from petitions.statistics.figures import ON_TIME_DEFINITION, SATISFACTION_DEFINITION, YearStatistics


def _rate_text(rate):
    return "—" if rate is None else f"{rate}%"


def tables(stats: YearStatistics) -> list[tuple[str, str, list, bool]]:
    """(name, first column's header, groups, whether the groups add up to the year's total) of
    every count table, in the page's order (转办部门 holds only the transferred petitions, the
    人员 table only the most frequent)."""
    return [
        ("按月份", "收件月份", stats.months, True),
        ("按问题类别", "问题类别", stats.categories, True),
        ("按被反映单位", "被反映单位", stats.departments, True),
        ("按转办部门", "转办部门", stats.transfer_departments, False),
        ("按渠道", "渠道", stats.channels, True),
        ("被反映较多的人员", "被反映人", stats.persons, False),
    ]


def rate_rows(stats: YearStatistics) -> list[tuple[str, object, object]]:
    this, prev = stats.rates, stats.prev_rates
    return [
        ("收到信访件（件）", this.total, prev.total),
        ("已办结且有办结期限（件）", this.timed, prev.timed),
        ("按期办结（件）", this.on_time, prev.on_time),
        ("超期办结（件）", this.late, prev.late),
        ("按期办结率", _rate_text(this.on_time_rate), _rate_text(prev.on_time_rate)),
        ("满意（件）", this.satisfied, prev.satisfied),
        ("基本满意（件）", this.basic, prev.basic),
        ("不满意（件）", this.unsatisfied, prev.unsatisfied),
        ("未回访（件）", this.unreached, prev.unreached),
        ("满意度", _rate_text(this.satisfaction_rate), _rate_text(prev.satisfaction_rate)),
    ]


def write_statistics(stats: YearStatistics) -> bytes:
    workbook = Workbook(write_only=True)
    years = [f"{stats.year}年", f"{stats.previous}年"]

    sheet = workbook.create_sheet("办结与满意度")
    sheet.append([f"{stats.year}年度信访统计（与{stats.previous}年对比）"])
    sheet.append(["项目", *years])
    for label, this, prev in rate_rows(stats):
        sheet.append([label, this, prev])
    sheet.append([])
    sheet.append([ON_TIME_DEFINITION])
    sheet.append([SATISFACTION_DEFINITION])

    for name, header, groups, complete in tables(stats):
        sheet = workbook.create_sheet(name)
        sheet.append([header, *years, "增减"])
        for group in groups:
            sheet.append([neutralise(group.label), group.this, group.prev, group.change])
        if complete:
            sheet.append(["合计", sum(g.this for g in groups), sum(g.prev for g in groups), None])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
