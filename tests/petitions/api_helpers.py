"""What the petition API tests share: a registration body and reading an exported ledger."""

import io

from openpyxl import load_workbook

from tests.petitions.factories import REPORTER, category


def registration_body(**overrides):
    body = {
        "received_at": "2026-01-05T09:30:00+08:00",
        "channel": "hotline",
        "kind": "complaint",
        "is_named": True,
        "category": category().pk,
        "summary": "接线员态度差",
        "content": "详细内容",
        "informant": REPORTER.as_dict(),
    }
    body.update(overrides)
    return body


def sheet_text(content):
    book = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row if c is not None)


def sheet_rows(content):
    book = load_workbook(io.BytesIO(content), read_only=True)
    return list(book.active.iter_rows(values_only=True))
