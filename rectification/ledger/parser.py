"""From worksheet rows to aspects, problems and measure rows — no database involved.

Per sheet: rows above the header give the title and 填报单位/日期 (and, in sheets this
system wrote, the feedback date); the header is one row, or two where a merged caption
such as 责任分工 stands over 责任领导/责任部门/责任人; below it come section rows
(一、…方面 and （一）…, giving two levels of aspects), problem rows whose problem cell
may be merged over several measure rows, and trailing 注：… and 填表人/审核人 rows,
which are ignored. Every problem found is collected, not just the first.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import chain, islice

from core.dates import in_range
from core.excel import column_letter
from rectification.ledger import columns as C
from rectification.ledger.issues import Issue, show_value
from rectification.ledger.reader import iter_rows
from rectification.ledger.words import is_note, is_signature, numbering_level, section_of

HEADER_SCAN_ROWS = 30


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class Layout:
    sheet: str
    header_row: int
    columns: dict  # field -> 1-based column index

    def column(self, name) -> str:
        index = self.columns.get(name)
        if index is None:
            return f"“{C.caption(name)}”"
        return f"{column_letter(index)}（{C.caption(name)}）"


@dataclass
class RawAspect:
    title: str
    level: int
    parent: "RawAspect | None"
    sheet: str
    row: int


@dataclass
class RawMeasure:
    sheet: str
    row: int
    layout: Layout
    cells: dict  # field -> cleaned cell value

    def text(self, name) -> str:
        return text_of(self.cells.get(name))


@dataclass
class RawProblem:
    sheet: str
    row: int
    text: str
    aspect: RawAspect | None
    measures: list = field(default_factory=list)


@dataclass
class LedgerMeta:
    title: str = ""
    team: str = ""
    unit: str = ""
    fill_date: dt.date | None = None
    feedback_date: dt.date | None = None
    rectification_end: dt.date | None = None


@dataclass
class ParsedLedger:
    meta: LedgerMeta = field(default_factory=LedgerMeta)
    sheets: list = field(default_factory=list)
    aspects: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    issues: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    sheet_titles: list = field(default_factory=list)

    @property
    def measures(self):
        return [m for p in self.problems for m in p.measures]

    def sheet_order(self, title) -> int:
        """File-level issues (no sheet) first, then sheets in workbook order."""
        return self.sheet_titles.index(title) if title in self.sheet_titles else -1


# -- rows above the header ---------------------------------------------------------------------

_DATE_TEXT = r"(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-./]\d{1,2}[-./]\d{1,2})"
_META = {
    "fill_date": re.compile(r"(?:填报|报送|填表)日期\s*[:：]\s*" + _DATE_TEXT),
    "feedback_date": re.compile(r"反馈(?:日期|时间)\s*[:：]\s*" + _DATE_TEXT),
    "rectification_end": re.compile(r"集中整改期(?:截止|截至)(?:日期)?\s*[:：]\s*" + _DATE_TEXT),
}
_UNIT = re.compile(r"填报单位\s*[:：]\s*([^\s:：]+)")
_TEAM = re.compile(r"关于(.+?巡[察视]组)")


def _plain_date(text: str) -> dt.date | None:
    """The date in a heading line, or None when there is none or it is outside 2000…2099 (a typing error)."""
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    try:
        value = dt.date(*numbers[:3]) if len(numbers) >= 3 else None
    except ValueError:
        return None
    return value if value is None or in_range(value) else None


def _read_meta(meta: LedgerMeta, values):
    for value in values:
        if not isinstance(value, str):
            continue
        text = unicodedata.normalize("NFKC", value)
        if not meta.title and not any(p.search(text) for p in _META.values()) and "填报单位" not in text:
            meta.title = value.strip()
            if m := _TEAM.search(text):
                meta.team = m[1]
        for name, pattern in _META.items():
            if getattr(meta, name) is None and (m := pattern.search(text)):
                setattr(meta, name, _plain_date(m[1]))
        if not meta.unit and (m := _UNIT.search(text)) and not m[1].endswith("日期"):
            meta.unit = re.sub(r"\(盖章\)$", "", m[1])


# -- the header --------------------------------------------------------------------------------


def _header_matches(values):
    return {i: C.match(v) for i, v in enumerate(values, start=1) if C.match(v)}


def _is_header(matches) -> bool:
    fields = set(matches.values())
    return len(fields) >= 2 and bool(fields & {C.PROBLEM, C.MEASURE})


def _merge_second_row(first: dict, second_values) -> dict | None:
    """The combined header when the next row holds captions under a merged group caption."""
    second = _header_matches(second_values)
    if not second or not any(col not in first for col in second):
        return None
    combined = dict(first)
    combined.update(second)
    return combined


# -- one sheet -----------------------------------------------------------------------------------


class _SheetParser:
    def __init__(self, ws, result: ParsedLedger, merges=(), on_row=None):
        self.ws = ws
        self.merges = merges
        self.on_row = on_row
        self.sheet = ws.title
        self.result = result
        self.layout = None
        self.level1 = None
        self.level2 = None
        self.by_column = {}  # aspect titles given in an aspect column -> RawAspect
        self.problem = None
        self.measure_count = 0
        self.has_content = False

    def issue(self, row, column, value, reason):
        self.result.issues.append(Issue(self.sheet, row, column, show_value(value), reason))

    def warn(self, row, column, value, reason):
        self.result.warnings.append(Issue(self.sheet, row, column, show_value(value), reason))

    # header ----------------------------------------------------------------------------------
    def find_header(self, rows):
        head = list(islice(rows, HEADER_SCAN_ROWS + 1))
        for i, (number, values) in enumerate(head):
            if any(v not in (None, "") for v in values):
                self.has_content = True
            matches = _header_matches(values)
            if not _is_header(matches):
                continue
            header_row = number
            if i + 1 < len(head):
                combined = _merge_second_row(matches, head[i + 1][1])
                if combined is not None:
                    matches, header_row = combined, head[i + 1][0]
            _read_meta(self.result.meta, (v for _n, vals in head[:i] for v in vals))
            self.layout = self._layout(matches, header_row)
            return chain(head[i + 1 :], rows)
        return None

    def _layout(self, matches, header_row) -> Layout:
        columns = {}
        for index, name in sorted(matches.items()):
            if name in columns:
                first = column_letter(columns[name])
                self.issue(
                    header_row,
                    column_letter(index),
                    C.caption(name),
                    f"与 {first} 列含义相同（都是“{C.caption(name)}”），请删除或改名其中一列",
                )
                continue
            columns[name] = index
        layout = Layout(self.sheet, header_row, columns)
        for name in C.REQUIRED:
            if name not in columns:
                self.issue(
                    header_row,
                    layout.column(name),
                    "",
                    f"缺少必需的列“{C.caption(name)}”（可用列名：{C.variants_text(name)}）",
                )
        return layout

    # rows ------------------------------------------------------------------------------------
    def parse(self):
        rows = iter_rows(self.ws, self.merges)
        if self.on_row is not None:
            rows = _counted(rows, self.on_row)
        rest = self.find_header(rows)
        if rest is None:
            return False
        if any(name not in self.layout.columns for name in (C.PROBLEM, C.MEASURE)):
            return True  # the missing column is reported; rows cannot be read without it
        for number, values in rest:
            if number > self.layout.header_row:
                self.row(number, values)
        if not self.measure_count:
            self.issue(self.layout.header_row, "", "", "工作表没有整改措施行（表头下面没有任何措施）")
        return True

    def row(self, number, values):
        if not any(v not in (None, "") for v in values):
            return
        cells = {name: values[i - 1] if i <= len(values) else None for name, i in self.layout.columns.items()}
        texts = [v for v in values if v not in (None, "")]
        if not text_of(cells.get(C.MEASURE)):
            self.row_without_measure(number, cells, texts)
            return
        self.measure_row(number, cells)

    def row_without_measure(self, number, cells, texts):
        strings = [v for v in texts if isinstance(v, str)]
        if strings and (is_note(strings[0]) or any(is_signature(s) for s in strings)):
            return
        section = self.section(cells, texts)
        if section:
            self.start_section(number, *section)
            return
        if any(text_of(cells.get(name)) for name in (C.PROBLEM, C.DEPARTMENT, C.DEADLINE, C.LEADER, C.PERSON)):
            self.issue(number, self.layout.column(C.MEASURE), "", "整改措施为空")

    def section(self, cells, texts):
        if len(texts) == 1 and isinstance(texts[0], str):
            found = section_of(texts[0])
            if found and found[1]:
                return found
            if texts[0].endswith("方面") and len(texts[0]) <= 80:
                return 1, texts[0]
            return None
        seq = cells.get(C.SEQ)
        if len(texts) == 2 and isinstance(seq, str) and numbering_level(seq):
            other = next(v for v in texts if v is not seq)
            if isinstance(other, str):
                return numbering_level(seq), other.strip()
        return None

    def start_section(self, number, level, title):
        if level == 1 or self.level1 is None:
            aspect = RawAspect(title=title, level=1, parent=None, sheet=self.sheet, row=number)
            self.level1, self.level2 = aspect, None
        else:
            aspect = RawAspect(title=title, level=2, parent=self.level1, sheet=self.sheet, row=number)
            self.level2 = aspect
        self.result.aspects.append(aspect)
        self.problem = None
        self.by_column = {}

    def aspect_for(self, number, cells):
        named = text_of(cells.get(C.ASPECT))
        if not named:
            return self.level2 or self.level1 if not self.by_column else self.problem_aspect()
        if named not in self.by_column:
            parent = self.level1
            aspect = RawAspect(named, 2 if parent else 1, parent, self.sheet, number)
            self.result.aspects.append(aspect)
            self.by_column[named] = aspect
        return self.by_column[named]

    def problem_aspect(self):
        return self.problem.aspect if self.problem else (self.level2 or self.level1)

    def measure_row(self, number, cells):
        self.measure_count += 1
        aspect = self.aspect_for(number, cells)
        text = text_of(cells.get(C.PROBLEM))
        if text:
            current = self.problem
            if current is None or current.text != text or current.aspect is not aspect:
                self.problem = RawProblem(self.sheet, number, text, aspect)
                self.result.problems.append(self.problem)
        elif self.problem is None:
            self.issue(number, self.layout.column(C.PROBLEM), "", "问题为空：该措施之前没有对应的问题")
            return
        self.problem.measures.append(RawMeasure(self.sheet, number, self.layout, cells))


def _counted(rows, on_row):
    for item in rows:
        on_row()
        yield item


def parse_workbook(wb, merges=None, on_row=None) -> ParsedLedger:
    """Parse every worksheet that has a ledger header; report the rest.

    ``merges``: {sheet title: merged ranges} as ``open_workbook`` returns them.
    ``on_row``: called once per row read (a background import's progress).
    """
    result = ParsedLedger()
    empty_or_foreign = []
    for ws in wb.worksheets:
        parser = _SheetParser(ws, result, (merges or {}).get(ws.title, ()), on_row=on_row)
        try:
            found = parser.parse()
        except Exception:  # a damaged sheet must not surface as a traceback
            result.issues.append(Issue(ws.title, None, "", "", "工作表内容已损坏，无法读取"))
            continue
        if found:
            result.sheets.append(ws.title)
        elif parser.has_content:
            empty_or_foreign.append(ws.title)
    for title in empty_or_foreign:
        if result.sheets:
            result.warnings.append(Issue(title, None, "", "", "未找到台账表头，已跳过该工作表"))
    if not result.sheets and not result.issues:
        first = empty_or_foreign[0] if empty_or_foreign else (wb.worksheets[0].title if wb.worksheets else "")
        reason = (
            "未找到台账表头：表头须包含“问题”“整改措施”“责任部门”“完成时限”等列"
            if empty_or_foreign
            else "工作簿是空的，没有任何内容"
        )
        result.issues.append(Issue(first, None, "", "", reason))
    result.sheet_titles = [ws.title for ws in wb.worksheets]
    return result
