"""The real sources: measures, round reports, petitions (each due date), clues, recommendations.

Items are built with each app's own test factories (through its services where the app
computes due dates itself); the clock is moved with time-machine.
"""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from organization.models import UnitProfile
from organization.roles import Role
from reminders.delivery import outbox
from reminders.models import Notification, OutboxMessage, Reminder, Stage
from reminders.scan import run_scan
from reminders.sources import registered_sources
from tests.factories import DepartmentFactory, PersonFactory, make_user
from tests.reminders.conftest import at

D = dt.date
START = D(2026, 6, 1)  # a Monday


@pytest.fixture(autouse=True)
def _email(settings):
    settings.REMINDER_CHANNELS = ["email"]


def _recipients(source, obj, stage=None):
    qs = Reminder.objects.filter(source=source, object_id=obj.pk)
    if stage:
        qs = qs.filter(stage=stage)
    return set(qs.values_list("recipient_id", flat=True))


def test_every_due_date_is_a_source():
    keys = {source.key for source in registered_sources()}
    assert {
        "measure",
        "round.report",
        "petition.accept",
        "petition.notify",
        "petition.escalate",
        "petition.transfer",
        "petition.conclude",
        "petition.feedback",
        "clue.disposal",
        "clue.inquiry",
        "clue.inspection_feedback",
        "clue.review",
        "recommendation.reply",
    } <= keys


# -- 整改措施 ----------------------------------------------------------------------------------


@pytest.mark.django_db
class TestMeasures:
    def test_overdue_measure_reaches_the_whole_ladder_a_person_without_login_by_mail(
        self, ladder, time_machine, django_assert_max_num_queries
    ):
        from tests.rectification.factories import MeasureFactory

        # Given a measure whose 责任人 has no login, only an e-mail address
        no_login = PersonFactory(name="无账号责任人", email="wuzhanghao@example.cn")
        measure = MeasureFactory(
            due_date=START,
            responsible_person=no_login,
            responsible_leader=ladder.leader.person,
            lead_department=ladder.department,
        )
        time_machine.move_to(at(START + dt.timedelta(days=1), 9, 0), tick=False)
        run_scan()
        # Then the overdue reminder goes to the person, the leader, the head and the supervisor
        assert _recipients("measure", measure) == {no_login.pk} | ladder.pid("leader", "head", "supervisor")
        reminder = Reminder.objects.filter(source="measure").first()
        assert reminder.subject == f"问题{measure.problem.order}-措施{measure.order} {measure.content}"
        # in-app for those with a login, mail for everyone with an address (one each)
        assert not Notification.objects.filter(title__contains=measure.content, user__isnull=True).exists()
        assert Notification.objects.filter(user=ladder.leader).count() == 1
        # every channel links to the measure's page, stored so when the reminder is made
        page = reverse("web:measure-detail", kwargs={"pk": measure.pk})
        assert reminder.link == page and Notification.objects.get(user=ladder.leader).link == page
        outbox.send_due(now=at(START + dt.timedelta(days=1), 9, 0))
        assert sorted(m.to[0] for m in mail.outbox) == sorted(
            ["wuzhanghao@example.cn", "fenguan@example.cn", "cz@example.cn", "zz@example.cn"]
        )
        assert all(page in m.body for m in mail.outbox)

    def test_a_responsible_person_nobody_can_reach_falls_back_to_the_head(self, ladder, time_machine):
        from tests.rectification.factories import MeasureFactory

        # Given a 责任人 named in the ledger with neither a login nor an e-mail address
        measure = MeasureFactory(
            due_date=START, responsible_person=PersonFactory(name="只有姓名"), lead_department=ladder.department
        )
        time_machine.move_to(at(START - dt.timedelta(days=20)), tick=False)
        run_scan()
        # Then the notice goes to the lead department's head instead of into the void
        assert _recipients("measure", measure) == ladder.pid("head")

    def test_long_term_measures_are_never_due_nor_overdue(self, ladder, time_machine):
        from rectification.models import DeadlineKind, MeasureStatus
        from tests.rectification.factories import MeasureFactory

        # Given a 长期坚持 measure (no date) and one signed off as long-term after its date
        MeasureFactory(deadline_kind=DeadlineKind.LONG_TERM, due_date=None, responsible_person=ladder.person.person)
        MeasureFactory(
            deadline_kind=DeadlineKind.IMMEDIATE_LONG_TERM, due_date=None, responsible_person=ladder.person.person
        )
        MeasureFactory(due_date=START, status=MeasureStatus.LONG_TERM, responsible_person=ladder.person.person)
        # When the scan runs on each threshold day of a dated item due then, and long after
        for offset in (-20, -10, -1, 0, 1, 4, 10, 13, 60, 400):
            time_machine.move_to(at(START + dt.timedelta(days=offset)), tick=False)
            run_scan()
        # Then nothing was ever sent about them
        assert not Reminder.objects.filter(source="measure").exists()

    def test_a_signed_off_measure_gets_nothing_more(self, ladder, time_machine):
        from rectification.models import MeasureStatus
        from tests.rectification.factories import MeasureFactory

        measure = MeasureFactory(due_date=START, responsible_person=ladder.person.person)
        time_machine.move_to(at(START), tick=False)
        assert run_scan().created == 1
        measure.status = MeasureStatus.SIGNED_OFF
        measure.save()
        time_machine.move_to(at(START + dt.timedelta(days=1)), tick=False)
        assert run_scan().created == 0

    def test_an_approved_extension_starts_a_new_ladder(self, ladder, time_machine):
        from rectification.services.workflow import extension_approve, extension_request
        from tests.rectification.factories import MeasureFactory

        measure = MeasureFactory(due_date=START, responsible_person=ladder.person.person)
        time_machine.move_to(at(START + dt.timedelta(days=1)), tick=False)
        run_scan()
        # the office asks, the supervisor approves a new date four weeks on
        office = make_user(Role.OFFICE, username="lianluo_ext", departments=[ladder.department])
        measure.lead_department = ladder.department
        measure.save()
        new_due = START + dt.timedelta(days=29)
        extension = extension_request(user=office, measure=measure, reason="需协调多部门", requested_date=new_due)
        extension_approve(user=ladder.supervisor, extension=extension, note="同意")
        measure.refresh_from_db()
        assert measure.due_date == new_due
        time_machine.move_to(at(START + dt.timedelta(days=4)), tick=False)
        assert run_scan().created == 0  # old ladder over, new one not yet in its window
        time_machine.move_to(at(new_due - dt.timedelta(days=20)), tick=False)
        run_scan()
        assert Reminder.objects.filter(source="measure", due_date=new_due, stage=Stage.NOTICE).count() == 1


