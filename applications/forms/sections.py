"""The forms of single-form sections (申报信息, 基本情况, …) and of the personal profile, built
from the section specs."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models as db_models
from django.forms import modelform_factory
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications.models import Profile
from applications.sections import (
    BASIC_FIELDS_FULL,
    BASIC_REQUIRED,
    FORM_GROUPS,
    SPECS,
    TEXT_LIMITS,
    conditional_required,
    field_label,
    form_fields,
    spec_model,
    specialty_label,
)
from reference.models import Specialty
from titleportal.uploads import PHOTO, SCAN_OR_PDF, PrivateUploadField, StashingFormMixin
from titleportal.validators import normalize_mobile, validate_mobile

from .common import (
    DATE_WIDGET,
    PHOTO_FIELDS,
    YES_NO,
    _check_date_order,
    _coerce_bool,
    _model_choice,
)


class SectionFormMixin(StashingFormMixin):
    """Dates as date pickers, yes/no as selects, long texts limited, uploads private.

    ``draft=True`` (暂存) saves what is there: no field is required then.
    """

    def __init__(self, *args, application, required=None, draft=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        for name, field in self.fields.items():
            if required is not None and name in self._meta_fields():
                field.required = name in required
            if draft:
                field.required = False
            if name in TEXT_LIMITS:
                field.max_length = TEXT_LIMITS[name]
                field.widget = forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_LIMITS[name]})
                field.validators.append(MaxLengthValidator(TEXT_LIMITS[name]))

    def _meta_fields(self):
        return set(self.fields)

    def model_data(self) -> dict:
        """Cleaned values of the model's own fields (uploads apart)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.upload_names() and name not in self.extra_names()
        }

    def upload_names(self) -> set[str]:
        return {n for n, f in self.fields.items() if isinstance(f, PrivateUploadField)}

    def extra_names(self) -> set[str]:
        return set()

    def uploads(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.upload_names()}


def _formfield(model_field, **kwargs):
    if isinstance(model_field, db_models.DateField):
        return model_field.formfield(widget=DATE_WIDGET, **kwargs)
    if isinstance(model_field, db_models.BooleanField):
        return forms.TypedChoiceField(
            label=model_field.verbose_name,
            choices=YES_NO,
            coerce=_coerce_bool,
            empty_value=None,
            required=False,
        )
    return model_field.formfield(**kwargs)


class ApplicationInfoExtras(forms.Form):
    specialty = _model_choice(Specialty.objects.none(), _("Specialty applied for"), required=False)
    use_custom = forms.BooleanField(label=_("Enter my own specialty"), required=False)
    custom_specialty = forms.CharField(label=_("Own specialty"), max_length=50, required=False)
    declaration = forms.BooleanField(required=False, widget=forms.HiddenInput)


def section_form_class(application, key: str):
    """The ModelForm of a single-form section for this application's kind."""
    model = spec_model(key)
    fields, _required = form_fields(application, key)
    return _single_form_class(
        key, model, fields, lambda name: field_label(application, model, name)
    )


