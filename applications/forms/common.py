"""What the applicant's forms share: the date picker, yes / no choices, the photo fields and
the check that a period does not end before it starts."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.sections import DATE_PAIRS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("", _("Please choose")), ("True", _("Yes")), ("False", _("No"))]
PHOTO_FIELDS = {("application_info", "photo"), ("basic_info", "photo")}


def _coerce_bool(value):
    return {"True": True, "False": False}.get(value)


def _model_choice(queryset, label, **kwargs):
    return forms.ModelChoiceField(
        queryset=queryset, label=label, empty_label=_("Please choose"), **kwargs
    )


def _check_date_order(form, cleaned) -> None:
    for start, end in DATE_PAIRS:
        if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
            form.add_error(end, _("The end date cannot be before the start date."))
