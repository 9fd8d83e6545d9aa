"""Refusing a hostile .xlsx before openpyxl parses it, and reading its merged areas as ranges.

A workbook is a zip of XML parts; a few kilobytes can unpack to gigabytes (a sharedStrings or
cell bomb), declare 16,384 columns that read-only openpyxl pads every row to, or carry merges
over a million rows. ``inspect_xlsx`` checks, in this order and without building any tree:

1. the zip directory: number of members, each part's and the total uncompressed size (the sizes
   declared there are binding: ``zipfile`` never yields more than a member's declared size);
2. each worksheet, streamed through expat: the ``<dimension>`` (before any cell), then every row,
   cell, cell length and merged area counted as they pass;
3. the shared strings: how many, and how long each is.

Every limit is a setting (``XLSX_MAX_*``) and every refusal an ``UnsafeWorkbook`` whose Chinese
message names the sheet and what is too large. The merged areas found on the way are returned
as ``(min_col, min_row, max_col, max_row)`` tuples per sheet title, so readers never expand them
per cell.
"""

import re
import zipfile
from dataclasses import dataclass, field
from xml.parsers import expat

from django.conf import settings
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.reader.workbook import WorkbookParser
from openpyxl.utils.cell import column_index_from_string, range_boundaries

from core.errors import ApplicationError

_MB = 1024 * 1024
_CELL_REF = re.compile(r"([A-Za-z]{1,3})(\d+)$")
_OFFICE_DOCUMENT = "/officeDocument"
_CHUNK = 64 * 1024


class UnsafeWorkbook(ApplicationError):
    def __init__(self, message):
        super().__init__(message, code="unsafe_workbook")


@dataclass(frozen=True)
class Limits:
    uncompressed_bytes: int
    part_bytes: int
    members: int
    cells: int
    columns: int
    rows: int
    merges: int
    cell_chars: int

    @classmethod
    def from_settings(cls):
        return cls(
            uncompressed_bytes=settings.XLSX_MAX_UNCOMPRESSED_MB * _MB,
            part_bytes=settings.XLSX_MAX_PART_MB * _MB,
            members=settings.XLSX_MAX_MEMBERS,
            cells=settings.XLSX_MAX_CELLS,
            columns=settings.XLSX_MAX_COLUMNS,
            rows=settings.XLSX_MAX_ROWS,
            merges=settings.XLSX_MAX_MERGES,
            cell_chars=settings.XLSX_MAX_CELL_CHARS,
        )


@dataclass
class Inspection:
    merges: dict = field(default_factory=dict)  # sheet title -> [(min_col, min_row, max_col, max_row)]
    rows: dict = field(default_factory=dict)  # sheet title -> rows (the declared dimension or the rows present)


def _mb(n):
    return f"{n / _MB:.0f} MB" if n >= _MB else f"{n} 字节"


def _check_directory(archive, limits):
    members = archive.infolist()
    if len(members) > limits.members:
        raise UnsafeWorkbook(f"工作簿内含 {len(members)} 个文件，超过上限 {limits.members} 个，拒绝导入")
    total = 0
    for info in members:
        if info.file_size > limits.part_bytes:
            raise UnsafeWorkbook(
                f"工作簿中的“{info.filename}”解压后有 {_mb(info.file_size)}，"
                f"超过单个部件上限 {_mb(limits.part_bytes)}，拒绝导入"
            )
        total += info.file_size
    if total > limits.uncompressed_bytes:
        raise UnsafeWorkbook(f"工作簿解压后共 {_mb(total)}，超过上限 {_mb(limits.uncompressed_bytes)}，拒绝导入")


def _local(name):
    return name.rpartition(":")[2]


def _parser():
    parser = expat.ParserCreate()
    parser.buffer_text = False

    def refuse_doctype(*_args):
        # Spreadsheet parts never declare a DTD; one here can only be an entity-expansion attempt.
        raise UnsafeWorkbook("工作簿含有不允许的 XML 文档类型声明（DTD），拒绝导入")

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    return parser


def _feed(parser, archive, name):
    with archive.open(name) as src:
        while chunk := src.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


