"""Strings of Django itself that its Chinese catalog does not translate yet.

Naming them here puts them in the project catalog, which takes precedence over Django's.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

DJANGO_STRINGS = [
    # django.db.models.fields.BLANK_CHOICE_LABEL, new in Django 6.1: the empty option of selects.
    _("- Select an option -"),
    # Names of third-party apps and models in the admin's app list (templates/admin/app_list.html
    # translates them in the context "admin"): the task backend, MFA and OAuth leave them in English.
    pgettext_lazy("admin", "Tasks Database Backend"),
    pgettext_lazy("admin", "Task Results"),
    pgettext_lazy("admin", "Authenticators"),
    pgettext_lazy("admin", "authenticator"),
    pgettext_lazy("admin", "Django OAuth Toolkit"),
    pgettext_lazy("admin", "Applications"),
    pgettext_lazy("admin", "Access tokens"),
    pgettext_lazy("admin", "Grants"),
    pgettext_lazy("admin", "Id tokens"),
    pgettext_lazy("admin", "Refresh tokens"),
    # Django 6's date hierarchy (admin/date_hierarchy.html), not yet in its Chinese catalogue.
    _("Filter by %(field_name)s"),
    # django_tasks_db names its model and fields translatably but has no Chinese catalogue.
    _("Task Result"),
    _("Task Results"),
    _("enqueued at"),
    _("started at"),
    _("finished at"),
    _("priority"),
    _("queue name"),
    _("args kwargs"),
    _("task path"),
    _("worker id"),
    _("backend name"),
    _("run after"),
    _("return value"),
    _("exception class path"),
    _("traceback"),
    # (task name: the heading of TaskResultAdmin in titleportal.admin.)
]
