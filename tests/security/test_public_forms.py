"""Random input to every form reachable without signing in never gives a 500.

Hypothesis posts generated data (any unicode text, control characters and NUL, huge strings,
non-ASCII digits such as '１２３' or '١٢٣', valid identifiers of the demo people mixed in,
missing and repeated fields, files where text is expected, raw bodies that are not form
data) to each public form through the Django test client. Every answer must be a page: a
redirect, a refusal (400, 404, 429) or the form again with a Chinese message next to what
was wrong. An exception escaping the view fails the test (the test client re-raises it).

The number of cases comes from the "public-forms" profile: ``FUZZ_EXAMPLES`` per form
(default 60: 1,376 cases over the 20 forms and the public lookups, about 30 seconds on
SQLite, a minute on PostgreSQL). The cases run per form and in total are printed at the end
of the module. Examples are derandomized so that CI is repeatable; ``FUZZ_RANDOM=1``
explores new ones (a run of FUZZ_EXAMPLES=150 FUZZ_RANDOM=1 passed as well).
"""

import html
import json
import os
import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.titleportal.test_validators import resident_ids, usccs
from titleportal.demo import PEOPLE, UNIT_1, UNIT_2

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
settings.register_profile(
    "public-forms",
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=os.environ.get("FUZZ_RANDOM") != "1",
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
PROFILE = settings.get_profile("public-forms")

CASES: Counter = Counter()
FUZZED: list[str] = []
CJK = re.compile(r"[\u4e00-\u9fff]")
ALLOWED = {200, 302, 400, 404, 405, 429}
CAPTCHA_OK = {"captcha_0": "x", "captcha_1": "PASSED"}

# --- what is typed --------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 18,
    "13800000001\x00",
    "１２３４５６",  # full-width
    "١٢٣٤٥٦",  # Arabic-Indic
    "۱۲۳۴۵۶",  # Extended Arabic-Indic
    "१२३४५६",  # Devanagari
    "𝟏𝟐𝟑𝟒𝟓𝟔",  # mathematical bold
    "²³¹",
    "一二三四五六",
    "１３８００００００００１",
    "١٣٨٠٠٠٠٠٠٠١",
    "4501021990010112３1",
    "-1",
    "0",
    "9" * 30,
    "1e10",
    "NaN",
    "null",
    "[]",
    "{}",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "%00",
    "../../etc/passwd",
    "\r\n\t",
    "\u202e\ufeff\u200b",
    "İß\ufb01",
    "x" * 10_000,
    "长" * 3_000,
]
DEMO_VALUES = [
    *(person.id_number for person in PEOPLE),
    *(person.phone for person in PEOPLE),
    *(person.email for person in PEOPLE),
    "+86 138-0000-0001",
    UNIT_1["uscc"],
    UNIT_2["uscc"],
    UNIT_1["uscc"].lower(),
    "Portal#2026demo",
    "张三",
    "birthplace",
    "mother_name",
    "zh-hans",
    "en",
    "resend",
    "450000",
    "450100",
    "450102",
    "110000",
    "110101",
    "on",
    "000000",
    "123456",
]


def texts():
    return st.one_of(
        st.text(max_size=40),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
        st.sampled_from(NASTY),
        st.sampled_from(DEMO_VALUES),
        resident_ids(),
        usccs(),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
        st.from_regex(r"1[3-9]\d{9}", fullmatch=True),
    )


def values():
    """One field's value: text, a repeated field (a list) or a file where text is expected."""
    return st.one_of(
        texts(),
        texts(),
        texts(),
        st.lists(texts(), min_size=2, max_size=3),
        st.binary(max_size=200).map(lambda data: SimpleUploadedFile("x.pdf", data)),
    )


@st.composite
def requests(draw, fields, *, captcha=True):
    """(kind, data): form fields, some missing, some extra; or a raw body of another kind."""
    kind = draw(st.sampled_from(["form"] * 8 + ["raw", "json"]))
    if kind == "raw":
        return kind, draw(st.binary(max_size=400))
    if kind == "json":
        body = draw(
            st.dictionaries(st.sampled_from(fields), st.one_of(st.integers(), texts(), st.none()))
        )
        return kind, json.dumps(body)
    data = {}
    for name in fields:
        if draw(st.integers(min_value=0, max_value=9)) < 8:  # most fields present
            data[name] = draw(values())
    if captcha and draw(st.integers(min_value=0, max_value=9)) < 7:
        data.update(CAPTCHA_OK)  # past the captcha, into the checks behind it
    elif captcha:
        data["captcha_0"], data["captcha_1"] = draw(texts()), draw(texts())
    for name in draw(st.lists(st.text(min_size=1, max_size=10), max_size=2)):
        data[name] = draw(texts())
    return kind, data


# --- how the answer is judged ---------------------------------------------------------------


def _post(client, url, kind, data):
    if kind == "raw":
        return client.post(url, data, content_type="application/x-www-form-urlencoded")
    if kind == "json":
        return client.post(url, data, content_type="application/json")
    return client.post(url, data)


def _form_errors(form) -> list[str]:
    errors = []
    for messages in form.errors.values():
        errors.extend(str(message) for message in messages)
    return errors


