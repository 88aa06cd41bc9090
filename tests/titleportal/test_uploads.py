import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from PIL import Image

from tests import files
from titleportal import uploads
from titleportal.models import StashedUpload


def check(upload, policy):
    return uploads.check_upload(upload, policy)


class TestContentChecks:
    def test_jpeg_scan_is_accepted_and_reencoded_without_exif(self):
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"
        result = check(files.jpeg(exif=exif.tobytes()), uploads.SCAN)
        assert result.kind == "jpeg" and not result.converted
        assert not Image.open(io.BytesIO(result.content)).getexif()

    def test_fake_jpg_is_refused_by_content(self):
        fake = files.upload("scan.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
        with pytest.raises(ValidationError, match=r"不支持|not accepted"):
            check(fake, uploads.SCAN)

    def test_svg_is_refused(self):
        svg = files.upload(
            "logo.jpg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'
        )
        with pytest.raises(ValidationError):
            check(svg, uploads.SCAN)

    def test_png_and_heic_phone_photos_are_converted_to_jpeg(self):
        for upload in (files.png(), files.heic()):
            result = check(upload, uploads.SCAN)
            assert result.kind == "jpeg" and result.converted
            assert Image.open(io.BytesIO(result.content)).format == "JPEG"

    def test_oversize_photo_is_scaled_under_the_limit(self):
        big = files.jpeg(size=(3000, 2200), noise=True, quality=98)
        assert big.size > 1024 * 1024
        result = check(big, uploads.SCAN)
        assert len(result.content) <= 1024 * 1024 and result.converted
        photo = check(files.jpeg(size=(3000, 2200), noise=True, quality=98), uploads.PHOTO)
        assert len(photo.content) <= 500 * 1024

    def test_exif_rotation_is_applied(self):
        exif = Image.Exif()
        exif[0x0112] = 6  # rotate 90° clockwise when displayed
        result = check(files.jpeg(size=(400, 200), exif=exif.tobytes()), uploads.SCAN)
        assert Image.open(io.BytesIO(result.content)).size == (200, 400)

    def test_decompression_bomb_is_refused(self):
        bomb = files.upload("bomb.png", _bomb_png())
        with pytest.raises(ValidationError, match=r"像素|pixels"):
            check(bomb, uploads.SCAN)

    def test_broken_image_is_refused(self):
        data = files.image_bytes("JPEG")[:200]
        with pytest.raises(ValidationError):
            check(files.upload("cut.jpg", data), uploads.SCAN)

    def test_pdf_is_accepted_only_where_allowed(self):
        assert check(files.pdf(), uploads.PDF).kind == "pdf"
        with pytest.raises(ValidationError):
            check(files.pdf(), uploads.SCAN)

    def test_encrypted_pdf_is_refused(self):
        with pytest.raises(ValidationError, match=r"密码|password"):
            check(files.pdf(encrypt=True), uploads.PDF)

    def test_broken_pdf_is_refused(self):
        with pytest.raises(ValidationError, match=r"损坏|damaged"):
            check(files.upload("x.pdf", b"%PDF-1.7\n1 0 obj garbage"), uploads.PDF)

    def test_pdf_over_30_mb_is_refused_with_its_size(self):
        data = files.pdf_bytes() + b"%" + b"0" * (31 * 1024 * 1024)
        with pytest.raises(ValidationError, match=r"30.0 MB"):
            check(files.upload("big.pdf", data), uploads.PDF)

    def test_seal_must_be_png_and_keeps_transparency(self):
        seal = check(files.png(mode="RGBA"), uploads.SEAL)
        assert seal.kind == "png"
        assert Image.open(io.BytesIO(seal.content)).mode == "RGBA"
        with pytest.raises(ValidationError):
            check(files.jpeg(), uploads.SEAL)


def _bomb_png() -> bytes:
    # 9000 x 9000 = 81 megapixels of one colour: a tiny file that would take 243 MB decoded.
    image = Image.new("1", (9000, 9000))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


class LicenceForm(uploads.StashingFormMixin, forms.Form):
    name = forms.CharField()
    licence = uploads.PrivateUploadField(policy=uploads.SCAN_OR_PDF)


@pytest.mark.django_db
class TestStashing:
    def request(self, user=None):
        from django.contrib.auth.models import AnonymousUser
        from django.contrib.sessions.backends.db import SessionStore

        request = RequestFactory().post("/")
        request.user = user or AnonymousUser()
        request.session = SessionStore()
        return request

    def test_accepted_file_survives_a_failure_elsewhere(self):
        request = self.request()
        form = LicenceForm({"name": ""}, {"licence": files.jpeg()}, request=request)
        assert not form.is_valid() and "name" in form.errors
        token = form.data["licence__token"]
        html = str(form["licence"])
        assert token in html and "scan.jpg" in html
        # The person fixes the name; the file comes from the stash, not a new upload.
        again = LicenceForm({"name": "蓝海", "licence__token": token}, {}, request=request)
        assert again.is_valid(), again.errors
        assert again.cleaned_data["licence"].original_name == "scan.jpg"

    def test_someone_else_cannot_use_the_token(self, django_user_model):
        owner = django_user_model.objects.create_user(username="a", password="x")
        other = django_user_model.objects.create_user(username="b", password="x")
        form = LicenceForm({"name": ""}, {"licence": files.pdf()}, request=self.request(owner))
        form.is_valid()
        token = form.data["licence__token"]
        stolen = LicenceForm(
            {"name": "x", "licence__token": token}, {}, request=self.request(other)
        )
        assert not stolen.is_valid() and "licence" in stolen.errors

    def test_claim_moves_the_file_and_forgets_the_stash(self, tmp_path):
        from units.models import Unit

        form = LicenceForm({"name": "x"}, {"licence": files.pdf()}, request=self.request())
        assert form.is_valid()
        stashed = form.cleaned_data["licence"]
        unit = Unit(name="x")
        stashed.claim(unit.licence_file, "licences")
        assert unit.licence_file.name.startswith("licences/") and unit.licence_file.name.endswith(
            ".pdf"
        )
        assert not StashedUpload.objects.filter(pk=stashed.pk).exists()

    def test_pending_upload_preview_only_for_its_owner(self, client, django_user_model):
        owner = django_user_model.objects.create_user(username="a", password="x")
        client.force_login(owner)
        request = self.request(owner)
        form = LicenceForm({"name": ""}, {"licence": files.jpeg()}, request=request)
        form.is_valid()
        url = f"/uploads/pending/{form.data['licence__token']}/"
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        client.logout()
        assert client.get(url).status_code == 404
