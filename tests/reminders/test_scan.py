"""The scan's rules: closure, reassignment, extension, recusal, re-runs, query count, command."""

import datetime as dt
from dataclasses import replace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from organization.models import Person
from organization.roles import Role
from reminders import scan as scan_module
from reminders.models import AudienceRole, Notification, OutboxMessage, Reminder, ReminderStep, ScanRun, Stage
from reminders.scan import run_scan
from reminders.sources import PersonField, register_source, unregister_source
from tests.factories import make_user
from tests.reminders.conftest import at
from tests.reminders.standin import grant_source

D = dt.date
DUE = D(2026, 6, 15)


def _occurrences(item):
    return set(Reminder.objects.filter(object_id=item.pk).values_list("stage", "number", "recipient_id"))


@pytest.mark.django_db
class TestRules:
    def test_nothing_after_closure(self, source, ladder, make_item, time_machine):
        # Given an overdue item reminded on its first overdue day
        item = make_item(DUE)
        time_machine.move_to(at(DUE + dt.timedelta(days=1)), tick=False)
        assert run_scan().created == 4
        # When it is closed (here: revoked) and the next repeat day comes
        item.revoked_at = timezone.now()
        item.save()
        time_machine.move_to(at(DUE + dt.timedelta(days=4)), tick=False)
        # Then nothing more is created for it
        assert run_scan().created == 0
        assert Reminder.objects.filter(object_id=item.pk, number=1).count() == 0

    def test_reassigned_item_new_person_gets_only_the_stages_to_come(self, source, ladder, make_item, time_machine):
        # Given the warning already went to the first responsible person
        item = make_item(DUE)
        time_machine.move_to(at(DUE - dt.timedelta(days=10)), tick=False)
        run_scan()
        assert (Stage.WARNING, 0, ladder.person.person.pk) in _occurrences(item)
        # When the item is reassigned to a new person the same day and the scan runs again
        newcomer = make_user(Role.OFFICE, username="xinren", person_name="新责任人", email="x@example.cn")
        item.user = newcomer
        item.save()
        assert run_scan().created == 0  # the warning was handled for this item and date
        time_machine.move_to(at(DUE - dt.timedelta(days=5)), tick=False)
        assert run_scan().created == 0
        # Then on the due day the newcomer (not the former person) receives the due reminder
        time_machine.move_to(at(DUE), tick=False)
        run_scan()
        due_people = {p for stage, _, p in _occurrences(item) if stage == Stage.DUE}
        assert due_people == {newcomer.person.pk, ladder.leader.person.pk}
        assert not Reminder.objects.filter(recipient=newcomer.person, stage=Stage.WARNING).exists()

    def test_extension_starts_a_fresh_ladder(self, source, ladder, make_item, time_machine):
        # Given an item reminded as overdue
        item = make_item(DUE)
        time_machine.move_to(at(DUE + dt.timedelta(days=1)), tick=False)
        run_scan()
        # When an extension moves the due date 30 days on
        new_due = DUE + dt.timedelta(days=30)
        item.expires_at = at(new_due, 12, 0)
        item.save()
        # Then the old ladder stops, and the new due date's ladder starts at its own notice
        time_machine.move_to(at(DUE + dt.timedelta(days=4)), tick=False)
        assert run_scan().created == 0  # 26 days ahead: outside every window
        time_machine.move_to(at(new_due - dt.timedelta(days=20)), tick=False)
        assert run_scan().created == 1
        notice = Reminder.objects.get(object_id=item.pk, stage=Stage.NOTICE)
        assert notice.due_date == new_due and notice.recipient == ladder.person.person

    def test_the_person_an_item_is_about_never_receives_it(self, ladder, make_item, time_machine):
        # Given a source whose items are about a person (被反映人) who is also the supervisor
        source = register_source(replace(grant_source(key="test.recusal"), recusal_fields=("granted_by__person__id",)))
        try:
            make_item(DUE, leader=ladder.supervisor)
            time_machine.move_to(at(DUE + dt.timedelta(days=1)), tick=False)
            run_scan()
        finally:
            unregister_source(source.key)
        # Then the supervisor, though in the overdue audience, gets nothing about it
        recipients = set(Reminder.objects.values_list("recipient_id", flat=True))
        assert ladder.supervisor.person.pk not in recipients
        assert recipients == ladder.pid("person", "head")

    def test_no_responsible_person_falls_back_to_the_department_head(self, source, ladder, make_item, time_machine):
        # Given the responsible person has left (inactive): the notice would reach nobody
        make_item(DUE)
        Person.objects.filter(pk=ladder.person.person.pk).update(is_active=False)
        time_machine.move_to(at(DUE - dt.timedelta(days=20)), tick=False)
        run_scan()
        # Then it goes to the department head instead of being dropped
        assert set(Reminder.objects.values_list("recipient_id", flat=True)) == ladder.pid("head")

    def test_steps_are_editable_and_switchable(self, source, ladder, make_item, time_machine):
        # Given the admin adds the supervisor to the notice and switches off the warning
        ReminderStep.objects.filter(stage=Stage.NOTICE).update(to_supervisor=True)
        ReminderStep.objects.filter(stage=Stage.WARNING).update(is_active=False)
        make_item(DUE)
        time_machine.move_to(at(DUE - dt.timedelta(days=20)), tick=False)
        run_scan()
        assert set(Reminder.objects.values_list("recipient_id", flat=True)) == ladder.pid("person", "supervisor")
        time_machine.move_to(at(DUE - dt.timedelta(days=10)), tick=False)
        assert run_scan().created == 0

    def test_second_run_creates_nothing(self, source, ladder, make_item, time_machine):
        make_item(DUE)
        make_item(DUE + dt.timedelta(days=3))
        time_machine.move_to(at(DUE), tick=False)
        first = run_scan()
        counts = (Reminder.objects.count(), Notification.objects.count(), OutboxMessage.objects.count())
        second = run_scan()
        assert first.created == 4 and second.created == 0
        assert (Reminder.objects.count(), Notification.objects.count(), OutboxMessage.objects.count()) == counts
        assert ScanRun.objects.count() == 2

    def test_a_plan_replayed_after_another_scan_wrote_creates_nothing(self, source, ladder, make_item, time_machine):
        # The unique constraint, not the planning, is what stops a second row: a plan made
        # before another scan wrote (a retried task, a second worker) inserts nothing.
        make_item(DUE)
        time_machine.move_to(at(DUE), tick=False)
        stale_plan = scan_module.build_plan(DUE)
        assert run_scan().created == 2
        result = scan_module.write_plan(stale_plan, trigger="retry")
        assert result.planned == 2 and result.created == 0
        assert Reminder.objects.count() == 2 and Notification.objects.count() == 2

    def test_notification_and_text_name_the_item_by_number_and_title(self, source, ladder, make_item, time_machine):
        item = make_item(DUE, reason="整改台账更新")
        time_machine.move_to(at(DUE - dt.timedelta(days=10)), tick=False)
        run_scan()
        note = Notification.objects.get(user=ladder.person)
        assert note.title == f"【黄灯预警】测试事项：第{item.pk}号 整改台账更新"
        assert note.body == "办理期限：2026年6月15日（还有10日到期）。即将到期，请抓紧办理。"
        assert note.link == f"/items/{item.pk}/"


