"""Forms of units and their people: choosing a unit."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from titleportal.validators import is_row_id
from units.models import Unit

# --- choosing a unit ------------------------------------------------------------------------


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A choice of a row by id; an id no 64-bit column can hold is just an invalid choice
    (SQLite would raise OverflowError on the lookup)."""

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if text and not is_row_id(text):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class UnitSearchWidget(forms.Select):
    """A select that lists only the chosen unit; the rest is searched on the server."""

    def __init__(self, attrs=None):
        attrs = {
            "data-unit-search": reverse_lazy("units:search"),
            "data-placeholder": _("Type part of the unit name or its pinyin initials"),
            "data-no-results": _("No such unit. Check that the unit has registered."),
            **(attrs or {}),
        }
        super().__init__(attrs)

    class Media:
        css = {"all": ["vendor/tom-select/css/tom-select.bootstrap5.min.css"]}
        js = ["vendor/tom-select/js/tom-select.complete.min.js", "units/unit-select.js"]

    def optgroups(self, name, value, attrs=None):
        wanted = [v for v in value if is_row_id(v)]
        options = [self.create_option(name, "", "", not wanted, 0)]
        for index, unit in enumerate(Unit.objects.filter(pk__in=wanted), start=1):
            options.append(self.create_option(name, str(unit.pk), unit.name, True, index))
        return [(None, options, 0)]


class UnitChoiceField(BoundedModelChoiceField):
    widget = UnitSearchWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Unit"))
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Choose the unit from the list."),
                "invalid_choice": _("Choose the unit from the list."),
            },
        )
        kwargs.setdefault(
            "help_text", _("Type a keyword of the unit name and choose it from the list.")
        )
        super().__init__(queryset=Unit.objects.filter(is_active=True), **kwargs)
