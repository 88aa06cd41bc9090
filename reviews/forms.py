from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import Kind, Status
from reference.models import Level, Series
from titleportal.models import Download
from titleportal.uploads import DOCUMENT, PrivateUploadField, StashingFormMixin
from titleportal.validators import is_row_id
from units.models import AchievementTemplate, Office, RequiredMaterial, ReviewSession

from .models import Feedback, OrganisationMessage, UnitOpinion
from .sections import section_choices


class CompactFiltersMixin:
    """Filter bars: small Bootstrap controls."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
            else:
                widget.attrs["class"] = "form-control form-control-sm"


class QueueFilterForm(CompactFiltersMixin, forms.Form):
    """Filters of the queue, read from the query string so that they stay in the URL."""

    status = forms.ChoiceField(
        label=_("Application status"),
        required=False,
        choices=[("pending", _("Waiting for me")), ("all", _("All")), *Status.choices[1:]],
    )
    year = forms.IntegerField(label=_("Application year"), required=False, min_value=2000)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *Kind.choices]
    )
    series = forms.ModelChoiceField(
        label=_("Series"), required=False, queryset=Series.objects.all(), empty_label=_("All")
    )
    level = forms.ModelChoiceField(
        label=_("Level"), required=False, queryset=Level.objects.all(), empty_label=_("All")
    )
    unit = forms.CharField(label=_("Unit"), required=False, max_length=100)
    q = forms.CharField(label=_("Name or ID number"), required=False, max_length=50)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-submitted", _("Submitted, newest first")),
            ("submitted", _("Submitted, oldest first")),
            ("name", _("Name")),
            ("-year", _("Year, newest first")),
            ("year", _("Year, oldest first")),
            ("status", _("Status")),
        ],
    )

    def filters(self) -> dict:
        """Cleaned filters; invalid values are ignored rather than answered with an error."""
        if self.is_valid():
            return self.cleaned_data
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in (None, "")
        }

    def serialisable(self) -> dict:
        data = self.filters()
        return {
            key: (value.pk if hasattr(value, "pk") else value)
            for key, value in data.items()
            if value not in (None, "")
        }


class RecordsFilterForm(CompactFiltersMixin, forms.Form):
    year = forms.IntegerField(label=_("Application year"), required=False, min_value=2000)
    q = forms.CharField(label=_("Applicant name or ID number"), required=False, max_length=50)
    actor = forms.CharField(label=_("Operator"), required=False, max_length=50)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    own = forms.BooleanField(label=_("Only acts of my organisation"), required=False)

    def filters(self) -> dict:
        if self.is_valid():
            return self.cleaned_data
        return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}


class VersionedForm(forms.Form):
    """Carries the version of the application the page showed (optimistic check)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class UnitOpinionForm(VersionedForm):
    appraisal_recommendation = forms.CharField(
        label=UnitOpinion._meta.get_field("appraisal_recommendation").verbose_name,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The unit's appraisal of the applicant and whether it recommends them."),
    )
    term_appraisal_result = forms.CharField(
        label=UnitOpinion._meta.get_field("term_appraisal_result").verbose_name,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Yearly appraisals since the current title and the result at term end."),
    )
    publicity = forms.CharField(
        label=UnitOpinion._meta.get_field("publicity").verbose_name,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Where and from when to when the application was posted, and any objection."),
    )
    panel_recommendation = forms.CharField(
        label=UnitOpinion._meta.get_field("panel_recommendation").verbose_name,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Not needed for junior titles."),
    )
    unit_leader = forms.CharField(
        label=UnitOpinion._meta.get_field("unit_leader").verbose_name, max_length=50
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        if application.level.is_junior:
            del self.fields["panel_recommendation"]


class ForwardForm(VersionedForm):
    office = forms.ModelChoiceField(
        label=_("Forward to the title-reform office"),
        queryset=Office.objects.filter(is_active=True),
        empty_label=None,
    )
    opinion = forms.CharField(
        label=_("Review opinion"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, application, unit_level: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if unit_level:
            self.fields["office"].initial = application.office_id
        else:
            del self.fields["office"]


class ReturnForm(VersionedForm):
    target = forms.ChoiceField(label=_("Return to"))
    reason = forms.CharField(
        label=_("Reason for returning"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    sections = forms.MultipleChoiceField(
        label=_("Sections to revise"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    files = forms.CharField(
        label=_("Files to replace"),
        required=False,
        max_length=500,
        help_text=_("Optional: which uploaded files must be replaced."),
    )

    def __init__(self, *args, application, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets
        self.fields["target"].initial = targets[0][0] if targets else None
        self.fields["sections"].choices = section_choices(application)


class ReasonForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reason for not approving"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Not approved is final: the applicant can no longer edit this application."),
    )


class OpinionForm(VersionedForm):
    opinion = forms.CharField(
        label=_("Review opinion"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BatchForm(forms.Form):
    """Selected queue rows, each as "<id>:<version>", and the act to do on all of them."""

    ACTIONS = [("forward", _("Forward")), ("return", _("Return for revision"))]

    action = forms.ChoiceField(label=_("Batch action"), choices=ACTIONS)
    rows = forms.MultipleChoiceField(label=_("Selected applications"))
    reason = forms.CharField(
        label=_("Reason for returning"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any "<id>:<version>" pair; the service checks each row.
        values = self.data.getlist("rows") if hasattr(self.data, "getlist") else []
        self.fields["rows"].choices = [(value, value) for value in values]

    def clean_rows(self):
        rows = []
        for value in self.cleaned_data["rows"]:
            pk, _sep, version = value.partition(":")
            if not (is_row_id(pk) and is_row_id(version)):
                raise forms.ValidationError(_("The selection is not valid."))
            rows.append((int(pk), int(version)))
        return rows[:500]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "return" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Please give the reason for returning the application."))
        return cleaned


class ReviewSessionForm(forms.ModelForm):
    class Meta:
        model = ReviewSession
        fields = [
            "year",
            "scope",
            "opens_on",
            "applicant_first_deadline",
            "applicant_revision_deadline",
            "unit_deadline",
            "review_method",
            "organises_exam",
            "interview",
            "group_vote",
            "consultation_phone",
            "policy_url",
            "schedule_url",
            "results_publicity_days",
        ]
        widgets = {
            "scope": forms.Textarea(attrs={"rows": 2}),
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "applicant_first_deadline": forms.DateInput(attrs={"type": "date"}),
            "applicant_revision_deadline": forms.DateInput(attrs={"type": "date"}),
            "unit_deadline": forms.DateInput(attrs={"type": "date"}),
        }

    def validate_unique(self):
        # The service answers a duplicate year with a message next to the field.
        pass


class RequiredMaterialForm(forms.ModelForm):
    """评委会需求材料 of a review session."""

    class Meta:
        model = RequiredMaterial
        fields = [
            "name",
            "description",
            "file_type",
            "max_size_mb",
            "max_count",
            "is_required",
            "sort",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["max_size_mb"].min_value = 0.1
        self.fields["max_size_mb"].widget.attrs.update({"min": "0.1", "max": "30", "step": "0.1"})
        self.fields["max_count"].widget.attrs.update({"min": "1", "max": "20"})

    def clean_max_size_mb(self):
        value = self.cleaned_data["max_size_mb"]
        if value is not None and not 0 < value <= 30:
            raise forms.ValidationError(_("Enter a size between 0.1 and 30 MB."))
        return value

    def clean_max_count(self):
        value = self.cleaned_data["max_count"]
        if value is not None and not 1 <= value <= 20:
            raise forms.ValidationError(_("Enter a number of files between 1 and 20."))
        return value


class AchievementTemplateForm(forms.ModelForm):
    """业绩成果模板: a policy item of a review session and the row form applicants fill in."""

    class Meta:
        model = AchievementTemplate
        fields = ["policy_text", "achievement_kind", "counts_toward_policy", "sort"]
        widgets = {"policy_text": forms.Textarea(attrs={"rows": 3})}


class ResultsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Results file (.xlsx)"),
        help_text=_(
            "The first row holds the headers ID number, Name and Review result; a result is "
            "passed or not passed. Download the template with the accepted applicants to fill "
            "it in."
        ),
    )


class UnitPublicityForm(forms.Form):
    year = forms.IntegerField(label=_("Application year"), min_value=2000, max_value=2100)
    days = forms.IntegerField(
        label=_("Working days of publicity"), min_value=1, max_value=30, initial=5
    )


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Application year"), min_value=2000, max_value=2100)


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.year} {obj.committee}"


class ResultsReportForm(forms.Form):
    session = SessionChoiceField(
        label=_("Review session"),
        queryset=ReviewSession.objects.none(),
        empty_label=_("Choose a review session"),
        error_messages={
            "required": _("Choose the review session."),
            "invalid_choice": _("Choose the review session."),
        },
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions


class CertificatesReportForm(forms.Form):
    """A period of at most a year, both days included."""

    start = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the first day."), "invalid": _("Enter a valid date.")},
    )
    end = forms.DateField(
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the last day."), "invalid": _("Enter a valid date.")},
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The last day cannot be before the first day."))
            elif (end - start).days > 366:
                self.add_error("end", _("Choose a period of at most one year."))
        return data


class ApplicationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.year} {obj.get_kind_display()} {obj.qualification}（{obj.office}）"


class FeedbackForm(forms.Form):
    """意见建议: about one of the sender's applications, or about the portal to an office."""

    kind = forms.ChoiceField(
        label=_("Type"), choices=Feedback.Kind.choices, initial=Feedback.Kind.SUGGESTION
    )
    application = ApplicationChoiceField(
        label=_("Application concerned"),
        queryset=None,
        required=False,
        empty_label=_("None: about the portal"),
    )
    office = forms.ModelChoiceField(
        label=_("Responsible office"),
        queryset=Office.objects.filter(is_active=True).order_by("name"),
        required=False,
        help_text=_("For feedback about the portal; an application's own office answers about it."),
    )
    title = forms.CharField(label=_("Subject"), max_length=100)
    body = forms.CharField(label=_("Content"), max_length=2000, widget=forms.Textarea({"rows": 6}))

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("application") and not cleaned.get("office"):
            self.add_error("office", _("Choose the title-reform office your feedback is for."))
        return cleaned


class FeedbackAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=2000, widget=forms.Textarea({"rows": 5}))


class OrganisationMessageForm(forms.Form):
    """The message to the applicants of the chosen applications (their ids come as a list)."""

    kind = forms.ChoiceField(
        label=_("Type"), choices=OrganisationMessage.Kind.choices, initial="general"
    )
    title = forms.CharField(label=_("Subject"), max_length=100)
    body = forms.CharField(
        label=_("Content"),
        max_length=1000,
        widget=forms.Textarea({"rows": 5}),
        help_text=_("For a defence notice: the time and place, and the materials to bring."),
    )
    by_sms = forms.BooleanField(label=_("Also send by SMS"), required=False)


class OfficeDownloadForm(StashingFormMixin, forms.ModelForm):
    """下载专区 of an office: a form or template the office publishes. The file is checked like
    every upload (by content, documents without active content, the policy's size limits)
    and kept when the form fails elsewhere."""

    upload = PrivateUploadField(policy=DOCUMENT, label=_("File"))

    class Meta:
        model = Download
        fields = ["title", "category", "description", "sort", "is_published"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["upload"].required = False
            self.fields["upload"].help_text = _("Choose a file only to replace the current one.")
