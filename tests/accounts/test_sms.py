import hashlib
import hmac
import io
import json
import time
import urllib.error

import pytest

from titleportal.sms import (
    FileSMSBackend,
    SMSError,
    SMSQuota,
    SMSQuotaExceeded,
    TencentCloudSMSBackend,
    get_sms_backend,
    send_verification_code,
    tc3_authorization,
)

TENCENT = {
    "secret_id": "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
    "secret_key": "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
    "sdk_app_id": "1400006666",
    "sign_name": "职称服务平台",
    "region": "ap-guangzhou",
    "templates": {"verification_code": "1234567"},
}


def test_local_backend_appends_one_line_per_message(settings, tmp_path):
    settings.SMS_OUTBOX = tmp_path / "sms" / "outbox.log"
    backend = get_sms_backend()
    assert isinstance(backend, FileSMSBackend)
    backend.send("13800000001", "您的验证码是 123456，\n5分钟内有效。")
    backend.send("13800000002", "您的申报已退回修改。")
    lines = settings.SMS_OUTBOX.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert lines[0].split("\t")[1:] == ["13800000001", "您的验证码是 123456， 5分钟内有效。"]
    assert [phone for _, phone, _ in backend.messages()] == ["13800000001", "13800000002"]


class TestTencentCloudSigning:
    def test_worked_example_of_the_provider_documentation(self):
        # "Signature v3" of Tencent Cloud API 3.0: DescribeInstances (cvm) with Limit=10 and
        # Offset=0 by GET at timestamp 1539084154 (2018-10-09). The documentation prints the
        # canonical request with host cvm.api.tencentyun.com, but its hashed canonical request
        # (91c9c192…) and signature are those of host cvm.tencentcloudapi.com, the host of its
        # final request and of its code samples.
        header = tc3_authorization(
            secret_id="AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
            secret_key="Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
            service="cvm",
            host="cvm.tencentcloudapi.com",
            timestamp=1539084154,
            method="GET",
            query="Limit=10&Offset=0",
            content_type="application/x-www-form-urlencoded",
        )
        assert header == (
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2018-10-09/cvm/"
            "tc3_request, SignedHeaders=content-type;host, "
            "Signature=5da7a33f6993f0614b047e5df4582db9e9bf4672ba50567dba16c6ccf174c474"
        )

    def test_send_sms_request_is_built_and_signed_as_specified(self):
        url, headers, body = TencentCloudSMSBackend(TENCENT).build_request(
            "13800000001", "verification_code", ["123456", "5"], timestamp=1700000000
        )
        assert url == "https://sms.tencentcloudapi.com/"
        assert json.loads(body) == {
            "PhoneNumberSet": ["+8613800000001"],
            "SmsSdkAppId": "1400006666",
            "SignName": "职称服务平台",
            "TemplateId": "1234567",
            "TemplateParamSet": ["123456", "5"],
        }
        assert headers["X-TC-Action"] == "SendSms"
        assert headers["X-TC-Version"] == "2021-01-11"
        assert headers["X-TC-Timestamp"] == "1700000000"
        assert headers["X-TC-Region"] == "ap-guangzhou"
        assert headers["Host"] == "sms.tencentcloudapi.com"
        assert headers["Content-Type"] == "application/json; charset=utf-8"
        # The signature, derived here step by step from the provider's description.
        canonical = (
            "POST\n/\n\n"
            "content-type:application/json; charset=utf-8\nhost:sms.tencentcloudapi.com\n\n"
            "content-type;host\n" + hashlib.sha256(body).hexdigest()
        )
        to_sign = (
            "TC3-HMAC-SHA256\n1700000000\n2023-11-14/sms/tc3_request\n"
            + hashlib.sha256(canonical.encode()).hexdigest()
        )
        key = b"TC3" + TENCENT["secret_key"].encode()
        for part in ("2023-11-14", "sms", "tc3_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        assert headers["Authorization"] == (
            f"TC3-HMAC-SHA256 Credential={TENCENT['secret_id']}/2023-11-14/sms/tc3_request, "
            f"SignedHeaders=content-type;host, Signature={signature}"
        )

    def test_a_missing_template_is_an_error_not_a_free_text_message(self):
        with pytest.raises(SMSError, match="template"):
            TencentCloudSMSBackend({**TENCENT, "templates": {}}).build_request(
                "13800000001", "verification_code", ["1"]
            )


