"""A past year's petitions from the 信访台账 the export writes: all or nothing, every problem named."""

from core.import_issues import Issue, LedgerInvalid
from petitions.past_import.importer import PastImportSummary, import_past_petitions

__all__ = ["Issue", "LedgerInvalid", "PastImportSummary", "import_past_petitions"]