@pytest.mark.django_db
def test_round_report_goes_to_its_creator_and_the_supervisor(ladder, time_machine):
    from tests.rectification.factories import RoundFactory

    inspector = make_user(Role.INSPECTOR, username="jijian_r", person_name="纪检干部庚")
    rnd = RoundFactory(name="2026年市委第二巡察组巡察", report_due_date=START, created_by=inspector)
    time_machine.move_to(at(START - dt.timedelta(days=10)), tick=False)
    run_scan()
    assert _recipients("round.report", rnd) == {inspector.person.pk} | ladder.pid("supervisor")
    assert Notification.objects.get(user=inspector).title == "【黄灯预警】巡察整改情况报告：2026年市委第二巡察组巡察"
    rnd.report_submitted_on = START - dt.timedelta(days=5)
    rnd.save()
    time_machine.move_to(at(START), tick=False)
    assert run_scan().created == 0


# -- 信访件 -----------------------------------------------------------------------------------


@pytest.fixture
def inspector_user(db):
    return make_user(Role.INSPECTOR, username="jijian_p", person_name="纪检干部辛", email="xin@example.cn")


@pytest.mark.django_db
class TestPetitions:
    def test_no_message_in_any_channel_names_the_reporter_or_the_content(
        self, ladder, inspector_user, time_machine, dept_a, office_a
    ):
        from petitions.models import Kind
        from tests.petitions.factories import REPORTER, register, transferred

        time_machine.move_to(at(START, 10, 0), tick=False)
        named = register(inspector_user, kind=Kind.ACCUSATION, summary="反映欧阳某某违规", content="详见来信")
        office_a.person.email = "lianluo@example.cn"
        office_a.person.save()
        transfer = transferred(inspector_user, dept_a, summary="市民反映接线员态度生硬，请核查")
        # When every due date of theirs has passed and the digests go out
        later = D(2026, 7, 14)  # a Tuesday: inside the mail window
        time_machine.move_to(at(later, 9, 0), tick=False)
        run_scan()
        outbox.send_due(now=at(later, 9, 0))
        texts = [
            *Reminder.objects.values_list("subject", "text"),
            *Notification.objects.values_list("title", "body"),
            *((m.subject, m.body) for m in mail.outbox),
            *OutboxMessage.objects.values_list("subject", "body"),
        ]
        joined = "\n".join(" ".join(pair) for pair in texts)
        assert Reminder.objects.filter(source="petition.notify", object_id=named.pk).exists()
        assert Reminder.objects.filter(source="petition.transfer", object_id=transfer.pk).exists()
        assert len(mail.outbox) >= 2
        # Then no reporter detail and no content appears anywhere
        for secret in (REPORTER.name, REPORTER.phone, REPORTER.id_number, REPORTER.address, "欧阳", "态度生硬", "违规"):
            assert secret not in joined, secret
        # the department hears only the number and that a reply is due
        office_note = Notification.objects.get(user=office_a, stage__in=[Stage.OVERDUE, Stage.ESCALATION])
        assert office_note.title.endswith(f"{transfer.number} 转办件")
        assert f"{named.number} 检举控告·服务态度" in joined

    def test_recording_the_notice_stops_its_reminders_while_the_conclusion_ladder_goes_on(
        self, ladder, inspector_user, time_machine
    ):
        from petitions.models import ContactMethod, Kind
        from petitions.services import petition_notify
        from tests.petitions.factories import accepted

        # Given a named 信访 accepted on 06-01: 告知 due in 15 日, 办结 in 60 日
        time_machine.move_to(at(START, 12, 0), tick=False)
        petition = accepted(inspector_user, kind=Kind.PETITION)
        assert petition.notify_due < petition.conclude_due
        time_machine.move_to(at(petition.notify_due + dt.timedelta(days=1)), tick=False)
        run_scan()
        assert Reminder.objects.filter(source="petition.notify", object_id=petition.pk).exists()
        # When the 告知 is recorded
        petition_notify(user=inspector_user, petition=petition, method=ContactMethod.PHONE)
        # Then the next repeat day brings nothing more about it, in any stage
        time_machine.move_to(at(petition.notify_due + dt.timedelta(days=4)), tick=False)
        assert run_scan().created == 0
        # while the 办结 due date still gets its own ladder
        time_machine.move_to(at(petition.conclude_due - dt.timedelta(days=20)), tick=False)
        run_scan()
        assert set(Reminder.objects.filter(object_id=petition.pk).values_list("source", "stage")) == {
            ("petition.notify", Stage.OVERDUE),
            ("petition.conclude", Stage.NOTICE),
        }

    def test_transfer_reply_goes_to_that_departments_liaisons(
        self, ladder, inspector_user, time_machine, dept_a, office_a, office_b
    ):
        from tests.petitions.factories import transferred

        head = PersonFactory(name="受理一处处长", email="head-a@example.cn")
        dept_a.head = head
        dept_a.save()
        time_machine.move_to(at(START, 10, 0), tick=False)
        petition = transferred(inspector_user, dept_a)
        # transfer-reply is 5 working days: the overdue day reaches the liaison and the head
        time_machine.move_to(at(petition.transfer_due + dt.timedelta(days=1)), tick=False)
        run_scan()
        people = _recipients("petition.transfer", petition, Stage.OVERDUE)
        assert office_a.person.pk in people and head.pk in people
        assert office_b.person.pk not in people
        assert people - {office_a.person.pk, head.pk} == ladder.pid("supervisor")

    def test_working_day_rule_uses_working_day_thresholds(self, ladder, inspector_user, time_machine):
        from petitions.models import Kind
        from tests.petitions.factories import accepted, received

        # Given a 检举控告 received Mon 06-01: 告知 is due in 15 工作日 (端午 06-19 is a holiday)
        time_machine.move_to(at(START, 12, 0), tick=False)
        petition = accepted(inspector_user, kind=Kind.ACCUSATION, received_at=received(days_ago=0, hour=9))
        assert petition.notify_due == D(2026, 6, 23)
        # When the scan runs every day until the due date
        stages = {}
        day = START
        while day <= petition.notify_due:
            time_machine.move_to(at(day), tick=False)
            run_scan()
            new = set(Reminder.objects.filter(scan_date=day).values_list("stage", flat=True))
            if new:
                stages[day] = new
            day += dt.timedelta(days=1)
        # Then the thresholds are 3 and 1 working days before, not 20 and 10 days
        assert stages == {D(2026, 6, 17): {Stage.NOTICE}, D(2026, 6, 22): {Stage.WARNING}, D(2026, 6, 23): {Stage.DUE}}

    def test_the_person_reported_on_never_receives_it_even_as_supervisor(self, ladder, inspector_user, time_machine):
        from petitions.models import Kind
        from tests.petitions.factories import accepted

        other_supervisor = make_user(Role.SUPERVISOR, username="zuzhang2", person_name="纪检副组长")
        time_machine.move_to(at(START, 10, 0), tick=False)
        petition = accepted(inspector_user, kind=Kind.ACCUSATION, subject_person=ladder.supervisor.person)
        time_machine.move_to(at(petition.notify_due + dt.timedelta(days=1)), tick=False)
        run_scan()
        people = _recipients("petition.notify", petition)
        assert ladder.supervisor.person.pk not in people
        assert {inspector_user.person.pk, other_supervisor.person.pk} <= people

    def test_report_about_the_principal_leader_never_escalates_to_them(self, ladder, inspector_user, time_machine):
        from petitions.models import Kind, RestrictedReason
        from tests.petitions.factories import register

        time_machine.move_to(at(START, 10, 0), tick=False)
        petition = register(inspector_user, kind=Kind.ACCUSATION, restricted_reason=RestrictedReason.PRINCIPAL_LEADER)
        time_machine.move_to(at(petition.escalate_due + dt.timedelta(days=15)), tick=False)
        run_scan()
        people = _recipients("petition.escalate", petition, Stage.ESCALATION)
        assert inspector_user.person.pk in people and ladder.pid("supervisor") <= people
        assert UnitProfile.load().principal_leader_id not in people


