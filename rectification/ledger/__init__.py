"""The 整改台账 in Excel, both ways: one reader and parser for the command, the API and the web page."""

from rectification.ledger.exporter import build_template, export_ledger
from rectification.ledger.importer import ImportSummary, import_ledger
from rectification.ledger.issues import Issue, LedgerInvalid

__all__ = ["ImportSummary", "Issue", "LedgerInvalid", "build_template", "export_ledger", "import_ledger"]
