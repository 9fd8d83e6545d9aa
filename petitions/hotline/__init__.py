"""12345 work orders: reading a hotline system's export (.xlsx/.csv) and importing it by 工单编号.

``fields`` (the system fields and their header variants), ``reader`` (the file), ``vocabulary``
(words mapped to the system's), ``rows`` (one row checked), ``importer`` (all or nothing,
idempotent), ``runs`` (a ``HotlineImport`` from upload or folder to done), ``jobs`` (the worker).
"""
