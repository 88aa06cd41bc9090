from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("role/", views.switch_role, name="switch_role"),
]