class TestTencentCloudResponses:
    def test_success_gives_the_serial_number(self):
        data = {
            "Response": {
                "SendStatusSet": [
                    {
                        "SerialNo": "5000:1045710669157053657849499619",
                        "PhoneNumber": "+8613800000001",
                        "Fee": 1,
                        "SessionContext": "",
                        "Code": "Ok",
                        "Message": "send success",
                        "IsoCode": "CN",
                    }
                ],
                "RequestId": "a0aabda6-cf91-4f3e-a81f-9198114a2279",
            }
        }
        assert TencentCloudSMSBackend.parse_response(data) == "5000:1045710669157053657849499619"

    def test_request_error(self):
        data = {
            "Response": {
                "Error": {
                    "Code": "AuthFailure.SignatureFailure",
                    "Message": "The provided credentials could not be validated.",
                },
                "RequestId": "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6",
            }
        }
        with pytest.raises(SMSError, match=r"AuthFailure\.SignatureFailure.*ed93f3cb"):
            TencentCloudSMSBackend.parse_response(data)

    def test_refusal_of_the_number(self):
        data = {
            "Response": {
                "SendStatusSet": [
                    {
                        "SerialNo": "",
                        "PhoneNumber": "+8613800000001",
                        "Code": "LimitExceeded.PhoneNumberDailyLimit",
                        "Message": "the number of sms messages sent from a single mobile number "
                        "every day exceeds the upper limit",
                    }
                ],
                "RequestId": "x",
            }
        }
        with pytest.raises(SMSError, match="PhoneNumberDailyLimit"):
            TencentCloudSMSBackend.parse_response(data)

    @pytest.mark.parametrize("data", [{}, {"Response": {}}, {"Response": {"SendStatusSet": []}}])
    def test_malformed_answers(self, data):
        with pytest.raises(SMSError):
            TencentCloudSMSBackend.parse_response(data)

    def test_send_posts_the_signed_request_and_reads_the_answer(self, monkeypatch):
        sent = {}

        def fake_urlopen(request, timeout):
            sent.update(url=request.full_url, headers=dict(request.header_items()), timeout=timeout)
            sent["body"] = json.loads(request.data)
            answer = {"Response": {"SendStatusSet": [{"Code": "Ok", "SerialNo": "S1"}]}}
            return io.BytesIO(json.dumps(answer).encode())

        monkeypatch.setattr("titleportal.sms.urllib.request.urlopen", fake_urlopen)
        backend = TencentCloudSMSBackend(TENCENT)
        assert (
            backend.send("13800000001", "text", template="verification_code", params=["1"]) == "S1"
        )
        assert sent["url"] == "https://sms.tencentcloudapi.com/"
        assert sent["headers"]["Authorization"].startswith("TC3-HMAC-SHA256 Credential=AKID")
        assert sent["body"]["PhoneNumberSet"] == ["+8613800000001"]
        assert sent["timeout"] == 10

    def test_network_failure_is_an_sms_error(self, monkeypatch):
        def fail(request, timeout):
            raise urllib.error.URLError("timed out")

        monkeypatch.setattr("titleportal.sms.urllib.request.urlopen", fail)
        with pytest.raises(SMSError, match="could not be reached"):
            TencentCloudSMSBackend(TENCENT).send("13800000001", "t", template="verification_code")


class TestQuota:
    def test_cool_down_between_codes_to_one_phone(self, settings):
        send_verification_code("13800000009", "123456", address="10.0.0.1")
        with pytest.raises(SMSQuotaExceeded, match=r"\d+ 秒后"):
            send_verification_code("13800000009", "654321", address="10.0.0.2")
        # Another phone is not held back.
        send_verification_code("13800000008", "123456", address="10.0.0.1")

    def test_cool_down_ends(self, settings, monkeypatch):
        send_verification_code("13800000009", "123456", address="10.0.0.1")
        quota = SMSQuota()
        assert 55 <= quota.seconds_until_resend("13800000009") <= 61
        later = time.time() + 61
        monkeypatch.setattr("titleportal.sms.time.time", lambda: later)
        assert quota.seconds_until_resend("13800000009") == 0

    def test_daily_limit_per_phone(self, settings):
        settings.SMS_RESEND_COOLDOWN = 0
        settings.SMS_DAILY_LIMIT_PER_PHONE = 3
        for index in range(3):
            send_verification_code("13800000009", "123456", address=f"10.0.0.{index}")
        with pytest.raises(SMSQuotaExceeded, match="该手机号今天"):
            send_verification_code("13800000009", "123456", address="10.0.0.9")
        with pytest.raises(SMSQuotaExceeded):
            SMSQuota().check("13800000009", "10.0.0.9")

    def test_daily_limit_per_address(self, settings):
        settings.SMS_RESEND_COOLDOWN = 0
        settings.SMS_DAILY_LIMIT_PER_ADDRESS = 2
        send_verification_code("13800000001", "123456", address="10.0.0.1")
        send_verification_code("13800000002", "123456", address="10.0.0.1")
        with pytest.raises(SMSQuotaExceeded, match="您所在网络"):
            send_verification_code("13800000003", "123456", address="10.0.0.1")
        # The refused message counted nowhere: the phone may still receive from elsewhere.
        send_verification_code("13800000003", "123456", address="10.0.0.2")

    def test_code_message_names_the_validity(self, settings, tmp_path):
        settings.SMS_OUTBOX = tmp_path / "outbox.log"
        send_verification_code("13800000009", "246810", address="10.0.0.1")
        text = FileSMSBackend().messages()[-1][2]
        assert "246810" in text and "5 分钟" in text and "职称服务平台" in text