@pytest.mark.django_db
def test_query_count_does_not_grow_with_items(source, ladder, make_item, time_machine, settings):
    # Given 3 items due, scanned; then 100 more items due (with several people), scanned.
    # (210 reminder rows: bulk_create would split them into several INSERTs on SQLite,
    # 999 parameters each; reminders.bulk writes each table with one statement.)
    settings.REMINDER_CHANNELS = ["email"]
    time_machine.move_to(at(DUE), tick=False)

    def scan_queries(n, day):
        for i in range(n):
            make_item(day, person=ladder.person if i % 2 else ladder.head)
        time_machine.move_to(at(day), tick=False)
        with CaptureQueriesContext(connection) as ctx:
            result = run_scan()
        return len(ctx.captured_queries), result

    small, small_result = scan_queries(3, DUE)
    large, large_result = scan_queries(100, DUE + dt.timedelta(days=1))
    # The large scan also sees the 3 earlier items (now overdue): 103 items, 210 reminders
    assert small_result.created == 6 and large_result.created == 210
    assert large_result.notifications == 210 and large_result.outbox == 4
    # Then the number of queries is the same: one candidate query per source, bulk lookups
    # and one INSERT per table — nothing per item, per recipient or per batch of rows.
    assert large == small, (small, large)


@pytest.mark.django_db
class TestCommand:
    def test_counts_per_kind_and_total_last(self, source, ladder, make_item, time_machine, capsys):
        make_item(DUE)
        make_item(DUE + dt.timedelta(days=10))
        time_machine.move_to(at(DUE + dt.timedelta(days=2)), tick=False)
        call_command("send_reminders", "--date", "2026-06-15")
        lines = [line.strip() for line in capsys.readouterr().out.strip().splitlines()]
        assert "测试事项（test.grant）· 到期提醒：新增 2 条" in lines
        assert "测试事项（test.grant）· 黄灯预警：新增 2 条" in lines
        assert lines[-1] == "total created: 4"
        call_command("send_reminders", "--date", "2026-06-15")
        assert capsys.readouterr().out.strip().splitlines()[-1] == "total created: 0"

    def test_dry_run_writes_nothing(self, source, ladder, make_item, capsys):
        make_item(DUE)
        call_command("send_reminders", "--date", "2026-06-15", "--dry-run")
        out = capsys.readouterr().out.strip().splitlines()
        assert "试运行：将新增 2 条提醒（未写入）" in out
        assert out[-1] == "total created: 0"
        assert not Reminder.objects.exists() and not ScanRun.objects.exists()

    @pytest.mark.parametrize("bad", ["2026-13-01", "tomorrow", "2026/06/15"])
    def test_bad_date_is_a_clear_error(self, bad):
        with pytest.raises(CommandError, match="日期格式错误.*YYYY-MM-DD"):
            call_command("send_reminders", "--date", bad)

    def test_bad_date_from_the_shell_has_no_traceback(self, tmp_path):
        import os
        import subprocess
        import sys

        from django.conf import settings

        env = {**os.environ, "DATA_DIR": str(tmp_path)}
        proc = subprocess.run(
            [sys.executable, "manage.py", "send_reminders", "--date", "2026-02-30"],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 1
        assert "日期格式错误" in proc.stderr and "Traceback" not in proc.stderr


def test_audience_paths_are_added_to_the_one_candidate_query():
    source = grant_source()
    assert {"user__person__id", "granted_by__person__id"} <= set(source.value_fields())
    assert isinstance(source.audience(AudienceRole.RESPONSIBLE_PERSON), PersonField)
