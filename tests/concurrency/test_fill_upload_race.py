"""The same filled sheet uploaded twice at once, each on its own connection: one writes, the other
finds the measure changed meanwhile (stale) and writes nothing — never two notes, never two starts."""

import io

import pytest
from openpyxl import load_workbook

from rectification.ledger import LedgerInvalid
from rectification.ledger.fill import apply_progress_upload, export_fill_sheet
from rectification.ledger.fill.check import STALE
from rectification.models import MeasureReview, ProgressUpdate
from tests.concurrency.harness import race
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory
from tests.rectification.fill_helpers import as_bytes, fill

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_uploads_of_one_sheet_cannot_both_write(dept_a, office_a):
    measure = MeasureFactory(
        problem=ProblemFactory(round=RoundFactory()), lead_department=dept_a, content="并发填报的措施"
    )
    buffer = io.BytesIO()
    export_fill_sheet(user=office_a, out=buffer)
    buffer.seek(0)
    wb = load_workbook(buffer)
    fill(wb.worksheets[0], "并发填报的措施", progress="并发写入的进展")
    data = as_bytes(wb)

    def upload():
        return apply_progress_upload(user=office_a, source=data)

    outcomes = race(upload, upload, delays=[0, 0.05])
    kinds = sorted(o[0] for o in outcomes)
    assert kinds == ["error", "ok"], outcomes
    error = next(o[1] for o in outcomes if o[0] == "error")
    assert isinstance(error, LedgerInvalid) and [i.reason for i in error.issues] == [STALE]
    assert ProgressUpdate.objects.filter(measure=measure).count() == 1
    assert MeasureReview.objects.filter(measure=measure, action=MeasureReview.Action.START).count() == 1
