from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("committees/", views.committee_list, name="committees"),
    path("committees/<int:pk>/", views.committee_detail, name="committee"),
    path("search/", views.search, name="search"),
    path("regions/", views.regions, name="regions"),
    path("register/", views.register, name="register"),
    path("login/", views.unit_login, name="login"),
    path("staff-login/", views.staff_login, name="staff_login"),
    path("recover/", views.recover, name="recover"),
    path("recover/staff/", views.recover_staff, name="recover_staff"),
    path("recover/code/", views.recover_code, name="recover_code"),
    path("recover/password/", views.recover_password, name="recover_password"),
    path("account/", views.account, name="account"),
    path("info/", views.info, name="info"),
    path("info/seal/", views.seal_upload, name="seal_upload"),
    path("contacts/", views.contacts, name="contacts"),
    path("staff/", views.staff, name="staff"),
    path("staff/lookup/", views.staff_lookup, name="staff_lookup"),
    path("staff/add/", views.staff_add, name="staff_add"),
    path("staff/<int:pk>/enabled/", views.staff_toggle, name="staff_toggle"),
    path("staff/<int:pk>/remove/", views.staff_remove, name="staff_remove"),
    path(
        "staff/invitations/<int:pk>/withdraw/",
        views.staff_invitation_withdraw,
        name="staff_invitation_withdraw",
    ),
    path("people/", views.unit_people, name="people"),
    path("people/<int:pk>/remove/", views.unit_person_remove, name="person_remove"),
    path("key/", views.key, name="key"),
    path("key/regenerate/", views.key_regenerate, name="key_regenerate"),
    path("files/licence/", views.licence_file, name="licence_file"),
    path("files/seal/", views.seal_file, name="seal_file"),
    path("join/", views.join, name="join"),
    path("invitations/<int:pk>/", views.invitation, name="invitation"),
    path("office/department-staff/", views.department_staff, name="department_staff"),
    path(
        "office/department-staff/<int:pk>/enabled/",
        views.department_staff_toggle,
        name="department_staff_toggle",
    ),
    path(
        "office/department-staff/<int:pk>/remove/",
        views.department_staff_remove,
        name="department_staff_remove",
    ),
]
