"""Forms of the applicant's pages, by topic. Services do the writing; forms check and convert
input. ``applications.forms.X`` names every form and builder of the modules here."""

from applications import achievements

from .common import DATE_WIDGET, PHOTO_FIELDS, YES_NO
from .materials import MaterialUploadForm, WorkSummaryForm
from .rows import RowFormMixin, TemplateChoiceForm, achievement_form, row_form_class
from .sections import (
    ApplicationInfoExtras,
    SectionFormMixin,
    build_profile_form,
    build_section_form,
    profile_form_class,
    section_form_class,
)
from .start import CatalogueMixin, RouteForm, StartForm

__all__ = [
    "DATE_WIDGET",
    "PHOTO_FIELDS",
    "YES_NO",
    "ApplicationInfoExtras",
    "CatalogueMixin",
    "MaterialUploadForm",
    "RouteForm",
    "RowFormMixin",
    "SectionFormMixin",
    "StartForm",
    "TemplateChoiceForm",
    "WorkSummaryForm",
    "achievement_form",
    "achievements",
    "build_profile_form",
    "build_section_form",
    "profile_form_class",
    "row_form_class",
    "section_form_class",
]
