"""Every public and signed-in form, posted with its text fields at their maximum lengths, on
PostgreSQL (which refuses a string longer than its column, where SQLite stores it).

For each form the test starts from data the form accepts (what the page shows, the required
fields filled in, and the case's own values), and then, one text field at a time:

- fills the field with exactly ``max_length`` CJK characters: the form either accepts it
  (and everything behind it stores it) or refuses it with a Chinese message on the page;
  where the CJK text is refused for its format (a phone, a code), a value of the same length
  in the field's own format (digits, letters, an email address) is posted too, so that it
  reaches the database;
- fills it with ``max_length + 1`` characters: refused, with a Chinese message.

Every post runs in a savepoint that is rolled back, with the cache emptied, so the posts do
not affect each other; an answer of 500 fails with the exception. The walk over the forms'
definitions is in test_form_limits.py; every form it finds that stores typed text has a case
here (the form its page shows) or a reason in ``NOT_POSTED``.
"""

import copy
import datetime
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field

import pytest
from django import forms
from django.core.cache import cache
from django.core.validators import MinValueValidator
from django.urls import reverse
from django.utils import timezone

from tests import files
from tests.savepoints import rolled_back
from tests.security import test_form_limits as walk
from tests.security import test_public_forms as public
from tests.security.world import build_world

CAPTCHA = {"captcha_0": "x", "captcha_1": "PASSED"}
CJK = re.compile(r"[\u4e00-\u9fff]")
CJK_CHAR = "职"
TEXT_WIDGETS = (forms.TextInput, forms.Textarea)  # EmailInput, URLInput… are TextInputs


@dataclass
class Case:
    label: str
    url: Callable  # world -> path
    role: str = "anon"
    data: Callable = lambda world: {}  # world -> the case's own values
    files: Callable = lambda: {}  # fresh uploads for each post
    setup: Callable | None = None  # (client, demo) before the page, in each savepoint
    form: Callable = lambda response: response.context.get("form")
    check_base: bool = True  # the starting data is accepted (not for codes one cannot know)
    skip: set = dataclass_field(default_factory=set)  # fields the case does not fill
    page: Callable | None = None  # world -> the page showing the form, if not ``url``
    limits: dict = dataclass_field(
        default_factory=dict
    )  # a form the page does not hand to the template
    covers: str = ""  # a form class posted besides (or instead of) the page's form


def _reverse(name, **kwargs):
    return lambda world: reverse(name, kwargs=kwargs or None)


def _obj(name, key, **fixed):
    """The URL of an object of the world: ``key(world)`` gives the kwargs."""
    return lambda world: reverse(name, kwargs={**key(world), **fixed})


def _listed(key):
    """The URL the authorization matrix's world has for ``key`` (its objects)."""

    def url(world):
        name, kwargs = world.objects[key]
        return reverse(name, kwargs=kwargs or None)

    return url


def _order(status, **more):
    """张三's first order in ``status`` (the demo has some awaiting payment and some paid)."""

    def order(world):
        from payments.models import Order

        orders = Order.objects.filter(payer=world.demo.applicant, status=status, **more)
        return orders.order_by("pk").first()

    return order


def _invoice_not_requested(client, demo):
    """The demo's paid orders all have their invoice: the first one has none yet."""
    from payments.models import InvoiceStatus, Order

    paid = Order.objects.filter(payer=demo.applicant, status="paid").order_by("pk")[:1]
    Order.objects.filter(pk__in=paid).update(invoice_status=InvoiceStatus.NONE)


def _unit_opinion_written(client, demo):
    """单位意见 of 陈一's application, which forwarding it needs."""
    from applications.models import Application
    from reviews.models import UnitOpinion

    application = Application.objects.get(
        applicant__full_name="陈一", year=timezone.localdate().year
    )
    opinion = dict.fromkeys(
        [
            "appraisal_recommendation",
            "term_appraisal_result",
            "publicity",
            "panel_recommendation",
            "unit_leader",
        ],
        "同意",
    )
    UnitOpinion.objects.update_or_create(application=application, defaults=opinion)


def _act_form(act):
    return lambda response: (response.context.get("forms") or {}).get(act)


