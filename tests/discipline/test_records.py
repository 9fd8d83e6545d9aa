"""Signed step records are append-only; clues and their content stay out of the Django admin."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.errors import ApplicationError
from discipline.models import Clue, ClueOutcome, ClueStep, MeetingOpinion
from discipline.services.clues import clue_conclude
from tests.discipline.factories import clue_at, issued_recommendation, register_clue

pytestmark = pytest.mark.django_db


def test_a_signed_step_can_be_neither_changed_nor_deleted(inspector, supervisor):
    clue = clue_at(Clue.Status.CONCLUDED, registrar=inspector, supervisor=supervisor)
    step = clue.steps.get(kind=ClueStep.Kind.REGISTER)
    step.note = "篡改"
    with pytest.raises(ApplicationError, match="不可修改"):
        step.save()
    with pytest.raises(ApplicationError, match="不可修改"):
        ClueStep.objects.filter(pk=step.pk).update(note="篡改")
    with pytest.raises(ApplicationError, match="不能删除"):
        step.delete()
    with pytest.raises(ApplicationError, match="不能删除"):
        ClueStep.objects.all().delete()
    opinion = MeetingOpinion.objects.first()
    with pytest.raises(ApplicationError):
        opinion.delete()
    step.refresh_from_db()
    assert step.note.startswith("登记编号")


def test_clues_and_letters_are_archived_never_deleted(inspector):
    clue = register_clue(inspector)
    with pytest.raises(ApplicationError, match="不能删除"):
        clue.delete()
    with pytest.raises(ApplicationError, match="不能删除"):
        issued_recommendation(inspector).delete()


def test_no_discipline_model_is_in_the_django_admin(admin_user, client):
    for model in apps.get_app_config("discipline").get_models():
        assert not admin.site.is_registered(model), model
    client.force_login(admin_user)
    assert client.get("/admin/discipline/").status_code == 404
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_outcome_is_recorded_once_per_person_and_kind_by_the_database(inspector, supervisor, subject):
    clue = clue_at(Clue.Status.EXECUTING, registrar=inspector, supervisor=supervisor, subject=subject)
    clue_conclude(user=inspector, clue=clue, result="办结", outcomes=[(subject, "criticism", "")])
    step = clue.steps.get(kind="conclude")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClueOutcome.objects.create(clue=clue, step=step, person=subject, kind="criticism", decided_on=step.date)
