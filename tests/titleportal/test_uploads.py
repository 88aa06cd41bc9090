import datetime
import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from PIL import Image

from tests import files
from tests.clock import beijing
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

    @pytest.mark.parametrize(
        "data",
        [
            b"%PDF-1.7\n1 0 obj garbage",
            b"%PDF-1.4\n" + bytes(range(256)) * 40,
            files.pdf_bytes()[:40],
        ],
        ids=["garbage", "binary-noise", "cut-short"],
    )
    def test_broken_pdf_is_refused(self, data):
        with pytest.raises(ValidationError, match=r"PDF 文件已损坏，无法打开"):
            check(files.upload("x.pdf", data), uploads.PDF)

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


class TestPdfsAreStoredInert:
    """A PDF is saved again without anything that runs, opens, submits or carries a file;
    what is on its pages stays. Each PDF is built with pikepdf and the stored copy is read
    back with pypdf."""

    @pytest.mark.parametrize("kind", files.ACTIVE_PDF_KINDS)
    def test_active_content_is_removed_and_the_pages_stay(self, kind):
        data = files.active_pdf_bytes(kind)
        assert files.active_content(data), "the test PDF carries what it is named after"
        stored = check(files.upload(f"{kind}.pdf", data), uploads.PDF)
        assert stored.kind == "pdf"
        assert files.active_content(stored.content) == set()
        assert files.pdf_pages(stored.content) == [files.PAGE_CONTENT, b""]

    def test_links_inside_the_document_and_bookmarks_stay(self):
        from pypdf import PdfReader

        stored = check(files.upload("x.pdf", files.active_pdf_bytes("uri_action")), uploads.PDF)
        reader = PdfReader(io.BytesIO(stored.content))
        links = [a.get_object() for a in reader.pages[0]["/Annots"]]
        assert [(link["/Subtype"], link["/A"]["/S"]) for link in links if "/A" in link] == [
            ("/Link", "/GoTo")
        ]
        assert reader.get_destination_page_number(reader.outline[0]) == 1

    def test_every_kind_at_once(self):
        data = files.active_pdf_bytes(*files.ACTIVE_PDF_KINDS)
        assert len(files.active_content(data)) >= 15
        stored = check(files.upload("all.pdf", data), uploads.PDF)
        assert files.active_content(stored.content) == set()
        assert files.pdf_pages(stored.content) == [files.PAGE_CONTENT, b""]

    def test_owner_password_pdf_is_accepted_and_stored_without_the_restrictions(self):
        import pikepdf
        from pypdf import PdfReader

        restricted = pikepdf.Encryption(
            owner="发文机关",
            user="",
            allow=pikepdf.Permissions(extract=False, modify_other=False, print_highres=False),
        )
        data = files.active_pdf_bytes("open_action", encryption=restricted)
        assert PdfReader(io.BytesIO(data)).is_encrypted
        stored = check(files.upload("红头文件.pdf", data), uploads.PDF)
        reader = PdfReader(io.BytesIO(stored.content))
        assert not reader.is_encrypted
        assert files.pdf_pages(stored.content) == [files.PAGE_CONTENT, b""]
        assert files.active_content(stored.content) == set()

    def test_pdf_that_needs_a_password_to_open_is_refused(self):
        import pikepdf

        locked = pikepdf.Encryption(owner="owner", user="open-sesame")
        data = files.active_pdf_bytes("uri_action", encryption=locked)
        with pytest.raises(ValidationError, match="该 PDF 文件需要密码才能打开") as refused:
            check(files.upload("locked.pdf", data), uploads.PDF)
        assert refused.value.code == "encrypted"

    @pytest.mark.django_db
    def test_the_stashed_file_is_the_inert_one(self):
        form = LicenceForm(
            {"name": "x"},
            {"licence": files.upload("执照.pdf", files.active_pdf_bytes("embedded_file"))},
            request=TestStashing().request(),
        )
        assert form.is_valid(), form.errors
        with form.cleaned_data["licence"].file.open("rb") as stored:
            assert files.active_content(stored.read()) == set()


