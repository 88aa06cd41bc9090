from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("role/", views.switch_role, name="switch_role"),
    path("role/choose/", views.choose_role, name="choose_role"),
    path("profile/", views.profile, name="profile"),
    path("settings/", views.settings_index, name="settings"),
    path("settings/email/", views.change_email, name="change_email"),
    path("settings/email/code/", views.change_email_code, name="change_email_code"),
    path("settings/security-question/", views.security_question, name="security_question"),
    path("device-check/", views.device_check, name="device_check"),
    path("devices/", views.device_list, name="devices"),
    path("devices/<int:pk>/forget/", views.device_forget, name="device_forget"),
    path("devices/forget-all/", views.devices_forget_all, name="devices_forget_all"),
    path("password/sms/", views.password_reset_sms, name="password_reset_sms"),
    path("password/sms/code/", views.password_reset_sms_code, name="password_reset_sms_code"),
    path("password/question/", views.password_reset_question, name="password_reset_question"),
    path("password/new/", views.password_reset_new, name="password_reset_new"),
]
