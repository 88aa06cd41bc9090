from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("queue/export.xlsx", views.export, name="export"),
    path("exports/<int:pk>/", views.export_job, name="export_job"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("queue/batch/", views.batch, name="batch"),
    path("applications/<int:pk>/", views.detail, name="detail"),
    *[
        path(f"applications/<int:pk>/{act}/", view, name=act)
        for act, view in views.ACT_VIEWS.items()
    ],
    path(
        "applications/<int:pk>/evaluation-form.pdf",
        views.evaluation_form,
        name="evaluation_form",
    ),
    path("records/", views.records, name="records"),
    path("downloads/", views.downloads, name="downloads"),
    path("downloads/reports/<slug:report>.xlsx", views.report, name="report"),
    path("downloads/publicity-table.pdf", views.publicity_table, name="publicity_table"),
    path("unit-publicity/", views.unit_publicity_start, name="unit_publicity_start"),
    path("unit-publicity/<int:pk>/", views.unit_publicity, name="unit_publicity"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/close-intake/", views.session_close, name="session_close"),
    path(
        "sessions/<int:pk>/results-template.xlsx", views.session_template, name="session_template"
    ),
    path("sessions/<int:pk>/import/", views.session_import, name="session_import"),
    path("sessions/<int:pk>/publish/", views.session_publish, name="session_publish"),
    path(
        "sessions/<int:pk>/requirements/",
        views.session_requirements,
        name="session_requirements",
    ),
    path("sessions/<int:pk>/materials/new/", views.material_new, name="material_new"),
    path("materials/<int:pk>/edit/", views.material_edit, name="material_edit"),
    path("materials/<int:pk>/delete/", views.material_delete, name="material_delete"),
    path(
        "sessions/<int:pk>/achievement-templates/new/",
        views.achievement_template_new,
        name="achievement_template_new",
    ),
    path(
        "achievement-templates/<int:pk>/edit/",
        views.achievement_template_edit,
        name="achievement_template_edit",
    ),
    path(
        "achievement-templates/<int:pk>/delete/",
        views.achievement_template_delete,
        name="achievement_template_delete",
    ),
    path("my-reports/", views.my_reports, name="my_reports"),
    path(
        "my-reports/<int:pk>/evaluation-form.pdf",
        views.my_evaluation_form,
        name="my_evaluation_form",
    ),
    path("feedback/", views.feedback_mine, name="feedback_mine"),
    path("feedback/new/", views.feedback_new, name="feedback_new"),
    path("feedback/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("office/downloads/", views.office_downloads, name="office_downloads"),
    path(
        "office/downloads/<int:pk>/edit/", views.office_download_edit, name="office_download_edit"
    ),
    path(
        "office/downloads/<int:pk>/delete/",
        views.office_download_delete,
        name="office_download_delete",
    ),
    path("office/feedback/", views.office_feedback, name="office_feedback"),
    path("office/feedback/<int:pk>/", views.office_feedback_detail, name="office_feedback_detail"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/statistics.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("dashboard/overdue/", views.dashboard_overdue, name="dashboard_overdue"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/new/", views.outbox_new, name="outbox_new"),
    path("outbox/<int:pk>/", views.outbox_detail, name="outbox_detail"),
    path("publicity/", views.publicity, name="publicity"),
    path("publicity/<int:pk>/", views.publicity_detail, name="publicity_detail"),
]
