from django.urls import path

from . import views

app_name = "talent"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("unit/", views.unit_list, name="unit_list"),
    path("unit/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("statistics/", views.office_statistics, name="office_statistics"),
    path("statistics.xlsx", views.office_statistics_xlsx, name="office_statistics_xlsx"),
]
