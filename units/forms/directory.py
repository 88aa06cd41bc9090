"""The filter of the public committee directory."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reference.models import Level, Series

__all__ = ["CommitteeFilterForm"]


class CommitteeFilterForm(forms.Form):
    series = forms.ModelChoiceField(
        label=_("Series"),
        queryset=Series.objects.filter(committees__isnull=False).distinct(),
        required=False,
        empty_label=_("All series"),
    )
    level = forms.ModelChoiceField(
        label=_("Level"),
        queryset=Level.objects.all(),
        required=False,
        empty_label=_("All levels"),
    )
