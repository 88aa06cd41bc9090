"""Notice attachments, 评审条件, 下载专区 and 操作指南: public pages and their files."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests import files
from titleportal import uploads
from titleportal.demo.files import form_xlsx
from titleportal.models import Download, Notice, NoticeAttachment


def _rezip(data: bytes, *, add: dict[str, bytes] | None = None, replace=None) -> bytes:
    """``data`` (a .docx/.xlsx) with members added, or changed by ``replace(name, bytes)``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            target.writestr(member, replace(member.filename, content) if replace else content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return buffer.getvalue()


XLSX = form_xlsx("推荐意见表", ["姓名", "推荐意见"])


class TestOfficeDocumentCheck:
    def test_a_plain_workbook_is_accepted_as_xlsx(self):
        checked = uploads.check_upload(files.upload("表.xlsx", XLSX), uploads.DOCUMENT)
        assert checked.kind == "xlsx" and checked.extension == ".xlsx"

    def test_a_workbook_with_macros_is_refused(self):
        macro = _rezip(XLSX, add={"xl/vbaProject.bin": b"\x00" * 64})
        with pytest.raises(ValidationError, match="宏"):
            uploads.check_upload(files.upload("表.xlsm", macro), uploads.DOCUMENT)

    def test_a_macro_content_type_is_refused(self):
        def macro_type(name, content):
            if name == "[Content_Types].xml":
                return content.replace(
                    b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
                )
            return content

        with pytest.raises(ValidationError, match="宏"):
            uploads.check_upload(
                files.upload("表.xlsx", _rezip(XLSX, replace=macro_type)), uploads.DOCUMENT
            )

    def test_a_template_fetched_from_another_address_is_refused(self):
        rels = (
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
            b'Target="http://203.0.113.9/t.dotm" TargetMode="External"/></Relationships>'
        )
        remote = _rezip(XLSX, add={"xl/_rels/settings.xml.rels": rels})
        with pytest.raises(ValidationError, match="其他地址"):
            uploads.check_upload(files.upload("表.xlsx", remote), uploads.DOCUMENT)

    def test_a_zip_that_is_no_office_document_is_refused(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("evil.exe", b"MZ")
        with pytest.raises(ValidationError, match="不是 Word 或 Excel"):
            uploads.check_upload(files.upload("表.docx", buffer.getvalue()), uploads.DOCUMENT)

    def test_application_uploads_still_refuse_office_documents(self):
        with pytest.raises(ValidationError):
            uploads.check_upload(files.upload("表.xlsx", XLSX), uploads.SCAN_OR_PDF)


def _attach(notice, content=None, name="评审条件.pdf"):
    from titleportal.demo.files import publish

    attachment = NoticeAttachment(notice=notice)
    publish(attachment, content or files.pdf_bytes(), name)
    attachment.save()
    return attachment


@pytest.mark.django_db
class TestNoticeAttachments:
    def test_anyone_downloads_the_attachment_of_a_published_notice(self, client):
        notice = Notice.objects.create(category=Notice.Category.CRITERIA, title="评审条件")
        attachment = _attach(notice)
        page = client.get(reverse("notice_detail", args=["criteria", notice.pk])).content.decode()
        url = reverse("notice_attachment", args=["criteria", notice.pk, attachment.pk])
        assert url in page and "评审条件.pdf" in page
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "%E8%AF%84%E5%AE%A1%E6%9D%A1%E4%BB%B6.pdf" in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(b"%PDF")

    def test_a_spreadsheet_is_a_download_never_shown_inline(self, client):
        notice = Notice.objects.create(category=Notice.Category.NOTICE, title="通知")
        attachment = _attach(notice, XLSX, "花名册.xlsx")
        response = client.get(
            reverse("notice_attachment", args=["notice", notice.pk, attachment.pk])
        )
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment;")

    def test_files_of_unpublished_or_future_notices_answer_404(self, client):
        hidden = Notice.objects.create(category="criteria", title="草稿", is_published=False)
        later = Notice.objects.create(
            category="criteria",
            title="明天发布",
            published_at=timezone.now() + datetime.timedelta(days=1),
        )
        for notice in (hidden, later):
            attachment = _attach(notice)
            url = reverse("notice_attachment", args=["criteria", notice.pk, attachment.pk])
            assert client.get(url).status_code == 404

    def test_an_attachment_asked_for_under_another_notice_answers_404(self, client):
        first = Notice.objects.create(category="notice", title="一")
        second = Notice.objects.create(category="notice", title="二")
        attachment = _attach(first)
        url = reverse("notice_attachment", args=["notice", second.pk, attachment.pk])
        assert client.get(url).status_code == 404

    def test_the_list_marks_notices_with_files_and_filters_by_category_and_title(self, client):
        criteria = Notice.objects.create(category="criteria", title="卫生系列高级评审条件")
        _attach(criteria)
        Notice.objects.create(category="criteria", title="会计系列评审条件")
        Notice.objects.create(category="notice", title="系统维护公告")
        page = client.get(reverse("notices", args=["criteria"])).content.decode()
        assert "卫生系列高级评审条件" in page and "会计系列评审条件" in page
        assert "系统维护公告" not in page
        assert page.count("bi-paperclip") == 1
        assert "评审条件" in page and 'aria-current="page">评审条件' in page
        found = client.get(reverse("notices", args=["criteria"]), {"q": "卫生"}).content.decode()
        assert "卫生系列高级评审条件" in found and "会计系列评审条件" not in found

    def test_admin_upload_is_checked_and_stored_under_a_random_name(self, admin_client):
        response = admin_client.post(
            reverse("admin:titleportal_notice_add"),
            {
                "category": "criteria",
                "title": "经济系列评审条件",
                "body": "",
                "link": "",
                "published_at_0": "2026-11-20",
                "published_at_1": "10:00:00",
                "is_published": "on",
                "attachments-TOTAL_FORMS": "2",
                "attachments-INITIAL_FORMS": "0",
                "attachments-0-file": files.pdf("经济系列评审条件.pdf"),
                "attachments-0-sort": "0",
                "attachments-1-file": files.upload("附表.xlsx", XLSX),
                "attachments-1-original_name": "附表一",
                "attachments-1-sort": "1",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        stored = list(NoticeAttachment.objects.order_by("sort"))
        assert [(a.original_name, a.content_kind) for a in stored] == [
            ("经济系列评审条件.pdf", "pdf"),
            ("附表一", "xlsx"),
        ]
        assert stored[1].download_name == "附表一.xlsx"
        assert all(
            "经济" not in a.file.name and a.file.name.startswith("published/") for a in stored
        )

    def test_admin_refuses_a_file_that_is_not_accepted_and_keeps_the_notice_text(
        self, admin_client
    ):
        response = admin_client.post(
            reverse("admin:titleportal_notice_add"),
            {
                "category": "notice",
                "title": "带附件的通知",
                "published_at_0": "2026-11-20",
                "published_at_1": "10:00:00",
                "attachments-TOTAL_FORMS": "1",
                "attachments-INITIAL_FORMS": "0",
                "attachments-0-file": files.upload("run.pdf", b"MZ\x90\x00 not a pdf"),
                "attachments-0-sort": "0",
            },
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "带附件的通知" in page and "不支持该文件类型" in page
        assert not Notice.objects.exists()


@pytest.mark.django_db
class TestDownloadArea:
    def test_published_forms_are_listed_by_category_and_downloadable(self, client):
        from titleportal.demo.files import publish

        shown = Download(title="基层单位考核推荐意见表", category=Download.Category.FORM)
        publish(shown, XLSX, "推荐意见表.xlsx")
        shown.save()
        hidden = Download(
            title="旧版评审表", category=Download.Category.TEMPLATE, is_published=False
        )
        publish(hidden, files.pdf_bytes(), "旧版.pdf")
        hidden.save()
        page = client.get(reverse("downloads")).content.decode()
        assert "下载专区" in page and "基层单位考核推荐意见表" in page and "XLSX" in page
        assert "旧版评审表" not in page
        response = client.get(reverse("download_file", args=[shown.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content)[:2] == b"PK"
        assert client.get(reverse("download_file", args=[hidden.pk])).status_code == 404

    def test_the_demo_publishes_its_files_once(self, demo):
        from titleportal.demo import seed_notices, seed_published_files

        for _ in range(2):
            seed_notices()
            seed_published_files()
        assert Download.objects.count() == 5
        assert NoticeAttachment.objects.filter(notice__category="criteria").count() == 1
        assert NoticeAttachment.objects.filter(notice__category="notice").count() == 1
        kinds = set(Download.objects.values_list("content_kind", flat=True))
        assert kinds == {"pdf", "xlsx"}


@pytest.mark.django_db
class TestGuides:
    @pytest.mark.parametrize(
        ("role", "words"),
        [
            ("applicant", ["申报人操作指南", "单位调整", "同意并报送", "撤回", "下载专区"]),
            ("unit", ["单位用户", "单位秘钥", "新增工作人员", "保存单位意见", "记住这台设备"]),
            ("department", ["主管部门操作指南", "报送上一级", "退回修改"]),
            ("office", ["职改办操作指南", "批量发证", "证书审验", "对账导出"]),
            ("committee", ["评委会操作指南", "新建评审活动", "导入评审结果", "结束受理"]),
        ],
    )
    def test_each_role_has_its_guide(self, client, role, words):
        page = client.get(reverse("guide", args=[role])).content.decode()
        for word in words:
            assert word in page, word

    def test_unknown_guide_is_not_found_and_the_index_links_every_guide(self, client):
        assert client.get("/guides/admin/").status_code == 404
        index = client.get(reverse("guides")).content.decode()
        for role in ("applicant", "unit", "department", "office", "committee"):
            assert reverse("guide", args=[role]) in index

    def test_navigation_and_footer_link_criteria_downloads_and_guides(self, client):
        page = client.get("/").content.decode()
        for url in (
            reverse("notices", args=["criteria"]),
            reverse("downloads"),
            reverse("guides"),
        ):
            assert f'href="{url}"' in page
