"""The admin: scoped like every read, no deletes, workflow fields read-only."""

from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from organization.roles import Role
from rectification.models import Aspect, InspectionRound, Measure, Problem
from tests.factories import make_user


def test_admin_lists_are_scoped_and_never_delete(measure_a, measure_b, admin_user, client, dept_a):
    client.force_login(admin_user)
    response = client.get(reverse("admin:rectification_measure_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0  # a system administrator as such sees no cases

    staff_inspector = make_user(Role.INSPECTOR, username="staffinsp")
    staff_inspector.is_staff = True
    staff_inspector.save()
    request = RequestFactory().get("/")
    request.user = staff_inspector
    model_admin = site._registry[Measure]
    assert set(model_admin.get_queryset(request)) == {measure_a, measure_b}
    assert not model_admin.has_delete_permission(request, measure_a)
    assert "delete_selected" not in model_admin.get_actions(request)
    assert {"status", "due_date", "original_due_date"} <= set(model_admin.get_readonly_fields(request, measure_a))


def test_the_admin_never_bypasses_what_the_services_recompute(measure_a, client):
    """Rounds and measures are created through the services (their dates are computed there); the
    fields whose change the services follow with more work are read-only here."""
    staff_inspector = make_user(Role.INSPECTOR, username="staffinsp2")
    staff_inspector.is_staff = True
    staff_inspector.save()
    request = RequestFactory().get("/")
    request.user = staff_inspector
    round_ = measure_a.problem.round
    expected = {
        InspectionRound: (round_, {"feedback_date", "rectification_end", "report_due_date", "leader_report_due_date"}),
        Measure: (measure_a, {"problem", "due_date", "deadline_text"}),
        Problem: (measure_a.problem, {"round"}),
    }
    for model, (obj, read_only) in expected.items():
        model_admin = site._registry[model]
        assert read_only <= set(model_admin.get_readonly_fields(request, obj)), model
    assert "round" in site._registry[Aspect].get_readonly_fields(request, None)
    for model in (InspectionRound, Aspect, Problem, Measure):
        assert not site._registry[model].has_add_permission(request), model
    client.force_login(staff_inspector)
    aspect = Aspect.objects.create(round=round_, title="一、理论学习")
    for obj in (round_, aspect, measure_a.problem, measure_a):
        url = reverse(f"admin:rectification_{obj._meta.model_name}_change", args=[obj.pk])
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert ' name="feedback_date"' not in html and ' name="problem"' not in html and ' name="round"' not in html
