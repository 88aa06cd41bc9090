from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("void-notices/", views.void_notices, name="void_notices"),
    path("list/<slug:kind>/", views.application_list, name="list"),
    path("profile/", views.profile, name="profile"),
    path("profile/photo/", views.profile_photo, name="profile_photo"),
    path("profile/<slug:section>/", views.profile_section, name="profile_section"),
    path("profile/<slug:section>/rows/new/", views.profile_row_edit, name="profile_row_new"),
    path("profile/<slug:section>/rows/<int:row>/", views.profile_row_edit, name="profile_row_edit"),
    path(
        "profile/<slug:section>/rows/<int:row>/delete/",
        views.profile_row_delete,
        name="profile_row_delete",
    ),
    path("start/<slug:kind>/", views.start, name="start"),
    path("<int:pk>/", views.open_application, name="open"),
    path("<int:pk>/sections/<slug:section>/", views.section, name="section"),
    path("<int:pk>/sections/<slug:section>/rows/new/", views.row_edit, name="row_new"),
    path("<int:pk>/sections/<slug:section>/rows/<int:row>/", views.row_edit, name="row_edit"),
    path(
        "<int:pk>/sections/<slug:section>/rows/<int:row>/delete/",
        views.row_delete,
        name="row_delete",
    ),
    path("<int:pk>/sections/<slug:section>/rows/<int:row>/move/", views.row_move, name="row_move"),
    path("<int:pk>/sections/<slug:section>/order/", views.row_order, name="row_order"),
    path(
        "<int:pk>/sections/<slug:section>/materials/<slug:material>/",
        views.material_upload,
        name="material_upload",
    ),
    path("<int:pk>/attachments/<int:attachment>/", views.download, name="attachment"),
    path(
        "<int:pk>/attachments/<int:attachment>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("<int:pk>/files/<slug:section>/<slug:field>/", views.download, name="file"),
    path(
        "<int:pk>/sections/<slug:section>/to-profile/",
        views.save_to_profile,
        name="save_to_profile",
    ),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("<int:pk>/route/", views.change_route, name="route"),
    path("<int:pk>/detail/", views.detail, name="detail"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/print/", views.print_view, name="print"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
]
