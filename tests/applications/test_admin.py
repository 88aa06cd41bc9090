import pytest

pytestmark = pytest.mark.django_db


def test_admin_lists_and_edits_materials_templates_and_applications(client, demo):
    from applications.models import Application
    from titleportal.demo.applications import seed_applications

    seed_applications()
    client.force_login(demo.admin)
    for url in [
        "/admin/units/requiredmaterial/",
        "/admin/units/achievementtemplate/",
        "/admin/applications/voidnotice/",
        "/admin/applications/application/",
        f"/admin/applications/application/{Application.objects.first().pk}/change/",
        "/admin/units/requiredmaterial/add/",
    ]:
        assert client.get(url).status_code == 200, url
