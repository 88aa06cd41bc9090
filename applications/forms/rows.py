"""The row forms of list sections (学历, 工作经历, …) and the choice of an achievement's
policy item."""

from django import forms
from django.db import models as db_models
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from applications import achievements
from applications.sections import SPECS
from titleportal.uploads import SCAN_OR_PDF, PrivateUploadField, StashingFormMixin

from .common import DATE_WIDGET, YES_NO, _check_date_order, _coerce_bool


class RowFormMixin(StashingFormMixin):
    section_key = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A row from a registry (已核验): what the registry vouched for is shown, not edited.
        if getattr(getattr(self, "instance", None), "is_verified", False):
            for name in SPECS[self.section_key].verified_columns:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Verified with %(source)s") % {
                        "source": self.instance.verified_source
                    }

    def clean(self):
        cleaned = super().clean()
        _check_date_order(self, cleaned)
        return cleaned

    def model_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "attachment"}


def _row_formfield(model_field, **kwargs):
    if isinstance(model_field, db_models.DateField):
        return model_field.formfield(widget=DATE_WIDGET, **kwargs)
    if isinstance(model_field, db_models.BooleanField):
        return forms.TypedChoiceField(
            label=model_field.verbose_name, choices=YES_NO, coerce=_coerce_bool
        )
    if isinstance(model_field, db_models.TextField):
        limit = model_field.max_length or 500
        return model_field.formfield(
            widget=forms.Textarea(attrs={"rows": 3, "maxlength": limit}), max_length=limit
        )
    return model_field.formfield(**kwargs)


def row_form_class(key: str, *, model=None):
    """The row form of a list section; ``model`` a profile's row model (kept without
    attachments), else the application's."""
    spec = SPECS[key]
    attrs: dict = {"section_key": key}
    if spec.row_files and model is None:
        attrs["attachment"] = PrivateUploadField(
            policy=SCAN_OR_PDF, required=False, label=_("Attachment")
        )
    return modelform_factory(
        model or spec.model,
        form=type("RowForm", (RowFormMixin, forms.ModelForm), attrs),
        fields=list(spec.columns),
        formfield_callback=_row_formfield,
        help_texts={"ended_on": _("Leave empty for 'to date'.")} if _open_ended(spec) else {},
    )


def _open_ended(spec) -> bool:
    """The row's end date may stay empty (至今): a post held now, not a finished period."""
    return "ended_on" in spec.columns and spec.model._meta.get_field("ended_on").blank


class TemplateChoiceForm(forms.Form):
    template = forms.ModelChoiceField(
        queryset=None,
        label=_("Which policy item does this achievement meet?"),
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        session = application.review_session
        self.fields["template"].queryset = (
            session.achievement_templates.all() if session is not None else None
        )
        self.fields["template"].label_from_instance = lambda t: t.policy_text


def achievement_form(template_kind: str, *, request, data=None, files=None, initial=None):
    return achievements.form_class(template_kind)(data, files, initial=initial, request=request)
