"""Ledger workbooks built in the tests, one layout or defect at a time."""

import io

from openpyxl import Workbook

HEADER = ["序号", "问题", "整改措施", "责任领导", "责任部门", "责任人", "完成时限", "整改进展", "完成情况", "备注"]
TITLE = "中共XX局党组关于市委第三巡察组反馈意见整改落实台账"
FILLED = "填报单位：XX局党组（盖章）            填报日期：2021年10月15日"


def row(
    problem=None,
    measure=None,
    *,
    seq=None,
    leader="王建国",
    dept="办公室",
    person="李静",
    deadline="2021年12月底前",
    progress=None,
    completion=None,
    note=None,
):
    return [seq, problem, measure, leader, dept, person, deadline, progress, completion, note]


def sheet_bytes(rows, *, merges=(), title="整改台账", preamble=(TITLE, FILLED), header=(HEADER,), more=None):
    """An .xlsx with the title and 填报 rows, the header row(s), then ``rows``.

    ``merges`` are ranges relative to the data (row 1 = first data row, row 0 = the last header
    row, -1 the one above it), e.g. "B1:B3" or "A-1:A0";
    ``more`` maps further sheet titles to lists of rows.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for line in preamble:
        ws.append([line])
    for line in header:
        ws.append(list(line))
    offset = len(preamble) + len(header)
    for values in rows:
        ws.append(list(values))
    for ref in merges:
        start, end = ref.split(":")
        ws.merge_cells(f"{_shift(start, offset)}:{_shift(end, offset)}")
    for name, extra_rows in (more or {}).items():
        other = wb.create_sheet(name)
        for values in extra_rows:
            other.append(list(values))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _shift(cell, offset):
    letters = "".join(c for c in cell if c.isalpha())
    return f"{letters}{int(cell[len(letters) :]) + offset}"


def basic_rows():
    """Two aspects, three problems, five measures."""
    return [
        ["一、党的政治建设方面"],
        row("理论学习中心组学习以读文件为主", "修订中心组学习计划", seq=1),
        row(None, "建立研讨材料归档制度", deadline="长期坚持"),
        ["二、全面从严治党方面"],
        row("“三重一大”决策不规范", "修订议事规则", seq=2, dept="督办处", person="张敏", deadline="2022.3.31"),
        row("廉政风险点排查不全面", "开展风险点排查", seq=3, dept="受理一处", deadline="立行立改"),
        row(None, "建立防控清单", dept="受理一处", deadline=44561),
    ]
