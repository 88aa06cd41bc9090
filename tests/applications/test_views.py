import pytest
from django.urls import reverse

from applications.models import Kind

from .conftest import start

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhang(client, demo):
    client.force_login(demo.applicant)
    return client


class TestPages:
    @pytest.mark.parametrize("kind", Kind.values)
    def test_list_and_start_pages(self, zhang, kind):
        page = zhang.get(reverse("applications:list", args=[kind]))
        assert page.status_code == 200 and "我要申报" in page.content.decode()
        page = zhang.get(reverse("applications:start", args=[kind]))
        assert page.status_code == 200

    def test_every_section_page_of_an_evaluation_renders(self, zhang, demo, session):
        application = start(demo.applicant, Kind.EVALUATION, demo=demo)
        from applications.sections import section_keys

        for key in section_keys(application):
            page = zhang.get(reverse("applications:section", args=[application.pk, key]))
            assert page.status_code == 200, key
        for name in ("submit", "route", "detail", "progress", "print", "withdraw", "discard"):
            assert (
                zhang.get(reverse(f"applications:{name}", args=[application.pk])).status_code == 200
            ), name
        assert (
            zhang.get(
                reverse("applications:row_new", args=[application.pk, "education"])
            ).status_code
            == 200
        )
        assert (
            zhang.get(
                reverse("applications:row_new", args=[application.pk, "achievements"])
            ).status_code
            == 200
        )
