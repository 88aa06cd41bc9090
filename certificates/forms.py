from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.models import Qualification, Region
from titleportal.uploads import SCAN_OR_PDF, PrivateUploadField, StashingFormMixin
from units.models import Office

from .models import Delivery


def add_bootstrap_classes(form) -> None:
    """Bootstrap classes on the widgets of a form rendered field by field."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        if isinstance(widget, forms.MultiWidget):
            for sub in widget.widgets:
                if not isinstance(sub, forms.HiddenInput):
                    sub.attrs["class"] = "form-control"
            continue
        widget.attrs.setdefault("class", css)


class PortalCaptchaInput(CaptchaTextInput):
    template_name = "certificates/widgets/captcha.html"


class VerifyForm(forms.Form):
    """证书查询: certificate number and holder name, with a captcha."""

    number = forms.CharField(
        label=_("Certificate number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    holder_name = forms.CharField(label=_("Holder name"), max_length=50)
    captcha = CaptchaField(
        label=_("Verification code"),
        widget=PortalCaptchaInput(attrs={"autocomplete": "off", "inputmode": "latin"}),
        error_messages={"invalid": _("The verification code is wrong; try the new picture.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_bootstrap_classes(self)


class CertificatePdfForm(forms.Form):
    """核验电子证书: anyone presents a certificate PDF; the check runs as the form is cleaned
    (``self.result``, a ``selectors.PdfCheck``)."""

    pdf = forms.FileField(
        label=_("Electronic certificate (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"required": _("Choose the PDF file of the electronic certificate.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_bootstrap_classes(self)
        self.fields["pdf"].help_text = _(
            "The certificate PDF downloaded from this portal, at most %(size)s MB."
        ) % {"size": max_pdf_megabytes()}
        self.result = None

    def clean_pdf(self):
        from . import selectors, signing

        upload = self.cleaned_data["pdf"]
        if upload.size > settings.CERTIFICATE_CHECK_MAX_BYTES:
            raise forms.ValidationError(too_large_message(), code="too_large")
        try:
            self.result = selectors.check_certificate_pdf(upload.read())
        except signing.NotAPdf:
            raise forms.ValidationError(NOT_A_PDF, code="not_pdf") from None
        return upload


NOT_A_PDF = _(
    "This is not a PDF file that can be read. Choose the electronic certificate PDF "
    "downloaded from this portal."
)


def max_pdf_megabytes() -> str:
    return f"{settings.CERTIFICATE_CHECK_MAX_BYTES / (1024 * 1024):g}"


def too_large_message() -> str:
    return str(
        _(
            "The file is larger than %(size)s MB; an electronic certificate is much smaller. "
            "Choose the PDF downloaded from this portal."
        )
        % {"size": max_pdf_megabytes()}
    )


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class DeliveryForm(forms.Form):
    """领取方式 with the mailing address (省市区 cascade over regions)."""

    method = forms.ChoiceField(
        label=_("Way of receiving"), choices=Delivery.Method.choices, widget=forms.RadioSelect
    )
    recipient = forms.CharField(label=_("Recipient"), max_length=50, required=False)
    province = RegionChoiceField(
        label=_("Province of the address"),
        queryset=Region.objects.filter(level=1),
        required=False,
    )
    city = RegionChoiceField(
        label=_("City of the address"), queryset=Region.objects.none(), required=False
    )
    county = RegionChoiceField(
        label=_("District / county"), queryset=Region.objects.none(), required=False
    )
    address = forms.CharField(label=_("Detailed address"), max_length=200, required=False)
    phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=6, required=False)

    def __init__(self, *args, mailing_enabled: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not mailing_enabled:
            self.fields["method"].choices = [
                choice for choice in Delivery.Method.choices if choice[0] != Delivery.Method.MAIL
            ]
        province = self._chosen("province")
        city = self._chosen("city")
        if province:
            self.fields["city"].queryset = Region.objects.filter(parent_id=province)
        if city:
            self.fields["county"].queryset = Region.objects.filter(parent_id=city)
        add_bootstrap_classes(self)

    def _chosen(self, name: str) -> str:
        if self.is_bound:
            return self.data.get(self.add_prefix(name), "")
        value = self.initial.get(name)
        return getattr(value, "pk", value) or ""

    @classmethod
    def initial_for(cls, delivery: Delivery | None) -> dict:
        if delivery is None:
            return {"method": Delivery.Method.MAIL}
        initial = {
            "method": delivery.method,
            "recipient": delivery.recipient,
            "address": delivery.address,
            "phone": delivery.phone,
            "postcode": delivery.postcode,
        }
        chain = []
        region = delivery.region
        while region is not None:
            chain.insert(0, region)
            region = region.parent
        for name, region in zip(("province", "city", "county"), chain, strict=False):
            initial[name] = region
        return initial

    # What mailing needs, each said next to its field; all of them at once (the service keeps
    # the same rules as its guard).
    MAIL_REQUIRED = [
        ("recipient", _("Enter the recipient.")),
        ("province", _("Choose the province, city and district.")),
        ("address", _("Enter the detailed address.")),
        ("phone", _("Enter a contact phone.")),
    ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("method") == Delivery.Method.MAIL:
            for name, message in self.MAIL_REQUIRED:
                value = cleaned.get(name)
                if (value.strip() if isinstance(value, str) else value) or name in self.errors:
                    continue
                self.add_error(name, message)
        return cleaned

    @property
    def region(self):
        data = self.cleaned_data
        return data.get("county") or data.get("city") or data.get("province")

    def add_domain_error(self, error) -> None:
        field = {"region": "county" if self.cleaned_data.get("city") else "city"}.get(
            error.field, error.field
        )
        self.add_error(field if field in self.fields else None, str(error))


class ShipmentForm(forms.Form):
    tracking_number = forms.CharField(
        label=_("EMS tracking number"),
        max_length=Delivery._meta.get_field("tracking_number").max_length,
        error_messages={"required": _("Enter the EMS tracking number.")},
    )


def qualification_choices():
    """Qualifications grouped by series, for a select with option groups."""
    groups: dict[str, list] = {}
    queryset = Qualification.objects.select_related("series", "level").filter(
        series__is_active=True
    )
    for qualification in queryset:
        groups.setdefault(qualification.series.label, []).append(
            (qualification.pk, str(qualification))
        )
    return [("", _("Please choose")), *groups.items()]


class HistoricalCertificateForm(StashingFormMixin, forms.Form):
    """证书审验: a certificate obtained before the portal, with its scans."""

    number = forms.CharField(label=_("Certificate number"), max_length=40)
    qualification = forms.ModelChoiceField(
        label=_("Qualification"),
        queryset=Qualification.objects.select_related("series", "level"),
        help_text=_("Series / level / qualification as printed on the certificate."),
    )
    specialty_name = forms.CharField(label=_("Specialty"), max_length=50)
    issuing_body = forms.CharField(
        label=_("Approving authority"),
        max_length=100,
        help_text=_("As printed on the certificate, e.g. 广西人才市场."),
    )
    granting_office = forms.ModelChoiceField(
        label=_("Granting office"),
        queryset=Office.objects.filter(is_active=True).order_by("name"),
        help_text=_(
            "The title-reform office that granted the title or took over its records. "
            "Senior titles are verified by the provincial office."
        ),
    )
    approved_on = forms.DateField(
        label=_("Date granted"), widget=forms.DateInput(attrs={"type": "date"})
    )
    certificate_scan = PrivateUploadField(label=_("Certificate scan"), policy=SCAN_OR_PDF)
    supporting_document = PrivateUploadField(
        label=_("Approval document"),
        policy=SCAN_OR_PDF,
        required=False,
        help_text=_("The approval document (文件) that granted the title, if you have it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["qualification"].choices = qualification_choices()
        self.fields["approved_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        add_bootstrap_classes(self)

    def add_domain_error(self, error) -> None:
        self.add_error(error.field if error.field in self.fields else None, str(error))


class HistoricalDecisionForm(forms.Form):
    DECISIONS = [
        ("verify", _("Verified")),
        ("return", _("Return for correction")),
        ("reject", _("Not verified")),
    ]
    # No result is chosen beforehand: the office decides each certificate itself.
    decision = forms.ChoiceField(
        label=_("Result"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the result of the verification.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning or refusing."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_bootstrap_classes(self)

    def add_domain_error(self, error) -> None:
        self.add_error(error.field if error.field in self.fields else None, str(error))
