"""Shared scans for the dump tests: every table's rows as text, and every file under MEDIA_ROOT."""

import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection


def _text(value):
    return bytes(value).decode("utf-8", "replace") if isinstance(value, bytes | memoryview) else str(value)


def table_hits(needles):
    """(table, needle) for each needle found in any row of any table, read with raw SQL."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - introspected names
            for row in cursor.fetchall():
                blob = " ".join(_text(v) for v in row)
                found += [(table, n) for n in needles if n in blob]
    return found


def dumpdata_hits(needles):
    """Needles found in ``dumpdata`` of every app (history tables included)."""
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    text = json.dumps(json.loads(out.getvalue()), ensure_ascii=False)
    return [n for n in needles if n in text]


def media_hits(needles):
    """(file, needle) for each needle whose UTF-8 or GBK bytes occur in a file under MEDIA_ROOT."""
    found = []
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in needles:
                forms = {needle.encode("utf-8"), needle.encode("gb18030")}
                if any(form in data for form in forms):
                    found.append((str(path.relative_to(settings.MEDIA_ROOT)), needle))
    return found


def media_file_count():
    return sum(1 for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())
