"""What an upload of a filled sheet will do, row by row (the preview), and the words it accepts."""

from dataclasses import asdict, dataclass, field

IN_PROGRESS_WORD = "推进中"
DONE_WORD = "已完成"  # asks for 销号 (申请销号), never a sign-off
# The 完成情况 an office may choose (the sheet's validation list); the current status word as
# exported may also stay as it is.
COMPLETION_WORDS = (IN_PROGRESS_WORD, DONE_WORD)
# The longest progress note a sheet may carry (a note is one cell of the ledger, not a report).
PROGRESS_MAX_CHARS = 5000


@dataclass
class ProgressChange:
    """One changed row."""

    sheet: str
    row: int
    measure_id: int
    measure_label: str  # 问题3-措施2 and the first 30 characters of the measure
    old_progress: str
    new_progress: str  # what will be stored as the note's text ("" when no note is written)
    old_completion: str
    new_completion: str
    submit: bool  # will 申请销号
    start: bool = False  # a 未启动 measure is started

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ProgressPlan:
    changes: list[ProgressChange] = field(default_factory=list)
    unchanged: int = 0
    submits: int = 0
    sheets: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "changes": [c.as_dict() for c in self.changes],
            "unchanged": self.unchanged,
            "submits": self.submits,
            "sheets": list(self.sheets),
        }
