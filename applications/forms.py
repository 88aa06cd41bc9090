"""Forms of the applicant's pages. Services do the writing; forms check and convert input."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models as db_models
from django.forms import modelform_factory
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reference.models import Level, Qualification, Series, Specialty
from titleportal.sanitize import sanitize_html, visible_length
from titleportal.uploads import PHOTO, SCAN_OR_PDF, PrivateUploadField, StashingFormMixin
from titleportal.validators import normalize_mobile, validate_mobile
from units.models import Office

from . import achievements
from .materials import upload_policy
from .models import Kind, Profile, WorkSummary
from .sections import (
    BASIC_FIELDS_FULL,
    BASIC_REQUIRED,
    DATE_PAIRS,
    FORM_GROUPS,
    SPECS,
    TEXT_LIMITS,
    conditional_required,
    field_label,
    form_fields,
    spec_model,
    specialty_label,
)
from .selectors import committees_for

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("", _("Please choose")), ("True", _("Yes")), ("False", _("No"))]
PHOTO_FIELDS = {("application_info", "photo"), ("basic_info", "photo")}


def _coerce_bool(value):
    return {"True": True, "False": False}.get(value)


def _model_choice(queryset, label, **kwargs):
    return forms.ModelChoiceField(
        queryset=queryset, label=label, empty_label=_("Please choose"), **kwargs
    )


class CatalogueMixin:
    """Cascading choices: series → level → qualification and specialty (custom allowed)."""

    def selected(self, name):
        """The value chosen for ``name`` so far (bound data, else initial)."""
        if self.is_bound:
            return self.data.get(self.add_prefix(name)) or None
        value = self.initial.get(name)
        return getattr(value, "pk", value)

    def _object(self, model, name, **filters):
        pk = self.selected(name)
        if not pk:
            return None
        try:
            return model.objects.filter(pk=int(pk), **filters).first()
        except (TypeError, ValueError):
            return None

    def setup_levels(self, series):
        levels = Level.objects.none()
        if series is not None:
            levels = Level.objects.filter(qualifications__series=series).distinct()
        self.fields["level"].queryset = levels
        level = self._object(Level, "level") if series is not None else None
        if level is not None and not levels.filter(pk=level.pk).exists():
            level = None
        qualifications = Qualification.objects.none()
        if series is not None and level is not None:
            qualifications = Qualification.objects.filter(series=series, level=level)
        self.fields["qualification"].queryset = qualifications.select_related("series", "level")
        self.fields["qualification"].label_from_instance = lambda q: q.name
        return level


class StartForm(CatalogueMixin, forms.Form):
    """我要申报: unit, year, series → level → specialty → qualification, then committee or office."""

    year = forms.TypedChoiceField(label=_("Application year"), coerce=int)
    series = _model_choice(Series.objects.filter(is_active=True), _("Series applied for"))
    level = _model_choice(Level.objects.none(), _("Level applied for"))
    specialty = _model_choice(Specialty.objects.none(), _("Specialty applied for"), required=False)
    use_custom = forms.BooleanField(label=_("Enter my own specialty"), required=False)
    custom_specialty = forms.CharField(label=_("Own specialty"), max_length=50, required=False)
    qualification = _model_choice(Qualification.objects.none(), _("Qualification applied for"))
    office = _model_choice(
        Office.objects.filter(is_active=True).order_by("name"), _("Office submitted to")
    )
    committee = forms.ModelChoiceField(
        queryset=Office.objects.none(), label=_("Review committee name"), widget=forms.RadioSelect
    )

    def __init__(self, *args, kind, unit, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.unit = unit
        today = today or timezone.localdate()
        self.fields["year"].choices = [(today.year, today.year), (today.year + 1, today.year + 1)]
        self.fields["year"].initial = today.year
        if kind == Kind.REPLACEMENT:
            self.fields["qualification"].label = _("Qualification of the lost certificate")
            self.fields["specialty"].label = _("Original specialty")
        series = self._object(Series, "series", is_active=True)
        level = self.setup_levels(series)
        self.fields["specialty"].queryset = (
            Specialty.objects.filter(series=series) if series else Specialty.objects.none()
        )
        self.direct, self.entrusted = [], []
        if kind == Kind.EVALUATION:
            del self.fields["office"]
            try:
                year = int(self.selected("year") or today.year)
            except ValueError:
                year = today.year
            self.direct, self.entrusted = committees_for(
                unit=unit, series=series, level=level, year=year, on=today
            )
            from units.models import Committee

            self.fields["committee"].queryset = Committee.objects.filter(
                pk__in=[c.pk for c in self.direct + self.entrusted]
            )
        else:
            del self.fields["committee"]

    def committee_options(self):
        """(committee, entrusted, checked) for the template's committee cards."""
        chosen = str(self.selected("committee") or "")
        return [
            (committee, entrusted, str(committee.pk) == chosen)
            for group, entrusted in ((self.direct, False), (self.entrusted, True))
            for committee in group
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("use_custom"):
            cleaned["specialty"] = None
            if not cleaned.get("custom_specialty", "").strip():
                self.add_error("custom_specialty", _("Enter your specialty."))
        elif not cleaned.get("specialty") and "specialty" not in self.errors:
            self.add_error("specialty", _("Choose a specialty or enter your own."))
        return cleaned


class RouteForm(CatalogueMixin, forms.Form):
    """报送职改办: level and office (or committee for an evaluation) of a draft."""

    level = _model_choice(Level.objects.none(), _("Level applied for"))
    qualification = _model_choice(Qualification.objects.none(), _("Qualification applied for"))
    office = _model_choice(
        Office.objects.filter(is_active=True).order_by("name"), _("Office submitted to")
    )
    committee = forms.ModelChoiceField(
        queryset=Office.objects.none(), label=_("Review committee name"), widget=forms.RadioSelect
    )

    def __init__(self, *args, application, today=None, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "level": application.level_id,
                "qualification": application.qualification_id,
                "office": application.office_id,
                "committee": application.committee_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.application = application
        level = self.setup_levels(application.series)
        self.direct, self.entrusted = [], []
        if application.kind == Kind.EVALUATION:
            del self.fields["office"]
            self.direct, self.entrusted = committees_for(
                unit=application.unit,
                series=application.series,
                level=level,
                year=application.year,
                on=today,
            )
            from units.models import Committee

            self.fields["committee"].queryset = Committee.objects.filter(
                pk__in=[c.pk for c in self.direct + self.entrusted]
            )
        else:
            del self.fields["committee"]

    committee_options = StartForm.committee_options


# --- Section forms ---------------------------------------------------------------------------


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


# --- Rows ---------------------------------------------------------------------------------------


def _check_date_order(form, cleaned) -> None:
    for start, end in DATE_PAIRS:
        if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
            form.add_error(end, _("The end date cannot be before the start date."))


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


class WorkSummaryForm(forms.Form):
    content = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, label="", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["content"].label = label

    def clean_content(self):
        clean = sanitize_html(self.cleaned_data.get("content", ""))
        length = visible_length(clean)
        if length > WorkSummary.MAX_CHARACTERS:
            raise forms.ValidationError(
                _("The work summary may have at most %(max)s characters; it has %(count)s.")
                % {"max": WorkSummary.MAX_CHARACTERS, "count": length}
            )
        if length == 0:
            raise forms.ValidationError(_("Write your work summary."))
        return clean

    def counts(self) -> tuple[int, int]:
        value = self.data.get("content") if self.is_bound else self.initial.get("content", "")
        used = visible_length(value or "")
        return used, max(0, WorkSummary.MAX_CHARACTERS - used)


class MaterialUploadForm(StashingFormMixin, forms.Form):
    file = PrivateUploadField(policy=SCAN_OR_PDF, label=_("File"))

    def __init__(self, *args, material, **kwargs):
        kwargs.setdefault("prefix", f"m-{material.key}")
        super().__init__(*args, **kwargs)
        self.material = material
        field = self.fields["file"]
        field.policy = upload_policy(material)
        field.widget.policy = field.policy
        field.label = material.name
