"""Typed row forms of achievements (业绩成果), one per ``AchievementKind``.

A row keeps its name and date in columns and the other typed fields in ``details`` (JSON), so
a committee can pick for each policy item which form its applicants fill in (seed 004,
图 2.2.18-2.2.19).
"""

import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from titleportal.uploads import SCAN_OR_PDF, PrivateUploadField, StashingFormMixin
from units.models import AchievementKind

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


class AchievementForm(StashingFormMixin, forms.Form):
    title_label = _("Name of the item")
    date_label = _("Date of the item")

    title = forms.CharField(max_length=50)
    date = forms.DateField(**DATE)
    attachment = PrivateUploadField(policy=SCAN_OR_PDF, required=False, label=_("Attachment"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].label = self.title_label
        self.fields["date"].label = self.date_label
        # Typed fields come between the date and the attachment.
        self.order_fields(["title", "date"])
        self.fields["attachment"] = self.fields.pop("attachment")

    @classmethod
    def detail_fields(cls) -> list[str]:
        return [name for name in cls.base_fields if name not in {"title", "date", "attachment"}]

    def details(self) -> dict:
        """The typed fields as JSON-serialisable values."""
        result = {}
        for name in self.detail_fields():
            value = self.cleaned_data.get(name)
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = str(value)
            result[name] = value if value is not None else ""
        return result

    @classmethod
    def initial_from(cls, row) -> dict:
        initial = {"title": row.title, "date": row.date}
        initial.update(row.details or {})
        return initial

    @classmethod
    def display(cls, details: dict) -> list[tuple[str, str]]:
        """(label, text) of each typed field, choices shown by their label."""
        pairs = []
        for name in cls.detail_fields():
            field = cls.base_fields[name]
            value = (details or {}).get(name, "")
            if isinstance(field, forms.ChoiceField):
                value = dict(field.choices).get(value, value)
            pairs.append((str(field.label), str(value) if value not in (None, "") else ""))
        return pairs


class PaperForm(AchievementForm):
    title_label = _("Name of the item")
    date_label = _("Publication date")

    CATEGORIES = [
        ("paper", _("Journal paper")),
        ("conference", _("Conference paper")),
        ("book", _("Monograph")),
        ("translation", _("Translated work")),
        ("textbook", _("Textbook")),
        ("survey", _("Survey report")),
    ]

    AUTHOR_RANKS = [
        ("sole", _("Sole author")),
        ("first", _("First author")),
        ("second", _("Second author")),
        ("third", _("Third author")),
        ("corresponding", _("Corresponding author")),
        ("other", _("Other")),
    ]

    category = forms.ChoiceField(label=_("Category"), choices=CATEGORIES)
    journal = forms.CharField(label=_("Journal or publisher"), max_length=50)
    journal_number = forms.CharField(label=_("Journal number (ISSN / CN or ISBN)"), max_length=50)
    author_rank = forms.ChoiceField(label=_("Author rank"), choices=AUTHOR_RANKS)
    words_thousands = forms.DecimalField(
        label=_("Words written by you (thousands)"), min_value=0, max_digits=6, decimal_places=1
    )
    exchange = forms.CharField(
        label=_("Publication, awards or presentation at academic conferences"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


ROLE_CHOICES = [
    ("leader", _("Leader")),
    ("independent", _("Carried out alone")),
    ("participant", _("Participant")),
]


class ProjectForm(AchievementForm):
    title_label = _("Project name")
    date_label = _("Start date")

    source = forms.CharField(label=_("Source of the project"), max_length=50)
    ended_on = forms.DateField(label=_("End date"), required=False, **DATE)
    role = forms.ChoiceField(label=_("Your role"), choices=ROLE_CHOICES)
    rank = forms.IntegerField(label=_("Your rank among participants"), min_value=1, max_value=99)
    amount = forms.DecimalField(
        label=_("Amount (10,000 yuan)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
    )
    outcome = forms.CharField(
        label=_("Completion and effect"), max_length=200, widget=forms.Textarea(attrs={"rows": 2})
    )


class PatentForm(AchievementForm):
    title_label = _("Patent name")
    date_label = _("Date granted")

    patent_type = forms.ChoiceField(
        label=_("Patent type"),
        choices=[
            ("invention", _("Invention")),
            ("utility", _("Utility model")),
            ("design", _("Design")),
        ],
    )
    patent_number = forms.CharField(label=_("Patent number"), max_length=50)
    rank = forms.IntegerField(label=_("Inventor rank"), min_value=1, max_value=99)


class AwardForm(AchievementForm):
    title_label = _("Award name")
    date_label = _("Date awarded")

    issuer = forms.CharField(label=_("Awarded by"), max_length=50)
    grade = forms.ChoiceField(
        label=_("Award grade"),
        choices=[
            ("national", _("National")),
            ("provincial", _("Provincial")),
            ("city", _("City")),
            ("other", _("Other")),
        ],
    )
    rank = forms.IntegerField(label=_("Your rank"), min_value=1, max_value=99)


class StandardForm(AchievementForm):
    title_label = _("Standard name")
    date_label = _("Date published")

    number = forms.CharField(label=_("Standard number"), max_length=50)
    grade = forms.ChoiceField(
        label=_("Standard level"),
        choices=[
            ("national", _("National standard")),
            ("industry", _("Industry standard")),
            ("local", _("Local standard")),
            ("group", _("Group standard")),
            ("enterprise", _("Enterprise standard")),
        ],
    )
    rank = forms.IntegerField(label=_("Your rank among drafters"), min_value=1, max_value=99)


class ReportForm(AchievementForm):
    title_label = _("Report name")
    date_label = _("Date completed")

    role = forms.ChoiceField(label=_("Your role"), choices=ROLE_CHOICES)
    adoption = forms.CharField(
        label=_("Expert opinions or adoption"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OtherForm(AchievementForm):
    title_label = _("Name of the item")
    date_label = _("Date of the item")

    description = forms.CharField(
        label=_("Description"), max_length=200, widget=forms.Textarea(attrs={"rows": 3})
    )


FORMS: dict[str, type[AchievementForm]] = {
    AchievementKind.PAPER: PaperForm,
    AchievementKind.PROJECT: ProjectForm,
    AchievementKind.PATENT: PatentForm,
    AchievementKind.AWARD: AwardForm,
    AchievementKind.STANDARD: StandardForm,
    AchievementKind.REPORT: ReportForm,
    AchievementKind.OTHER: OtherForm,
}


def form_class(kind: str) -> type[AchievementForm]:
    return FORMS.get(kind, OtherForm)
