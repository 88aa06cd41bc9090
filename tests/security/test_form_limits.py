"""Every text field of every form fits the columns its value is saved into.

PostgreSQL refuses a string longer than its varchar column with an error (a 500 for the
person), while SQLite stores it anyway: a form that accepts more than a column holds passes
every local test and fails in production. This test walks every form class defined in the
project's code (every module of its apps is imported, so a form in a view or an admin module
is found too), and the forms built from the section and row specs of applications, and for
every text field compares its ``max_length`` with each column the value is stored in:

- a ModelForm's field goes into its model's column, and on into the columns listed in
  ``COPIED_ON`` (services copy some values on: the number of a lost certificate into its void
  notice);
- a plain form's field goes where ``DESTINATIONS`` says, read from the service that stores
  it; ``LOOKUP`` marks a value that is only compared or searched for, ``HASHED`` one that is
  stored as a hash, ``Normalised`` one that is cleaned to a fixed length before it is stored.

A field that is not listed fails the test: a new form has to say where its text goes.
The posts at the maximum lengths on PostgreSQL are in test_max_lengths.py.
"""

import functools
import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxLengthValidator
from django.db import models
from django.test import RequestFactory

pytestmark = pytest.mark.django_db

# Modules that are not imported by the walk: settings and server entry points, which read the
# environment or start an application when imported. None of them defines a form.
NOT_WALKED = {
    "titleportal.settings",
    "titleportal.settings_test",
    "titleportal.settings_bench",
    "titleportal.wsgi",
    "titleportal.asgi",
}

LOOKUP = "looked up or compared, never stored"
HASHED = "stored as a hash"
JSON = "stored in a JSON column"


@dataclass(frozen=True)
class Normalised:
    """Typed with spaces, dashes or a +86 and cleaned to ``length`` characters or refused."""

    column: str
    samples: tuple[str, ...]


PERSON_NAME = [
    "accounts.User.full_name",
    "certificates.Certificate.holder_name",
    "applications.VoidNotice.holder_name",
    "applications.ActionLog.actor_name",
    "reviews.ExportLog.actor_name",
    "units.OrganisationEvent.actor_name",
    "titleportal.FullIdView.viewer_name",
    "titleportal.FullIdView.subject_name",
]
UNIT_NAME = [
    "units.Unit.name",
    "accounts.User.full_name",  # the unit account is named after the unit
    "units.UnitRename.old_name",
    "units.UnitRename.new_name",
    "units.OrganisationEvent.actor_name",  # acts of the unit account
]
EMAIL = [
    "accounts.User.email",
    "account.EmailAddress.email",
    "titleportal.Delivery.address",
]
MOBILE = Normalised(
    "accounts.User.phone",
    ("+86 138-0000-0001", "+86 138 0000 0001 22", "1" * 20, "１３８００００００００１"),
)
RESIDENT_ID = Normalised(
    "accounts.User.id_number",
    ("450102 19900101 1231", "4501021990010112311234567", "４５０１０２１９９００１０１１２３１"),
)
USCC = Normalised(
    "units.Unit.uscc",
    ("91450100-MA5L3B2C1F", "9145 0100 MA5L 3B2C 1F", "91450100MA5L3B2C1F91450100MA5L"),
)
SPECIALTY = [
    "applications.Application.custom_specialty",
    "certificates.Certificate.specialty_name",
    "applications.VoidNotice.specialty_name",
]

