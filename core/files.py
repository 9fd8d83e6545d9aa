"""Uploaded files: validated on the way in, served only through checked views.

Files live under MEDIA_ROOT, which is never served by URL. A view first loads the
owning object through its visibility selector (404 otherwise), then calls
``serve_file``, which logs the download in the security log.
"""

import mimetypes
import os
import uuid

from django.conf import settings
from django.http import FileResponse, Http404

from core.audit import log_event
from core.errors import ApplicationError
from core.models import AuditLog


def validate_upload(upload, *, field="file"):
    """Refuse a file whose type or size the settings do not allow; names the file and the limit."""
    name = getattr(upload, "name", "") or ""
    ext = os.path.splitext(name)[1].lower().lstrip(".")
    allowed = [e.lower() for e in settings.UPLOAD_ALLOWED_EXTENSIONS]
    if ext not in allowed:
        raise ApplicationError(
            f"文件“{name}”的类型不允许上传，允许的类型：{'、'.join(allowed)}",
            code="file_type",
            detail={field: [f"不允许的文件类型：{ext or '无扩展名'}"]},
        )
    if upload.size > settings.UPLOAD_MAX_BYTES:
        limit_mb = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
        raise ApplicationError(
            f"文件“{name}”超过大小限制（{limit_mb} MB）",
            code="file_too_large",
            detail={field: [f"文件大小超过 {limit_mb} MB"]},
        )
    if upload.size == 0:
        raise ApplicationError(f"文件“{name}”是空文件", code="file_empty", detail={field: ["空文件"]})
    return upload


def upload_to(prefix):
    """An upload_to callable storing files under an unguessable name, keeping the extension."""

    def _path(instance, filename):
        ext = os.path.splitext(filename)[1].lower()
        return f"{prefix}/{uuid.uuid4().hex}{ext}"

    _path.__name__ = f"upload_to_{prefix}"
    return _path


def serve_file(request, fieldfile, *, filename, target=""):
    """Stream a stored file as an attachment and record the download."""
    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    log_event(AuditLog.Event.DOWNLOAD, request=request, target=target or filename)
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