PERSON = {
    "full_name": "陈明",
    "username": "11010519491231002x",
    "phone": "13912345678",
    "email": "chen.ming@example.com",
    "password1": "Shenbao#2026ok",
    "password2": "Shenbao#2026ok",
    "security_question": "birthplace",
    "security_answer": "南宁",
    "accept_terms": "on",
    **CAPTCHA,
}
UNIT = {
    "uscc": "91450103j2k0xtf8h8",
    "name": "南宁青秀建设工程有限公司",
    "legal_representative": "黄建",
    "industry": "E",
    "province": "450000",
    "city": "450100",
    "county": "450103",
    "address": "南宁市青秀区民族大道 100 号",
    "unit_type": "private_enterprise",
    "department": "",
    "contact_name": "韦小宁",
    "contact_phone": "0771-5501234",
    "password1": "Danwei#2026pass",
    "password2": "Danwei#2026pass",
    **CAPTCHA,
}


def _staff_membership(world):
    from units.models import Membership

    return Membership.objects.get(person=world.demo.staff, unit=world.demo.unit)


def _email_change_started(client, demo):
    response = client.post(reverse("accounts:change_email"), {"email": "new.zhang@example.com"})
    assert response["Location"] == reverse("accounts:change_email_code")


ACHIEVEMENT_KINDS = ["paper", "project", "patent", "award", "standard", "report", "other"]

