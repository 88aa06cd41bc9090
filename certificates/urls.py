from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    # The holder: 我的证书
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/pdf/", views.download, name="download"),
    path("mine/<int:pk>/checks/", views.lookups, name="lookups"),
    path("delivery/<int:application_pk>/", views.delivery, name="delivery"),
    path("regions/", views.region_options, name="region_options"),
    path("historical/new/", views.historical_new, name="historical_new"),
    path("historical/<int:pk>/edit/", views.historical_edit, name="historical_edit"),
    path("historical/<int:pk>/<str:which>/", views.historical_file, name="historical_file"),
    # The office
    path("office/", views.office_list, name="office_list"),
    path("office/certify/", views.certify, name="certify"),
    path("office/<int:pk>/pdf/", views.office_pdf, name="office_pdf"),
    path("office/delivery/<int:pk>/ship/", views.ship, name="ship"),
    path("office/delivery/<int:pk>/collected/", views.collected, name="collected"),
    path("office/verification/", views.verification_queue, name="verification_queue"),
    path("office/verification/<int:pk>/", views.verification_detail, name="verification_detail"),
    path(
        "office/verification/<int:pk>/<str:which>/",
        views.verification_file,
        name="verification_file",
    ),
    # The public: 证书查询
    path("verify/", views.verify, name="verify"),
    path("verify/pdf/", views.verify_pdf, name="verify_pdf"),
    path("verify/<str:code>/", views.verify_code, name="verify_code"),
]
