"""Fixtures of the payments tests: fee items of the demo committee and office, orders, and
gateways configured with keys and certificates generated here (nothing leaves the machine)."""

import base64
import datetime
import io
import json
import time
from decimal import Decimal
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID

from accounts.roles import Role, RoleContext
from payments.gateways.sandbox import pem_private, pem_public, rsa2_sign
from payments.models import FeeItem, Order, Purpose
from payments.services import orders_create
from tests.factories import ApplicationFactory
from units.models import ReviewSession

ALIPAY_APP_ID = "2021000000000001"
WECHAT_MCH_ID = "1900000001"
WECHAT_APP_ID = "wx0000000000000001"
API_V3_KEY = "0123456789abcdef0123456789abcdef"


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def alipay_keys():
    """(app key, Alipay's platform key) pairs made for this run."""
    return _key(), _key()


def _certificate(key, serial: int):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Tenpay.com Root CA test")])
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )


@pytest.fixture(scope="session")
def wechat_platform():
    """The WeChat Pay platform key and its certificate, made for this run."""
    key = _key()
    certificate = _certificate(key, 0x5157F09EFDC096DE15EBE81A47057A72)
    return key, certificate


@pytest.fixture
def gateways_configured(settings, alipay_keys, wechat_platform):
    app_key, platform_key = alipay_keys
    settings.ALIPAY_APP_ID = ALIPAY_APP_ID
    settings.ALIPAY_APP_PRIVATE_KEY = pem_private(app_key)
    settings.ALIPAY_PUBLIC_KEY = pem_public(platform_key)
    _key_unused, certificate = wechat_platform
    settings.WECHATPAY_MCH_ID = WECHAT_MCH_ID
    settings.WECHATPAY_APP_ID = WECHAT_APP_ID
    settings.WECHATPAY_API_V3_KEY = API_V3_KEY
    settings.WECHATPAY_PRIVATE_KEY = pem_private(_merchant_key())
    settings.WECHATPAY_CERT_SERIAL_NO = "MERCHANTSERIAL"
    settings.WECHATPAY_PLATFORM_CERTIFICATES = certificate.public_bytes(
        serialization.Encoding.PEM
    ).decode()
    return settings


_merchant = []


def _merchant_key():
    if not _merchant:
        _merchant.append(_key())
    return _merchant[0]


def alipay_notification(key, *, order_number, amount, app_id=ALIPAY_APP_ID, serial="2026120222001",
                        status="TRADE_SUCCESS", tamper: dict | None = None) -> bytes:  # fmt: skip
    """An Alipay asynchronous notification signed with ``key``; ``tamper`` changes fields
    after signing."""
    params = {
        "notify_time": "2026-12-02 10:00:00",
        "notify_type": "trade_status_sync",
        "notify_id": "ac05099524730693a8b330c5ecf72da9786",
        "app_id": app_id,
        "charset": "utf-8",
        "version": "1.0",
        "trade_no": serial,
        "out_trade_no": order_number,
        "total_amount": str(amount),
        "trade_status": status,
        "seller_id": "2088101106499364",
    }
    params["sign"] = rsa2_sign(key, params)
    params["sign_type"] = "RSA2"
    params.update(tamper or {})
    return urlencode(params).encode()


