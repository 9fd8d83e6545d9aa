"""The admin: scoped like every read, no deletes, workflow fields read-only."""

from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from organization.roles import Role
from rectification.models import Measure
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
