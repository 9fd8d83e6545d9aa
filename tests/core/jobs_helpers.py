"""Shared by the job tests: read a download, read a workbook (the ``eager`` fixture is in tests/conftest.py)."""

import io

from openpyxl import load_workbook


def content_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def sheet(content):
    book = load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for row in book.active.iter_rows(values_only=True)]