def wechat_notification(platform_key, certificate, *, order_number, fen, appid=WECHAT_APP_ID,
                        mchid=WECHAT_MCH_ID, transaction_id="4200002026120200001",
                        timestamp=None, api_v3_key=API_V3_KEY):  # fmt: skip
    """(body, headers) of a WeChat Pay v3 TRANSACTION.SUCCESS notification, encrypted with the
    APIv3 key and signed with the platform key."""
    resource = {
        "mchid": mchid,
        "appid": appid,
        "out_trade_no": order_number,
        "transaction_id": transaction_id,
        "trade_type": "NATIVE",
        "trade_state": "SUCCESS",
        "success_time": "2026-12-02T10:00:00+08:00",
        "amount": {"total": fen, "payer_total": fen, "currency": "CNY"},
    }
    nonce = "fdasflkja484"
    ciphertext = AESGCM(api_v3_key.encode()).encrypt(
        nonce.encode(), json.dumps(resource).encode(), b"transaction"
    )
    body = json.dumps(
        {
            "id": "EV-2018022511223320873",
            "create_time": "2026-12-02T10:00:00+08:00",
            "resource_type": "encrypt-resource",
            "event_type": "TRANSACTION.SUCCESS",
            "resource": {
                "algorithm": "AEAD_AES_256_GCM",
                "ciphertext": base64.b64encode(ciphertext).decode(),
                "associated_data": "transaction",
                "original_type": "transaction",
                "nonce": nonce,
            },
        }
    ).encode()
    ts = str(int(time.time()) if timestamp is None else timestamp)
    header_nonce = "593BEC0C930BF1AFEB40B4A08C8FB242"
    message = f"{ts}\n{header_nonce}\n{body.decode()}\n".encode()
    signature = base64.b64encode(
        platform_key.sign(message, padding.PKCS1v15(), hashes.SHA256())
    ).decode()
    headers = {
        "Wechatpay-Timestamp": ts,
        "Wechatpay-Nonce": header_nonce,
        "Wechatpay-Signature": signature,
        "Wechatpay-Serial": format(certificate.serial_number, "X"),
        "Content-Type": "application/json",
    }
    return body, headers


@pytest.fixture
def session(demo):
    return ReviewSession.objects.get(committee=demo.committee)


@pytest.fixture
def fee_item(demo):
    return FeeItem.objects.create(
        name="代办晋升专业技术职务费", amount=Decimal("50.00"), committee=demo.committee
    )


@pytest.fixture
def postage_item(demo):
    return FeeItem.objects.create(
        name="证书邮寄费", purpose=Purpose.POSTAGE, amount=Decimal("22.00"), office=demo.office
    )


@pytest.fixture
def make_application(demo, session):
    def make(**kwargs):
        kwargs.setdefault("applicant", demo.applicant)
        kwargs.setdefault("unit", demo.unit)
        kwargs.setdefault("office", demo.office)
        kwargs.setdefault("kind", "evaluation")
        kwargs.setdefault("committee", demo.committee)
        kwargs.setdefault("review_session", session)
        kwargs.setdefault("at_committee", True)
        return ApplicationFactory(**kwargs)

    return make


@pytest.fixture
def order(make_application, fee_item) -> Order:
    application = make_application()
    (created,) = orders_create(application=application, purpose=Purpose.REVIEW)
    return created


@pytest.fixture
def contexts(demo):
    return {
        "office": RoleContext(Role.OFFICE_STAFF, demo.office),
        "office_qz": RoleContext(Role.OFFICE_STAFF, demo.office_qz),
        "committee": RoleContext(Role.COMMITTEE_STAFF, demo.committee),
    }


@pytest.fixture
def client_as(client):
    def sign_in(user, key: str | None = None):
        client.force_login(user)
        if key:
            session = client.session
            session["acting_as"] = key
            session.save()
        return client

    return sign_in


def signed_alipay_answer(key, method: str, **fields) -> bytes:
    """An answer of the Alipay open API ``method`` (e.g. ``alipay.trade.query``) as Alipay
    sends it: the response object and its SHA256withRSA signature over exactly that text."""
    plain = json.dumps(
        {"code": "10000", "msg": "Success", **fields}, ensure_ascii=False, separators=(",", ":")
    )
    signature = base64.b64encode(key.sign(plain.encode(), padding.PKCS1v15(), hashes.SHA256()))
    name = method.replace(".", "_") + "_response"
    return f'{{"{name}":{plain},"sign":"{signature.decode()}"}}'.encode()


@pytest.fixture
def alipay_answers(monkeypatch, gateways_configured):
    """The Alipay SDK's one network call answers what a test puts in ``answers`` (one per
    call; none left: the network is down); the calls made are kept in ``asked``."""
    gateways_configured.PAYMENT_GATEWAYS = ["sandbox", "alipay"]
    answers: list[bytes] = []
    asked: list[dict] = []

    def fake_urlopen(url, timeout=None):
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        asked.append({**query, "biz_content": json.loads(query["biz_content"])})
        if not answers:
            raise OSError("network unreachable")
        return io.BytesIO(answers.pop(0))

    monkeypatch.setattr("alipay.urlopen", fake_urlopen)
    return answers, asked
