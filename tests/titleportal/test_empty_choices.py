"""No English left in the Chinese interface: the empty choice of a select says 请选择."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Django's blank choice before 6.1 and since (its Chinese catalogue translates neither).
UNTRANSLATED = ("---------", "- Select an option -")

APPS = ("accounts", "applications", "units", "reviews", "certificates", "payments", "titleportal")


def _modules():
    for name in APPS:
        package = importlib.import_module(name)
        yield package
        for info in pkgutil.walk_packages(package.__path__, f"{name}."):
            if ".migrations" in info.name or info.name.endswith(".tests"):
                continue
            yield importlib.import_module(info.name)


def _form_classes():
    seen = set()
    for module in _modules():
        for _, value in inspect.getmembers(module, inspect.isclass):
            ours = value.__module__.split(".")[0] in APPS
            if issubclass(value, forms.BaseForm) and ours and value not in seen:
                seen.add(value)
                yield value


def test_no_form_of_the_portal_offers_dashes_as_the_empty_choice(demo):
    offenders = []
    checked = 0
    for form_class in _form_classes():
        for name, field in getattr(form_class, "base_fields", {}).items():
            if not isinstance(field, forms.ChoiceField):
                continue
            checked += 1
            if isinstance(field, forms.ModelChoiceField):
                labels = [str(field.empty_label)]
            else:
                labels = [str(label) for _, label in field.choices]
            if any(label in UNTRANSLATED for label in labels):
                offenders.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert checked > 20
    assert offenders == []


def test_a_model_choice_field_and_a_field_with_choices_say_please_choose(demo):
    from applications.models import BasicInfo
    from reference.models import Series

    class Picker(forms.Form):
        series = forms.ModelChoiceField(Series.objects.all(), required=False)

    assert '<option value="" selected>请选择</option>' in str(Picker()["series"])
    form = forms.modelform_factory(BasicInfo, fields=["ethnicity"])()
    html = str(form)
    assert not any(text in html for text in UNTRANSLATED) and "请选择" in html


def test_the_admin_says_please_choose(admin_client, demo):
    for name in ("admin:units_unit_add", "admin:applications_application_add"):
        page = admin_client.get(reverse(name)).content.decode()
        assert not any(text in page for text in UNTRANSLATED) and "请选择" in page, name


def test_the_historical_certificate_form_groups_qualifications_under_please_choose(rf, demo):
    from certificates.forms import HistoricalCertificateForm

    request = rf.get("/")
    request.user = demo.applicant
    request.session = {}
    html = str(HistoricalCertificateForm(request=request)["qualification"])
    assert "---------" not in html
    assert '<option value="" selected>请选择</option>' in html