CASES = [
    # --- public -------------------------------------------------------------------------------
    Case(
        "sign-in",
        _reverse("account_login"),
        data=lambda w: {
            "login": w.demo.applicant.id_number,
            "password": w.demo.password,
            **CAPTCHA,
        },
    ),
    Case(
        "SMS sign-in",
        _reverse("account_request_login_code"),
        data=lambda w: {"phone": w.demo.applicant.phone, **CAPTCHA},
    ),
    Case(
        "SMS sign-in code",
        _reverse("account_confirm_login_code"),
        setup=public._login_code_sent,
        data=lambda w: {"code": "000000"},
        check_base=False,
    ),
    Case(
        "unit sign-in",
        _reverse("units:login"),
        data=lambda w: {
            "unit": w.demo.unit.pk,
            "login": w.demo.unit.uscc,
            "password": w.demo.password,
            **CAPTCHA,
        },
    ),
    Case(
        "unit staff sign-in",
        _reverse("units:staff_login"),
        data=lambda w: {
            "unit": w.demo.unit.pk,
            "login": w.demo.staff.id_number,
            "password": w.demo.password,
            **CAPTCHA,
        },
    ),
    Case("registration", _reverse("account_signup"), data=lambda w: PERSON),
    Case(
        "unit registration",
        _reverse("units:register"),
        data=lambda w: UNIT,
        files=lambda: {"licence": files.jpeg()},
    ),
    Case(
        "recovery by email",
        _reverse("account_reset_password"),
        data=lambda w: {"email": w.demo.applicant.email, **CAPTCHA},
    ),
    Case(
        "recovery by email, code",
        _reverse("account_confirm_password_reset_code"),
        setup=public._reset_code_sent,
        data=lambda w: {"code": "000000"},
        check_base=False,
    ),
    Case(
        "recovery by SMS",
        _reverse("accounts:password_reset_sms"),
        data=lambda w: {"phone": w.demo.applicant.phone, **CAPTCHA},
    ),
    Case(
        "recovery by SMS, code",
        _reverse("accounts:password_reset_sms_code"),
        setup=public._sms_reset_sent,
        data=lambda w: {"code": "000000"},
        check_base=False,
    ),
    Case(
        "recovery by security question",
        _reverse("accounts:password_reset_question"),
        data=lambda w: {
            "id_number": w.demo.applicant.id_number,
            "security_question": "birthplace",
            "security_answer": "南宁",
            **CAPTCHA,
        },
    ),
    Case(
        "registration, phone code",
        _reverse("account_verify_phone"),
        setup=public._signed_up,
        data=lambda w: {"code": "000000"},
        check_base=False,
    ),
    Case(
        "unit recovery",
        _reverse("units:recover"),
        data=lambda w: {"unit": w.demo.unit.pk, "uscc": w.demo.unit.uscc, **CAPTCHA},
    ),
    Case(
        "unit recovery, staff",
        _reverse("units:recover_staff"),
        setup=public._unit_chosen,
        data=lambda w: {"staff": _staff_membership(w).pk, "id_number": w.demo.staff.id_number},
    ),
    Case(
        "unit recovery, code",
        _reverse("units:recover_code"),
        setup=public._unit_code_sent,
        data=lambda w: {"code": "000000"},
        check_base=False,
    ),
    Case(
        "certificate query",
        _reverse("certificates:verify"),
        data=lambda w: {
            "number": w.uploads.certificate.number,
            "holder_name": w.uploads.certificate.holder_name,
            **CAPTCHA,
        },
    ),
    # --- a person -----------------------------------------------------------------------------
    Case(
        "change email",
        _reverse("accounts:change_email"),
        role="zhang",
        data=lambda w: {"email": "new.zhang@example.com"},
    ),
    Case(
        "change email, code",
        _reverse("accounts:change_email_code"),
        role="zhang",
        setup=_email_change_started,
        data=lambda w: {"code": "000000"},
        check_base=False,
    ),
    Case(
        "security question",
        _reverse("accounts:security_question"),
        role="zhang",
        data=lambda w: {
            "current_password": w.demo.password,
            "security_question": "mother_name",
            "security_answer": "王芳",
        },
    ),
    Case(
        "change mobile number",
        _reverse("account_change_phone"),
        role="zhang",
        data=lambda w: {"phone": "13912340000"},
    ),
    Case(
        "join a unit",
        _reverse("units:join"),
        role="zhang",
        data=lambda w: {"key": w.demo.unit2.key},
    ),
    Case(
        "start an application",
        _reverse("applications:start", kind="transfer"),
        role="li",
        data=lambda w: {
            "year": timezone.localdate().year,
            "series": w.extra.catalogue.series.pk,
            "level": w.extra.catalogue.level.pk,
            "qualification": w.extra.catalogue.qualification.pk,
            "use_custom": "on",
            "custom_specialty": "桥梁检测",
            "office": w.demo.office.pk,
        },
    ),
    Case(
        "application information",
        _obj(
            "applications:section", lambda w: {"pk": w.extra.draft.pk}, section="application_info"
        ),
        role="zhang",
        data=lambda w: {"specialty": w.extra.draft.specialty_id or ""},
        covers="applications.forms.ApplicationInfoExtras",  # its fields are the section's
    ),
    Case(
        "basic information",
        _obj("applications:section", lambda w: {"pk": w.extra.draft.pk}, section="basic_info"),
        role="zhang",
    ),
    Case(
        "replacement, lost certificate",
        _obj(
            "applications:section",
            lambda w: {"pk": w.extra.replacement.pk},
            section="application_info",
        ),
        role="li",
        data=lambda w: {
            "specialty": w.extra.replacement.specialty_id or "",
            "original_certificate_number": "2014450100123",
            "approving_authority": "广西壮族自治区职称改革领导小组办公室",
            "granted_on": "2014-09-01",
            "contact_phone": "0771-5501234",
            "declaration": "on",
        },
        files=lambda: {"photo": files.jpeg()},
    ),
    *[
        Case(
            f"row of {section}",
            _obj("applications:row_new", lambda w: {"pk": w.extra.returned.pk}, section=section),
            role="zhang",
            data=lambda w, section=section: {"year": "2020"} if section == "appraisals" else {},
        )
        for section in [
            "education",
            "held_qualifications",
            "titles_skills",
            "work_history",
            "society_posts",
            "continuing_education",
            "appraisals",
            "exams",
        ]
    ],
    *[
        Case(
            f"row of achievements: {kind}",
            lambda w, kind=kind: (
                reverse(
                    "applications:row_new",
                    kwargs={"pk": w.extra.returned.pk, "section": "achievements"},
                )
                + f"?template={w.extra.templates[kind].pk}"
            ),
            role="zhang",
            data=lambda w, kind=kind: {"template": w.extra.templates[kind].pk},
        )
        for kind in ACHIEVEMENT_KINDS
    ],
    Case(
        "certificate delivery",
        _obj(
            "certificates:delivery", lambda w: {"application_pk": w.extra.delivery.application_id}
        ),
        role="li",
        data=lambda w: {
            "method": "mail",
            "recipient": "李四",
            "province": "450000",
            "city": "450100",
            "county": "450103",
            "address": "南宁市青秀区民族大道 100 号",
            "phone": "13800000002",
            "postcode": "530000",
        },
    ),
    Case(
        "historical certificate",
        _reverse("certificates:historical_new"),
        role="zhang",
        data=lambda w: {
            "number": "2012450100555",
            "qualification": w.uploads.historical.qualification_id,
            "specialty_name": "结构工程",
            "issuing_body": "广西壮族自治区人力资源和社会保障厅",
            "granting_office": w.demo.office.pk,
            "approved_on": "2012-09-01",
        },
        files=lambda: {"certificate_scan": files.jpeg()},
    ),
    Case(
        "suggestion",
        _reverse("reviews:feedback_new"),
        role="zhang",
        data=lambda w: {"kind": "suggestion", "office": w.demo.office.pk},
    ),
    Case("talent record", _reverse("talent:mine"), role="zhang"),
    Case(
        "profile, basic information",
        _listed("applications:profile_section"),
        role="zhang",
    ),
    Case("profile, row of education", _listed("applications:profile_row_new"), role="zhang"),
    Case(
        "invoice request",
        lambda w: reverse("payments:invoice", kwargs={"number": _order("paid")(w).number}),
        setup=_invoice_not_requested,
        role="zhang",
        data=lambda w: {"title": "南宁蓝海工程有限公司", "email": "caiwu@example.com"},
    ),
    # --- a unit -------------------------------------------------------------------------------
    Case("unit information", _reverse("units:info"), role="unit"),
    Case("unit contacts", _reverse("units:contacts"), role="unit"),
    Case(
        "unit staff lookup",
        _reverse("units:staff_lookup"),
        role="unit",
        page=_reverse("units:staff"),
        form=lambda response: response.context.get("lookup_form"),
        data=lambda w: {"id_number": w.demo.applicant2.id_number},
    ),
    Case(
        "removal of a unit user",
        _listed("units:person_remove"),
        role="unit",
        data=lambda w: {"reason": "不是本单位职工。"},
    ),
    Case(
        "password change of the unit account",
        _reverse("account_change_password"),
        role="unit",
        data=lambda w: {
            "oldpassword": w.demo.password,
            "password1": "Danwei#2026new",
            "password2": "Danwei#2026new",
        },
    ),
    # --- reviewers ----------------------------------------------------------------------------
    *[
        Case(
            f"unit review: {act}",
            _obj(f"reviews:{act}", lambda w: {"pk": w.extra.at_unit.pk}),
            role="wang",
            page=_obj("reviews:detail", lambda w: {"pk": w.extra.at_unit.pk}),
            form=_act_form(act),
            setup=_unit_opinion_written if act == "forward" else None,
            data=lambda w, act=act: {
                "version": w.extra.at_unit.version,
                **({"target": "returned"} if act == "return" else {}),
                **({"unit_leader": "王总"} if act == "opinions" else {}),
            },
        )
        for act in ["opinions", "return", "reject", "forward"]
    ],
    Case(
        "talent record review",
        _listed("talent:unit_detail"),
        role="wang",
        data=lambda w: {"decision": "return", "note": "请补充证书编号。"},
    ),
    Case(
        "organisation message",
        _reverse("reviews:outbox_new"),
        role="wang",
        data=lambda w: {"applications": [w.extra.at_unit.pk], "kind": "general"},
    ),
    Case(
        "batch return",
        _reverse("reviews:batch"),
        role="wang",
        form=lambda response: None,
        page=_reverse("reviews:queue"),
        limits={"reason": 2000},
        covers="reviews.forms.BatchForm",
        data=lambda w: {
            "action": "return",
            "rows": f"{w.extra.at_unit.pk}:{w.extra.at_unit.version}",
            "reason": "请补充材料。",
        },
    ),
    Case(
        "office review: approve",
        _obj("reviews:approve", lambda w: {"pk": w.extra.at_office.pk}),
        role="sun",
        page=_obj("reviews:detail", lambda w: {"pk": w.extra.at_office.pk}),
        form=_act_form("approve"),
        data=lambda w: {"version": w.extra.at_office.version},
    ),
    Case(
        "department staff",
        _reverse("units:department_staff"),
        role="sun",
        data=lambda w: {
            "department": w.demo.department.pk,
            "id_number": w.demo.applicant2.id_number,
        },
    ),
    Case(
        "shipment",
        _obj("certificates:ship", lambda w: {"pk": w.extra.delivery.pk}),
        role="sun",
        form=lambda response: None,
        page=lambda w: reverse("certificates:office_list") + "?tab=delivery",
        limits={"tracking_number": 30},
        covers="certificates.forms.ShipmentForm",
        data=lambda w: {"tracking_number": "EA123456789CN"},
    ),
    Case(
        "historical certificate decision",
        _obj("certificates:verification_detail", lambda w: {"pk": w.uploads.historical.pk}),
        role="sun",
        data=lambda w: {"decision": "return", "reason": "请上传清晰的扫描件。"},
    ),
    Case(
        "suggestion answer",
        _listed("reviews:office_feedback_detail"),
        role="sun",
        data=lambda w: {"answer": "已增加。"},
    ),
    Case("office download", _listed("reviews:office_download_edit"), role="sun"),
    Case(
        "offline payment confirmation",
        lambda w: reverse("payments:staff_confirm", kwargs={"pk": _order("pending")(w).pk}),
        role="sun",
        page=lambda w: reverse("payments:staff_order", kwargs={"pk": _order("pending")(w).pk}),
        form=lambda response: response.context.get("confirm_form"),
        data=lambda w: {"receipt_number": "GX2026000123"},
    ),
    Case(
        "refund",
        lambda w: reverse("payments:staff_refund", kwargs={"pk": _order("paid")(w).pk}),
        role="sun",
        page=lambda w: reverse("payments:staff_order", kwargs={"pk": _order("paid")(w).pk}),
        form=lambda response: response.context.get("refund_form"),
        data=lambda w: {"amount": "0.01", "reason": "重复缴费。"},
    ),
    Case("fee item of the office", _reverse("payments:staff_fee_item_new"), role="sun"),
    Case("fee item of the committee", _reverse("payments:staff_fee_item_new"), role="zhou"),
    Case("review session", _reverse("reviews:session_new"), role="zhou"),
    Case(
        "review session, edit",
        _obj("reviews:session_edit", lambda w: {"pk": w.extra.session.pk}),
        role="zhou",
    ),
    Case(
        "required material",
        _obj("reviews:material_new", lambda w: {"pk": w.extra.session.pk}),
        role="zhou",
        data=lambda w: {"file_type": "image_or_pdf", "max_size_mb": "1", "max_count": "1"},
    ),
    Case(
        "achievement template",
        _obj("reviews:achievement_template_new", lambda w: {"pk": w.extra.session.pk}),
        role="zhou",
    ),
]


