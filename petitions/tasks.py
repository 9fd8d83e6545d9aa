"""Celery tasks of the petitions app: the nightly 12345 import from each active source's folder."""

import logging
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model

from petitions import permissions
from petitions.hotline.runs import import_folder
from petitions.models import HotlineSource

logger = logging.getLogger(__name__)


@shared_task(name="petitions.tasks.import_hotline_folders_task")
def import_hotline_folders_task():
    """Each active source with a folder: import its new files as ``HOTLINE_IMPORT_USER``. Safe to run
    twice: a file already imported (same name and sha256) is skipped."""
    username = settings.HOTLINE_IMPORT_USER
    user = get_user_model().objects.filter(username=username, is_active=True).first() if username else None
    if user is None or not permissions.can_register(user):
        logger.warning("12345 folder import skipped: HOTLINE_IMPORT_USER is not an active 纪检 account")
        return {}
    done = {}
    for source in HotlineSource.objects.filter(is_active=True).exclude(folder=""):
        folder = Path(source.folder)
        if not folder.is_dir():
            logger.warning("12345 folder of source %s does not exist: %s", source.pk, folder)
            continue
        imports = import_folder(source=source, folder=folder, user=user)
        done[source.name] = [(i.file_name, i.state) for i in imports]
    return done
