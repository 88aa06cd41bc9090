from django.contrib import admin
from django.urls import include, path

from accounts import oidc
from accounts import views as accounts_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("notices/<str:category>/", views.notice_list, name="notices"),
    path("notices/<str:category>/<int:pk>/", views.notice_detail, name="notice_detail"),
    path(
        "notices/<str:category>/<int:pk>/files/<int:attachment>/",
        views.notice_attachment,
        name="notice_attachment",
    ),
    path("downloads/", views.download_list, name="downloads"),
    path("downloads/<int:pk>/", views.download_file, name="download_file"),
    path("guides/", views.guide_list, name="guides"),
    path("guides/<slug:role>/", views.guide, name="guide"),
    path("healthz", views.health, name="health"),
    path("messages/", views.message_list, name="messages"),
    path("messages/<int:pk>/open/", views.message_open, name="message_open"),
    path("messages/read-all/", views.messages_mark_all_read, name="messages_mark_all_read"),
    path("uploads/pending/<uuid:token>/", views.stashed_upload, name="stashed_upload"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("captcha/", include("captcha.urls")),
    # Registration is allauth's, with the repeated-registration answer of accounts.views.
    path("accounts/signup/", accounts_views.signup, name="account_signup"),
    # Sign-in through the unified identity platform: allauth's OpenID Connect views, with a
    # platform that does not answer turned into a message on the sign-in page.
    path("accounts/oidc/<str:provider_id>/login/", oidc.login, name="oidc_login"),
    path("accounts/oidc/<str:provider_id>/login/callback/", oidc.callback, name="oidc_callback"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("units/", include("units.urls")),
    path("applications/", include("applications.urls")),
    path("reviews/", include("reviews.urls")),
    path("certificates/", include("certificates.urls")),
    path("payments/", include("payments.urls")),
    path("registries/", include("registries.urls")),
    path("talent/", include("talent.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]

# An outside service that does not answer (database, Redis, mail server) is a 503 with a
# Chinese page, not a 500.
handler500 = "titleportal.views.server_error"
