"""The admin's login-security section (django-axes) speaks Chinese."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_axes_section_and_its_lists_are_labelled_in_chinese(admin_user):
    client = Client()
    client.force_login(admin_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    index = response.content.decode()
    assert "登录安全" in index and "登录尝试" in index and "登录日志" in index
    assert "Access attempts" not in index and "Axes" not in index
    AccessAttempt.objects.create(
        username="someone",
        ip_address="10.0.0.9",
        user_agent="x",
        path_info="/accounts/login/",
        http_accept="*/*",
        get_data="",
        post_data="",
        failures_since_start=3,
    )
    attempts = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "IP 地址" in attempts and "尝试时间" in attempts and "IP Address" not in attempts
