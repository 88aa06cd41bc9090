"""The gateways verify what they are sent: signatures made here with keys made here."""

from decimal import Decimal

import pytest

from payments import gateways
from payments.gateways.wechat import WeChatPayGateway

from .conftest import ALIPAY_APP_ID, WECHAT_MCH_ID, alipay_notification, wechat_notification

pytestmark = pytest.mark.django_db


def test_alipay_reads_a_notification_signed_with_the_platform_key(gateways_configured, alipay_keys):
    body = alipay_notification(alipay_keys[1], order_number="dl1", amount="50.00")
    parsed = gateways.get("alipay").parse_notification(body, {})
    assert parsed.order_number == "dl1"
    assert parsed.amount == Decimal("50.00")
    assert parsed.merchant == ALIPAY_APP_ID
    assert parsed.success


@pytest.mark.parametrize(
    "tamper", [{"total_amount": "0.01"}, {"out_trade_no": "dl2"}, {"sign": "bm90IGEgc2lnbg=="}]
)
def test_alipay_refuses_a_changed_or_forged_notification(gateways_configured, alipay_keys, tamper):
    body = alipay_notification(alipay_keys[1], order_number="dl1", amount="50.00", tamper=tamper)
    with pytest.raises(gateways.NotificationError) as error:
        gateways.get("alipay").parse_notification(body, {})
    assert error.value.result == "bad_signature"


def test_alipay_refuses_a_notification_signed_with_another_key(gateways_configured, alipay_keys):
    # Signed with the app's own key, not Alipay's: someone who is not Alipay.
    body = alipay_notification(alipay_keys[0], order_number="dl1", amount="50.00")
    with pytest.raises(gateways.NotificationError):
        gateways.get("alipay").parse_notification(body, {})


def test_alipay_page_pay_url_is_signed_for_the_order(gateways_configured, order):
    started = gateways.get("alipay").start(
        order, return_url="https://portal/return", notify_url="https://portal/notify", mobile=False
    )
    assert started.redirect.startswith("https://openapi.alipay.com/gateway.do?")
    assert "alipay.trade.page.pay" in started.redirect and "sign=" in started.redirect
    assert order.number in started.redirect


def test_wechat_reads_a_signed_encrypted_notification(gateways_configured, wechat_platform):
    body, headers = wechat_notification(*wechat_platform, order_number="dl1", fen=5000)
    parsed = gateways.get("wechat").parse_notification(body, headers)
    assert (parsed.order_number, parsed.amount, parsed.merchant) == (
        "dl1",
        Decimal("50.00"),
        WECHAT_MCH_ID,
    )
    assert parsed.serial_number == "4200002026120200001"


def test_wechat_refuses_a_changed_body(gateways_configured, wechat_platform):
    body, headers = wechat_notification(*wechat_platform, order_number="dl1", fen=5000)
    with pytest.raises(gateways.NotificationError) as error:
        gateways.get("wechat").parse_notification(body.replace(b"EV-", b"EX-"), headers)
    assert error.value.result == "bad_signature"


def test_wechat_refuses_an_old_notification_sent_again(gateways_configured, wechat_platform):
    body, headers = wechat_notification(
        *wechat_platform, order_number="dl1", fen=5000, timestamp=1_600_000_000
    )
    with pytest.raises(gateways.NotificationError):
        gateways.get("wechat").parse_notification(body, headers)


def test_wechat_refuses_a_resource_encrypted_with_another_key(gateways_configured, wechat_platform):
    body, headers = wechat_notification(
        *wechat_platform, order_number="dl1", fen=5000, api_v3_key="f" * 32
    )
    with pytest.raises(gateways.NotificationError):
        gateways.get("wechat").parse_notification(body, headers)


def test_wechat_refuses_another_app(gateways_configured, wechat_platform):
    body, headers = wechat_notification(
        *wechat_platform, order_number="dl1", fen=5000, appid="wx-someone-else"
    )
    with pytest.raises(gateways.NotificationError) as error:
        gateways.get("wechat").parse_notification(body, headers)
    assert error.value.result == "wrong_merchant"


def test_wechat_signs_its_requests(gateways_configured):
    header = WeChatPayGateway().authorization("POST", "/v3/pay/transactions/native", "{}")
    assert header.startswith(f'WECHATPAY2-SHA256-RSA2048 mchid="{WECHAT_MCH_ID}"')
    assert 'serial_no="MERCHANTSERIAL"' in header


def test_sandbox_is_offered_only_in_development(settings):
    settings.PAYMENT_SANDBOX = False
    assert "sandbox" not in [g.code for g in gateways.offered()]
    with pytest.raises(KeyError):
        gateways.get("sandbox")
    settings.PAYMENT_SANDBOX = True
    assert "sandbox" in [g.code for g in gateways.offered()]


def test_unconfigured_channels_are_not_offered(settings):
    settings.ALIPAY_APP_ID = ""
    settings.WECHATPAY_MCH_ID = ""
    assert [g.code for g in gateways.offered()] == ["sandbox"]
