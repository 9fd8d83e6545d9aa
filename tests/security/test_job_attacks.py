"""Insiders against other people's background jobs: a job and its file are its owner's alone.

Each attacker asks for the status and the file of a finished export job, over the API and the
web pages, and gets the answer for a job that does not exist (404): another 纪检干部, the
office of another department, a leader, the 系统管理员 (a superuser), a bare superuser. The
owner who has since lost the role, or the department, gets 404 for the file too.
"""

import pytest
from django.urls import reverse

from core.models import AuditLog, Job
from core.scoping import forget_actor
from organization.roles import Role
from tests.factories import make_user
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory


@pytest.fixture
def round_job(office_a, dept_a, dept_b, api_as, settings, eager, django_capture_on_commit_callbacks):
    """office_a's finished export of a round in which it sees its own two measures."""
    rnd = RoundFactory(name="2022年巡察")
    problem = ProblemFactory(round=rnd)
    MeasureFactory(problem=problem, lead_department=dept_a)
    MeasureFactory(problem=problem, lead_department=dept_a)
    MeasureFactory(problem=problem, lead_department=dept_b)
    settings.EXPORT_BACKGROUND_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(office_a).get(reverse("rectification-round-ledger-export", args=[rnd.pk]))
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["id"])
    assert job.status == Job.Status.SUCCEEDED and job.file
    return job


def _attackers(dept_b):
    return {
        "another inspector": make_user(Role.INSPECTOR, username="inspector2"),
        "office of another department": make_user(Role.OFFICE, departments=[dept_b], username="office_b2"),
        "leader": make_user(Role.LEADER, username="leader2", is_leader=True),
        "系统管理员": make_user(Role.ADMIN, username="sysadmin2", superuser=True),
        "superuser": make_user(username="root2", superuser=True),
    }


def _urls(job):
    return [
        reverse("job-detail", args=[job.pk]),
        reverse("job-file", args=[job.pk]),
        reverse("web:job-detail", args=[job.pk]),
        reverse("web:job-file", args=[job.pk]),
    ]


def test_nobody_but_the_owner_sees_a_job_or_its_file(round_job, office_a, dept_b, api_as, client):
    owner = api_as(office_a)
    assert owner.get(reverse("job-file", args=[round_job.pk])).status_code == 200
    for name, user in _attackers(dept_b).items():
        api = api_as(user)
        client.force_login(user)
        for url in _urls(round_job):
            response = (api if url.startswith("/api/") else client).get(url)
            assert response.status_code == 404, (name, url, response.status_code)
        assert api.get(reverse("job-list")).json()["results"] == [], name
        listing = client.get(reverse("web:job-list"))
        assert reverse("web:job-detail", args=[round_job.pk]) not in listing.content.decode(), name
    # and none of those attempts was recorded as a download
    assert AuditLog.objects.filter(event=AuditLog.Event.EXPORT, detail__job=round_job.pk).count() == 1


def test_an_anonymous_visitor_gets_nothing(round_job, client):
    from rest_framework.test import APIClient

    api = APIClient()
    assert api.get(reverse("job-detail", args=[round_job.pk])).status_code in (401, 403)
    assert api.get(reverse("job-file", args=[round_job.pk])).status_code in (401, 403)
    assert client.get(reverse("web:job-file", args=[round_job.pk])).status_code == 302  # to the login page


def test_the_owner_who_lost_the_role_gets_404_for_the_file(round_job, office_a, api_as):
    office_a.groups.clear()
    forget_actor(office_a)
    client = api_as(office_a)
    assert client.get(reverse("job-file", args=[round_job.pk])).status_code == 404
    # the status stays readable (it names no content), the file never again
    assert client.get(reverse("job-detail", args=[round_job.pk])).status_code == 200


def test_the_owner_moved_to_another_department_gets_404_for_the_file(round_job, office_a, dept_b, api_as):
    person = office_a.person_obj
    person.departments.set([dept_b])
    forget_actor(office_a)
    assert api_as(office_a).get(reverse("job-file", args=[round_job.pk])).status_code == 404


def test_a_deactivated_owner_gets_nothing(round_job, office_a, api_as):
    office_a.is_active = False
    office_a.save()
    client = api_as(office_a)
    assert client.get(reverse("job-file", args=[round_job.pk])).status_code in (401, 403, 404)


def test_the_owner_whose_round_became_invisible_gets_404(round_job, office_a, api_as):
    from django.utils import timezone

    from rectification.models import InspectionRound

    InspectionRound.objects.filter(pk=round_job.parameters["round_id"]).update(archived_at=timezone.now())
    assert api_as(office_a).get(reverse("job-file", args=[round_job.pk])).status_code == 404


def test_a_petition_export_job_is_refused_once_the_export_right_is_gone(
    supervisor, api_as, settings, eager, django_capture_on_commit_callbacks
):
    settings.EXPORT_BACKGROUND_ROWS = -1
    client = api_as(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("petition-export"))
    job_id = response.json()["id"]
    assert client.get(reverse("job-file", args=[job_id])).status_code == 200
    supervisor.groups.clear()
    forget_actor(supervisor)
    assert client.get(reverse("job-file", args=[job_id])).status_code == 404


def test_a_job_id_that_is_not_a_number_is_404(office_a, api_as, client):
    client.force_login(office_a)
    assert api_as(office_a).get("/api/v1/jobs/abc/").status_code == 404
    assert api_as(office_a).get("/api/v1/jobs/99999999999999999999999/").status_code == 404


def test_an_unfinished_or_import_job_has_no_file(office_a, inspector, api_as):
    from django.db import transaction

    from core.jobs.services import job_start

    with transaction.atomic():
        queued = job_start(owner=inspector, kind="round_ledger_export", parameters={"round_id": 1})
        imported = job_start(owner=inspector, kind="ledger_import")
    Job.objects.filter(pk=imported.pk).update(status=Job.Status.SUCCEEDED)
    for job in (queued, imported):
        assert api_as(inspector).get(reverse("job-file", args=[job.pk])).status_code == 404
