"""The round documents' presentation: rendering a saved version (``render``), its .docx
(``reports.docx.rounds``) and the records behind its figures (``drill``). The content is built
and saved by ``rectification.documents`` (reports read the domains, never the reverse)."""