# -- 问题线索与建议书 -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_clue_reminders_stay_with_discipline_staff(ladder, inspector_user, time_machine):
    from discipline.models import Clue
    from tests.discipline.factories import clue_at

    # Given a clue about someone in the liaison's own department, handled by an inspector
    subject = PersonFactory(name="被反映人壬", departments=[ladder.department])
    time_machine.move_to(at(START), tick=False)
    clue = clue_at(
        Clue.Status.ASSIGNED,
        registrar=inspector_user,
        supervisor=ladder.supervisor,
        subject=subject,
        received_date=START,
    )
    time_machine.move_to(at(clue.disposal_due_date + dt.timedelta(days=15)), tick=False)
    run_scan()
    people = _recipients("clue.disposal", clue, Stage.ESCALATION)
    # Then the handler, the 纪检负责人 and the principal leader — never the office or the subject
    assert people == {inspector_user.person.pk} | ladder.pid("supervisor", "principal")
    assert ladder.person.person.pk not in people and ladder.head.person.pk not in people
    text = Reminder.objects.filter(source="clue.disposal").first().text
    assert clue.number in text and "被反映人壬" not in text and clue.summary not in text


@pytest.mark.django_db
def test_recommendation_reply_goes_to_the_addressed_department(ladder, inspector_user, time_machine, office_b):
    from tests.discipline.factories import issued_recommendation

    time_machine.move_to(at(START), tick=False)
    rec = issued_recommendation(inspector_user, department=ladder.department, issued_on=START)
    time_machine.move_to(at(rec.reply_due_date - dt.timedelta(days=10)), tick=False)
    run_scan()
    people = _recipients("recommendation.reply", rec)
    # the department's liaisons (office role) at the warning; the head joins when overdue
    assert people == ladder.pid("person", "head")  # both hold the office role in that department
    assert office_b.person.pk not in people
    # the scan's reminder (the letter's 制发 also told the liaisons at once: reminders.workflow)
    note = Notification.objects.get(user=ladder.person, reminder__source="recommendation.reply")
    assert note.title == f"【黄灯预警】纪律检查建议书：{rec.number} {rec.title}"


@pytest.mark.django_db
def test_unknown_department_of_a_recommendation_falls_back_to_its_head(inspector_user, time_machine, ladder):
    from tests.discipline.factories import issued_recommendation

    lonely = DepartmentFactory(name="无联络员部门")
    lonely.head = PersonFactory(name="部门负责人癸", email="gui@example.cn")
    lonely.save()
    time_machine.move_to(at(START), tick=False)
    rec = issued_recommendation(inspector_user, department=lonely, issued_on=START)
    time_machine.move_to(at(rec.reply_due_date - dt.timedelta(days=20)), tick=False)
    run_scan()
    assert _recipients("recommendation.reply", rec) == {lonely.head.pk}
