"""The missing-year warning from 1 November, the administrator's one reminder, and the list of
estimated due dates (纪检 staff see items, the 系统管理员 counts only)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from deadlines.calendar import LIBRARY_LAST_YEAR
from deadlines.models import CalendarYear
from deadlines.watch import missing_years
from organization.roles import Role
from reminders.models import CalendarNotice, Notification
from reminders.scan import run_scan
from tests.discipline.factories import issued_recommendation, register_clue
from tests.factories import UserFactory, make_user
from tests.petitions.factories import register
from tests.rectification.factories import MeasureFactory

SH = ZoneInfo("Asia/Shanghai")
NEXT = LIBRARY_LAST_YEAR + 1
BEFORE = dt.datetime(LIBRARY_LAST_YEAR, 10, 31, 23, 59, tzinfo=SH)  # still 15:59 UTC on 31 Oct
AFTER = dt.datetime(LIBRARY_LAST_YEAR, 11, 1, 0, 1, tzinfo=SH)  # 16:01 UTC on 31 Oct
LATE_DECEMBER = dt.datetime(LIBRARY_LAST_YEAR, 12, 28, 10, 0, tzinfo=SH)
HOME = "/"
LIST = "/deadlines/estimated/"


def enter_next_year():
    CalendarYear.objects.create(year=NEXT, source="测试")


@pytest.fixture
def sysadmin(db):
    return make_user(Role.ADMIN, username="xitong_w", person_name="管理员丙")


@pytest.fixture
def estimated_items(inspector, dept_a, time_machine):
    """One open item of each kind whose due date falls in the year nobody has entered."""
    time_machine.move_to(LATE_DECEMBER, tick=False)
    register(inspector, summary="估算期限的投诉件")  # 7 工作日 from 27 Dec → January
    register_clue(inspector, summary="估算期限的线索")  # 1 个月 → late January
    issued_recommendation(inspector, department=dept_a, title="估算期限的建议书")  # 30 日
    MeasureFactory(
        content="估算期限的措施", due_date=dt.date(NEXT, 1, 20), due_date_warning=f"{NEXT}年节假日安排尚未录入"
    )


@pytest.mark.django_db
class TestWhen:
    def test_from_first_november_shanghai(self, time_machine):
        time_machine.move_to(BEFORE, tick=False)
        assert missing_years() == []
        time_machine.move_to(AFTER, tick=False)
        assert missing_years() == [NEXT]
        enter_next_year()
        assert missing_years() == []

    def test_the_current_year_is_always_expected(self, time_machine):
        time_machine.move_to(dt.datetime(NEXT, 3, 2, 9, 0, tzinfo=SH), tick=False)
        assert missing_years() == [NEXT]


@pytest.mark.django_db
class TestAdministratorReminder:
    def test_once_from_first_november(self, sysadmin, inspector, time_machine):
        superuser = UserFactory(username="root_w")
        superuser.is_superuser = True
        superuser.save()
        time_machine.move_to(BEFORE, tick=False)
        run_scan()
        assert not Notification.objects.exists()

        time_machine.move_to(AFTER, tick=False)
        run_scan()
        told = Notification.objects.filter(title=f"请录入{NEXT}年节假日安排")
        assert sorted(told.values_list("user__username", flat=True)) == ["root_w", "xitong_w"]
        assert told.first().link == reverse("admin:deadlines_calendaryear_notice")
        assert not Notification.objects.filter(user=inspector).exists()

        run_scan()  # every daily scan asks again: nobody is told twice
        time_machine.move_to(AFTER + dt.timedelta(days=3), tick=False)
        run_scan()
        assert told.count() == 2 and CalendarNotice.objects.count() == 2

    def test_nothing_once_the_year_is_entered(self, sysadmin, time_machine):
        time_machine.move_to(AFTER, tick=False)
        enter_next_year()
        run_scan()
        assert not Notification.objects.exists()

    def test_an_inactive_administrator_is_not_told(self, sysadmin, time_machine):
        sysadmin.is_active = False
        sysadmin.save()
        time_machine.move_to(AFTER, tick=False)
        run_scan()
        assert not Notification.objects.exists()


@pytest.mark.django_db
class TestAdministratorDashboard:
    def test_warning_appears_on_first_november(self, sysadmin, client_as, time_machine):
        client = client_as(sysadmin)
        time_machine.move_to(BEFORE, tick=False)
        assert 'data-testid="calendar-card"' not in client.get(HOME).content.decode()
        time_machine.move_to(AFTER, tick=False)
        html = client.get(HOME).content.decode()
        assert f"{NEXT}年节假日安排尚未录入" in html
        assert reverse("admin:deadlines_calendaryear_notice") in html
        assert "目前没有期限按估算的未办结事项" in html

    def test_counts_per_kind_and_no_content(self, sysadmin, estimated_items, client_as, time_machine):
        time_machine.move_to(LATE_DECEMBER, tick=False)
        html = client_as(sysadmin).get(HOME).content.decode()
        assert "期限按估算的未办结事项：整改措施 1 项，信访件 1 项，问题线索 1 项，纪律检查建议书 1 项" in html
        for text in (
            "估算期限的投诉件",
            "估算期限的线索",
            "估算期限的建议书",
            "估算期限的措施",
            "/petitions/",
            "/clues/",
        ):
            assert text not in html
        assert 'data-testid="estimated-items"' not in html


@pytest.mark.django_db
class TestEstimatedList:
    def test_staff_see_the_items_on_the_dashboard_and_the_list(
        self, inspector, estimated_items, client_as, time_machine
    ):
        time_machine.move_to(LATE_DECEMBER, tick=False)
        client = client_as(inspector)
        for url in (HOME, LIST):
            html = client.get(url).content.decode()
            for text in ("估算期限的投诉件", "估算期限的线索", "估算期限的建议书", "估算期限的措施", "期限待核"):
                assert text in html, (url, text)
            assert f"{NEXT}年节假日安排尚未录入" in html

    def test_entering_the_year_empties_the_list(self, inspector, sysadmin, estimated_items, client_as, time_machine):
        time_machine.move_to(LATE_DECEMBER, tick=False)
        from deadlines.services import recompute_due_dates

        enter_next_year()
        recompute_due_dates()
        html = client_as(inspector).get(LIST).content.decode()
        # Rule-derived dates are recomputed; the ledger's own measure stays to be checked by hand.
        assert "估算期限的投诉件" not in html and "估算期限的线索" not in html
        assert "估算期限的措施" in html

    def test_recusal_hides_a_clue_about_the_viewer(self, inspector, supervisor, client_as, time_machine):
        time_machine.move_to(LATE_DECEMBER, tick=False)
        register_clue(supervisor, subject=inspector.person_obj, summary="反映纪检干部甲的线索")
        assert "反映纪检干部甲的线索" not in client_as(inspector).get(LIST).content.decode()
        assert "反映纪检干部甲的线索" in client_as(supervisor).get(LIST).content.decode()

    def test_other_roles_are_refused(self, sysadmin, leader, office_a, client_as):
        bare_superuser = make_user(username="root_w", person_name="超级用户", superuser=True)
        for user in (sysadmin, leader, office_a, bare_superuser):
            assert client_as(user).get(LIST).status_code == 403
        assert client_as(office_a).get(HOME).status_code == 200

    def test_queries_do_not_grow_with_the_rows(
        self, inspector, dept_a, client_as, time_machine, django_assert_max_num_queries
    ):
        time_machine.move_to(LATE_DECEMBER, tick=False)
        client = client_as(inspector)

        def add_one_of_each(n):
            register(inspector, summary=f"投诉{n}")
            register_clue(inspector, summary=f"线索{n}")
            issued_recommendation(inspector, department=dept_a, title=f"建议书{n}")
            MeasureFactory(due_date=dt.date(NEXT, 1, 20), due_date_warning="估算")

        add_one_of_each(0)
        # session, user, the actor (groups, person, memberships, headed departments), the missing
        # years, one query per kind (rounds, measures with their round, petitions, clues,
        # recommendations), the layout's unread count and person name, the session's save
        # (savepoint, update, release): 17. A row more or less does not change the number.
        with django_assert_max_num_queries(17) as first:
            assert client.get(LIST).status_code == 200
        for n in range(1, 4):
            add_one_of_each(n)
        with django_assert_max_num_queries(len(first.captured_queries)):
            html = client.get(LIST).content.decode()
        assert html.count("期限待核") >= 16
