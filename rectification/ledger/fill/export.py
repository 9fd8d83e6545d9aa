"""The fill-in sheet (填报表): the ledger as the export writes it, for offices to fill 整改进展 and 完成情况.

One sheet per round (titled with the round's name, cut to Excel's 31 characters and made unique), the
ledger layout of ``rectification.ledger.writer`` with its hidden 完成时限数据 column and a hidden key
column (``key``). 整改进展 holds the latest progress note, 完成情况 the status word; these two cells of
each measure row are unlocked, everything else is locked by sheet protection **without a password**
(it guards against slips, not against anyone: 审阅 → 撤销工作表保护 lifts it, and the upload checks
every structure cell anyway). Protected sheets still allow autofilter, sorting and resizing columns and
rows. 完成情况 has a validation list (``plan.COMPLETION_WORDS``). Print setup: landscape, one page wide,
the header row repeated on every page, wrapped text; panes frozen below the header.
"""

from django.db.models import OuterRef, Subquery
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection

from core.audit import log_event
from core.errors import PermissionDeniedError
from core.excel import closed_on_error, column_letter, neutralise
from core.models import AuditLog
from core.scoping import actor_for, visible_to
from organization.models import Department, UnitProfile
from rectification import permissions
from rectification.ledger import columns as C
from rectification.ledger.exporter import _measure_values, round_info, write_round
from rectification.ledger.fill.key import make_key
from rectification.ledger.fill.plan import COMPLETION_WORDS
from rectification.ledger.reader import clean
from rectification.ledger.writer import WIDTH, LedgerWriter, ledger_title
from rectification.models import InspectionRound, ProgressUpdate
from rectification.selectors import visible_measures
from rectification.visibility import department_measures_q

HEADER_ROW = 3
FIELDS = [name for name, _ in C.EXPORT_COLUMNS]
COMPLETION_COLUMN = column_letter(FIELDS.index(C.COMPLETION) + 1)
PROGRESS_COLUMN = column_letter(FIELDS.index(C.PROGRESS) + 1)
KEY_COLUMN = column_letter(WIDTH + 2)  # after the 完成时限数据 record
# Positions in ``_measure_values``' list (the columns after 序号 and 问题).
_COMPLETION, _PROGRESS = FIELDS.index(C.COMPLETION) - 2, FIELDS.index(C.PROGRESS) - 2
_MEASURE = FIELDS.index(C.MEASURE) - 2

_UNLOCKED = Protection(locked=False)
_WRAP = Alignment(vertical="top", wrap_text=True)
_INVALID_TITLE = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def _latest_id():
    notes = ProgressUpdate.objects.filter(measure=OuterRef("pk"), archived_at__isnull=True)
    return Subquery(notes.order_by("-date", "-id").values("id")[:1])


def _sheet_title(name, taken) -> str:
    base = (name.translate(_INVALID_TITLE).strip("'") or "整改台账")[:31]
    title, n = base, 1
    while title in taken:
        n += 1
        suffix = f"（{n}）"
        title = base[: 31 - len(suffix)] + suffix
    taken.add(title)
    return title


def _prepare(ws):
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.sheet_properties.pageSetUpPr.fitToPage = True


class _FillValues:
    """A measure row of the fill-in sheet: the export's cells, the two fillable ones unlocked, the key."""

    def __init__(self, ws):
        self.ws = ws

    def _cell(self, value, *, unlocked=False):
        cell = WriteOnlyCell(self.ws, value=neutralise(value))
        cell.alignment = _WRAP
        if unlocked:
            cell.protection = _UNLOCKED
        return cell

    def __call__(self, row, co_names, extra):
        version, note_id = extra
        values = _measure_values(row, co_names)
        progress, completion = values[_PROGRESS], values[_COMPLETION]
        key = make_key(row[1], version, note_id, clean(progress), clean(completion))
        values[_PROGRESS] = self._cell(progress, unlocked=True)
        values[_COMPLETION] = self._cell(completion, unlocked=True)
        values[_MEASURE] = self._cell(values[_MEASURE])
        return [*values, key]


def _finish(ws, last_row):
    last_visible = column_letter(WIDTH)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_visible}{max(last_row, HEADER_ROW)}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.protection = SheetProtection(
        sheet=True, autoFilter=False, sort=False, formatColumns=False, formatRows=False, selectLockedCells=False
    )
    if last_row > HEADER_ROW:
        words = ",".join(COMPLETION_WORDS)
        validation = DataValidation(
            type="list",
            formula1=f'"{words}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="完成情况",
            error=f"请从列表中选择：{'、'.join(COMPLETION_WORDS)}（选“已完成”即申请销号）",
            promptTitle="完成情况",
            prompt="选“已完成”即提交申请销号，由纪检干部审核",
            showInputMessage=True,
        )
        validation.add(f"{COMPLETION_COLUMN}{HEADER_ROW + 1}:{COMPLETION_COLUMN}{last_row}")
        ws.data_validations.append(validation)


def _department_id(actor, department):
    if department in (None, ""):
        return None
    pk = getattr(department, "pk", department)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise PermissionDeniedError("所选部门不存在") from None
    if not permissions.can_manage(actor) and pk not in actor.department_ids:
        raise PermissionDeniedError("只能下载本部门的填报表")
    return pk


def export_fill_sheet(*, user, out, round=None, department=None, request=None) -> int:
    """Write the fill-in sheet to ``out``; returns the measure rows written.

    ``round`` None: every round the user may see, one sheet each (rounds without a measure in scope are
    left out). ``department``: only that department's measures (lead or co-operating); an office gets
    its own departments' measures anyway (visibility) and may name only one of them; the 纪检 office any.
    Archived measures are left out. The export is recorded in the security log.
    """
    actor = actor_for(user)
    department_id = _department_id(actor, department)
    scope = visible_measures(actor=actor)
    if department_id is not None:
        scope = scope.filter(department_measures_q([department_id]))
    if round is not None:
        rounds = [round]
    else:
        rounds = list(
            visible_to(InspectionRound, actor=actor).filter(
                archived_at__isnull=True, pk__in=scope.values("problem__round_id")
            )
        )
    unit = UnitProfile.load().name
    wb = Workbook(write_only=True)
    taken: set[str] = set()
    measures = 0
    with closed_on_error(wb):
        for rnd in rounds or [None]:
            writer = LedgerWriter(
                record=True,
                hidden=[C.MEASURE_KEY],
                wb=wb,
                title=_sheet_title(rnd.name if rnd else "整改台账", taken),
                before_rows=_prepare,
            )
            team = (rnd.inspection_team or rnd.name) if rnd else "巡察组"
            writer.preamble(title=ledger_title(unit, team) + "（填报表）", info=round_info(unit, rnd) if rnd else "")
            if rnd is not None:
                measures += write_round(
                    writer,
                    actor,
                    rnd,
                    only=scope.filter(problem__round=rnd).values("pk"),
                    problem_style=_WRAP,
                    values_of=_FillValues(writer.ws),
                    extra_fields=("version", "latest_progress_id"),
                    annotations={"latest_progress_id": _latest_id()},
                )
            _finish(writer.ws, writer.row)
            writer.finish()
    wb.save(out)
    name = Department.objects.filter(pk=department_id).values_list("name", flat=True).first() if department_id else ""
    log_event(
        AuditLog.Event.EXPORT,
        user=user,
        request=request,
        target="整改台账填报表：" + ("、".join(r.name for r in rounds) or "（无）"),
        measures=measures,
        department=name or "全部",
    )
    return measures