# Forms that store typed text and have no case here, each with the reason.
NOT_POSTED = {
    "api.admin.ApiClientForm": "Django admin: a ModelForm, limited by its model's columns",
    "payments.admin.FeeItemForm": "Django admin: a ModelForm, limited by its model's columns",
    "applications.forms.WorkSummaryForm": "no limit to post at: stored in a text column",
}


# --- building the data ------------------------------------------------------------------------


def _first_choice(field):
    for value, _label in field.choices:
        if isinstance(_label, list | tuple):  # an option group
            return _label[0][0] if _label else ""
        if value not in ("", None):
            return str(getattr(value, "value", value))
    return ""


def filler(field) -> str | list | None:
    """A value the field accepts, for required fields the page leaves empty."""
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        choice = _first_choice(field)
        return [choice] if choice else []
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return _first_choice(field)
    if isinstance(field, forms.DateField):
        return "2020-01-01"
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        least = [v.limit_value for v in field.validators if isinstance(v, MinValueValidator)]
        return str(max([1, *least]))
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.EmailField):
        return "someone@example.com"
    if isinstance(field, forms.URLField):
        return "https://example.com/"
    if isinstance(field, forms.CharField):
        return "测试"
    return None


def page_data(form) -> dict:
    """What the page would post as it is, with the required fields that are empty filled in."""
    data = {}
    for bound in form:
        field = bound.field
        if isinstance(field, forms.FileField) or field.__class__.__name__ == "PrivateUploadField":
            continue
        if field.__class__.__name__.endswith("CaptchaField"):
            continue
        value = bound.value()
        if isinstance(value, bool):
            value = "on" if value else None
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        elif value is not None and not isinstance(value, list | tuple):
            value = str(value)
        if value in (None, "", []) and field.required:
            value = filler(field)
        if value not in (None, []):
            data[bound.html_name] = value
    return data


