"""Starting a WeChat Pay payment: Native gives a code to scan, H5 (on a phone) a page to go to
with the payer's own address in the order. WeChat's answers are signed here with the platform
key made for the run and checked by the adapter."""

import base64
import json
import time

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from django.urls import reverse

pytestmark = pytest.mark.django_db


class Answer:
    def __init__(self, body: bytes, headers: dict):
        self.body, self.headers = body, headers

    def read(self):
        return self.body

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def signed_answer(platform_key, certificate, payload: dict):
    body = json.dumps(payload).encode()
    ts, nonce = str(int(time.time())), "A1B2C3D4E5F6"
    message = f"{ts}\n{nonce}\n{body.decode()}\n".encode()
    signature = base64.b64encode(platform_key.sign(message, padding.PKCS1v15(), hashes.SHA256()))
    return Answer(
        body,
        {
            "Wechatpay-Timestamp": ts,
            "Wechatpay-Nonce": nonce,
            "Wechatpay-Signature": signature.decode(),
            "Wechatpay-Serial": format(certificate.serial_number, "X"),
        },
    )


@pytest.fixture
def wechat(monkeypatch, gateways_configured, wechat_platform):
    gateways_configured.PAYMENT_GATEWAYS = ["wechat"]
    sent: list = []
    answers: list = []

    def fake_urlopen(request, timeout=None):  # the adapter's one network call
        sent.append((request.full_url, json.loads(request.data)))
        return answers.pop(0)

    monkeypatch.setattr("payments.gateways.wechat.urllib.request.urlopen", fake_urlopen)
    return sent, answers


PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"


def test_h5_on_a_phone_sends_the_payers_address(client_as, demo, order, wechat, wechat_platform):
    sent, answers = wechat
    key, certificate = wechat_platform
    answers.append(signed_answer(key, certificate, {"h5_url": "https://wx.tenpay.com/h5pay"}))
    client = client_as(demo.applicant, "applicant:")
    response = client.post(
        reverse("payments:pay", kwargs={"number": order.number}),
        {"channel": "wechat"},
        HTTP_USER_AGENT=PHONE,
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    assert response["Location"] == "https://wx.tenpay.com/h5pay"
    ((url, payload),) = sent
    assert url.endswith("/v3/pay/transactions/h5")
    assert payload["scene_info"]["payer_client_ip"] == "203.0.113.7"
    assert payload["out_trade_no"] == order.number


def test_an_unsigned_answer_starts_nothing(client_as, demo, order, wechat, wechat_platform):
    _sent, answers = wechat
    _key, certificate = wechat_platform
    from tests.payments.conftest import _key as other_key

    answers.append(signed_answer(other_key(), certificate, {"code_url": "weixin://wxpay/x"}))
    page = client_as(demo.applicant, "applicant:").post(
        reverse("payments:pay", kwargs={"number": order.number}), {"channel": "wechat"}
    )
    assert page.status_code == 200
    assert "<svg" not in page.content.decode()
