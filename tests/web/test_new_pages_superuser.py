"""A superuser without a role is no one on the 填报表, 批量填报 and import pages: superuser status
grants no role (三员分立), so each page refuses him like any user without the role."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

PAGES = ["web:fill-upload", "web:fill-download", "web:progress-grid", "web:ledger-import"]


@pytest.mark.parametrize("name", PAGES)
def test_a_superuser_without_a_role_is_refused(client, db, name):
    root = get_user_model().objects.create_superuser("root", "root@example.org", "Root@12345xc!")
    client.force_login(root)
    response = client.get(reverse(name))
    assert response.status_code == 403, response.status_code