def text_fields(form):
    """(html name, field) of the text inputs with a limit."""
    for bound in form:
        field = bound.field
        if (
            isinstance(field, forms.CharField)
            and field.max_length
            and isinstance(field.widget, TEXT_WIDGETS)
        ):
            yield bound.html_name, field


def email_of_length(length: int) -> str:
    domain = ".".join(["a" * 60] * 3) + ".cn"
    local = "b" * max(1, length - len(domain) - 1)
    return f"{local[:64]}@{domain[: length - len(local[:64]) - 1]}"


def same_length_values(field, length: int) -> list[str]:
    """Values of ``length`` characters in the field's own formats, after the CJK one."""
    if isinstance(field, forms.EmailField):
        return [email_of_length(length)]
    return ["1" * length, "A" * length]


# --- asking and judging -----------------------------------------------------------------------


class Asker:
    def __init__(self, world):
        self.world = world
        self.clients = {}

    def client(self, role):
        if role not in self.clients:
            matrix_role = next(r for r in self.world.roles if r.key == role)
            client = self.world.client(matrix_role)
            self.clients[role] = (client, copy.deepcopy(client.cookies))
        return self.clients[role]

    def run(self, case: Case, method: str, data=None):
        """One GET or POST of the case's page (after its setup), rolled back afterwards."""
        client, baseline = self.client(case.role)
        cache.clear()
        url = (case.page or case.url)(self.world) if method == "GET" else case.url(self.world)
        with rolled_back():
            if case.setup is not None:
                case.setup(client, self.world.demo)
            if method == "GET":
                response = client.get(url)
            else:
                # A form the page does not hand back answers with a message after a redirect.
                follow = bool(case.limits)
                response = client.post(url, {**data, **case.files()}, follow=follow)
            if response.streaming:
                b"".join(response.streaming_content)
        client.cookies = copy.deepcopy(baseline)
        return response


