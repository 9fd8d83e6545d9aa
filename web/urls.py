from django.apps import apps
from django.urls import path

from web.views import (
    bulk,
    bulk_exports,
    discipline,
    estimated,
    jobs,
    ledger_fill,
    ledger_import,
    petitions,
    progress_grid,
    records,
    rectification,
    round_documents,
    saved_filters,
    statistics,
    structure,
)
from web.views.petitions import hotline, past_import, query_code
from web.views.petitions import repeats as petition_repeats
from web.views.search import search

app_name = "web"


def _exports(prefix, key, name):
    """A list's 导出筛选结果 (<prefix>export/) and 导出所选 (<prefix>export/selected/), web.exports[key]."""
    return [
        path(f"{prefix}export/", bulk_exports.list_export, {"key": key}, name=f"{name}-export"),
        path(
            f"{prefix}export/selected/", bulk_exports.list_export_selected, {"key": key}, name=f"{name}-export-selected"
        ),
    ]


urlpatterns = [
    # 巡察整改
    path("rectification/rounds/", rectification.round_list, name="round-list"),
    path("rectification/rounds/new/", structure.round_create, name="round-create"),
    path("rectification/rounds/<int:pk>/", rectification.round_detail, name="round-detail"),
    path("rectification/rounds/<int:pk>/edit/", structure.round_edit, name="round-edit"),
    path("rectification/rounds/<int:pk>/aspects/new/", structure.aspect_create, name="aspect-create"),
    path("rectification/rounds/<int:pk>/problems/new/", structure.problem_create, name="problem-create"),
    path("rectification/aspects/<int:pk>/edit/", structure.aspect_edit, name="aspect-edit"),
    path("rectification/problems/<int:pk>/edit/", structure.problem_edit, name="problem-edit"),
    path("rectification/problems/<int:pk>/measures/new/", structure.measure_create, name="measure-create"),
    path("rectification/rounds/<int:pk>/ledger.xlsx", rectification.round_export, name="round-export"),
    path(
        "rectification/rounds/<int:pk>/documents/<slug:kind>/generate/",
        round_documents.generate,
        name="round-document-generate",
    ),
    path(
        "rectification/rounds/<int:pk>/documents/<slug:kind>/narrative/",
        round_documents.narrative_edit,
        name="round-document-narrative",
    ),
    path("rectification/documents/<int:pk>/", round_documents.document_detail, name="round-document"),
    path("rectification/documents/<int:pk>/docx/", round_documents.document_docx, name="round-document-docx"),
    path(
        "rectification/documents/<int:pk>/figures/<slug:code>/",
        round_documents.document_figure,
        name="round-document-figure",
    ),
    path("rectification/measures/", rectification.measure_list, name="measure-list"),
    path("rectification/measures/bulk/", bulk.measure_bulk, name="measure-bulk"),
    path("rectification/measures/progress/", progress_grid.progress_grid, name="progress-grid"),
    path("rectification/measures/export.xlsx", bulk.measure_export, name="measure-export"),
    path("rectification/measures/<int:pk>/", rectification.measure_detail, name="measure-detail"),
    path("rectification/measures/<int:pk>/edit/", structure.measure_edit, name="measure-edit"),
    path(
        "rectification/measures/<int:pk>/evidence/<int:evidence_id>/",
        rectification.evidence_download,
        name="evidence-download",
    ),
    path("rectification/import/", ledger_import.ledger_import, name="ledger-import"),
    path("rectification/import/confirm/", ledger_import.ledger_import_confirm, name="ledger-import-confirm"),
    path("rectification/fill/sheet.xlsx", ledger_fill.fill_download, name="fill-download"),
    path("rectification/fill/upload/", ledger_fill.fill_upload, name="fill-upload"),
    path("rectification/fill/confirm/", ledger_fill.fill_confirm, name="fill-confirm"),
    # 信访
    path("petitions/", petitions.petition_list, name="petition-list"),
    path("petitions/new/", petitions.petition_create, name="petition-create"),
    path("petitions/statistics/", statistics.petition_statistics, name="petition-statistics"),
    path("petitions/statistics/export/", statistics.petition_statistics_export, name="petition-statistics-export"),
    *_exports("petitions/", "petitions", "petition"),
    path("petitions/<int:pk>/", petitions.petition_detail, name="petition-detail"),
    path("petitions/<int:pk>/query-code/", query_code.query_code_issue, name="petition-query-code"),
    path("petitions/<int:pk>/notice/", query_code.petition_notice, name="petition-notice"),
    path("petitions/query-code/", query_code.query_code_lookup, name="query-code-lookup"),
    path(
        "petitions/<int:pk>/repeats/<int:suggestion_pk>/",
        petition_repeats.petition_repeat_decide,
        name="petition-repeat-decide",
    ),
    path("petitions/transfers/", petitions.transfer_list, name="transfer-list"),
    *_exports("petitions/transfers/", "transfers", "transfer"),
    path("petitions/transfers/<int:pk>/", petitions.transfer_detail, name="transfer-detail"),
    # 问题线索、纪律检查建议书
    path("clues/", discipline.clue_list, name="clue-list"),
    path("clues/new/", discipline.clue_create, name="clue-create"),
    *_exports("clues/", "clues", "clue"),
    path("clues/<int:pk>/", discipline.clue_detail, name="clue-detail"),
    path("recommendations/", discipline.recommendation_list, name="recommendation-list"),
    path("recommendations/new/", discipline.recommendation_create, name="recommendation-create"),
    *_exports("recommendations/", "recommendations", "recommendation"),
    path("recommendations/<int:pk>/", discipline.recommendation_detail, name="recommendation-detail"),
    # 我的任务 (background imports and exports)
    path("jobs/", jobs.job_list, name="job-list"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job-detail"),
    path("jobs/<int:pk>/file/", jobs.job_file, name="job-file"),
    path("jobs/<int:pk>/confirm/", jobs.job_confirm_import, name="job-confirm-import"),
    # 工作记录 (the reports app's records; 年度报告 pages are the reports app's own, under /reports/)
    path("records/", records.records, name="records"),
    path("saved-filters/", saved_filters.saved_filter_create, name="saved-filter-create"),
    path("saved-filters/<int:pk>/delete/", saved_filters.saved_filter_delete, name="saved-filter-delete"),
    # 期限按估算的事项 (years without a holiday schedule)
    path("deadlines/estimated/", estimated.estimated_list, name="estimated-list"),
    # 统一搜索 (the top bar's box)
    path("search/", search, name="search"),
    # 导入往年信访件 (petitions.past_import)
    path("petitions/import/", past_import.past_import, name="petition-import"),
    path("petitions/import/confirm/", past_import.past_import_confirm, name="petition-import-confirm"),
    # 导入12345工单 (petitions.hotline)
    path("petitions/hotline/", hotline.hotline_import, name="hotline-import"),
    path("petitions/hotline/<int:pk>/", hotline.hotline_import_detail, name="hotline-import-detail"),
    path("petitions/hotline/<int:pk>/confirm/", hotline.hotline_import_confirm, name="hotline-import-confirm"),
    path("petitions/hotline/sources/", hotline.hotline_sources, name="hotline-sources"),
    path("petitions/hotline/sources/new/", hotline.hotline_source_edit, name="hotline-source-create"),
    path("petitions/hotline/sources/<int:pk>/", hotline.hotline_source_edit, name="hotline-source-edit"),
]

if apps.is_installed("reminders"):  # the bell and its list come with the reminders app
    from web.views import notifications

    urlpatterns += [
        path("notifications/", notifications.notification_list, name="notification-list"),
        path("notifications/bell/", notifications.notification_bell, name="notification-bell"),
        path("notifications/<int:pk>/read/", notifications.notification_read, name="notification-read"),
        path("notifications/read-all/", notifications.notification_read_all, name="notification-read-all"),
    ]
