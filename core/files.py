"""Uploaded files: validated on the way in, served only through checked views.

Files live under MEDIA_ROOT, which is never served by URL. A view first loads the
owning object through its visibility selector (404 otherwise), then calls
``serve_file``, which logs the download in the security log.

An upload must be what its extension says, judged by its content, not its name:

* pdf, jpg/jpeg, png: the signature recognised by the ``filetype`` library;
* doc, xls (Office 97–2003): the OLE2 compound-file signature;
* docx, xlsx, ofd, zip: a zip archive from its first byte (so no self-extracting .exe) whose
  central directory opens; docx must hold ``word/document.xml``, xlsx ``xl/workbook.xml``,
  ofd ``OFD.xml`` (GB/T 33190);
* txt (no signature exists): no known binary signature, no NUL byte, and the whole file
  decodes as UTF-8 or GB18030 (which covers GBK and GB2312).
"""

import codecs
import mimetypes
import os
import uuid
import zipfile

import filetype
from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.http import content_disposition_header

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
    too_large = size_error(upload)
    if too_large:
        raise ApplicationError(f"文件“{name}”{too_large}", code="file_too_large", detail={field: [too_large]})
    if upload.size == 0:
        raise ApplicationError(f"文件“{name}”是空文件", code="file_empty", detail={field: ["空文件"]})
    problem = content_problem(upload, ext)
    if problem:
        raise ApplicationError(
            f"文件“{name}”的内容与扩展名 .{ext} 不符：{problem}",
            code="file_content",
            detail={field: [f"文件内容不是有效的 .{ext} 文件：{problem}"]},
        )
    return upload


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_STARTS = (b"PK\x03\x04", b"PK\x05\x06")
_HEAD_BYTES = 8192
_TEXT_CHUNK = 1024 * 1024
# Zip-based formats and the member that makes each what it claims to be (None: any archive).
_ZIP_MEMBER = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "ofd": "OFD.xml", "zip": None}
_SIGNED = {"pdf": ("pdf", "PDF"), "jpg": ("jpg", "JPEG 图片"), "jpeg": ("jpg", "JPEG 图片"), "png": ("png", "PNG 图片")}


def content_problem(upload, ext):
    """What is wrong with the content for the extension (Chinese, for the user), or "" when it matches.

    Reads the file from the start and leaves it rewound; memory stays at one chunk.
    """
    upload.seek(0)
    try:
        head = upload.read(_HEAD_BYTES)
        upload.seek(0)
        if ext in _SIGNED:
            expected, label = _SIGNED[ext]
            kind = filetype.guess(head)
            return "" if kind is not None and kind.extension == expected else f"不是 {label} 文件"
        if ext in ("doc", "xls"):
            return "" if head.startswith(_OLE2) else "不是 Office 97–2003 文档"
        if ext in _ZIP_MEMBER:
            return _zip_problem(upload, head, _ZIP_MEMBER[ext])
        if ext == "txt":
            return _text_problem(upload, head)
        # An extension an administrator allowed that has no rule here: its name is all we can judge.
        return ""
    finally:
        upload.seek(0)


def has_zip_member(source, member) -> bool:
    """Whether ``source`` (a seekable file) is a zip archive from its first byte holding ``member``."""
    source.seek(0)
    if not source.read(4).startswith(_ZIP_STARTS):
        return False
    source.seek(0)
    try:
        with zipfile.ZipFile(source) as archive:
            return member is None or member in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        source.seek(0)


def _zip_problem(upload, head, member):
    if not head.startswith(_ZIP_STARTS):
        return "不是 zip 压缩格式"
    if not has_zip_member(upload, member):
        return "压缩包已损坏" if member is None else f"压缩包中没有 {member}"
    return ""


def _text_problem(upload, head):
    if filetype.guess(head) is not None:
        return "是二进制文件，不是纯文本"
    for encoding in ("utf-8-sig", "gb18030"):
        upload.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := upload.read(_TEXT_CHUNK):
                if b"\x00" in chunk:
                    return "含有空字节，不是纯文本"
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return ""
        except UnicodeDecodeError:
            continue
    return "既不是 UTF-8 也不是 GBK 编码的文本"


def upload_to(prefix):
    """An upload_to callable storing files under an unguessable name, keeping the extension."""

    def _path(instance, filename):
        ext = os.path.splitext(filename)[1].lower()
        return f"{prefix}/{uuid.uuid4().hex}{ext}"

    _path.__name__ = f"upload_to_{prefix}"
    return _path


# What serve_file answers: the type the stored file's name says (a PDF as application/pdf, a
# photo as image/jpeg, ...), so the API schema documents a download of an upload as any type.
SERVED_FILE_MEDIA_TYPE = "*/*"


def serve_file(request, fieldfile, *, filename, target="", reader=None):
    """Stream a stored file as an attachment and record the download.

    ``reader(fieldfile)`` returns what to stream instead of the stored bytes (a decrypting generator).
    """
    if not fieldfile:
        raise Http404
    try:
        handle = reader(fieldfile) if reader else fieldfile.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    log_event(AuditLog.Event.DOWNLOAD, request=request, target=target or filename)
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    if not hasattr(handle, "read"):
        # FileResponse sets the disposition only for file objects, not for a generator.
        response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def size_error(upload) -> str:
    """Why ``upload`` is too large to accept ('' when it is not): one limit, ``UPLOAD_MAX_MB``, for every
    upload (evidence, attachments, the ledger import on the page and in the API)."""
    if upload.size <= settings.UPLOAD_MAX_BYTES:
        return ""
    limit = settings.UPLOAD_MAX_BYTES / (1024 * 1024)
    return f"超过大小限制（{limit:g} MB），该文件为 {upload.size / (1024 * 1024):.1f} MB"


def require_xlsx_upload(upload):
    """An API's workbook upload (a 台账 import): an .xlsx name and within the size limit, or a 400 on ``file``."""
    if os.path.splitext(upload.name)[1].lower() not in (".xlsx", ".xlsm"):
        raise ApplicationError("请上传 Excel .xlsx 文件", code="file_type", detail={"file": ["仅支持 .xlsx"]})
    too_large = size_error(upload)
    if too_large:
        raise ApplicationError(f"文件{too_large}", code="file_too_large", detail={"file": [f"文件{too_large}"]})