def _errors(form) -> dict[str, list[str]]:
    if form is None or not getattr(form, "is_bound", False):
        return {}
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


def _shown(page: str, messages: list[str]) -> list[str]:
    return [m for m in messages if (html.escape(m) in page or m in page) and CJK.search(m)]


def judge(case: Case, response, name: str, value: str, *, must_refuse: bool) -> str | None:
    """None when the answer is right, else what is wrong."""
    where = f"{case.label}: {name} = {len(value)} × {value[:1]!r}"
    if response.status_code >= 500:
        error = getattr(response, "exc_info", None)
        return f"{where}: {response.status_code} {error[1] if error else ''}"
    if response.status_code not in (200, 302, 400):
        return f"{where}: answered {response.status_code}"
    page = response.content.decode()
    if case.limits:  # answered with a message on the page it redirected to
        said = [(m.level_tag, str(m)) for m in (response.context or {}).get("messages", [])]
        refused = [text for tag, text in said if tag == "error" and CJK.search(text)]
        if must_refuse and not refused:
            return f"{where}: not refused with a Chinese message ({said})"
        if not must_refuse and any(tag == "error" for tag, _text in said) and not refused:
            return f"{where}: refused without a Chinese message ({said})"
        return None
    form = case.form(response) if response.context is not None else None
    errors = _errors(form)
    if response.status_code == 302 and not must_refuse:
        return None
    if response.status_code == 302:
        return f"{where}: accepted, though longer than the limit"
    field_name = name.split("-", 1)[-1] if form is None or name not in form.fields else name
    own = errors.get(field_name, []) + errors.get("__all__", [])
    if must_refuse:
        if not _shown(page, own):
            if form is None and "确保" in page:  # a page without a form object: the message
                return None
            return f"{where}: not refused with a Chinese message on the page ({errors})"
        return None
    if errors and not own:
        return f"{where}: refused for other fields ({errors})"
    if own and not _shown(page, own):
        return f"{where}: refused without a Chinese message on the page ({own})"
    return None


# --- the test ---------------------------------------------------------------------------------


