"""Minimal valid files of every allowed upload type, for tests that upload something.

``core.files`` checks content, not only the extension, so a fixture must carry real
signatures: ``sample_upload("会议纪要.pdf")`` is a small but genuine PDF, ``"说明.docx"`` a zip
holding ``word/document.xml``, and so on. ``text`` is written into the file where the format
holds text (so a test can look for it in stored bytes).
"""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def _xlsx(text: str) -> bytes:
    book = Workbook()
    book.active["A1"] = text
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sample_bytes(ext: str, text: str = "测试内容") -> bytes:
    """The bytes of a minimal valid file of type ``ext`` (without the dot)."""
    ext = ext.lower()
    encoded = text.encode("utf-8")
    if ext == "pdf":
        return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n(" + encoded + b")\nendobj\n%%EOF\n"
    if ext in ("jpg", "jpeg"):
        return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + encoded + b"\xff\xd9"
    if ext == "png":
        return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + encoded
    if ext in ("doc", "xls"):
        return _OLE2 + b"\x00" * 504 + encoded
    if ext == "docx":
        return _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": f"<w:document>{text}</w:document>"})
    if ext == "xlsx":
        return _xlsx(text)
    if ext == "ofd":
        return _zip({"OFD.xml": "<ofd:OFD/>", "Doc_0/Document.xml": f"<ofd:Document>{text}</ofd:Document>"})
    if ext == "zip":
        return _zip({"材料.txt": text})
    if ext == "txt":
        return encoded
    raise ValueError(f"no sample for .{ext}")


def sample_upload(name: str, text: str = "测试内容", content_type: str = "application/octet-stream"):
    """A ``SimpleUploadedFile`` named ``name`` whose content is a valid file of its extension."""
    return SimpleUploadedFile(name, sample_bytes(name.rsplit(".", 1)[-1], text), content_type=content_type)
