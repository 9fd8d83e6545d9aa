"""The 整改台账's problems are the shared import issues (``core.import_issues``), also used by the 信访台账."""

from core.import_issues import Issue, LedgerInvalid, file_issue, show_value

__all__ = ["Issue", "LedgerInvalid", "file_issue", "show_value"]
