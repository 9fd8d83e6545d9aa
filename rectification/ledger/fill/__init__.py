"""台账往返: the fill-in sheet offices fill with 整改进展 and 完成情况, and its upload.

``export_fill_sheet`` writes it; ``check_progress_upload`` previews an upload (``ProgressPlan``);
``apply_progress_upload`` writes it, all or nothing. Refusals are ``LedgerInvalid`` issues.
"""

from rectification.ledger.fill.export import export_fill_sheet
from rectification.ledger.fill.plan import COMPLETION_WORDS, ProgressChange, ProgressPlan
from rectification.ledger.fill.upload import apply_progress_upload, check_progress_upload

__all__ = [
    "COMPLETION_WORDS",
    "ProgressChange",
    "ProgressPlan",
    "apply_progress_upload",
    "check_progress_upload",
    "export_fill_sheet",
]
