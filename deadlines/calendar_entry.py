"""Entering a year from the State Council notice: compare with what is held, then save.

The comparison is with what the calendar uses today for each year the notice touches: the
admin-entered year when there is one, else the ``chinese-calendar`` data, else nothing (the
estimate). Saving writes the notice's year as an admin-entered ``CalendarYear`` — its days
become exactly the notice's days — through the models' own save path, so the history records
who changed which day and the open items are recomputed once after commit
(``deadlines.signals``).

A notice may list a day of the neighbouring year (元旦 from 12月31日; a 上班 Saturday in late
December). Such a day is written into that year only when that year is admin-entered; a year
the library holds keeps the library's data (a single stored day would make it an entered year
with no other holiday), and the confirmation says so when the two differ.
"""

import datetime as dt
from dataclasses import dataclass, field

import chinese_calendar
from django.db import transaction

from deadlines.calendar import LIBRARY_FIRST_YEAR, LIBRARY_LAST_YEAR
from deadlines.models import CalendarDay, CalendarYear
from deadlines.notice import Notice, NoticeDay

CHANGE_REASON = "按国务院办公厅节假日安排通知录入"

LIBRARY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

ENTERED, LIBRARY, NONE = "entered", "library", "none"
BASIS_TEXT = {
    ENTERED: "已录入的安排",
    LIBRARY: "系统内置数据（chinese-calendar）",
    NONE: "尚无数据（按法定节假日估算）",
}


@dataclass(frozen=True)
class HeldDay:
    is_workday: bool
    name: str

    @property
    def kind_text(self):
        return "调休上班" if self.is_workday else "放假"


@dataclass
class Row:
    """One date of the confirmation table: what the notice says and what is held now."""

    day: NoticeDay | None
    date: dt.date
    held: HeldDay | None
    change: str  # "new", "changed", "same", "removed"
    note: str = ""

    @property
    def weekday_text(self):
        return "周" + "一二三四五六日"[self.date.weekday()]

    @property
    def change_text(self):
        return {"new": "新增", "changed": "变更", "same": "不变", "removed": "删除"}[self.change]


@dataclass
class Comparison:
    notice: Notice
    basis: dict[int, str]  # year -> ENTERED / LIBRARY / NONE
    rows: list[Row] = field(default_factory=list)

    @property
    def basis_text(self):
        return BASIS_TEXT[self.basis[self.notice.year]]

    @property
    def is_repeat(self):
        return self.basis[self.notice.year] == ENTERED

    @property
    def changes(self):
        return [r for r in self.rows if r.change != "same"]

    @property
    def notes(self):
        return [r for r in self.rows if r.note]


def _library_days(year: int) -> dict[dt.date, HeldDay]:
    days = {d: HeldDay(False, LIBRARY_NAMES.get(n, n)) for d, n in chinese_calendar.holidays.items() if d.year == year}
    days.update(
        {
            d: HeldDay(True, LIBRARY_NAMES.get(n, n) + "调休上班")
            for d, n in chinese_calendar.workdays.items()
            if d.year == year
        }
    )
    return days


def held_days(years) -> tuple[dict[int, str], dict[dt.date, HeldDay]]:
    """For each year: where its data comes from, and its listed days (one query)."""
    years = sorted(set(years))
    entered = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    days: dict[dt.date, HeldDay] = {}
    for date, is_work, name in CalendarDay.objects.filter(calendar__year__in=entered).values_list(
        "date", "is_workday", "name"
    ):
        days[date] = HeldDay(is_work, name)
    basis = {}
    for year in years:
        if year in entered:
            basis[year] = ENTERED
        elif LIBRARY_FIRST_YEAR <= year <= LIBRARY_LAST_YEAR:
            basis[year] = LIBRARY
            days.update(_library_days(year))
        else:
            basis[year] = NONE
    return basis, days