def _extend(world):
    """Objects the matrix world does not have: a replacement draft of 李四's, the session's
    template, the catalogue entry of a new application."""
    from types import SimpleNamespace

    from accounts.roles import Role, RoleContext
    from applications import services as application_services
    from applications.models import Application, Kind, Status
    from certificates.models import Certificate, Delivery
    from tests.applications.conftest import catalogue
    from titleportal.demo import DEMO_PASSWORD
    from units.models import ReviewSession
    from units.services import affiliation_join

    demo = world.demo
    demo.password = DEMO_PASSWORD
    year = timezone.localdate().year
    affiliation_join(person=demo.applicant2, unit=demo.unit)
    cat = catalogue(level_code="assistant")
    replacement = application_services.application_start(
        actor=demo.applicant2,
        role_context=RoleContext(Role.APPLICANT),
        kind=Kind.REPLACEMENT,
        year=year,
        series=cat.series,
        level=cat.level,
        qualification=cat.qualification,
        specialty=cat.specialty,
        office=demo.office,
    )
    session = ReviewSession.objects.get(committee=demo.committee, year=year)

    def of(name):
        return Application.objects.get(applicant__full_name=name, year=year)

    world.uploads.certificate = Certificate.objects.filter(status="valid").first()
    world.extra = SimpleNamespace(
        draft=Application.objects.get(
            applicant=demo.applicant, kind=Kind.RECOGNITION, status=Status.DRAFT, year=year
        ),
        returned=Application.objects.get(
            applicant=demo.applicant, kind=Kind.EVALUATION, status=Status.RETURNED, year=year
        ),
        replacement=replacement,
        at_unit=of("陈一"),
        at_office=of("林二"),
        session=session,
        templates=_templates(session),
        delivery=Delivery.objects.get(application__applicant=demo.applicant2),
        catalogue=catalogue(level_code="intermediate"),
    )
    return world


def _templates(session):
    """A template of the session for each kind of achievement (each has its own form)."""
    from units.models import AchievementTemplate

    templates = {}
    for kind in ACHIEVEMENT_KINDS:
        templates[kind] = session.achievement_templates.filter(
            achievement_kind=kind
        ).first() or AchievementTemplate.objects.create(
            review_session=session, policy_text=f"{kind} 1 项及以上。", achievement_kind=kind
        )
    return templates


@pytest.mark.postgres
def test_every_form_at_its_maximum_lengths(postgres, reference_data, settings, tmp_path):
    settings.SMS_OUTBOX = tmp_path / "outbox.log"
    world = _extend(build_world())
    asker = Asker(world)
    problems, posts, posted = [], 0, set()
    for case in CASES:
        page = asker.run(case, "GET")
        assert page.status_code == 200, (case.label, page.status_code)
        form = case.form(page)
        assert form is not None or case.limits, case.label
        posted |= {case.covers} | {_name(cls) for cls in type(form).__mro__ if form is not None}
        base = {**(page_data(form) if form is not None else {}), **case.data(world)}
        if case.check_base:
            answer = asker.run(case, "POST", base)
            problem = judge(case, answer, "(as typed)", "", must_refuse=False)
            refused = _errors(case.form(answer)) if answer.context is not None else {}
            if problem or refused:
                problems.append(f"{case.label}: the starting data is refused: {problem or refused}")
                continue
        fields = (
            text_fields(form)
            if form is not None
            else [(name, forms.CharField(max_length=n)) for name, n in case.limits.items()]
        )
        for name, field in fields:
            if name in case.skip:
                continue
            limit = field.max_length
            cjk = CJK_CHAR * limit
            answer = asker.run(case, "POST", {**base, name: cjk})
            posts += 1
            problems.append(judge(case, answer, name, cjk, must_refuse=False))
            if _refused(case, answer):
                for value in same_length_values(field, limit):
                    answer = asker.run(case, "POST", {**base, name: value})
                    posts += 1
                    problems.append(judge(case, answer, name, value, must_refuse=False))
            longer = CJK_CHAR * (limit + 1)
            answer = asker.run(case, "POST", {**base, name: longer})
            posts += 1
            problems.append(judge(case, answer, name, longer, must_refuse=True))
    problems = [p for p in problems if p]
    assert posts > 200
    with rolled_back():
        saving = walk.forms_storing_text(world.demo)
    left_out = sorted(saving - posted - set(NOT_POSTED))
    assert not left_out, f"add a case (or a reason to NOT_POSTED) for: {left_out}"
    assert not set(NOT_POSTED) - saving, "NOT_POSTED names a form that stores no text"
    assert not problems, f"{len(problems)} of {posts} posts:\n" + "\n".join(problems)


def _name(cls) -> str:
    return walk.form_names().get(cls, "")


def _refused(case, response) -> bool:
    if case.limits:
        said = (response.context or {}).get("messages", [])
        return any(m.level_tag == "error" for m in said)
    if response.status_code == 302:
        return False
    form = case.form(response) if response.context is not None else None
    return bool(_errors(form))