# Plain forms: where each text field's value is stored (from the services).
DESTINATIONS = {
    # accounts
    "accounts.forms.LoginForm.login": LOOKUP,
    "accounts.forms.LoginForm.password": LOOKUP,
    "accounts.forms.RequestLoginCodeForm.phone": MOBILE,
    "accounts.forms.RequestLoginCodeForm.email": LOOKUP,  # removed: codes go by SMS
    "accounts.forms.ConfirmLoginCodeForm.code": LOOKUP,
    "accounts.forms.ConfirmPasswordResetCodeForm.code": LOOKUP,
    "accounts.forms.VerifyPhoneForm.code": LOOKUP,
    "accounts.forms.CodeForm.code": LOOKUP,
    "accounts.views.DeviceCodeForm.code": LOOKUP,
    "accounts.forms.ReauthenticateForm.password": LOOKUP,
    "accounts.forms.SignupForm.full_name": PERSON_NAME,
    "accounts.forms.SignupForm.username": RESIDENT_ID,
    "accounts.forms.SignupForm.phone": MOBILE,
    "accounts.forms.SignupForm.email": EMAIL,
    "accounts.forms.SignupForm.password1": HASHED,
    "accounts.forms.SignupForm.password2": LOOKUP,
    "accounts.forms.SignupForm.security_answer": HASHED,
    # The form allauth uses: the person's registration with the unit key.
    "units.forms.PersonSignupForm.full_name": PERSON_NAME,
    "units.forms.PersonSignupForm.username": RESIDENT_ID,
    "units.forms.PersonSignupForm.phone": MOBILE,
    "units.forms.PersonSignupForm.email": EMAIL,
    "units.forms.PersonSignupForm.password1": HASHED,
    "units.forms.PersonSignupForm.password2": LOOKUP,
    "units.forms.PersonSignupForm.security_answer": HASHED,
    "units.forms.PersonSignupForm.unit_key": LOOKUP,
    # An unknown address still gets a mail ("no account"), queued like any other.
    "accounts.forms.ResetPasswordForm.email": ["titleportal.Delivery.address"],
    "accounts.forms.ResetPasswordKeyForm.password1": HASHED,
    "accounts.forms.ResetPasswordKeyForm.password2": LOOKUP,
    "accounts.forms.SMSResetRequestForm.phone": MOBILE,
    "accounts.forms.SecurityQuestionResetForm.id_number": RESIDENT_ID,
    "accounts.forms.SecurityQuestionResetForm.security_answer": LOOKUP,
    "accounts.forms.NewPasswordForm.password1": HASHED,
    "accounts.forms.NewPasswordForm.password2": LOOKUP,
    "accounts.forms.ChangePasswordForm.oldpassword": LOOKUP,
    "accounts.forms.ChangePasswordForm.password1": HASHED,
    "accounts.forms.ChangePasswordForm.password2": LOOKUP,
    "accounts.forms.ChangePhoneForm.phone": MOBILE,
    "accounts.forms.ChangeEmailForm.email": EMAIL,
    "accounts.forms.NoAddEmailForm.email": LOOKUP,  # always refused
    "accounts.forms.SecurityQuestionForm.current_password": LOOKUP,
    "accounts.forms.SecurityQuestionForm.security_answer": HASHED,
    # units
    "units.forms.UnitRegistrationForm.uscc": USCC,
    "units.forms.UnitRegistrationForm.name": UNIT_NAME,
    "units.forms.UnitRegistrationForm.legal_representative": ["units.Unit.legal_representative"],
    "units.forms.UnitRegistrationForm.address": ["units.Unit.address"],
    "units.forms.UnitRegistrationForm.contact_name": ["units.Unit.contact_name"],
    "units.forms.UnitRegistrationForm.contact_phone": ["units.Unit.contact_phone"],
    "units.forms.UnitRegistrationForm.password1": HASHED,
    "units.forms.UnitRegistrationForm.password2": LOOKUP,
    "units.forms.UnitInfoForm.name": UNIT_NAME,
    "units.forms.PersonRemoveForm.reason": [
        "units.OrganisationEvent.detail",
        "titleportal.Message.body",
    ],
    "units.forms.UnitInfoForm.legal_representative": ["units.Unit.legal_representative"],
    "units.forms.UnitInfoForm.address": ["units.Unit.address"],
    "units.forms.ContactsForm.contact_name": ["units.Unit.contact_name"],
    "units.forms.ContactsForm.contact_phone": ["units.Unit.contact_phone"],
    "units.forms.StaffLookupForm.id_number": RESIDENT_ID,
    "units.forms.DepartmentStaffForm.id_number": RESIDENT_ID,
    "units.forms.JoinUnitForm.key": LOOKUP,
    "units.forms.UnitLoginForm.login": LOOKUP,
    "units.forms.UnitLoginForm.password": LOOKUP,
    "units.forms.StaffLoginForm.login": LOOKUP,
    "units.forms.StaffLoginForm.password": LOOKUP,
    "units.forms.RecoveryUnitForm.uscc": LOOKUP,
    "units.forms.RecoveryStaffForm.id_number": LOOKUP,
    # applications
    "applications.forms.StartForm.custom_specialty": SPECIALTY,
    "applications.forms.ApplicationInfoExtras.custom_specialty": SPECIALTY,
    "applications.forms.WorkSummaryForm.content": ["applications.WorkSummary.content"],
    # Achievement rows keep the name in a column and the typed fields in JSON.
    "applications.achievements.*.title": ["applications.Achievement.title"],
    "applications.achievements.*.*": JSON,
    # reviews
    "reviews.forms.QueueFilterForm.unit": LOOKUP,
    "reviews.forms.QueueFilterForm.q": LOOKUP,
    "reviews.forms.RecordsFilterForm.q": LOOKUP,
    "reviews.forms.RecordsFilterForm.actor": LOOKUP,
    "reviews.forms.UnitOpinionForm.appraisal_recommendation": [
        "reviews.UnitOpinion.appraisal_recommendation"
    ],
    "reviews.forms.UnitOpinionForm.term_appraisal_result": [
        "reviews.UnitOpinion.term_appraisal_result"
    ],
    "reviews.forms.UnitOpinionForm.publicity": ["reviews.UnitOpinion.publicity"],
    "reviews.forms.UnitOpinionForm.panel_recommendation": [
        "reviews.UnitOpinion.panel_recommendation"
    ],
    "reviews.forms.UnitOpinionForm.unit_leader": ["reviews.UnitOpinion.unit_leader"],
    "reviews.forms.ForwardForm.opinion": ["applications.ActionLog.opinion"],
    "reviews.forms.ReturnForm.reason": ["applications.ActionLog.opinion"],
    "reviews.forms.ReturnForm.files": JSON,  # ActionLog.data
    "reviews.forms.ReasonForm.reason": ["applications.ActionLog.opinion"],
    "reviews.forms.OpinionForm.opinion": ["applications.ActionLog.opinion"],
    "reviews.forms.BatchForm.reason": ["applications.ActionLog.opinion"],
    "reviews.forms.FeedbackForm.title": ["reviews.Feedback.title"],
    "reviews.forms.FeedbackForm.body": ["reviews.Feedback.body"],
    "reviews.forms.FeedbackAnswerForm.answer": ["reviews.Feedback.answer"],
    "reviews.forms.OrganisationMessageForm.title": ["reviews.OrganisationMessage.title"],
    "reviews.forms.OrganisationMessageForm.body": ["reviews.OrganisationMessage.body"],
    # talent
    "talent.forms.TalentReviewForm.note": ["talent.TalentRecord.unit_note"],
    # payments
    "payments.forms.OrderFilterForm.number": LOOKUP,
    "payments.forms.OrderFilterForm.serial": LOOKUP,
    "payments.forms.OrderFilterForm.item": LOOKUP,
    "payments.forms.StaffOrderFilterForm.number": LOOKUP,
    "payments.forms.StaffOrderFilterForm.serial": LOOKUP,
    "payments.forms.StaffOrderFilterForm.item": LOOKUP,
    "payments.forms.StaffOrderFilterForm.person": LOOKUP,
    "payments.forms.ExportForm.item": LOOKUP,
    "payments.forms.InvoiceRequestForm.title": ["payments.Order.invoice_title"],
    "payments.forms.InvoiceRequestForm.tax_number": ["payments.Order.invoice_tax_number"],
    "payments.forms.InvoiceRequestForm.email": ["payments.Order.invoice_email"],
    "payments.forms.OfflineConfirmForm.receipt_number": ["payments.Order.serial_number"],
    # The refund row, the payer's message (a text column) and the log (JSON).
    "payments.forms.RefundForm.reason": ["payments.Refund.reason", "titleportal.Message.body"],
    # certificates
    "certificates.forms.VerifyForm.number": LOOKUP,
    "certificates.forms.VerifyForm.holder_name": LOOKUP,
    "certificates.forms.DeliveryForm.recipient": ["certificates.Delivery.recipient"],
    "certificates.forms.DeliveryForm.address": ["certificates.Delivery.address"],
    "certificates.forms.DeliveryForm.phone": ["certificates.Delivery.phone"],
    "certificates.forms.DeliveryForm.postcode": ["certificates.Delivery.postcode"],
    "certificates.forms.ShipmentForm.tracking_number": ["certificates.Delivery.tracking_number"],
    "certificates.forms.HistoricalCertificateForm.number": [
        "certificates.HistoricalCertificate.number",
        "certificates.Certificate.number",
    ],
    "certificates.forms.HistoricalCertificateForm.specialty_name": [
        "certificates.HistoricalCertificate.specialty_name",
        "certificates.Certificate.specialty_name",
    ],
    "certificates.forms.HistoricalCertificateForm.issuing_body": [
        "certificates.HistoricalCertificate.issuing_body",
        "certificates.Certificate.issuing_body",
    ],
    "certificates.forms.HistoricalDecisionForm.reason": [
        "certificates.HistoricalCertificate.reason"
    ],
}