def _single_form_class(key: str, model, fields: list[str], label_of):
    """The ModelForm of a single-form section over ``model`` (an application's section or the
    person's profile, which share the fields)."""
    model_fields = [
        name for name in fields if not isinstance(model._meta.get_field(name), db_models.FileField)
    ]
    attrs = {}
    for name in fields:
        model_field = model._meta.get_field(name)
        label = label_of(name)
        if isinstance(model_field, db_models.FileField):
            policy = PHOTO if (key, name) in PHOTO_FIELDS else SCAN_OR_PDF
            attrs[name] = PrivateUploadField(policy=policy, label=label, required=False)
    extras = key == "application_info"
    if extras:
        attrs.update(ApplicationInfoExtras.base_fields)

    class Base(SectionFormMixin, forms.ModelForm):
        def extra_names(self):
            return (
                {"specialty", "use_custom", "custom_specialty", "declaration"} if extras else set()
            )

        def _meta_fields(self):
            return set(fields)

        def clean(self):
            cleaned = super().clean()
            if extras:
                if cleaned.get("use_custom"):
                    cleaned["specialty"] = None
                    if not cleaned.get("custom_specialty", "").strip():
                        self.add_error("custom_specialty", _("Enter your specialty."))
                elif not cleaned.get("specialty") and "specialty" not in self.errors:
                    self.add_error("specialty", _("Choose a specialty or enter your own."))
            _check_date_order(self, cleaned)
            mobile = cleaned.get("mobile")
            if mobile:
                try:
                    validate_mobile(mobile)
                    cleaned["mobile"] = normalize_mobile(mobile)
                except forms.ValidationError as error:
                    self.add_error("mobile", error)
            return cleaned

    form_class = modelform_factory(
        model,
        form=type("SectionForm", (Base,), attrs),
        fields=model_fields,
        formfield_callback=_formfield,
        labels={name: label_of(name) for name in model_fields},
    )
    form_class.field_order = fields
    return form_class


def build_section_form(application, key, *, request, data=None, files=None, draft=False):
    instance = application._section(SPECS[key].accessor)
    model = spec_model(key)
    fields, required = form_fields(application, key)
    initial = {}
    if instance is not None:
        for name in fields:
            if isinstance(model._meta.get_field(name), db_models.FileField):
                initial[name] = getattr(instance, name)
    if key == "application_info":
        initial.update(
            specialty=application.specialty_id,
            use_custom=bool(application.custom_specialty),
            custom_specialty=application.custom_specialty,
        )
    elif key == "basic_info" and instance is None:
        initial.update(
            mobile=application.applicant.phone or "", email=application.applicant.email or ""
        )
    form = section_form_class(application, key)(
        data,
        files,
        instance=instance,
        initial=initial,
        request=request,
        application=application,
        required=required,
        draft=draft,
    )
    if key == "application_info":
        form.fields["specialty"].queryset = Specialty.objects.filter(series=application.series)
        form.fields["specialty"].label = specialty_label(application)
        form.fields["specialty"].required = False
    form.order_fields(
        (["specialty", "use_custom", "custom_specialty"] if key == "application_info" else [])
        + fields
    )
    form.group_headings = {first: heading for heading, first in FORM_GROUPS.get(key, [])}
    if data is not None and not draft:
        # 是否对口支援 yes makes its dates and unit required, and so on (CONDITIONAL_REQUIRED).
        for name in conditional_required(key, lambda name: _bound_value(form, name)):
            form.fields[name].required = True
    if key == "health_info":
        form.fields["recommendation_letter"].help_text = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> {}',
            reverse("downloads"),
            _("Download the template"),
            _("from the download area; upload the letter signed and sealed by your institution."),
        )
    return form


def profile_form_class():
    """基本情况 of the personal profile: the application's full form, the same checks."""
    return _single_form_class(
        "basic_info",
        Profile,
        list(BASIC_FIELDS_FULL),
        lambda name: Profile._meta.get_field(name).verbose_name,
    )


def build_profile_form(profile, *, request, data=None, files=None, draft=False):
    fields = list(BASIC_FIELDS_FULL)
    form_class = profile_form_class()
    initial = {"photo": profile.photo}
    if not profile.mobile and not profile.email:
        initial.update(mobile=profile.person.phone or "", email=profile.person.email or "")
    form = form_class(
        data,
        files,
        instance=profile,
        initial=initial,
        request=request,
        application=None,
        required=set(BASIC_REQUIRED),
        draft=draft,
    )
    form.order_fields(fields)
    return form


def _bound_value(form, name):
    """A field's value as posted, converted like the field does (yes/no to True/False)."""
    field = form.fields.get(name)
    if field is None:
        return None
    raw = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
    if isinstance(field, forms.TypedChoiceField):
        return _coerce_bool(raw) if field.coerce is _coerce_bool else raw
    return raw
