from django.urls import path

from . import views

app_name = "registries"

urlpatterns = [
    path("<int:pk>/<slug:registry>/sync/", views.sync, name="sync"),
    path("<int:pk>/<slug:registry>/use/", views.use, name="use"),
]
