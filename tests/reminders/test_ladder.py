"""Each threshold on the right day, with the clock moved (time-machine)."""

import datetime as dt

import pytest

from deadlines.calendar import LIBRARY_LAST_YEAR
from deadlines.light import Light, light_for
from deadlines.models import DeadlinePolicy, Unit
from reminders.ladder import Ladder
from reminders.models import Reminder, Stage
from reminders.scan import run_scan
from tests.reminders.conftest import at
from tests.reminders.standin import SOURCE_KEY

D = dt.date
DUE = D(2026, 6, 15)  # a Monday


def _run_days(time_machine, first, last):
    """Scan every day from first to last (07:30); return {day: {(stage, number): recipients}}."""
    created = {}
    day = first
    while day <= last:
        time_machine.move_to(at(day), tick=False)
        before = set(Reminder.objects.values_list("id", flat=True))
        result = run_scan(trigger="test")
        new = Reminder.objects.exclude(id__in=before)
        assert result.created == new.count()
        if result.created:
            occurrences = {}
            for stage, number, person in new.values_list("stage", "number", "recipient_id"):
                occurrences.setdefault((stage, number), set()).add(person)
            created[day] = occurrences
        day += dt.timedelta(days=1)
    return created


@pytest.mark.django_db
def test_each_stage_fires_once_on_its_day_with_the_widening_audience(source, ladder, make_item, time_machine):
    # Given one item due 2026-06-15 and the default policy (20 / 10 days, repeat 3, escalate 10)
    make_item(DUE)
    # When the scan runs every morning from 25 days before to 14 days after
    created = _run_days(time_machine, DUE - dt.timedelta(days=25), DUE + dt.timedelta(days=14))
    # Then each occurrence appears exactly once, on its day, to the ladder's people
    p = ladder.pid
    assert created == {
        D(2026, 5, 26): {(Stage.NOTICE, 0): p("person")},
        D(2026, 6, 5): {(Stage.WARNING, 0): p("person", "leader")},
        D(2026, 6, 15): {(Stage.DUE, 0): p("person", "leader")},
        D(2026, 6, 16): {(Stage.OVERDUE, 0): p("person", "leader", "head", "supervisor")},
        D(2026, 6, 19): {(Stage.OVERDUE, 1): p("person", "leader", "head", "supervisor")},
        D(2026, 6, 22): {(Stage.OVERDUE, 2): p("person", "leader", "head", "supervisor")},
        D(2026, 6, 25): {(Stage.ESCALATION, 0): p("person", "leader", "head", "supervisor", "principal")},
        D(2026, 6, 28): {(Stage.ESCALATION, 1): p("person", "leader", "head", "supervisor", "principal")},
    }


@pytest.mark.django_db
def test_windows_follow_the_shared_policy(source, ladder, make_item, time_machine):
    # Given the admin narrows the windows (the same row the traffic light reads)
    policy = DeadlinePolicy.load()
    policy.notice_days, policy.warning_days, policy.overdue_repeat_days, policy.escalate_after_days = 7, 2, 5, 6
    policy.save()
    make_item(DUE)
    created = _run_days(time_machine, DUE - dt.timedelta(days=10), DUE + dt.timedelta(days=12))
    assert {day: set(occ) for day, occ in created.items()} == {
        D(2026, 6, 8): {(Stage.NOTICE, 0)},
        D(2026, 6, 13): {(Stage.WARNING, 0)},
        D(2026, 6, 15): {(Stage.DUE, 0)},
        D(2026, 6, 16): {(Stage.OVERDUE, 0)},
        D(2026, 6, 21): {(Stage.ESCALATION, 0)},
        D(2026, 6, 26): {(Stage.ESCALATION, 1)},
    }


