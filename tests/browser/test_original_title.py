"""A reconfirmation takes its original title (原职称) from the person's certificate."""

import pytest

from applications.models import Kind
from tests.applications.conftest import start
from tests.applications.test_certificate_links import _certificate_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reconfirmation_original_title_from_my_certificate(
    page, live_server, demo, login_as, screenshot, console_errors
):
    certificate = _certificate_of(demo, year=2024)
    application = start(demo.applicant, Kind.RECONFIRMATION, demo=demo)
    login_as(demo.applicant)
    page.goto(f"{live_server.url}/applications/{application.pk}/sections/application_info/")
    picker = page.locator(".certificate-picker")
    assert picker.get_by_text(certificate.number).is_visible()
    picker.get_by_role("button", name="使用此证书").click()
    form = page.locator("#section-form")
    assert (
        form.locator("[name=original_qualification]").input_value()
        == certificate.qualification_label
    )
    assert form.locator("[name=original_specialty]").input_value() == certificate.specialty_name
    screenshot(page, "applications-original-title-from-certificate")
    assert console_errors == []
