"""下载专区管理: office staff publish, change, replace and remove their own office's downloads in
the portal; files are checked like every upload, bad input keeps what was typed and uploaded,
other offices' downloads answer 404, and the public download area shows what was published."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from reviews.models import OfficeDownload
from reviews.services import downloads as download_services
from tests.factories import staff_of
from tests.files import jpeg, pdf, upload
from titleportal.models import Download

pytestmark = pytest.mark.django_db

FORM = {"title": "职称评审表", "category": "form", "description": "", "sort": "0"}


@pytest.fixture
def office_client(client_as, demo, keys):
    return client_as(demo.office_staff, keys["office_staff"])


def _publish(client, **changes):
    data = {**FORM, "is_published": "on", "upload": pdf(name="评审表.pdf"), **changes}
    return client.post(reverse("reviews:office_downloads"), data)


def test_office_staff_publish_a_download_people_can_fetch(office_client, client, demo):
    response = _publish(office_client)

    assert response.status_code == 302
    link = OfficeDownload.objects.select_related("download").get()
    assert link.office == demo.office and link.uploaded_by == demo.office_staff
    assert link.download.original_name == "评审表.pdf" and link.download.content_kind == "pdf"
    client.logout()
    public = client.get(reverse("downloads"))
    assert "职称评审表" in public.content.decode()
    fetched = client.get(reverse("download_file", args=[link.download.pk]))
    assert fetched.status_code == 200 and b"".join(fetched.streaming_content)[:5] == b"%PDF-"


def test_a_file_that_is_no_document_is_refused_next_to_the_field_and_the_title_kept(
    office_client,
):
    response = _publish(office_client, title="承诺书模板", upload=upload("x.exe", b"MZ\x90\x00"))

    assert response.status_code == 400
    assert not Download.objects.filter(title="承诺书模板").exists()
    content = response.content.decode()
    assert 'value="承诺书模板"' in content
    assert "invalid-feedback" in content


def test_an_accepted_file_is_kept_when_another_field_is_wrong(office_client):
    response = _publish(office_client, title="")

    assert response.status_code == 400
    token = response.context["form"].data["upload__token"]
    again = office_client.post(
        reverse("reviews:office_downloads"), {**FORM, "is_published": "on", "upload__token": token}
    )
    assert again.status_code == 302
    assert Download.objects.get(title="职称评审表").original_name == "评审表.pdf"


def test_replacing_the_file_and_removing_the_download(
    office_client, django_capture_on_commit_callbacks
):
    _publish(office_client)
    download = Download.objects.get()
    old_name = download.file.name

    edit = reverse("reviews:office_download_edit", args=[download.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(
            edit, {**FORM, "title": "职称评审表（2026版）", "upload": jpeg(name="新表.jpg")}
        )

    assert response.status_code == 302
    download.refresh_from_db()
    assert download.title == "职称评审表（2026版）" and download.original_name == "新表.jpg"
    assert download.file.name != old_name and not download.is_published
    assert not download.file.storage.exists(old_name)

    new_name = download.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(reverse("reviews:office_download_delete", args=[download.pk]))
    assert response.status_code == 302
    assert not Download.objects.exists() and not OfficeDownload.objects.exists()
    assert not download.file.storage.exists(new_name)


def test_another_offices_staff_see_none_of_these_downloads(office_client, client_as, demo):
    _publish(office_client)
    download = Download.objects.get()
    other = staff_of(demo.office_qz, Role.OFFICE_STAFF)
    client = client_as(other, f"office_staff:{demo.office_qz.pk}")

    listed = client.get(reverse("reviews:office_downloads"))
    assert "职称评审表" not in listed.content.decode()
    for name in ("office_download_edit", "office_download_delete"):
        assert client.post(reverse(f"reviews:{name}", args=[download.pk])).status_code == 404
    assert Download.objects.filter(pk=download.pk).exists()


def test_admin_downloads_are_not_the_offices_to_change(office_client):
    admin_file = Download.objects.create(
        title="管理员的表格", category="form", original_name="a.pdf", content_kind="pdf"
    )
    url = reverse("reviews:office_download_edit", args=[admin_file.pk])
    assert office_client.get(url).status_code == 404


def test_an_office_keeps_a_bounded_number_of_downloads(office_client, monkeypatch):
    monkeypatch.setattr(download_services, "OFFICE_DOWNLOADS_MAX", 1)
    _publish(office_client)

    response = _publish(office_client, title="第二个表格", upload=pdf(name="b.pdf"))

    assert response.status_code == 400
    assert "最多保留1个下载文件" in response.content.decode()
    assert Download.objects.count() == 1
