"""The work summary (工作总结) and the upload of one required material."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.materials import upload_policy
from applications.models import WorkSummary
from titleportal.sanitize import sanitize_html, visible_length
from titleportal.uploads import SCAN_OR_PDF, PrivateUploadField, StashingFormMixin


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
