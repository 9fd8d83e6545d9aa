"""Bench: generating each round document (整改方案, 整改情况报告, 主要负责人报告, 整改公开) of a
round of 500 measures (at scale 1): read the ledger, freeze a version, write the GB/T 9704 .docx.
The floor is python-docx writing the same paragraphs and task table with no formatting at all."""

import io

from django.db import connection
from django.utils import timezone

from core.bench import BenchCase, register
from rectification.bench_data import _build_round, _org, _staff
from rectification.documents.services import document_generate
from rectification.models import DocumentKind, Problem
from reports.docx.rounds import round_document_docx
from reports.rounds.render import render_document


def _setup(rows):
    departments, people = _org(n_departments=20, n_people=60)
    rnd = _build_round("基准整改文书轮次", rows, departments, people, today=timezone.localdate(), progress_every=2)
    Problem.objects.filter(round=rnd, order__lte=rows // 4).update(is_public=True)
    user = _staff("bench_round_docs")
    # the floor writes what the run renders: the same paragraphs and rows, taken from one generation
    rendered = {k: render_document(document_generate(user=user, rnd=rnd, kind=k)) for k in DocumentKind}
    connection.queries_log.clear()
    return {"round": rnd, "user": user, "rendered": rendered}


def _shape(rendered):
    rows = len(rendered.attachment.rows) if rendered.attachment else 0
    return (len(rendered.paragraphs), rows)


def _run(ctx):
    out = {}
    for kind in DocumentKind:
        rendered = render_document(document_generate(user=ctx["user"], rnd=ctx["round"], kind=kind))
        assert round_document_docx(rendered)
        out[kind.value] = _shape(rendered)
    return out


def _floor(ctx):
    import docx

    out = {}
    for kind, rendered in ctx["rendered"].items():
        document = docx.Document()
        for para in rendered.paragraphs:
            document.add_paragraph(para.text)
        table = rendered.attachment
        if table is not None:
            grid = document.add_table(rows=1, cols=len(table.headers))
            for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
                cell.text = text
            for row in table.rows:
                for cell, text in zip(grid.add_row().cells, row, strict=True):
                    cell.text = text
        document.save(io.BytesIO())
        out[kind.value] = _shape(rendered)
    return out


def _check(ctx, run_result, floor_result):
    assert run_result == floor_result, (run_result, floor_result)
    from rectification.models import Measure

    assert run_result["plan"][1] == Measure.objects.filter(problem__round=ctx["round"]).count()


register(
    BenchCase(
        name="reports.round_documents",
        description="generate the four round documents (.docx, GB/T 9704) of a 500-measure round vs. plain python-docx",
        size=500,
        setup=_setup,
        run=_run,
        floor=_floor,
        check=_check,
    )
)
