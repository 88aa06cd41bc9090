from accounts.sms import FileSMSBackend, get_sms_backend


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
