"""The security log's events are named <entity>_<verb>; rows written under the old names are renamed."""

import importlib

import pytest
from django.apps import apps

from core.models import AuditLog

migration = importlib.import_module("core.migrations.0006_auditlog_events_entity_verb")


def test_every_event_is_entity_underscore_verb():
    assert all("_" in value for value in AuditLog.Event.values)
    assert set(migration.RENAMED.values()) <= set(AuditLog.Event.values)


@pytest.mark.django_db
def test_rows_logged_under_the_old_names_are_renamed():
    for old in migration.RENAMED:
        AuditLog.objects.create(event=AuditLog.Event.LOGIN, username=old)
        AuditLog.objects.filter(username=old).update(event=old)  # as an older release stored it
    migration.rename(apps, None)
    renamed = dict(AuditLog.objects.values_list("username", "event"))
    assert renamed == migration.RENAMED
    migration.rename_back(apps, None)
    assert dict(AuditLog.objects.values_list("username", "event")) == {old: old for old in migration.RENAMED}