def _kept(form, data, page) -> list[str]:
    """Names of text fields whose typed value is missing from the re-rendered page."""
    lost = []
    for field_name, value in data.items():
        field = form.fields.get(field_name)
        if field is None or not isinstance(value, str):
            continue
        if getattr(field.widget, "input_type", None) != "text":
            continue
        if not (0 < len(value) <= 40 and value.isprintable() and value == value.strip()):
            continue
        if html.escape(value) not in page:
            lost.append(field_name)
    return lost


def check_answer(response, name, data=None):
    """A page, never a 500; a refused form comes back with a Chinese message shown on it,
    and with what was typed in its text fields."""
    assert response.status_code in ALLOWED, (name, response.status_code)
    if response.status_code != 200 or response.context is None:
        return
    form = response.context.get("form")
    if form is None or not getattr(form, "is_bound", False) or form.is_valid():
        return
    errors = _form_errors(form)
    assert errors, name
    page = response.content.decode()
    shown = [message for message in errors if html.escape(message) in page or message in page]
    assert shown, (name, errors)
    assert any(CJK.search(message) for message in shown), (name, shown)
    if isinstance(data, dict):
        assert not _kept(form, data, page), (name, _kept(form, data, page))


def fuzz(name, fields, *, setup=None, captcha=True, url=None):
    """A hypothesis test posting generated requests to the form named ``name``."""

    FUZZED.append(name)

    @settings(PROFILE)
    @given(case=requests(fields, captcha=captcha))
    def run(demo, case):
        cache.clear()  # limits and cool-downs of the previous case
        client = Client()
        if setup is not None:
            setup(client, demo)
        kind, data = case
        response = _post(client, url or reverse(name), kind, data)
        check_answer(response, name, data)
        CASES[name] += 1

    return run


# --- flows that must be half-way through for their form to be reached ---------------------


def _login_code_sent(client, demo):
    response = client.post(
        reverse("account_request_login_code"), {"phone": demo.applicant.phone, **CAPTCHA_OK}
    )
    assert response["Location"] == reverse("account_confirm_login_code")


def _reset_code_sent(client, demo):
    response = client.post(
        reverse("account_reset_password"), {"email": demo.applicant.email, **CAPTCHA_OK}
    )
    assert response["Location"] == reverse("account_confirm_password_reset_code")


def _sms_reset_sent(client, demo):
    response = client.post(
        reverse("accounts:password_reset_sms"), {"phone": demo.applicant.phone, **CAPTCHA_OK}
    )
    assert response["Location"] == reverse("accounts:password_reset_sms_code")


def _sms_reset_verified(client, demo):
    import time

    from accounts.views import RESET_VERIFIED_KEY

    session = client.session
    session[RESET_VERIFIED_KEY] = {"user_id": demo.applicant.pk, "at": time.time()}
    session.save()


_signups = iter(range(1, 10_000))


def _signed_up(client, demo):
    """A new person half-way through registration: the code to confirm the phone was sent."""
    from stdnum.cn import ric

    n = next(_signups)
    body = f"11010119900101{n % 1000:03d}"
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "测试",
            "username": body + ric.calc_check_digit(body + "0"),
            "phone": f"1370000{n:04d}",
            "email": f"fuzz{n}@example.com",
            "password1": "Shenbao#2026ok",
            "password2": "Shenbao#2026ok",
            "security_question": "birthplace",
            "security_answer": "南宁",
            "accept_terms": "on",
            **CAPTCHA_OK,
        },
    )
    assert response["Location"] == reverse("account_verify_phone")


def _unit_chosen(client, demo):
    response = client.post(
        reverse("units:recover"), {"unit": demo.unit.pk, "uscc": demo.unit.uscc, **CAPTCHA_OK}
    )
    assert response["Location"] == reverse("units:recover_staff")


def _unit_code_sent(client, demo):
    from units.models import Membership

    _unit_chosen(client, demo)
    membership = Membership.objects.get(person=demo.staff, unit=demo.unit)
    response = client.post(
        reverse("units:recover_staff"),
        {"staff": membership.pk, "id_number": demo.staff.id_number},
    )
    assert response["Location"] == reverse("units:recover_code")


def _unit_code_verified(client, demo):
    from units.views import RECOVERY_CHALLENGE

    _unit_code_sent(client, demo)
    session = client.session
    key = f"code_challenge:{RECOVERY_CHALLENGE}"
    state = session[key]
    state["verified_at"] = state["sent_at"]
    session[key] = state
    session.save()


# --- the forms ------------------------------------------------------------------------------

SIGN_IN = ["login", "password", "remember"]
UNIT_SIGN_IN = ["unit", "login", "password"]
REGISTRATION = [
    "full_name",
    "username",
    "phone",
    "email",
    "password1",
    "password2",
    "security_question",
    "security_answer",
    "unit_key",
    "accept_terms",
]
UNIT_REGISTRATION = [
    "uscc",
    "name",
    "legal_representative",
    "industry",
    "province",
    "city",
    "county",
    "address",
    "unit_type",
    "licence",
    "licence__token",
    "department",
    "contact_name",
    "contact_phone",
    "password1",
    "password2",
]
NEW_PASSWORD = ["password1", "password2"]

