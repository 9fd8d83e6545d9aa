"""core.files.validate_upload judges an upload by its content, not only by its name."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import ApplicationError
from core.files import validate_upload
from tests.uploads import sample_bytes, sample_upload

ALL_TYPES = ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "txt", "ofd", "zip"]


@pytest.mark.parametrize("ext", ALL_TYPES)
def test_a_genuine_file_of_each_allowed_type_passes(ext):
    upload = sample_upload(f"材料.{ext}")
    assert validate_upload(upload) is upload
    assert upload.read(4) == sample_bytes(ext)[:4], "the upload is left rewound for storage"


def _refusal(name, data, field="files"):
    with pytest.raises(ApplicationError) as caught:
        validate_upload(SimpleUploadedFile(name, data), field=field)
    assert caught.value.code == "file_content"
    assert list(caught.value.detail) == [field]
    return caught.value.detail[field][0]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("x.pdf", b"<html><script>alert(1)</script></html>"),
        ("x.jpg", sample_bytes("png")),
        ("x.png", b"%PDF-1.4 not an image"),
        ("x.doc", b"MZ\x90\x00" + b"\x00" * 100),
        ("x.xls", sample_bytes("xlsx")),
        ("x.docx", b"MZ\x90\x00 an exe"),
        ("x.docx", sample_bytes("xlsx")),
        ("x.xlsx", sample_bytes("zip")),
        ("x.ofd", sample_bytes("docx")),
        ("x.zip", b"MZ\x90\x00" + sample_bytes("zip")),  # a self-extracting exe
        ("x.zip", b"PK\x03\x04 truncated"),
        ("x.txt", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("x.txt", "正文\x00隐藏".encode()),
        ("x.txt", b"\xff\xfe\xfa\xfb" * 4),
    ],
)
def test_content_that_is_not_what_the_extension_says_is_refused(name, data):
    message = _refusal(name, data)
    assert "文件内容不是有效的" in message


def test_text_in_gbk_is_accepted():
    validate_upload(SimpleUploadedFile("说明.txt", "群众来信摘录：办事效率低".encode("gbk")))


def test_the_message_names_the_file_and_its_extension():
    with pytest.raises(ApplicationError) as caught:
        validate_upload(SimpleUploadedFile("报告.pdf", b"<html></html>"))
    assert "报告.pdf" in caught.value.message
    assert ".pdf" in caught.value.detail["file"][0]
