"""支付宝扫码: the order is pre-created at Alipay and the payer scans the code it answers. The
answer is signed here with a platform key made for the run and checked by the SDK."""

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from payments.models import OrderStatus
from tests.payments.conftest import signed_alipay_answer

pytestmark = pytest.mark.django_db

QR = "https://qr.alipay.com/bax03431ljhokirwl38f00a7"


def signed_precreate_answer(key, **fields) -> bytes:
    return signed_alipay_answer(key, "alipay.trade.precreate", **fields)


@pytest.fixture
def alipay(alipay_answers, gateways_configured):
    gateways_configured.PAYMENT_GATEWAYS = ["alipay", "alipay_qr"]
    return alipay_answers


def _pay(client, order):
    return client.post(
        reverse("payments:pay", kwargs={"number": order.number}), {"channel": "alipay_qr"}
    )


def test_the_payer_gets_a_code_to_scan(client_as, demo, order, alipay, alipay_keys):
    answers, asked = alipay
    _app_key, platform_key = alipay_keys
    answers.append(signed_precreate_answer(platform_key, out_trade_no=order.number, qr_code=QR))
    page = _pay(client_as(demo.applicant, "applicant:"), order)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    (call,) = asked
    assert call["method"] == "alipay.trade.precreate"
    assert call["biz_content"]["out_trade_no"] == order.number
    assert call["biz_content"]["total_amount"] == str(order.amount)
    assert call["notify_url"].endswith(reverse("payments:notify", kwargs={"gateway": "alipay_qr"}))
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING  # only a verified notification pays it


def test_an_answer_not_signed_by_alipay_shows_no_code(client_as, demo, order, alipay):
    answers, _asked = alipay
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    answers.append(signed_precreate_answer(forger, out_trade_no=order.number, qr_code=QR))
    page = _pay(client_as(demo.applicant, "applicant:"), order).content.decode()
    assert "<svg" not in page
    assert "暂时无法连接支付宝" in page


def test_alipay_down_is_a_clear_answer(client_as, demo, order, alipay):
    page = _pay(client_as(demo.applicant, "applicant:"), order)
    assert page.status_code == 200
    assert "暂时无法连接支付宝" in page.content.decode()
