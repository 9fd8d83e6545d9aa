"""The admin page that enters a year from the pasted notice: who may use it, the confirmation
table, the difference on a second paste, and saving through the models' history and recompute."""

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest
from django.test import Client
from django.urls import reverse

from deadlines.calendar import LIBRARY_LAST_YEAR, WorkCalendar
from deadlines.calendar_entry import CHANGE_REASON
from deadlines.models import CalendarDay, CalendarYear
from organization.roles import Role
from tests.factories import UserFactory, make_user

D = dt.date
URL = "/admin/deadlines/calendaryear/notice/"
NOTICES = Path(__file__).parent / "notices"


def notice_text(year):
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def next_year_text():
    """A notice for the first year the library lacks (no weekdays in brackets, no 调休: the
    dates are what matters here, and they must be valid in whatever year that is)."""
    year = LIBRARY_LAST_YEAR + 1
    return (
        f"国务院办公厅关于{year}年部分节假日安排的通知\n"
        f"一、元旦：1月1日放假1天。\n二、春节：2月10日至16日放假，共7天。\n三、清明节：4月5日放假1天。\n"
        f"四、劳动节：5月1日至3日放假，共3天。\n五、端午节：6月9日放假1天。\n六、中秋节：9月15日放假1天。\n"
        f"七、国庆节：10月1日至7日放假，共7天。\n"
    )


@pytest.fixture
def sysadmin(db):
    return make_user(Role.ADMIN, username="xitong2", person_name="管理员乙")


def client_for(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.mark.django_db
class TestAccess:
    def test_admin_role_gets_the_form_and_the_changelist_link(self, sysadmin):
        client = client_for(sysadmin)
        assert client.get(URL).status_code == 200
        changelist = client.get(reverse("admin:deadlines_calendaryear_changelist")).content.decode()
        assert URL in changelist and "按国务院办公厅通知录入" in changelist

    def test_a_fresh_database_gives_the_admin_role_the_calendar_permissions(self, db):
        # The roles are synced after the last app's post_migrate: syncing on organization's own
        # left out the permissions of every app migrated after it (deadlines, reminders …).
        from django.contrib.auth.models import Group

        perms = Group.objects.get(name="系统管理员").permissions
        assert {"add_calendaryear", "change_calendaryear", "change_calendarday"} <= set(
            perms.filter(content_type__app_label="deadlines").values_list("codename", flat=True)
        )
        assert perms.filter(content_type__app_label="reminders", codename="change_reminderstep").exists()

    def test_non_staff_roles_are_sent_to_the_admin_login(self, inspector, supervisor, office_a, leader):
        for user in (inspector, supervisor, office_a, leader):
            response = client_for(user).post(URL, {"text": notice_text(2026), "confirm": "1"})
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
        assert not CalendarYear.objects.exists()

    def test_staff_without_calendar_permissions_is_refused(self, db):
        staff = UserFactory(username="staff_only")
        staff.is_staff = True
        staff.save()
        client = client_for(staff)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"text": notice_text(2026), "confirm": "1"}).status_code == 403
        assert not CalendarYear.objects.exists()
        assert URL not in client.get(reverse("admin:deadlines_calendaryear_changelist")).content.decode()

    def test_csrf_is_enforced(self, sysadmin):
        client = client_for(sysadmin, enforce_csrf_checks=True)
        assert client.post(URL, {"text": notice_text(2026), "confirm": "1"}).status_code == 403
        assert not CalendarYear.objects.exists()


