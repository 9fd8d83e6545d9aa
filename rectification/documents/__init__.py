"""The round's own documents, built from the live ledger: 整改方案, 整改情况报告,
主要负责人组织落实整改情况报告 and the 整改公开 version.

* ``kinds``: what each document holds, its editable texts and their default wording;
* ``ledger``: the round's aspects → problems → measures with progress and sign-offs, and the
  figures (with the ids behind each), read in a fixed number of queries;
* rendering, the .docx and the drill-down live in ``reports.rounds`` (reports read the domains);
* ``services``: generate a version, save the narrative.
"""