class TestImageCost:
    """Normalising one image costs a bounded number of encodes, counted around the one
    function that encodes (uploads.encode), whatever the picture."""

    @pytest.fixture
    def encodes(self, monkeypatch):
        calls = []
        real = uploads.images.encode

        def counting(image, fmt, **options):
            calls.append((image.size, fmt, options.get("quality")))
            return real(image, fmt, **options)

        monkeypatch.setattr(uploads.images, "encode", counting)
        return calls

    @pytest.mark.parametrize(
        ("upload", "policy"),
        [
            (lambda: files.jpeg(size=(4000, 3000), noise=True, quality=98), uploads.SCAN),
            (lambda: files.jpeg(size=(4000, 3000), noise=True, quality=98), uploads.PHOTO),
            (lambda: files.png(size=(3000, 3000), noise=True), uploads.SCAN),
            (lambda: files.heic(size=(2000, 1500)), uploads.PHOTO),
            (lambda: files.jpeg(size=(1000, 750), noise=True, quality=100), uploads.PHOTO),
        ],
        ids=["noise-jpeg-scan", "noise-jpeg-photo", "noise-png-scan", "large-heic", "photo-edge"],
    )
    def test_worst_case_images_fit_in_at_most_five_encodes(self, encodes, upload, policy):
        result = check(upload(), policy)
        assert len(result.content) <= policy.image_max_bytes
        assert 1 <= len(encodes) <= uploads.MAX_ENCODES == 5, encodes
        width, height = Image.open(io.BytesIO(result.content)).size
        assert max(width, height) <= policy.image_max_side

    def test_ordinary_photo_costs_one_encode(self, encodes):
        check(files.jpeg(size=(4000, 3000)), uploads.SCAN)
        assert len(encodes) == 1

    def test_quality_is_searched_before_the_picture_shrinks_more(self, encodes):
        # Random pixels at the ID-photo size: slightly too big at the first quality, so the
        # search lowers the quality and keeps the full 1000 pixels.
        result = check(files.jpeg(size=(1000, 750), noise=True, quality=100), uploads.PHOTO)
        assert encodes[0][2] == uploads.JPEG_QUALITY_START
        assert Image.open(io.BytesIO(result.content)).size == (1000, 750)
        assert all(quality >= uploads.JPEG_QUALITY_FLOOR for _size, _fmt, quality in encodes)

    def test_large_pixel_counts_are_refused_before_decoding(self, encodes):
        # 49 megapixels in a JPEG header: above the limit (Pillow itself would only warn).
        image = Image.new("L", (7000, 7000))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG")
        with pytest.raises(ValidationError, match="图片像素过大") as refused:
            check(files.upload("huge.jpg", buffer.getvalue()), uploads.SCAN)
        assert refused.value.code == "bomb"
        assert encodes == []


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


@pytest.mark.django_db
class TestUploadLimit:
    """So many new files an hour and a day per person (per address without an account); the
    refusal is a message on the field and nothing else of the form is lost."""

    LIMITED = "上传文件过于频繁：每小时最多上传 2 个文件，每天最多 3 个"

    def post(self, request, **data):
        form = LicenceForm({"name": "南宁蓝海", **data}, {"licence": files.jpeg()}, request=request)
        form.is_valid()
        return form

    def test_hourly_then_daily_limit(self, settings, time_machine, django_user_model):
        files.limit_uploads(settings, hour=2, day=3)
        time_machine.move_to(beijing(datetime.date(2026, 11, 23), 9), tick=False)
        request = TestStashing().request(
            django_user_model.objects.create_user(username="a", password="x")
        )
        assert self.post(request).is_valid() and self.post(request).is_valid()
        refused = self.post(request)
        assert refused.errors == {"licence": [refused.errors["licence"][0]]}
        assert self.LIMITED in refused.errors["licence"][0]
        assert refused.data["name"] == "南宁蓝海"  # what was typed is still there
        time_machine.shift(datetime.timedelta(minutes=61))
        assert self.post(request).is_valid()  # a new hour
        time_machine.shift(datetime.timedelta(minutes=61))
        assert self.LIMITED in self.post(request).errors["licence"][0]  # but the day is used up
        time_machine.shift(datetime.timedelta(hours=23))
        assert self.post(request).is_valid()

    def test_each_person_has_their_own_allowance(self, settings, django_user_model):
        files.limit_uploads(settings, hour=1, day=1)
        first, second = (
            TestStashing().request(django_user_model.objects.create_user(username=n, password="x"))
            for n in ("a", "b")
        )
        assert self.post(first).is_valid()
        assert not self.post(first).is_valid()
        assert self.post(second).is_valid()

    def test_anonymous_uploads_count_per_address(self, settings):
        files.limit_uploads(settings, hour=1, day=5)
        assert self.post(TestStashing().request()).is_valid()
        # Another session from the same address: still the same allowance.
        assert "licence" in self.post(TestStashing().request()).errors

    def test_a_kept_file_is_not_counted_again(self, settings, django_user_model):
        files.limit_uploads(settings, hour=1, day=1)
        request = TestStashing().request(
            django_user_model.objects.create_user(username="a", password="x")
        )
        failed = LicenceForm({"name": ""}, {"licence": files.jpeg()}, request=request)
        assert not failed.is_valid()
        token = failed.data["licence__token"]
        again = LicenceForm({"name": "x", "licence__token": token}, {}, request=request)
        assert again.is_valid(), again.errors

    def test_uploads_go_on_when_the_shared_cache_is_down(self, settings, django_user_model):
        files.limit_uploads(settings, hour=1, day=1)
        # Nothing listens on port 1: every cache call fails, as with Redis down.
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:1/0",
                "OPTIONS": {"socket_connect_timeout": 0.2},
            }
        }
        request = TestStashing().request(
            django_user_model.objects.create_user(username="a", password="x")
        )
        assert self.post(request).is_valid() and self.post(request).is_valid()


def test_a_pdf_with_too_many_objects_is_refused_before_it_is_cleaned(monkeypatch):
    data = files.active_pdf_bytes("annotation_javascript")
    monkeypatch.setattr(uploads.pdfs, "MAX_PDF_OBJECTS", 5)
    with pytest.raises(ValidationError, match="PDF 文件页数或对象过多") as refused:
        check(files.upload("x.pdf", data), uploads.PDF)
    assert refused.value.code == "too_complex"
