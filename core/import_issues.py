"""Problems found in an imported file (a 台账 of either kind), each naming the sheet, row, column, value and reason."""

import datetime as dt
from dataclasses import asdict, dataclass

from core.errors import ApplicationError


def show_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text if len(text) <= 60 else text[:57] + "…"


@dataclass(frozen=True)
class Issue:
    sheet: str
    row: int | None
    column: str
    value: str
    reason: str

    def as_dict(self):
        return asdict(self)

    def __str__(self):
        where = f"工作表“{self.sheet}”" if self.sheet else "文件"
        if self.row:
            where += f"第{self.row}行"
        if self.column:
            where += f"，{self.column}列"
        value = f"，值“{self.value}”" if self.value else ""
        return f"{where}{value}：{self.reason}"


class LedgerInvalid(ApplicationError):
    """The file cannot be imported; nothing was written. ``issues`` lists every problem found."""

    def __init__(self, issues):
        self.issues = list(issues)
        super().__init__(
            f"台账有 {len(self.issues)} 处问题，未导入任何内容",
            code="ledger_invalid",
            detail={"errors": [issue.as_dict() for issue in self.issues]},
        )


def file_issue(reason: str) -> LedgerInvalid:
    return LedgerInvalid([Issue(sheet="", row=None, column="", value="", reason=reason)])
