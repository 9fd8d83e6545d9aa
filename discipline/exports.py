"""Excel ledgers: 线索台账 (the numbered ledger 监督执纪工作规则 第二十三条 requires) and
建议书台账.

Write-only openpyxl (constant memory), every cell through ``core.excel.neutralise`` so
nothing runs as a formula, a fixed number of queries whatever the row count. Neither
ledger ever holds a reporter's identity: a clue from a petition shows the petition's
number only, and step notes (free text) stay out of the ledger.
"""

import io

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.excel import closed_on_error, neutralise, neutralise_row
from core.outcomes import Form, OutcomeKind
from deadlines.light import Light
from discipline.models import Clue, ClueOutcome, ClueStep, Recommendation
from discipline.selectors.clues import clue_light, clue_light_context
from discipline.selectors.recommendations import recommendation_light, recommendation_light_context

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 500
LIGHT_LABELS = {**dict(Light.choices), Light.NONE: "无期限"}
# choice labels looked up once (get_FOO_display per cell is the slow part of a large ledger)
_CLUE_SOURCE, _CLUE_STATUS, _DISPOSAL = (
    dict(Clue.Source.choices),
    dict(Clue.Status.choices),
    dict(Clue.Disposal.choices),
)
_STEP, _TARGET, _METHOD = (
    dict(ClueStep.Kind.choices),
    dict(ClueStep.FeedbackTarget.choices),
    dict(ClueStep.Method.choices),
)
_OUTCOME, _FORM = dict(OutcomeKind.choices), dict(Form.choices)
_REC_KIND, _REC_SOURCE = dict(Recommendation.Kind.choices), dict(Recommendation.Source.choices)
_REC_STATUS = dict(Recommendation.Status.choices)

CLUE_COLUMNS = [
    ("编号", 16),
    ("收到日期", 12),
    ("线索来源", 12),
    ("来源编号或巡察轮次", 28),
    ("被反映人", 10),
    ("所在部门", 16),
    ("问题摘要", 40),
    ("承办人", 10),
    ("处置方式", 14),
    ("集体研究日期", 12),
    ("审批日期", 12),
    ("办结日期", 12),
    ("办理结果", 40),
    ("处理结果（按人）", 36),
    ("反馈情况", 36),
    ("办理阶段", 10),
    ("当前期限", 12),
    ("亮灯", 8),
    ("办理环节及经手人签名", 60),
]

RECOMMENDATION_COLUMNS = [
    ("文号", 14),
    ("建议类型", 12),
    ("标题", 40),
    ("主送部门", 16),
    ("问题来源", 12),
    ("制发日期", 12),
    ("回复期限", 12),
    ("回复日期", 12),
    ("回复附件（份）", 10),
    ("状态", 10),
    ("亮灯", 8),
    ("办结日期", 12),
    ("存在的问题", 50),
    ("建议措施", 50),
]


def _d(value):
    return value.strftime("%Y-%m-%d") if value else ""


def _sheet(wb, title, heading, columns):
    ws = wb.create_sheet(title)
    for index, (_, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    cell = WriteOnlyCell(ws, value=neutralise(heading))
    cell.font = Font(bold=True, size=14)
    ws.append([cell])
    ws.append([neutralise(f"导出日期：{timezone.localdate():%Y-%m-%d}")])
    header = []
    for name, _ in columns:
        c = WriteOnlyCell(ws, value=neutralise(name))
        c.font = Font(bold=True)
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(c)
    ws.append(header)
    return ws


def _append(ws, values, *, item, columns):
    ws.append(neutralise_row(values, item=item, headers=[name for name, _ in columns]))


def _source_reference(clue):
    if clue.source == Clue.Source.PETITION:
        return clue.source_petition_number or ""
    if clue.source == Clue.Source.INSPECTION:
        return "；".join(v for v in (clue.inspection_round, clue.source_reference) if v)
    return clue.source_reference


def _clue_row(clue, ctx):
    steps = list(clue.steps.all())
    meeting = next((s.date for s in reversed(steps) if s.kind == ClueStep.Kind.DISCUSS), None)
    outcomes = "；".join(
        f"{o.person.name}：{_OUTCOME[o.kind]}" + (f"（{_FORM[o.form]}）" if o.form else "") for o in clue.outcomes.all()
    )
    feedback = "；".join(
        f"{_d(s.date)} 向{_TARGET.get(s.feedback_target, '')}{_METHOD.get(s.method, '')}反馈"
        for s in steps
        if s.kind == ClueStep.Kind.FEEDBACK
    )
    signatures = "；".join(f"{_d(s.date)} {_STEP[s.kind]}（{s.signer_name}）" for s in steps)
    return [
        clue.number,
        _d(clue.received_date),
        _CLUE_SOURCE[clue.source],
        _source_reference(clue),
        clue.subject_person.name,
        clue.subject_department.name if clue.subject_department else "",
        clue.summary,
        clue.handler_name,
        _DISPOSAL.get(clue.disposal, ""),
        _d(meeting),
        _d(clue.approved_on),
        _d(clue.concluded_on),
        clue.result,
        outcomes,
        feedback,
        _CLUE_STATUS[clue.status],
        _d(clue.due_date),
        LIGHT_LABELS[clue_light(clue, ctx)],
        signatures,
    ]


def clue_ledger(queryset, *, title="问题线索管理台账", progress=None) -> tuple[bytes, int]:
    """The ledger of the given (already visible, filtered) clues: (xlsx bytes, row count).

    ``progress``: a background job's ``Progress``, advanced by rows written."""
    ctx = clue_light_context()
    wb = Workbook(write_only=True)
    ws = _sheet(wb, "线索台账", title, CLUE_COLUMNS)
    qs = queryset.order_by("year", "seq").prefetch_related(
        Prefetch("steps", queryset=ClueStep.objects.order_by("signed_at", "id")),
        Prefetch("outcomes", queryset=ClueOutcome.objects.select_related("person").order_by("id")),
    )
    count = 0
    with closed_on_error(wb):
        for clue in qs.iterator(chunk_size=CHUNK):
            _append(ws, _clue_row(clue, ctx), item=f"线索{clue.number}", columns=CLUE_COLUMNS)
            count += 1
            if progress is not None:
                progress.advance(count)
    return _save(wb), count


def recommendation_ledger(queryset, *, title="纪律检查建议书台账", progress=None) -> tuple[bytes, int]:
    ctx = recommendation_light_context()
    wb = Workbook(write_only=True)
    ws = _sheet(wb, "建议书台账", title, RECOMMENDATION_COLUMNS)
    count = 0
    with closed_on_error(wb):
        for rec in queryset.order_by("year", "seq", "id").iterator(chunk_size=CHUNK):
            _append(
                ws,
                [
                    rec.number or "（未制发）",
                    _REC_KIND[rec.kind],
                    rec.title,
                    rec.target_department.name,
                    _REC_SOURCE[rec.source],
                    _d(rec.issued_on),
                    _d(rec.reply_due_date),
                    _d(rec.replied_on),
                    rec.reply_file_count,
                    _REC_STATUS[rec.status],
                    LIGHT_LABELS[recommendation_light(rec, ctx)],
                    _d(rec.closed_on),
                    rec.problems,
                    rec.recommendations,
                ],
                item=f"建议书{rec.number or rec.title}",
                columns=RECOMMENDATION_COLUMNS,
            )
            count += 1
            if progress is not None:
                progress.advance(count)
    return _save(wb), count


def _save(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