@pytest.mark.django_db
class TestFlow:
    def test_bad_text_is_a_400_naming_the_line(self, sysadmin):
        text = notice_text(2026).replace("共9天", "共8天")
        response = client_for(sysadmin).post(URL, {"text": text})
        assert response.status_code == 400
        assert "第9行" in response.content.decode() and "写明共8天，但日期范围是9天" in response.content.decode()
        response = client_for(sysadmin).post(URL, {"text": ""})
        assert response.status_code == 400 and "该字段是必填项" in response.content.decode()

    def test_confirmation_table_then_save(self, sysadmin, django_capture_on_commit_callbacks):
        client = client_for(sysadmin)
        preview = client.post(URL, {"text": notice_text(2026)})
        html = preview.content.decode()
        assert preview.status_code == 200
        assert "识别出放假 33 天、调休上班 6 天" in html
        assert "系统内置数据" in html and "没有不同" in html  # the library already holds 2026
        assert "<td>2026-02-14</td><td>周六</td>\n<td>调休上班</td><td>春节</td>" in html
        assert not CalendarYear.objects.exists()  # a preview saves nothing

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.post(URL, {"text": notice_text(2026), "confirm": "1"})
        year = CalendarYear.objects.get(year=2026)
        assert response.status_code == 302 and response["Location"].endswith(f"/{year.pk}/change/")
        assert len(callbacks) == 1  # one recompute for the whole year, not one per day
        days = dict(year.days.values_list("date", "is_workday"))
        assert {d for d, w in days.items() if not w} == {d for d in chinese_calendar.holidays if d.year == 2026}
        assert {d for d, w in days.items() if w} == {d for d in chinese_calendar.workdays if d.year == 2026}
        history = CalendarDay.history.filter(date=D(2026, 2, 14)).get()
        assert history.history_user == sysadmin and history.history_change_reason == CHANGE_REASON

    def test_second_paste_shows_the_difference_and_saving_replaces_the_year(self, sysadmin):
        client = client_for(sysadmin)
        client.post(URL, {"text": notice_text(2026), "confirm": "1"})
        # A corrected notice: 5月9日 no longer worked, 端午 one day longer.
        changed = (
            notice_text(2026)
            .replace("共5天。5月9日（周六）上班。", "共5天。")
            .replace("6月19日（周五）至21日（周日）放假，共3天", "6月18日（周四）至21日（周日）放假，共4天")
        )
        html = client.post(URL, {"text": changed}).content.decode()
        assert "已录入的安排" in html and "2 处不同" in html
        assert '<tr data-change="removed"><td>2026-05-09</td>' in html
        assert '<tr data-change="new"><td>2026-06-18</td>' in html
        client.post(URL, {"text": changed, "confirm": "1"})
        assert not CalendarDay.objects.filter(date=D(2026, 5, 9)).exists()
        assert CalendarDay.objects.get(date=D(2026, 6, 18)).is_workday is False
        deleted = CalendarDay.history.get(date=D(2026, 5, 9), history_type="-")
        assert deleted.history_user == sysadmin

    def test_same_paste_again_has_nothing_to_save(self, sysadmin):
        client = client_for(sysadmin)
        client.post(URL, {"text": notice_text(2026), "confirm": "1"})
        html = client.post(URL, {"text": notice_text(2026)}).content.decode()
        assert "没有不同" in html and "无需保存" in html and 'name="confirm"' not in html

    def test_unknown_year_is_entered_and_counted_without_estimate(self, sysadmin):
        year = LIBRARY_LAST_YEAR + 1
        text = next_year_text()
        client = client_for(sysadmin)
        html = client.post(URL, {"text": text}).content.decode()
        assert "尚无数据" in html
        before = WorkCalendar.load().add_workdays(D(year, 9, 30), 1)
        assert before.is_estimate
        client.post(URL, {"text": text, "confirm": "1"})
        after = WorkCalendar.load().add_workdays(D(year, 9, 30), 1)
        assert not after.is_estimate and after.date > D(year, 10, 7)


@pytest.mark.django_db
class TestNeighbouringYear:
    """元旦 from 31 December: the day belongs to the year before."""

    def text(self):
        return notice_text(2026).replace(
            "1月1日（周四）至3日（周六）放假调休，共3天",
            "2025年12月31日（周三）至2026年1月3日（周六）放假调休，共4天",
        )

    def test_kept_in_an_entered_year(self, sysadmin):
        CalendarYear.objects.create(year=2025, source="测试")
        client = client_for(sysadmin)
        assert "将写入已录入的2025年安排" in client.post(URL, {"text": self.text()}).content.decode()
        client.post(URL, {"text": self.text(), "confirm": "1"})
        day = CalendarDay.objects.get(date=D(2025, 12, 31))
        assert day.calendar.year == 2025 and day.is_workday is False

    def test_not_saved_into_a_library_year(self, sysadmin):
        client = client_for(sysadmin)
        assert "该年使用系统内置数据，此日不会保存" in client.post(URL, {"text": self.text()}).content.decode()
        response = client.post(URL, {"text": self.text(), "confirm": "1"}, follow=True)
        assert "未保存：2025-12-31" in response.content.decode()
        assert not CalendarDay.objects.filter(date=D(2025, 12, 31)).exists()
        assert not CalendarYear.objects.filter(year=2025).exists()


@pytest.mark.django_db
def test_recompute_queued_once_but_not_lost_to_a_rolled_back_savepoint(django_capture_on_commit_callbacks):
    from django.db import transaction

    from deadlines.services import _recompute_after_commit

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        calendar = CalendarYear.objects.create(year=2031)
        for day in (3, 4, 5):
            CalendarDay.objects.create(calendar=calendar, date=D(2031, 5, day), is_workday=False)
    assert callbacks == [_recompute_after_commit]
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                CalendarDay.objects.create(calendar=calendar, date=D(2031, 5, 6), is_workday=False)
                raise RuntimeError
        except RuntimeError:
            pass
        CalendarDay.objects.create(calendar=calendar, date=D(2031, 5, 7), is_workday=False)
    # The recompute queued inside the rolled-back savepoint went with it; the later change queued its own.
    assert callbacks == [_recompute_after_commit]
