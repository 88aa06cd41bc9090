import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.models import Level, Series

from .models import TalentRecord

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TalentRecordForm(forms.ModelForm):
    """专技人才信息 as the person fills it in."""

    class Meta:
        model = TalentRecord
        fields = [
            "series",
            "level",
            "title_name",
            "obtained_on",
            "specialty",
            "education",
            "is_high_level",
        ]
        widgets = {"obtained_on": DATE_WIDGET}
        help_texts = {
            "is_high_level": _(
                "Tick if you are recognised as high-level talent (专家, 学术带头人 or similar)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = Series.objects.order_by("sort", "pk")
        self.fields["level"].queryset = Level.objects.order_by("rank")

    def clean_obtained_on(self) -> datetime.date:
        value = self.cleaned_data["obtained_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot lie in the future."))
        return value


class TalentReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return for revision"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the person"),
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return the record."),
    )
