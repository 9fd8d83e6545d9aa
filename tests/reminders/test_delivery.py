"""Delivery: one digest per person per day, quiet hours, the outbox, channels, the sweeper."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from unittest import mock

import pytest
from django.core import mail
from kombu.exceptions import OperationalError

from config.celery import app
from reminders import catch_up
from reminders.delivery import outbox, sweeper
from reminders.models import DeliverySettings, OutboxMessage, ScanRun
from reminders.scan import run_scan
from tests.reminders.conftest import at

D = dt.date
MONDAY = D(2026, 6, 15)


def _send(moment):
    return outbox.send_due(now=moment)


@pytest.fixture(autouse=True)
def _email_only(settings):
    settings.REMINDER_CHANNELS = ["email"]


@pytest.mark.django_db
class TestDigest:
    def test_one_mail_per_person_listing_all_their_items(self, source, ladder, make_item, time_machine):
        # Given the responsible person has three items at different stages today
        items = [make_item(MONDAY), make_item(MONDAY + dt.timedelta(days=5)), make_item(MONDAY - dt.timedelta(days=1))]
        time_machine.move_to(at(MONDAY, 9, 0), tick=False)
        run_scan()
        # When the outbox is sent
        stats = _send(at(MONDAY, 9, 0))
        # Then each person gets exactly one mail; the responsible person's lists all three
        by_address = {m.to[0]: m for m in mail.outbox}
        assert len(mail.outbox) == len(by_address) == stats["sent"] == 4  # person, leader, head, supervisor
        digest = by_address["zeren@example.cn"]
        assert digest.subject == "【催办督办】2026年6月15日 您有3项事项需要办理"
        assert all(f"第{item.pk}号" in digest.body for item in items)
        assert digest.body.startswith("责任人甲同志：")
        # most urgent first: the overdue one, then due today, then the warning
        assert digest.body.index("逾期催办") < digest.body.index("到期提醒") < digest.body.index("黄灯预警")
        assert by_address["zz@example.cn"].subject.endswith("您有1项事项需要办理")
        assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 4

    def test_sending_twice_sends_once(self, source, ladder, make_item, time_machine):
        make_item(MONDAY)
        time_machine.move_to(at(MONDAY, 9, 0), tick=False)
        run_scan()
        _send(at(MONDAY, 9, 0))
        again = _send(at(MONDAY, 9, 5))
        assert len(mail.outbox) == 2 and again["sent"] == 0

    def test_an_item_closed_before_the_mail_goes_out_is_left_out(self, source, ladder, make_item, time_machine):
        from django.utils import timezone

        # Given the 07:30 scan put two items in the responsible person's digest
        keep, closed = make_item(MONDAY), make_item(MONDAY)
        time_machine.move_to(at(MONDAY, 7, 30), tick=False)
        run_scan()
        # When one is closed at 08:00, before the mail window opens
        closed.revoked_at = timezone.now()
        closed.save()
        _send(at(MONDAY, 8, 30))
        # Then the digest lists only the open one
        digest = next(m for m in mail.outbox if m.to == ["zeren@example.cn"])
        assert f"第{keep.pk}号" in digest.body and f"第{closed.pk}号" not in digest.body
        assert "您有1项" in digest.subject

    def test_items_after_todays_digest_wait_for_tomorrows(self, source, ladder, make_item, time_machine):
        # Given today's digest went out at 09:00
        make_item(MONDAY)
        time_machine.move_to(at(MONDAY, 9, 0), tick=False)
        run_scan()
        _send(at(MONDAY, 9, 0))
        # When an item added later is reminded by a second scan the same afternoon
        late = make_item(MONDAY)
        time_machine.move_to(at(MONDAY, 15, 0), tick=False)
        assert run_scan().created == 2
        # Then no second mail goes out today; tomorrow's digest carries it
        assert _send(at(MONDAY, 15, 1))["sent"] == 0
        assert len(mail.outbox) == 2
        tomorrow = OutboxMessage.objects.get(recipient=ladder.person.person, digest_date=MONDAY + dt.timedelta(days=1))
        assert tomorrow.not_before == at(MONDAY + dt.timedelta(days=1), 8, 30)
        _send(at(MONDAY + dt.timedelta(days=1), 8, 31))
        assert f"第{late.pk}号" in mail.outbox[-1].body and len(mail.outbox) == 4


@pytest.mark.django_db
class TestQuietHours:
    @pytest.mark.parametrize(
        ("scan_at", "expected"),
        [
            (at(MONDAY, 7, 30), at(MONDAY, 8, 30)),  # before the window: same morning
            (at(MONDAY, 10, 0), at(MONDAY, 10, 0)),  # inside: at once
            (at(MONDAY, 17, 45), at(MONDAY + dt.timedelta(days=1), 8, 30)),  # after: next morning
            (at(D(2026, 6, 13), 7, 30), at(MONDAY, 8, 30)),  # Saturday: Monday
            (at(D(2026, 10, 1), 7, 30), at(D(2026, 10, 8), 8, 30)),  # 国庆: first working day after
            (at(D(2026, 10, 9), 18, 0), at(D(2026, 10, 10), 8, 30)),  # 调休 Saturday is a working day
        ],
    )
    def test_mail_waits_for_the_next_working_morning(self, source, ladder, make_item, time_machine, scan_at, expected):
        make_item(scan_at.date())
        time_machine.move_to(scan_at, tick=False)
        run_scan()
        assert set(OutboxMessage.objects.values_list("not_before", flat=True)) == {expected}

    def test_nothing_is_sent_outside_the_window_even_if_due(self, source, ladder, make_item, time_machine):
        make_item(MONDAY)
        time_machine.move_to(at(MONDAY, 10, 0), tick=False)
        run_scan()
        assert _send(at(MONDAY, 18, 0))["sent"] == 0  # evening
        assert _send(at(D(2026, 6, 20), 10, 0))["sent"] == 0  # Saturday
        assert mail.outbox == []
        assert _send(at(D(2026, 6, 22), 8, 30))["sent"] == 2

    def test_window_is_configurable(self, source, ladder, make_item, time_machine):
        settings_row = DeliverySettings.load()
        settings_row.mail_start, settings_row.mail_end = dt.time(10, 0), dt.time(11, 0)
        settings_row.save()
        make_item(MONDAY)
        time_machine.move_to(at(MONDAY, 7, 30), tick=False)
        run_scan()
        assert _send(at(MONDAY, 9, 59))["sent"] == 0
        assert _send(at(MONDAY, 10, 0))["sent"] == 2


@pytest.mark.django_db
class TestOutboxReliability:
    def test_scan_queues_the_send_task_after_commit(
        self, source, ladder, make_item, django_capture_on_commit_callbacks
    ):
        make_item(MONDAY)
        with (
            mock.patch.object(app, "send_task") as send_task,
            django_capture_on_commit_callbacks(execute=True) as callbacks,
        ):
            run_scan(MONDAY)
        assert len(callbacks) == 1
        send_task.assert_called_once_with(outbox.SEND_TASK)

    def test_the_send_task_is_queued_by_the_name_it_is_registered_under(self):
        from reminders import tasks

        assert tasks.send_outbox_task.name == outbox.SEND_TASK
        assert app.tasks[outbox.SEND_TASK] is tasks.send_outbox_task._get_current_object()

    def test_broker_down_does_not_fail_the_scan_and_the_sweeper_sends_later(
        self, source, ladder, make_item, time_machine, django_capture_on_commit_callbacks, caplog
    ):
        # Given the broker refuses the send task
        make_item(MONDAY)
        time_machine.move_to(at(MONDAY, 9, 0), tick=False)
        with (
            mock.patch.object(app, "send_task", side_effect=OperationalError("连接被拒绝")),
            django_capture_on_commit_callbacks(execute=True),
        ):
            result = run_scan()
        # Then the scan is recorded, the digests wait in the outbox, and the sweeper sends them
        assert result.created == 2 and "sweeper will send" in caplog.text
        assert OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count() == 2
        assert sweeper.sweep(now=at(MONDAY, 9, 10))["sent"] == 2
        assert len(mail.outbox) == 2

    def test_failed_send_is_retried_then_given_up(self, source, ladder, make_item, time_machine):
        make_item(MONDAY)
        time_machine.move_to(at(MONDAY, 9, 0), tick=False)
        run_scan()
        with mock.patch("reminders.delivery.channels.send_mail", side_effect=OSError("邮件服务器无响应")):
            assert _send(at(MONDAY, 9, 0))["retry"] == 2
            row = OutboxMessage.objects.get(recipient=ladder.person.person)
            assert (row.status, row.attempts, row.last_error) == ("pending", 1, "邮件服务器无响应")
            assert row.not_before == at(MONDAY, 9, 10)
            assert _send(at(MONDAY, 9, 5))["retry"] == 0  # backing off
            moment = at(MONDAY, 9, 0)
            for _ in range(outbox.MAX_ATTEMPTS - 1):
                moment += dt.timedelta(hours=2)
                if moment.hour >= 17:
                    moment = at(moment.date() + dt.timedelta(days=1), 9, 0)
                _send(moment)
        row.refresh_from_db()
        assert row.status == OutboxMessage.Status.FAILED and row.attempts == outbox.MAX_ATTEMPTS

    def test_rows_left_sending_by_a_crashed_worker_are_reclaimed(self, source, ladder, make_item, time_machine):
        make_item(MONDAY)
        time_machine.move_to(at(MONDAY, 9, 0), tick=False)
        run_scan()
        OutboxMessage.objects.update(status=OutboxMessage.Status.SENDING, claimed_at=at(MONDAY, 9, 0))
        assert sweeper.sweep(now=at(MONDAY, 9, 10))["sent"] == 0  # too recent: maybe still sending
        stats = sweeper.sweep(now=at(MONDAY, 9, 20))
        assert stats["reclaimed"] == 2 and stats["sent"] == 2


@pytest.mark.django_db
class TestCatchUp:
    def test_sweeper_runs_a_missed_daily_scan_after_its_scheduled_time(self, source, ladder, make_item, time_machine):
        # Given the beat schedule (07:30, from the migration) never reached a worker today
        make_item(MONDAY)
        time_machine.move_to(at(MONDAY, 7, 20), tick=False)
        assert "catch_up_created" not in sweeper.sweep(now=at(MONDAY, 7, 20))  # not yet due
        time_machine.move_to(at(MONDAY, 7, 40), tick=False)
        stats = sweeper.sweep(now=at(MONDAY, 7, 40))
        assert stats["catch_up_created"] == 2
        assert ScanRun.objects.get().trigger == "sweeper"
        # and only once
        time_machine.move_to(at(MONDAY, 7, 50), tick=False)
        assert "catch_up_created" not in sweeper.sweep(now=at(MONDAY, 7, 50))

    def test_follows_the_hour_the_admin_set(self, source, ladder, make_item, time_machine):
        from django_celery_beat.models import PeriodicTask

        task = PeriodicTask.objects.get(task=catch_up.SCAN_TASK)
        task.crontab.hour = "9"
        task.crontab.save()
        make_item(MONDAY)
        time_machine.move_to(at(MONDAY, 8, 0), tick=False)
        assert not catch_up.scan_time_passed(at(MONDAY, 8, 0))
        time_machine.move_to(at(MONDAY, 9, 31), tick=False)
        assert catch_up.scan_time_passed(at(MONDAY, 9, 31))
        task.enabled = False
        task.save()
        assert not catch_up.scan_time_passed(at(MONDAY, 9, 31))


class _Robot(BaseHTTPRequestHandler):
    received: list = []
    answer = {"errcode": 0, "errmsg": "ok"}

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append(json.loads(body))
        payload = json.dumps(type(self).answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def robot():
    _Robot.received = []
    _Robot.answer = {"errcode": 0, "errmsg": "ok"}
    server = HTTPServer(("127.0.0.1", 0), _Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
class TestWebhookChannel:
    def test_group_robot_mentions_each_person_by_mobile(self, source, ladder, make_item, time_machine, settings, robot):
        # Given only the robot channel is enabled and the responsible person has a mobile number
        settings.REMINDER_CHANNELS = ["webhook"]
        settings.REMINDER_WEBHOOK_URL = f"http://127.0.0.1:{robot.server_port}/send?key=t"
        ladder.person.person.phone = "13800000001"
        ladder.person.person.save()
        item = make_item(MONDAY)
        time_machine.move_to(at(MONDAY, 9, 0), tick=False)
        run_scan()
        # Then only people with a mobile number get a robot message, and no e-mail is sent
        assert _send(at(MONDAY, 9, 0))["sent"] == 1
        (payload,) = _Robot.received
        assert payload["text"]["mentioned_mobile_list"] == ["13800000001"]
        assert f"第{item.pk}号" in payload["text"]["content"]
        assert mail.outbox == []

    def test_robot_error_keeps_the_message_for_a_retry(self, source, ladder, make_item, time_machine, settings, robot):
        settings.REMINDER_CHANNELS = ["webhook"]
        settings.REMINDER_WEBHOOK_URL = f"http://127.0.0.1:{robot.server_port}/send"
        _Robot.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
        ladder.person.person.phone = "13800000001"
        ladder.person.person.save()
        make_item(MONDAY)
        time_machine.move_to(at(MONDAY, 9, 0), tick=False)
        run_scan()
        assert _send(at(MONDAY, 9, 0))["retry"] == 1
        assert "invalid webhook url" in OutboxMessage.objects.get().last_error