@pytest.mark.django_db
def test_working_day_thresholds_cross_the_national_day_holiday(workday_source, ladder, make_item, time_machine):
    # Given a working-day item due Fri 2026-10-09, right after 国庆 (10-01..10-07) and 中秋
    # (09-25..09-27): 3 working days before is 09-29, 1 working day before is 10-08.
    make_item(D(2026, 10, 9))
    created = _run_days(time_machine, D(2026, 9, 20), D(2026, 10, 12))
    assert {day: set(occ) for day, occ in created.items()} == {
        D(2026, 9, 29): {(Stage.NOTICE, 0)},
        D(2026, 10, 8): {(Stage.WARNING, 0)},
        D(2026, 10, 9): {(Stage.DUE, 0)},
        D(2026, 10, 10): {(Stage.OVERDUE, 0)},
    }
    # A Monday–Friday count would have warned on 10-08 too but noticed on 10-06, mid-holiday.
    assert D(2026, 10, 6) not in created


@pytest.mark.django_db
@pytest.mark.parametrize("unit", [Unit.DAY, Unit.WORKDAY, Unit.MONTH])
@pytest.mark.parametrize("windows", [None, (6, 4, 3, 2)], ids=["default", "changed"])
def test_warning_stage_is_exactly_the_yellow_light(unit, windows):
    # The ladder and the light read the same DeadlinePolicy row: over two months of days
    # around the National Day holiday the two never disagree — with the default windows
    # and after an admin changed them.
    if windows:
        policy = DeadlinePolicy.load()
        policy.notice_days, policy.warning_days, policy.short_notice_workdays, policy.short_warning_workdays = windows
        policy.save()
    due = D(2026, 10, 9)
    day = D(2026, 8, 20)
    yellow_days = 0
    while day <= D(2026, 10, 20):
        # each reads the setting from the database itself
        occurrence = Ladder.build(day).occurrence(due, unit)
        light = light_for(due, today=day, unit=unit)
        yellow_days += light == Light.YELLOW
        stage = occurrence.stage if occurrence else None
        if light == Light.YELLOW:
            assert stage in (Stage.WARNING, Stage.DUE), day
        elif light == Light.RED:
            assert stage in (Stage.OVERDUE, Stage.ESCALATION), day
        else:
            assert stage in (None, Stage.NOTICE), day
        day += dt.timedelta(days=1)
    # and the window in force is the changed one: 10 → 4 days (09-29… → 10-05…10-09);
    # 1 → 2 working days (10-08…10-09 → 09-30…10-09, across the National Day holiday)
    working_day = unit == Unit.WORKDAY
    assert yellow_days == ({None: 2, (6, 4, 3, 2): 10} if working_day else {None: 11, (6, 4, 3, 2): 5})[windows]


@pytest.mark.django_db
def test_a_year_beyond_the_calendar_library_does_not_crash(workday_source, make_item, time_machine):
    # Given a working-day item due in a year neither the library nor an admin has entered
    year = LIBRARY_LAST_YEAR + 1
    make_item(D(year, 3, 6))
    time_machine.move_to(at(D(year, 3, 4)), tick=False)
    # Then the estimated calendar (statutory holidays, no 调休) still yields a stage — notice: 3 weekdays
    # ahead reach 03-09 — not an exception
    result = run_scan()
    assert result.created and set(Reminder.objects.values_list("stage", flat=True)) == {Stage.NOTICE}


@pytest.mark.django_db
def test_a_late_scan_sends_the_current_stage_not_the_missed_ones(source, ladder, make_item, time_machine):
    # Given beat was down for weeks: the first scan runs 5 days after the due date
    item = make_item(DUE)
    time_machine.move_to(at(DUE + dt.timedelta(days=5)), tick=False)
    run_scan()
    # Then only the current occurrence (overdue #1, day 4–6) is sent — once
    assert set(Reminder.objects.filter(object_id=item.pk).values_list("stage", "number")) == {(Stage.OVERDUE, 1)}
    assert Reminder.objects.filter(source=SOURCE_KEY).count() == 4  # person, leader, head, supervisor