# Sign-in by ID number, mobile number or email; by SMS code; units by USCC; unit staff.
test_sign_in = fuzz("account_login", SIGN_IN)
test_sign_in_by_sms_request = fuzz("account_request_login_code", ["phone", "email"])
test_sign_in_by_sms_confirm = fuzz(
    "account_confirm_login_code", ["code"], setup=_login_code_sent, captcha=False
)
test_unit_sign_in = fuzz("units:login", UNIT_SIGN_IN)
test_unit_staff_sign_in = fuzz("units:staff_login", UNIT_SIGN_IN)
# Registration of a person and of a unit.
test_registration = fuzz("account_signup", REGISTRATION)
test_unit_registration = fuzz("units:register", UNIT_REGISTRATION)
# Password recovery: by email code, by SMS code, by security question; a unit's through staff.
test_recovery_by_email = fuzz("account_reset_password", ["email"])
test_recovery_by_email_code = fuzz(
    "account_confirm_password_reset_code", ["code"], setup=_reset_code_sent, captcha=False
)
test_recovery_by_sms = fuzz("accounts:password_reset_sms", ["phone"])
test_recovery_by_sms_code = fuzz(
    "accounts:password_reset_sms_code", ["code", "action"], setup=_sms_reset_sent, captcha=False
)
test_recovery_new_password = fuzz(
    "accounts:password_reset_new", NEW_PASSWORD, setup=_sms_reset_verified, captcha=False
)
test_recovery_by_question = fuzz(
    "accounts:password_reset_question", ["id_number", "security_question", "security_answer"]
)
test_registration_phone_code = fuzz(
    "account_verify_phone", ["code", "action"], setup=_signed_up, captcha=False
)
test_unit_recovery = fuzz("units:recover", ["unit", "uscc"])
test_unit_recovery_staff = fuzz(
    "units:recover_staff", ["staff", "id_number"], setup=_unit_chosen, captcha=False
)
test_unit_recovery_code = fuzz(
    "units:recover_code", ["code", "action"], setup=_unit_code_sent, captcha=False
)
test_unit_recovery_password = fuzz(
    "units:recover_password", NEW_PASSWORD, setup=_unit_code_verified, captcha=False
)
# Certificate query, and the language switch.
test_certificate_query = fuzz("certificates:verify", ["number", "holder_name"])
test_language_switch = fuzz("set_language", ["language", "next"], captcha=False)


# --- public lookups (GET) -------------------------------------------------------------------

LOOKUPS = {
    "units:search": lambda text: reverse("units:search") + "?" + _query({"q": text}),
    "units:regions": lambda text: reverse("units:regions") + "?" + _query({"parent": text}),
    "certificates:verify_code": lambda text: reverse(
        "certificates:verify_code", args=[text or "x"]
    ),
    "captcha-image": lambda text: f"/captcha/image/{_word(text)}/",
    "captcha-refresh": lambda text: reverse("captcha-refresh") + "?" + _query({"x": text}),
    "units:login?unit": lambda text: reverse("units:login") + "?" + _query({"unit": text}),
    "account_login?next": lambda text: reverse("account_login") + "?" + _query({"next": text}),
    "notices": lambda text: reverse("notices", args=[text or "x"]),
}


def _query(params):
    from urllib.parse import urlencode

    return urlencode(params)


def _word(text):
    return re.sub(r"\W", "", text) or "x"


def _with_known_cases(test):
    """Every lookup also gets the inputs that broke forms before: NUL and odd digits."""
    for lookup in LOOKUPS:
        for text in ("\x00", "a\x00", "²", "١٢٣", "４５００００", "9" * 30, "x" * 5000):
            test = example(lookup=lookup, text=text)(test)
    return test


@settings(PROFILE, max_examples=EXAMPLES * 2)
@_with_known_cases
@given(lookup=st.sampled_from(sorted(LOOKUPS)), text=texts())
def test_public_lookups(demo, lookup, text):
    text = text.replace("/", "")  # a slash would only point at another route
    response = Client().get(LOOKUPS[lookup](text), headers={"x-requested-with": "XMLHttpRequest"})
    # 410: django-simple-captcha's answer for a picture that does not (or no longer) exist.
    assert response.status_code in ALLOWED | {410}, (lookup, text[:40], response.status_code)
    CASES[f"GET {lookup}"] += 1


# --- the count ------------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def report_cases(request):
    yield
    total = sum(CASES.values())
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    capture = plugins.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        reporter.write_line(f"hypothesis cases on public forms: {total} in all")
        for name, count in sorted(CASES.items()):
            reporter.write_line(f"  {name}: {count}")


def test_every_form_ran_its_cases(request):
    """Runs last in this module: each form received the profile's number of cases."""
    if any(name not in CASES for name in FUZZED):
        pytest.skip("only part of the module ran")
    for name in FUZZED:
        assert CASES[name] >= EXAMPLES, name
    assert sum(CASES.values()) >= len(FUZZED) * EXAMPLES
