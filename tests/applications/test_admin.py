import pytest

pytestmark = pytest.mark.django_db


def test_admin_lists_and_edits_materials_templates_and_applications(client, demo):
    from applications.demo import seed_applications
    from applications.models import Application

    seed_applications()
    client.force_login(demo.admin)
    for url in [
        "/admin/applications/requiredmaterial/",
        "/admin/applications/achievementtemplate/",
        "/admin/applications/voidnotice/",
        "/admin/applications/application/",
        f"/admin/applications/application/{Application.objects.first().pk}/change/",
        "/admin/applications/requiredmaterial/add/",
    ]:
        assert client.get(url).status_code == 200, url