class _SheetScan:
    """One worksheet's XML streamed once: counts and bounds checked as each element passes."""

    def __init__(self, title, limits):
        self.title, self.limits = title, limits
        self.cells = self.rows = self.chars = 0
        self.in_cell = False
        self.merges = []
        self.declared_rows = 0

    def refuse(self, what):
        raise UnsafeWorkbook(f"工作表“{self.title}”{what}，拒绝导入；请删除多余内容或拆分后再导入")

    def start(self, name, attrs):
        tag = _local(name)
        if tag == "c":
            self.cells += 1
            if self.cells > self.limits.cells:
                self.refuse(f"的单元格超过 {self.limits.cells} 个")
            self.in_cell, self.chars = True, 0
            match = _CELL_REF.match(attrs.get("r", ""))
            if match and column_index_from_string(match.group(1).upper()) > self.limits.columns:
                self.refuse(f"使用了第 {match.group(1).upper()} 列，超过 {self.limits.columns} 列的上限")
        elif tag == "row":
            self.rows += 1
            number = attrs.get("r", "")
            # A lone <row r="1000000"> would make the reader walk a million empty rows.
            if self.rows > self.limits.rows or (number.isdigit() and int(number) > self.limits.rows):
                self.refuse(f"超过 {self.limits.rows} 行")
        elif tag == "dimension":
            self.dimension(attrs.get("ref", ""))
        elif tag == "mergeCell":
            if len(self.merges) >= self.limits.merges:
                self.refuse(f"的合并单元格超过 {self.limits.merges} 处")
            try:
                self.merges.append(range_boundaries(attrs.get("ref", "")))
            except (TypeError, ValueError):
                self.refuse(f"含有无效的合并区域“{attrs.get('ref', '')[:40]}”")

    def end(self, name):
        if _local(name) == "c":
            self.in_cell = False

    def text(self, data):
        if self.in_cell:
            self.chars += len(data)
            if self.chars > self.limits.cell_chars:
                self.refuse(f"的某个单元格超过 {self.limits.cell_chars} 个字符")

    def dimension(self, ref):
        """The declared used range, read before any cell: too wide or too big is refused at once."""
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref.upper())
        except (TypeError, ValueError):
            return  # a missing or odd dimension is harmless: the cells are counted anyway
        if None in (min_col, min_row, max_col, max_row):
            return
        columns, rows = max_col - min_col + 1, max_row - min_row + 1
        self.declared_rows = max_row
        if columns > self.limits.columns:
            self.refuse(f"声明的范围 {ref} 有 {columns} 列，超过 {self.limits.columns} 列的上限")
        if rows > self.limits.rows:
            self.refuse(f"声明的范围 {ref} 有 {rows} 行，超过 {self.limits.rows} 行的上限")
        if columns * rows > self.limits.cells:
            self.refuse(f"声明的范围 {ref} 有 {columns * rows} 个单元格，超过 {self.limits.cells} 个的上限")

    def run(self, archive, part):
        parser = _parser()
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        _feed(parser, archive, part)
        return self.merges


def _check_shared_strings(archive, part, limits):
    state = {"count": 0, "chars": 0, "inside": False}

    def start(name, _attrs):
        if _local(name) == "si":
            state["count"] += 1
            if state["count"] > limits.cells:
                raise UnsafeWorkbook(f"工作簿的共享字符串超过 {limits.cells} 个，拒绝导入")
            state["inside"], state["chars"] = True, 0

    def end(name):
        if _local(name) == "si":
            state["inside"] = False

    def text(data):
        if state["inside"]:
            state["chars"] += len(data)
            if state["chars"] > limits.cell_chars:
                raise UnsafeWorkbook(f"工作簿中有一段文字超过 {limits.cell_chars} 个字符（Excel 单元格上限），拒绝导入")

    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    _feed(parser, archive, part)


def _workbook_part(archive):
    # get_dependents resolves each target to an archive member name.
    for rel in get_dependents(archive, "_rels/.rels"):
        if rel.Type.endswith(_OFFICE_DOCUMENT):
            return rel.target
    raise UnsafeWorkbook("文件不是有效的 .xlsx 工作簿（缺少工作簿部件）")


def inspect_xlsx(archive: zipfile.ZipFile, limits: Limits | None = None) -> Inspection:
    """Check ``archive`` against the limits; return its merged areas per sheet. Raises UnsafeWorkbook.

    Other errors (a damaged or foreign file) propagate for the caller to report as unreadable.
    """
    limits = limits or Limits.from_settings()
    _check_directory(archive, limits)
    names = set(archive.namelist())
    workbook_part = _workbook_part(archive)
    parser = WorkbookParser(archive, workbook_part)
    parser.parse()
    result = Inspection()
    for sheet, rel in parser.find_sheets():
        if rel.target in names and rel.Type.endswith("/worksheet"):
            scan = _SheetScan(sheet.name, limits)
            result.merges[sheet.name] = scan.run(archive, rel.target)
            result.rows[sheet.name] = max(scan.declared_rows, scan.rows)
    for rel in get_dependents(archive, get_rels_path(workbook_part)):
        if rel.Type.endswith("/sharedStrings") and rel.target in names:
            _check_shared_strings(archive, rel.target, limits)
    return result
