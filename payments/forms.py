from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from applications.models import Kind
from titleportal.uploads import PDF, check_upload

from .models import Channel, FeeItem, InvoiceStatus, OrderStatus


class OrderFilterForm(forms.Form):
    """费用记录 filters: 订单号, 支付流水号, 支付状态, 支付渠道, 支付项目."""

    number = forms.CharField(label=_("Order number"), required=False, max_length=32)
    serial = forms.CharField(label=_("Payment serial number"), required=False, max_length=64)
    status = forms.ChoiceField(
        label=_("Payment status"), required=False, choices=[("", _("All")), *OrderStatus.choices]
    )
    channel = forms.ChoiceField(
        label=_("Payment channel"), required=False, choices=[("", _("All")), *Channel.choices]
    )
    item = forms.CharField(label=_("Fee item"), required=False, max_length=100)


class StaffOrderFilterForm(OrderFilterForm):
    person = forms.CharField(label=_("Payer name or ID number"), required=False, max_length=50)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    attention = forms.BooleanField(label=_("Needs staff action"), required=False)


class ChannelForm(forms.Form):
    channel = forms.ChoiceField(label=_("Payment channel"), widget=forms.RadioSelect)

    def __init__(self, *args, gateways=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [(g.code, g.label) for g in gateways]


class InvoiceRequestForm(forms.Form):
    title = forms.CharField(label=_("Invoice title"), max_length=100)
    tax_number = forms.CharField(label=_("Tax number"), max_length=20, required=False)
    # Order.invoice_email is an EmailField of 254 characters (a form's default is 320).
    email = forms.EmailField(label=_("Email for the invoice"), max_length=254)


class OfflineConfirmForm(forms.Form):
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=64)


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Refund amount (yuan)"),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text=_("Empty: the whole amount still paid."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)


class InvoiceIssueForm(forms.Form):
    pdf = forms.FileField(label=_("E-invoice (PDF)"), required=False)

    def clean_pdf(self):
        uploaded = self.cleaned_data.get("pdf")
        if not uploaded:
            return None
        checked = check_upload(uploaded, PDF)
        if checked.kind != "pdf":
            raise ValidationError(_("Upload the e-invoice as a PDF."))
        return checked.content


class ExportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(
        label=_("Payment channel"), required=False, choices=[("", _("All")), *Channel.choices]
    )
    item = forms.CharField(label=_("Fee item"), required=False, max_length=100)


class InvoiceExportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(
        label=_("Invoice status"),
        required=False,
        choices=[
            ("", _("Requested or invoiced")),
            (InvoiceStatus.REQUESTED, InvoiceStatus.REQUESTED.label),
            (InvoiceStatus.ISSUED, InvoiceStatus.ISSUED.label),
        ],
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError(_("The start date is after the end date."))
        return data


class StaffFeeItemForm(forms.ModelForm):
    """费用事项 of the acting committee (review fees) or office (postage)."""

    kinds = forms.MultipleChoiceField(
        label=_("Kinds of application"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: every kind."),
    )

    class Meta:
        model = FeeItem
        fields = ["name", "amount", "kinds", "levels", "sessions", "is_active"]
        widgets = {
            "levels": forms.CheckboxSelectMultiple,
            "sessions": forms.CheckboxSelectMultiple,
        }
        labels = {"is_active": _("Active")}
        help_texts = {
            "amount": _("A new amount applies to orders created from now on."),
        }

    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        if committee is not None:
            self.fields["levels"].queryset = committee.levels.order_by("pk")
            self.fields["sessions"].queryset = committee.sessions.order_by("-year", "-pk")
        else:
            del self.fields["sessions"]