# Model columns whose value a service copies on into other columns.
COPIED_ON = {
    # A replacement's first section starts the void notice of the lost certificate; the
    # certificate issued for it names the number it replaces.
    "applications.ApplicationInfo.original_certificate_number": [
        "applications.VoidNotice.certificate_number",
        "certificates.Certificate.replaces_number",
    ],
    "applications.ApplicationInfo.approving_authority": [
        "applications.VoidNotice.approving_authority"
    ],
    # A committee's required material names the applicant's uploads.
    "units.RequiredMaterial.name": ["applications.Attachment.label"],
}


# --- the forms --------------------------------------------------------------------------------


def _request(user=None):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.user = user or AnonymousUser()
    return request


def _kwargs(demo):
    """Arguments of the forms that need them, by class name."""
    from accounts.verification import CodeChallenge
    from applications.models import Application
    from units.models import Membership, ReviewSession

    person = demo.applicant
    request = _request(person)
    application = _application(demo)
    staff = Membership.objects.filter(unit=demo.unit)
    return {
        "ChangeEmailForm": {"user": person, "request": request},
        "ChangePasswordForm": {"user": person},
        "ChangePhoneForm": {"user": person, "phone": person.phone},
        "CodeForm": {"challenge": CodeChallenge(request, "test")},
        "DeviceCodeForm": {"challenge": CodeChallenge(request, "test"), "days": 30},
        "DashboardFilterForm": {"sessions": ReviewSession.objects.all()},
        "ConfirmLoginCodeForm": {"code": "123456"},
        "ConfirmPasswordResetCodeForm": {"code": "123456"},
        "VerifyPhoneForm": {"user": person, "phone": person.phone, "code": "123456"},
        "LoginForm": {"request": request},
        "UnitLoginForm": {"request": request},
        "StaffLoginForm": {"request": request},
        "NewPasswordForm": {"user": person},
        "NoAddEmailForm": {"user": person},
        "ReauthenticateForm": {"user": person},
        "ResetPasswordKeyForm": {"user": person, "temp_key": "x"},
        "SMSResetRequestForm": {"request": request},
        "SecurityQuestionForm": {"user": person},
        "SecurityQuestionResetForm": {"request": request},
        "UnitRegistrationForm": {"request": request},
        "UnitInfoForm": {"request": request, "unit": demo.unit},
        "SealForm": {"request": request},
        "DepartmentStaffForm": {"office": demo.office},
        "JoinUnitForm": {"request": request},
        "RecoveryUnitForm": {"request": request},
        "RecoveryStaffForm": {"staff": staff, "unit": demo.unit, "request": request},
        "StartForm": {"kind": "recognition", "unit": demo.unit},
        "RouteForm": {"application": application},
        "MaterialUploadForm": {"request": request, "material": _material()},
        "TemplateChoiceForm": {"application": application},
        "UnitOpinionForm": {"application": application},
        "ForwardForm": {"application": application, "unit_level": True},
        "ReturnForm": {"application": application, "targets": [("returned", "x")]},
        "DeliveryForm": {},
        "HistoricalCertificateForm": {"request": request},
        "AchievementForm": {"request": request},
        "FeedbackForm": {"applications": Application.objects.filter(applicant=person)},
        "ResultsReportForm": {"sessions": ReviewSession.objects.all()},
    }