def compare(notice: Notice) -> Comparison:
    years = {notice.year} | {d.date.year for d in notice.days}
    basis, held = held_days(years)
    comparison = Comparison(notice=notice, basis=basis)
    listed = {d.date for d in notice.days}
    for day in notice.days:
        before = held.get(day.date)
        if before is None:
            change = "new"
        elif before.is_workday != day.is_workday or before.name != day.stored_name:
            change = "changed" if before.is_workday != day.is_workday or basis[day.date.year] == ENTERED else "same"
        else:
            change = "same"
        note = ""
        if day.date.year != notice.year:
            if basis[day.date.year] == ENTERED:
                note = f"属于{day.date.year}年，将写入已录入的{day.date.year}年安排"
            elif basis[day.date.year] == LIBRARY:
                if before is not None and before.is_workday == day.is_workday:
                    change, note = "same", f"属于{day.date.year}年，系统内置数据已含此日"
                else:
                    note = (
                        f"属于{day.date.year}年，该年使用系统内置数据，此日不会保存；"
                        f"如需更正，请先录入{day.date.year}年的安排"
                    )
            else:
                note = f"属于{day.date.year}年，该年尚未录入，此日不会保存；录入{day.date.year}年时请一并录入"
        comparison.rows.append(Row(day=day, date=day.date, held=before, change=change, note=note))
    # Days held for the notice's year that the notice no longer lists: removed on save.
    for date, before in held.items():
        if date.year == notice.year and date not in listed:
            change = "removed" if basis[notice.year] == ENTERED else "same"
            note = "" if change == "removed" else "内置数据有此日，通知未列出"
            comparison.rows.append(Row(day=None, date=date, held=before, change=change, note=note))
    comparison.rows.sort(key=lambda r: r.date)
    return comparison


@dataclass
class SaveResult:
    calendar: CalendarYear
    created: int
    updated: int
    deleted: int
    skipped: list[dt.date]


def save_notice(notice: Notice) -> SaveResult:
    """Make the notice's year an entered year holding exactly the notice's days.

    Each row is saved on its own so that its history names the user (the request's, through
    simple-history's middleware) and ``CHANGE_REASON``; the recompute runs once after commit.
    """
    created = updated = deleted = 0
    skipped = []
    with transaction.atomic():
        # Not get_or_create: its savepoint would queue a recompute of its own (deadlines.services).
        calendar = CalendarYear.objects.select_for_update().filter(year=notice.year).first()
        if calendar is None:
            calendar = CalendarYear(year=notice.year, source=notice.source[:200])
            calendar._change_reason = CHANGE_REASON
            calendar.save()
        elif calendar.source != notice.source[:200]:
            calendar.source = notice.source[:200]
            calendar._change_reason = CHANGE_REASON
            calendar.save(update_fields=["source"])
        neighbours = {
            c.year: c for c in CalendarYear.objects.filter(year__in={d.date.year for d in notice.days} - {notice.year})
        }
        targets = {notice.year: calendar, **neighbours}
        existing = {d.date: d for d in CalendarDay.objects.filter(date__in=[d.date for d in notice.days])}
        for row in CalendarDay.objects.filter(calendar=calendar).exclude(date__in=[d.date for d in notice.days]):
            row._change_reason = CHANGE_REASON
            row.delete()
            deleted += 1
        for day in notice.days:
            target = targets.get(day.date.year)
            if target is None:
                skipped.append(day.date)
                continue
            row = existing.get(day.date)
            if row is None:
                row = CalendarDay(calendar=target, date=day.date, is_workday=day.is_workday, name=day.stored_name)
                row._change_reason = CHANGE_REASON
                row.save()
                created += 1
            elif (row.calendar_id, row.is_workday, row.name) != (target.pk, day.is_workday, day.stored_name):
                row.calendar, row.is_workday, row.name = target, day.is_workday, day.stored_name
                row._change_reason = CHANGE_REASON
                row.save()
                updated += 1
    return SaveResult(calendar=calendar, created=created, updated=updated, deleted=deleted, skipped=skipped)
