"""Bench cases for the fill-in sheet (台账往返), loaded by ``rectification.bench``.

* rect.fill_export — the fill-in sheet of a round of 50k measures as an inspector; floor: openpyxl's
  write-only writer writing the same cell values (read back from one export in setup).
* rect.progress_upload — an office's upload of a filled sheet of 5k changed rows (a note each); floor:
  openpyxl's read-only read of the same file plus one bulk insert of the same progress notes.
Each upload (and each floor) runs in a savepoint that is rolled back, so every repeat starts from the
same exported state.
"""

import io

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from core.bench import BenchCase, register
from organization.models import Membership, Person
from organization.roles import Role, assign_roles
from rectification.bench_data import _build_round, _org, _staff, rows_check
from rectification.ledger.fill import apply_progress_upload, export_fill_sheet
from rectification.ledger.fill.export import KEY_COLUMN, PROGRESS_COLUMN
from rectification.ledger.fill.key import read_key
from rectification.models import Measure, MeasureStatus, ProgressUpdate

_KEY_INDEX = 13  # column N


class _Undo(Exception):
    pass


def _undone(func):
    result = None
    try:
        with transaction.atomic():
            result = func()
            raise _Undo
    except _Undo:
        pass
    return result


# -- the fill-in export --------------------------------------------------------------------------------


def _export_setup(rows):
    departments, people = _org()
    rnd = _build_round("基准填报表轮次", rows, departments, people, today=timezone.localdate(), progress_every=4)
    user = _staff("bench-rect-fill-export")
    buffer = io.BytesIO()
    export_fill_sheet(user=user, out=buffer, round=rnd)
    buffer.seek(0)
    wb = load_workbook(buffer, read_only=True)
    sheets = [(ws.title, [tuple(r) for r in ws.iter_rows(values_only=True)]) for ws in wb.worksheets]
    wb.close()
    return {"user": user, "round": rnd, "sheets": sheets, "measures": rows}


def _export_run(ctx):
    return export_fill_sheet(user=ctx["user"], out=io.BytesIO(), round=ctx["round"])


def _export_floor(ctx):
    wb = Workbook(write_only=True)
    measures = 0
    for title, values in ctx["sheets"]:
        ws = wb.create_sheet(title)
        for row in values:
            ws.append(row)
            measures += len(row) >= _KEY_INDEX + 1 and read_key(row[_KEY_INDEX]) is not None
    wb.save(io.BytesIO())
    return measures


def _export_check(ctx, run_result, floor_result):
    assert run_result == floor_result == ctx["measures"], (run_result, floor_result)


register(
    BenchCase(
        name="rect.fill_export",
        description="fill-in sheet of a 50k-measure round vs openpyxl write-only of the same values",
        size=50_000,
        setup=_export_setup,
        run=_export_run,
        floor=_export_floor,
        check=_export_check,
    )
)


# -- the progress upload ----------------------------------------------------------------------------


def _office(username, departments):
    user = get_user_model().objects.create_user(username=username, password=None)
    person = Person.objects.create(name=f"{username}本人", user=user)
    Membership.objects.bulk_create([Membership(person=person, department=d) for d in departments])
    assign_roles(user, Role.OFFICE)
    return user


def _upload_setup(rows):
    departments, people = _org()
    rnd = _build_round("基准填报上传轮次", rows, departments, people, today=timezone.localdate(), progress_every=4)
    Measure.objects.filter(problem__round=rnd).update(status=MeasureStatus.IN_PROGRESS)
    user = _office("bench-rect-fill-upload", departments)
    buffer = io.BytesIO()
    export_fill_sheet(user=user, out=buffer, round=rnd)
    buffer.seek(0)
    wb = load_workbook(buffer)
    ws = wb.worksheets[0]
    for row in range(4, ws.max_row + 1):
        if ws[f"{KEY_COLUMN}{row}"].value and row > 3:
            old = ws[f"{PROGRESS_COLUMN}{row}"].value
            ws[f"{PROGRESS_COLUMN}{row}"] = f"{old}；本周已完成第{row}项工作" if old else f"本周已完成第{row}项工作"
    out = io.BytesIO()
    wb.save(out)
    return {"user": user, "data": out.getvalue(), "rows": rows}


def _upload_run(ctx):
    user = get_user_model().objects.get(pk=ctx["user"].pk)  # fresh: actor resolution is part of the cost
    return _undone(lambda: len(apply_progress_upload(user=user, source=ctx["data"]).changes))


def _upload_floor(ctx):
    def work():
        wb = load_workbook(io.BytesIO(ctx["data"]), read_only=True)
        today, notes = timezone.localdate(), []
        for values in wb.worksheets[0].iter_rows(min_row=4, values_only=True):
            key = read_key(values[-1]) if values and len(values) >= 14 else None
            if key is not None:
                notes.append(ProgressUpdate(measure_id=key.measure_id, date=today, text=values[10], author=ctx["user"]))
        wb.close()
        ProgressUpdate.objects.bulk_create(notes, batch_size=500)
        return len(notes)

    return _undone(work)


register(
    BenchCase(
        name="rect.progress_upload",
        description="upload of a filled sheet of 5k changed rows vs openpyxl read-only plus one bulk insert",
        size=5_000,
        setup=_upload_setup,
        run=_upload_run,
        floor=_upload_floor,
        check=rows_check,
    )
)
