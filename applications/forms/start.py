"""我要申报 and 报送职改办: the catalogue cascade (series → level → qualification and
specialty) and the committee or office an application goes to."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Kind
from applications.selectors import committees_for
from reference.models import Level, Qualification, Series, Specialty
from units.models import Office

from .common import _model_choice


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
