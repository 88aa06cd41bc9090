"""No upload is reachable under a public URL: every file stored in the matrix world answers
404 under /media/, /static/ and the site root, while the permission-checked view serves it
to its owner, streamed by Django or handed to nginx / Apache for production."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import override_settings
from django.urls import reverse

from .world import build_world


def stored_files() -> list[str]:
    """The storage names of every file any model of the project holds."""
    names = []
    for model in apps.get_models():
        fields = [f.name for f in model._meta.get_fields() if isinstance(f, models.FileField)]
        for field in fields:
            names += [
                name
                for name in model.objects.exclude(**{field: ""}).values_list(field, flat=True)
                if name
            ]
    return names


@pytest.mark.django_db
def test_stored_uploads_are_not_served_under_any_public_url(client, reference_data):
    world = build_world()
    names = stored_files()
    # Applications' photos and materials, stashed uploads, historical scans, PDFs: the test
    # means something only if the files are really there.
    assert len(names) >= 10
    assert all((Path(settings.MEDIA_ROOT) / name).is_file() for name in names)
    # Even the owner of the files, signed in, finds none of them there.
    client.force_login(world.demo.applicant)
    for name in names:
        for prefix in ("/media/", "/static/", "/", settings.STATIC_URL + "../media/"):
            response = client.get(prefix + name)
            assert response.status_code == 404, f"{prefix}{name} answered {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("server", "header"),
    [("django", None), ("nginx", "X-Accel-Redirect"), ("apache", "X-Sendfile")],
)
def test_owner_gets_the_file_through_the_checked_view(client, reference_data, server, header):
    world = build_world()
    attachment = world.uploads.attachment
    url = reverse(
        "applications:attachment",
        kwargs={"pk": attachment.application_id, "attachment": attachment.pk},
    )
    client.force_login(world.demo.applicant2)
    assert client.get(url).status_code == 404  # 李四: someone else's file
    client.force_login(world.demo.applicant)
    with override_settings(PRIVATE_FILE_SERVER=server):
        response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    stored = Path(settings.MEDIA_ROOT) / attachment.file.name
    if header is None:
        assert b"".join(response.streaming_content) == stored.read_bytes()
    else:
        # The web server sends the bytes; the portal only names the file.
        assert response.content == b""
        target = response[header]
        if server == "nginx":
            assert target.startswith(settings.PRIVATE_FILE_INTERNAL_URL)
            assert target.endswith(attachment.file.name)
        else:
            assert Path(target) == stored
