"""Strings of Django itself that its Chinese catalog does not translate yet.

Naming them here puts them in the project catalog, which takes precedence over Django's.
"""

from django.utils.translation import gettext_lazy as _

DJANGO_STRINGS = [
    # django.db.models.fields.BLANK_CHOICE_LABEL, new in Django 6.1: the empty option of selects.
    _("- Select an option -"),
]