def _application(demo):
    from applications.models import Application
    from tests.factories import ApplicationFactory

    existing = Application.objects.filter(applicant=demo.applicant, unit=demo.unit).first()
    if existing is not None:  # the world of test_max_lengths has them
        return existing
    return ApplicationFactory(unit=demo.unit, office=demo.office, applicant=demo.applicant)


def _material():
    return SimpleNamespace(key="m", name="x", file_type="image_or_pdf", max_size_mb=1)


def project_modules() -> list[str]:
    """Every module of the project's own apps (those whose code is in this repository)."""
    from django.conf import settings

    root = Path(settings.BASE_DIR).resolve()
    names = []
    for config in apps.get_app_configs():
        if Path(config.path).resolve().parent != root:  # Django's, allauth's… (in .venv)
            continue
        package = importlib.import_module(config.name)
        names.append(config.name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{config.name}."):
            if info.name in NOT_WALKED or ".migrations" in info.name:
                continue
            names.append(info.name)
    return names


def _public_name(cls) -> str:
    """The class under the highest package that exposes it: ``accounts.forms.LoginForm`` for
    the class defined in ``accounts.forms.signin``."""
    parts = cls.__module__.split(".")
    for depth in range(2, len(parts)):
        package = importlib.import_module(".".join(parts[:depth]))
        if getattr(package, cls.__name__, None) is cls:
            return f"{'.'.join(parts[:depth])}.{cls.__name__}"
    return f"{cls.__module__}.{cls.__name__}"


@functools.cache
def _discovered() -> tuple[tuple[str, type], ...]:
    found = {}
    for module_name in project_modules():
        module = importlib.import_module(module_name)  # a module that fails to import fails
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module_name:
                continue
            if issubclass(cls, forms.BaseModelForm) and cls._meta.model is None:
                continue  # a base of model forms: its fields are walked in theirs
            found[_public_name(cls)] = cls
    return tuple(sorted(found.items()))


def project_form_classes():
    """(dotted name, class) of every form class defined at module level in project code:
    forms modules, views, admin, anywhere under the project's apps."""
    return list(_discovered())


def form_names() -> dict[type, str]:
    """The dotted name of each form class the walk finds."""
    return {cls: name for name, cls in _discovered()}


def forms_storing_text(demo) -> set[str]:
    """The forms the walk finds with a text field whose value is stored in a column."""
    names = {name for name, _cls in _discovered()}
    return {
        row.name.rsplit(".", 1)[0]
        for row in limits(demo)
        if row.name.rsplit(".", 1)[0] in names
        and (isinstance(row.where, list | Normalised) or row.where == JSON)
    }


def generated_form_classes(demo):
    """Forms built at run time: each kind's section forms, each row form."""
    from applications.forms import row_form_class, section_form_class
    from applications.models import Kind
    from applications.sections import ROWS, SECTIONS_BY_KIND, SPECS
    from reference.models import Series

    found = []
    for series in Series.objects.filter(code__in=["engineering", "primary_secondary_teacher"]):
        for kind in Kind.values:
            for entrusted in (False, True):
                application = SimpleNamespace(kind=kind, series=series, entrusted=entrusted)
                for key in SECTIONS_BY_KIND[kind]:
                    if key in {"application_info", "basic_info", "teacher_info", "health_info"}:
                        form_class = section_form_class(application, key)
                        arguments = {"application": application, "request": _request()}
                        found.append((f"section {kind} {key}", form_class, arguments))
    for key, spec in SPECS.items():
        if spec.style == ROWS and spec.model is not None and key != "achievements":
            found.append((f"row {key}", row_form_class(key), {"request": _request()}))
    # 个人资料: the basic information and the rows the profile keeps.
    from applications.forms import profile_form_class
    from applications.models import PROFILE_ROW_MODELS

    profile_arguments = {"application": None, "request": _request()}
    found.append(("profile basic_info", profile_form_class(), profile_arguments))
    for key, model in PROFILE_ROW_MODELS.items():
        form_class = row_form_class(key, model=model)
        found.append((f"profile row {key}", form_class, {"request": _request()}))
    return found


def instantiate(name, cls, kwargs, data=None):
    short = name.rsplit(".", 1)[-1]
    extra = kwargs.get(short)
    if extra is None:
        for base in cls.__mro__[1:]:
            if base.__name__ in kwargs:
                extra = kwargs[base.__name__]
                break
    args = () if data is None else (data,)
    try:
        return cls(*args, **(extra or {}))
    except TypeError:
        if extra is None:  # a StashingFormMixin form, which takes the request
            return cls(*args, request=_request())
        raise


def column(dotted: str) -> models.Field:
    app_label, model_name, field_name = dotted.split(".")
    return apps.get_model(app_label, model_name)._meta.get_field(field_name)


def text_fields(form):
    """The form's text fields, with those its __init__ removed for some cases (the panel's
    recommendation of a junior title) taken from the class."""
    fields = {**type(form).base_fields, **form.fields}
    for field_name, field in fields.items():
        if isinstance(field, forms.CharField):
            yield field_name, field


def destinations_for(name, form, field_name):
    """The columns a field's value lands in, or one of the markers."""
    key = f"{name}.{field_name}"
    if key in DESTINATIONS:
        return DESTINATIONS[key]
    if name.startswith("applications.achievements."):
        return DESTINATIONS.get(
            f"applications.achievements.*.{field_name}",
            DESTINATIONS["applications.achievements.*.*"],
        )
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is not None:
        try:
            model._meta.get_field(field_name)
        except FieldDoesNotExist:
            # The fields a section form adds to its model's (the specialty of 申报信息).
            return DESTINATIONS.get(f"applications.forms.ApplicationInfoExtras.{field_name}")
        dotted = f"{model._meta.app_label}.{model.__name__}.{field_name}"
        return [dotted, *COPIED_ON.get(dotted, [])]
    return None


@dataclass
class Limit:
    name: str  # form and field
    field: forms.Field
    where: object  # columns or a marker
    bound: object  # data -> a bound form of the same class and arguments


def limits(demo) -> list[Limit]:
    """Every text field of every form, with its limit and where its value goes."""
    from allauth.core import context

    kwargs = _kwargs(demo)
    with context.request_context(kwargs["ChangeEmailForm"]["request"]):
        return _limits(demo, kwargs)


def _limits(demo, kwargs) -> list[Limit]:
    rows: dict[str, Limit] = {}
    classes = [(name, cls, None) for name, cls in project_form_classes()]
    for name, cls, arguments in classes + generated_form_classes(demo):

        def bound(data, name=name, cls=cls, arguments=arguments):
            if arguments is not None:
                return cls(data, **arguments)
            return instantiate(name, cls, kwargs, data)

        form = cls(**arguments) if arguments is not None else instantiate(name, cls, kwargs)
        for field_name, field in text_fields(form):
            row = Limit(
                f"{name}.{field_name}", field, destinations_for(name, form, field_name), bound
            )
            rows.setdefault(row.name, row)
    return list(rows.values())


# --- the tests --------------------------------------------------------------------------------


def test_the_walk_finds_the_forms(demo):
    names = {name for name, _cls in project_form_classes()}
    assert {
        "accounts.forms.SignupForm",
        "units.forms.UnitRegistrationForm",
        "reviews.forms.ReviewSessionForm",
        "certificates.forms.ShipmentForm",
        # Forms outside the forms modules: in payments, a view and the admin.
        "payments.forms.InvoiceRequestForm",
        "reviews.views.dashboard.DashboardFilterForm",
        "accounts.views.DeviceCodeForm",
        "payments.admin.FeeItemForm",
        "talent.forms.TalentRecordForm",
    } <= names
    # Every module of the apps is imported (a module that fails to import fails the walk).
    modules = project_modules()
    assert {"payments.forms", "reviews.views.dashboard", "accounts.forms.settings"} <= set(modules)
    assert not [name for name in modules if ".migrations" in name]
    fields = {row.name for row in limits(demo)}
    assert "units.forms.UnitRegistrationForm.name" in fields
    assert "accounts.forms.SignupForm.email" in fields  # added by allauth's __init__
    assert "section replacement application_info.original_certificate_number" in fields
    assert "row education.school" in fields


def test_every_text_field_says_where_it_goes(demo):
    unlisted = [row.name for row in limits(demo) if row.where is None]
    assert not unlisted, f"add these to DESTINATIONS: {unlisted}"


def test_no_form_accepts_more_than_a_column_holds(demo):
    """Each text field's limit is at most the shortest column its value is stored in, and
    the limit is enforced (a validator, not only the maxlength attribute of the input)."""
    too_long = []
    for row in limits(demo):
        if not isinstance(row.where, list):
            continue
        bounded = [(dotted, column(dotted).max_length) for dotted in row.where]
        bounded = [(dotted, length) for dotted, length in bounded if length is not None]
        if not bounded:
            continue
        shortest = min(length for _dotted, length in bounded)
        enforced = [
            v.limit_value for v in row.field.validators if isinstance(v, MaxLengthValidator)
        ]
        limit = min(enforced) if enforced else None
        if limit is None or limit > shortest or row.field.max_length != limit:
            too_long.append(f"{row.name} ({row.field.max_length}, checks {enforced}) → {bounded}")
    assert not too_long, "\n".join(too_long)


def test_normalised_fields_clean_to_their_column(demo):
    """Fields that accept separators (phone, ID number, USCC) store at most the column's
    length: whatever the form lets through at its own limit is cleaned down or refused."""
    accepted = 0
    for row in limits(demo):
        if not isinstance(row.where, Normalised):
            continue
        limit = column(row.where.column).max_length
        for sample in row.where.samples:
            assert len(sample) <= row.field.max_length, (row.name, sample)
            form = row.bound({row.name.rsplit(".", 1)[-1]: sample})
            form.is_valid()
            cleaned = form.cleaned_data.get(row.name.rsplit(".", 1)[-1])
            if cleaned is None:
                continue
            assert len(cleaned) <= limit, (row.name, sample, cleaned)
            accepted += 1
    assert accepted  # some samples were accepted, cleaned down to the column


def test_every_listed_field_exists(demo):
    """A line of DESTINATIONS for a field that is gone would hide a new one of that name."""
    seen = {row.name for row in limits(demo)}
    stale = [key for key in DESTINATIONS if "*" not in key and key not in seen]
    assert not stale, stale
    for where in [*DESTINATIONS.values(), *COPIED_ON.values()]:
        for dotted in where if isinstance(where, list) else []:
            column(dotted)  # the column exists
