import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from applications.models import Kind, Status
from reviews.models import Acceptance, ExportLog, UnitOpinion
from tests.factories import ApplicationFactory, PersonFactory, add_sections, move_to
from titleportal.validators import mask_resident_id

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


class TestQueue:
    def test_lists_the_columns_with_masked_id_numbers(
        self, demo, keys, client_as, make_application
    ):
        app = make_application(applicant=demo.applicant, kind=Kind.EVALUATION)
        response = client_as(demo.staff, keys["staff"]).get(reverse("reviews:queue"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "张三" in html and mask_resident_id(demo.applicant.id_number) in html
        assert demo.applicant.id_number not in html
        assert "工程师" in html and demo.unit.name in html and "职称评审" in html
        assert f'value="{app.pk}:{app.version}"' in html
        # red count per kind, and the navigation badge
        assert 'text-bg-danger">1<' in html

    def test_filters_stay_in_the_pagination_links(self, demo, keys, client_as, make_application):
        for _ in range(25):
            make_application(kind=Kind.EVALUATION)
        client = client_as(demo.staff, keys["staff"])
        response = client.get(reverse("reviews:queue"), {"kind": "evaluation", "status": "pending"})
        html = response.content.decode()
        assert "kind=evaluation&amp;status=pending&amp;page=2" in html
        assert response.context["page"].count == 25

    def test_constant_number_of_queries(
        self, demo, keys, client_as, make_application, django_assert_max_num_queries
    ):
        client = client_as(demo.staff, keys["staff"])
        make_application()
        with django_assert_max_num_queries(100) as small:
            client.get(reverse("reviews:queue"), {"status": "all"})
        for _ in range(30):
            make_application(kind=Kind.EVALUATION, opinions=True)
        with django_assert_max_num_queries(len(small.captured_queries)):
            response = client.get(reverse("reviews:queue"), {"status": "all"})
        assert len(response.context["page"].object_list) == 20

    def test_invalid_filters_are_ignored(self, demo, keys, client_as):
        response = client_as(demo.staff, keys["staff"]).get(
            reverse("reviews:queue"), {"year": "abc", "sort": "evil", "series": "999999"}
        )
        assert response.status_code == 200

    def test_an_invalid_filter_says_why_next_to_it_and_keeps_what_was_typed(
        self, demo, keys, client_as
    ):
        response = client_as(demo.staff, keys["staff"]).get(
            reverse("reviews:queue"), {"year": "abc", "q": "张三"}
        )
        html = response.content.decode()
        assert 'value="abc"' in html and 'value="张三"' in html
        assert '<div class="invalid-feedback d-block" id="id_year_error">输入整数。</div>' in html


class TestDetailAndActs:
    def test_detail_shows_header_timeline_and_unit_actions(
        self, demo, keys, client_as, make_application
    ):
        app = make_application(applicant=demo.applicant, kind=Kind.EVALUATION)
        response = client_as(demo.staff, keys["staff"]).get(
            reverse("reviews:detail", args=[app.pk])
        )
        html = response.content.decode()
        assert response.status_code == 200
        for text in ("申报年度", "张三", mask_resident_id(demo.applicant.id_number), "个人报送"):
            assert text in html
        assert 'id="application-sections"' in html
        assert response.context["acts"] == ["opinions", "forward", "return", "reject"]

    def test_detail_queries_do_not_grow_with_the_timeline(
        self, demo, keys, client_as, make_application, django_assert_max_num_queries
    ):
        from applications import actionlog

        app = make_application(applicant=demo.applicant, kind=Kind.EVALUATION, at_office=True)
        client = client_as(demo.office_staff, keys["office_staff"])
        url = reverse("reviews:detail", args=[app.pk])
        with django_assert_max_num_queries(60) as short:
            client.get(url)
        for _ in range(30):
            actionlog.record(
                subject=app, action="application.returned", data={"sections": ["basic_info"]}
            )
        with django_assert_max_num_queries(len(short.captured_queries)):
            response = client.get(url)
        assert len(response.context["actions"]) == 32

    def test_detail_shows_every_section_with_inline_previews(
        self, demo, keys, client_as, make_application
    ):
        app = make_application(applicant=demo.applicant, kind=Kind.EVALUATION, at_office=True)
        add_sections(app, rows=2)
        response = client_as(demo.office_staff, keys["office_staff"]).get(
            reverse("reviews:detail", args=[app.pk])
        )
        html = response.content.decode()
        titles = [section.title for section in response.context["sections"]]
        for title in ("申报信息", "基本情况", "学历信息", "工作经历", "业绩成果", "工作小结"):
            assert title in titles and title in html
        for text in (
            "广西大学1",
            "南宁市政设计院0",
            "斜拉桥索力优化研究1",
            "本人从事结构设计工作十年",
        ):
            assert text in html
        attachments = list(app.attachments.all())
        images = [a for a in attachments if a.is_image]
        pdfs = [a for a in attachments if not a.is_image]
        for attachment in images:
            url = reverse("applications:attachment", args=[app.pk, attachment.pk])
            assert f'<img src="{url}"' in html
        for attachment in pdfs:
            url = reverse("applications:attachment", args=[app.pk, attachment.pk])
            assert f'<iframe src="{url}"' in html
        photo = reverse("applications:file", args=[app.pk, "basic_info", "photo"])
        assert f'<img src="{photo}"' in html

    def test_detail_queries_do_not_grow_with_rows_and_files(
        self, demo, keys, client_as, make_application, django_assert_max_num_queries
    ):
        app = make_application(applicant=demo.applicant, kind=Kind.EVALUATION, at_office=True)
        add_sections(app, rows=1)
        client = client_as(demo.office_staff, keys["office_staff"])
        url = reverse("reviews:detail", args=[app.pk])
        with django_assert_max_num_queries(60) as few:
            client.get(url)
        add_sections(app, rows=20, tag="新")
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(url)
        education = next(s for s in response.context["sections"] if s.key == "education")
        assert len(education.rows) == 21 and all(len(row.files) == 1 for row in education.rows)

    def test_files_are_served_to_reviewers_in_scope_only(
        self, demo, keys, client_as, make_application
    ):
        app = make_application(applicant=demo.applicant, kind=Kind.EVALUATION, at_office=True)
        add_sections(app)
        image = app.attachments.filter(content_kind="jpeg").first()
        pdf = app.attachments.filter(content_kind="pdf").first()
        urls = [
            reverse("applications:attachment", args=[app.pk, image.pk]),
            reverse("applications:attachment", args=[app.pk, pdf.pk]),
            reverse("applications:file", args=[app.pk, "basic_info", "photo"]),
        ]
        for key, user in (("office_staff", demo.office_staff), ("staff", demo.staff)):
            client = client_as(user, keys[key])
            for url in urls:
                response = client.get(url)
                assert response.status_code == 200, (key, url)
                assert response["Content-Disposition"].startswith("inline")
        assert client.get(urls[1])["Content-Type"] == "application/pdf"
        # another unit, and the committee the application has not reached yet: 404
        for key, user in (("staff2", demo.staff2), ("committee_staff", demo.committee_staff)):
            client = client_as(user, keys[key])
            for url in urls:
                assert client.get(url).status_code == 404, (key, url)

    def test_opinions_then_forward(self, demo, keys, client_as, make_application):
        app = make_application(applicant=demo.applicant, kind=Kind.EVALUATION)
        client = client_as(demo.staff, keys["staff"])
        response = client.post(
            reverse("reviews:opinions", args=[app.pk]),
            {
                "version": app.version,
                "appraisal_recommendation": "同意推荐",
                "term_appraisal_result": "合格",
                "publicity": "公示无异议",
                "panel_recommendation": "同意",
                "unit_leader": "陈海",
            },
        )
        assert response.status_code == 302
        app.refresh_from_db()
        response = client.post(
            reverse("reviews:forward", args=[app.pk]),
            {"version": app.version, "office": demo.office.pk},
        )
        assert response.status_code == 302
        app.refresh_from_db()
        assert app.status == Status.OFFICE_REVIEW

    def test_missing_reason_is_shown_next_to_the_field(
        self, demo, keys, client_as, make_application
    ):
        app = make_application(applicant=demo.applicant)
        response = client_as(demo.staff, keys["staff"]).post(
            reverse("reviews:return", args=[app.pk]),
            {"version": app.version, "target": "returned", "reason": ""},
        )
        assert response.status_code == 400
        assert response.context["forms"]["return"].errors["reason"]

    def test_stale_form_gets_a_message_and_the_new_state(
        self, demo, keys, client_as, make_application
    ):
        app = make_application(applicant=demo.applicant, opinions=True)
        client = client_as(demo.staff, keys["staff"])
        old = app.version
        client.post(
            reverse("reviews:return", args=[app.pk]),
            {"version": old, "target": "returned", "reason": "补充"},
        )
        response = client.post(
            reverse("reviews:forward", args=[app.pk]),
            {"version": old, "office": demo.office.pk},
            follow=True,
        )
        html = response.content.decode()
        assert "此申报当前不在您的审核环节" in html or "已被其他人处理" in html
        assert "退回修改" in html
        app.refresh_from_db()
        assert app.status == Status.RETURNED

    def test_two_tabs_same_level_second_gets_stale_message(
        self, demo, keys, client_as, make_application
    ):
        app = make_application(applicant=demo.applicant, opinions=True)
        client = client_as(demo.staff, keys["staff"])
        old = app.version
        client.post(
            reverse("reviews:opinions", args=[app.pk]),
            {
                "version": old,
                "appraisal_recommendation": "新意见",
                "term_appraisal_result": "合格",
                "publicity": "无异议",
                "unit_leader": "陈海",
            },
        )
        response = client.post(
            reverse("reviews:opinions", args=[app.pk]),
            {
                "version": old,
                "appraisal_recommendation": "旧页面的意见",
                "term_appraisal_result": "合格",
                "publicity": "无异议",
                "unit_leader": "陈海",
            },
            follow=True,
        )
        assert "已被其他人处理" in response.content.decode()
        assert UnitOpinion.objects.get(application=app).appraisal_recommendation == "新意见"

    def test_committee_accepts_and_records_a_result_from_the_session_page(
        self, demo, keys, client_as, make_application, session
    ):
        app = make_application(applicant=demo.applicant, at_committee=True)
        client = client_as(demo.committee_staff, keys["committee_staff"])
        back = reverse("reviews:session_detail", args=[session.pk])
        response = client.post(
            reverse("reviews:accept", args=[app.pk]), {"version": app.version, "next": back}
        )
        assert response.status_code == 302 and response["Location"] == back
        assert Acceptance.objects.filter(application=app).exists()
        app.refresh_from_db()
        client.post(reverse("reviews:approve", args=[app.pk]), {"version": app.version})
        app.refresh_from_db()
        assert app.status == Status.APPROVED
        # Publishing asks first, naming how many passed applicants it publicises.
        page = client.get(back).content.decode()
        assert 'data-confirm="确定公布 1 名通过人员的评审结果并开始公示吗？"' in page

    def test_act_not_available_at_this_level(self, demo, keys, client_as, make_application):
        app = make_application(applicant=demo.applicant)
        response = client_as(demo.staff, keys["staff"]).post(
            reverse("reviews:approve", args=[app.pk]), {"version": app.version}
        )
        assert response.status_code == 302
        app.refresh_from_db()
        assert app.status == Status.UNIT_REVIEW


def resubmit(app, applicant):
    """The applicant's resubmission (同意并报送 again)."""
    from tests.factories.applications import submit

    assert app.applicant_id == applicant.pk
    return submit(app)


class TestChangesSinceTheReturn:
    def returned(self, demo, contexts, make_application, sections=("education",)):
        from reviews import services

        app = make_application(applicant=demo.applicant, kind=Kind.EVALUATION)
        add_sections(app, rows=2)
        services.application_return(
            actor=demo.staff,
            role_context=contexts["staff"],
            application=app,
            version=app.version,
            reason="毕业证书不清晰，请重新上传。",
            sections=list(sections),
            files="毕业证书扫描件",
        )
        app.refresh_from_db()
        return app

    def test_the_reviewer_sees_what_changed_section_by_section(
        self, demo, keys, contexts, client_as, make_application
    ):
        from django.core.files.base import ContentFile

        from applications.models import Attachment, WorkSummary
        from tests import files

        app = self.returned(demo, contexts, make_application, sections=("education", "exams"))
        # the applicant replaces a diploma scan, corrects a school and rewrites the summary
        first, second = app.education_rows.order_by("sort")
        old = app.attachments.get(section="education", row_id=first.pk)
        old.delete()
        Attachment.objects.create(
            application=app,
            section="education",
            row_id=first.pk,
            label="学历证书",
            file=ContentFile(files.image_bytes(size=(90, 60)), name="clear.jpg"),
            original_name="毕业证书（清晰）.jpg",
            content_kind="jpeg",
            size=1234,
        )
        second.school = "同济大学"
        second.save()
        WorkSummary.objects.filter(application=app).update(content="<p>补充了近五年业绩。</p>")
        resubmit(app, demo.applicant)

        response = client_as(demo.staff, keys["staff"]).get(
            reverse("reviews:detail", args=[app.pk])
        )
        html = response.content.decode()
        assert 'id="changes-since-return"' in html
        assert "需更换的材料： 毕业证书扫描件" in html
        changes = {c.key: c for c in response.context["since_return"].changed}
        assert set(changes) == {"education", "exams", "work_summary"}
        education = changes["education"]
        assert education.named and education.changed
        texts = {row.text: row for row in education.rows_changed}
        assert any(row.files_added == ["毕业证书（清晰）.jpg"] for row in texts.values())
        assert any(
            (f.before, f.after) == ("广西大学1", "同济大学")
            for row in texts.values()
            for f in row.fields
        )
        assert changes["exams"].named and not changes["exams"].changed
        assert "退回时要求修改此栏目，但未作修改。" in html
        assert changes["work_summary"].text_after == "补充了近五年业绩。"
        # in the sections below, the named sections are marked and carry the reason
        sections = {s.key: s for s in response.context["sections"]}
        assert sections["education"].named_in_return and sections["education"].changed_since_return
        assert sections["education"].return_reason == "毕业证书不清晰，请重新上传。"
        assert sections["work_summary"].changed_since_return
        assert not sections["work_summary"].named_in_return
        assert not sections["basic_info"].changed_since_return
        assert html.count("自退回以来已修改") == 2  # the education and work summary cards

    def test_nothing_is_shown_while_the_applicant_revises(
        self, demo, keys, contexts, client_as, make_application
    ):
        app = self.returned(demo, contexts, make_application)
        response = client_as(demo.staff, keys["staff"]).get(
            reverse("reviews:detail", args=[app.pk])
        )
        assert response.context["since_return"] is None
        assert 'id="changes-since-return"' not in response.content.decode()

    def test_a_later_level_sees_the_changes_too_in_constant_queries(
        self, demo, keys, contexts, client_as, make_application, django_assert_max_num_queries
    ):
        app = self.returned(demo, contexts, make_application)
        resubmit(app, demo.applicant)
        move_to(app, Status.OFFICE_REVIEW)
        from applications import actionlog

        actionlog.record(
            subject=app,
            action="application.forwarded",
            role_context=contexts["staff"],
            from_status=Status.UNIT_REVIEW,
            to_status=Status.OFFICE_REVIEW,
        )
        client = client_as(demo.office_staff, keys["office_staff"])
        url = reverse("reviews:detail", args=[app.pk])
        with django_assert_max_num_queries(70) as few:
            response = client.get(url)
        assert response.context["since_return"] is not None
        add_sections(app, rows=15, tag="后")
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(url)
        education = next(
            c for c in response.context["since_return"].changed if c.key == "education"
        )
        assert len(education.rows_added) == 15


class TestBatch:
    def test_each_row_succeeds_or_fails_on_its_own(self, demo, keys, client_as, make_application):
        ready = make_application(applicant=demo.applicant, opinions=True)
        not_ready = make_application(applicant=demo.applicant2)
        stale = make_application(kind=Kind.EVALUATION, opinions=True)
        other_unit = make_application(applicant=demo.staff2, unit=demo.unit2, opinions=True)
        client = client_as(demo.staff, keys["staff"])
        response = client.post(
            reverse("reviews:batch"),
            {
                "action": "forward",
                "rows": [
                    f"{ready.pk}:{ready.version}",
                    f"{not_ready.pk}:{not_ready.version}",
                    f"{stale.pk}:{stale.version + 1}",
                    f"{other_unit.pk}:{other_unit.version}",
                ],
                "query": "status=all",
            },
        )
        assert response.status_code == 302
        assert response["Location"].endswith("?status=all")
        page = client.get(response["Location"])
        results = {row["pk"]: row for row in page.context["batch_results"]}
        assert results[ready.pk]["ok"]
        assert not results[not_ready.pk]["ok"] and "单位意见" in results[not_ready.pk]["message"]
        assert not results[stale.pk]["ok"] and "已被其他人处理" in results[stale.pk]["message"]
        assert not results[other_unit.pk]["ok"]
        ready.refresh_from_db()
        other_unit.refresh_from_db()
        assert ready.status == Status.OFFICE_REVIEW
        assert other_unit.status == Status.UNIT_REVIEW
        assert "批量操作结果" in page.content.decode()

    def test_batch_return_needs_a_reason(self, demo, keys, client_as, make_application):
        app = make_application(applicant=demo.applicant)
        client = client_as(demo.staff, keys["staff"])
        response = client.post(
            reverse("reviews:batch"),
            {"action": "return", "rows": [f"{app.pk}:{app.version}"], "reason": ""},
            follow=True,
        )
        assert "请填写退回原因" in response.content.decode()
        client.post(
            reverse("reviews:batch"),
            {"action": "return", "rows": [f"{app.pk}:{app.version}"], "reason": "统一退回补充"},
        )
        app.refresh_from_db()
        assert app.status == Status.RETURNED


class TestExport:
    def _rows(self, response):
        content = b"".join(response.streaming_content)
        sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    def test_unit_export_has_the_filtered_rows_with_masked_ids_and_is_logged(
        self, demo, keys, client_as, make_application
    ):
        make_application(applicant=demo.applicant, kind=Kind.EVALUATION)
        make_application(applicant=demo.applicant2)
        response = client_as(demo.staff, keys["staff"]).get(
            reverse("reviews:export"), {"kind": "evaluation", "status": "all"}
        )
        assert response.status_code == 200
        rows = self._rows(response)
        assert rows[0][:3] == ["申报年度", "姓名", "身份证号"]
        assert len(rows) == 2
        assert rows[1][1] == "张三"
        assert rows[1][2] == mask_resident_id(demo.applicant.id_number)
        assert rows[1][3] == "职称评审"
        log = ExportLog.objects.get()
        assert (log.actor, log.row_count, log.full_id_numbers) == (demo.staff, 1, False)
        assert log.filters == {"kind": "evaluation", "status": "all"}

    def test_office_export_has_full_id_numbers(self, demo, keys, client_as, make_application):
        make_application(applicant=demo.applicant, at_office=True)
        response = client_as(demo.office_staff, keys["office_staff"]).get(reverse("reviews:export"))
        rows = self._rows(response)
        assert rows[1][2] == demo.applicant.id_number
        assert ExportLog.objects.get().full_id_numbers


class TestRecordsPage:
    def test_seed_columns_and_filter(self, demo, keys, client_as, make_application):
        make_application(applicant=demo.applicant, at_office=True)
        client = client_as(demo.staff, keys["staff"])
        html = client.get(reverse("reviews:records")).content.decode()
        for text in (
            "申报年度",
            "创建时间",
            "操作人",
            "申报人",
            "身份证",
            "单位审核报送",
            "个人报送",
        ):
            assert text in html
        html = client.get(reverse("reviews:records"), {"q": "不存在的人"}).content.decode()
        assert "暂无操作记录" in html

    def test_constant_number_of_queries(
        self, demo, keys, client_as, make_application, django_assert_max_num_queries
    ):
        client = client_as(demo.staff, keys["staff"])
        make_application()
        with django_assert_max_num_queries(100) as small:
            client.get(reverse("reviews:records"))
        for _ in range(20):
            make_application(at_office=True)
        with django_assert_max_num_queries(len(small.captured_queries)):
            client.get(reverse("reviews:records"))


class TestCommitteeSessions:
    def test_create_session_with_a_message_next_to_the_wrong_date(self, demo, keys, client_as):
        client = client_as(demo.committee_staff, keys["committee_staff"])
        year = timezone.localdate().year + 1  # the demo committee has this year's session
        data = {
            "year": year,
            "scope": "",
            "opens_on": f"{year}-03-01",
            "applicant_first_deadline": f"{year}-04-01",
            "applicant_revision_deadline": f"{year}-03-15",
            "unit_deadline": f"{year}-05-01",
            "review_method": "专家评审",
            "interview": "none",
            "results_publicity_days": 5,
        }
        response = client.post(reverse("reviews:session_new"), data)
        assert response.status_code == 200
        assert response.context["form"].errors["applicant_revision_deadline"]
        data["applicant_revision_deadline"] = f"{year}-04-15"
        response = client.post(reverse("reviews:session_new"), data)
        assert response.status_code == 302
        response = client.post(reverse("reviews:session_new"), data)
        assert f"已有{year}年度" in response.content.decode()

    def test_import_reports_every_wrong_row_and_records_nothing(
        self, demo, keys, client_as, make_application, session
    ):
        good = make_application(applicant=demo.applicant, at_committee=True, accepted=True)
        other = make_application(applicant=demo.applicant2, at_committee=True, accepted=True)
        stranger = PersonFactory()
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["身份证号", "姓名", "评审结果"])
        sheet.append([demo.applicant.id_number, "张三", "通过"])
        sheet.append([demo.applicant2.id_number, "王二", "未通过"])
        sheet.append([stranger.id_number, stranger.full_name, "通过"])
        sheet.append([demo.applicant.id_number, "张三", "优秀"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        buffer.name = "results.xlsx"
        buffer.seek(0)
        client = client_as(demo.committee_staff, keys["committee_staff"])
        response = client.post(
            reverse("reviews:session_import", args=[session.pk]), {"file": buffer}
        )
        assert response.status_code == 400
        errors = dict(response.context["import_report"].errors)
        assert "与身份证号不符" in errors[3]
        assert "没有身份证号为" in errors[4]
        assert "通过" in errors[5]
        good.refresh_from_db()
        assert good.status == Status.COMMITTEE_REVIEW

        workbook = Workbook()
        workbook.active.append(["身份证号", "姓名", "评审结果"])
        workbook.active.append([demo.applicant.id_number, "张三", "通过"])
        workbook.active.append([demo.applicant2.id_number, "李四", "未通过"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        buffer.name = "results.xlsx"
        buffer.seek(0)
        response = client.post(
            reverse("reviews:session_import", args=[session.pk]), {"file": buffer}
        )
        assert response.status_code == 302
        good.refresh_from_db()
        other.refresh_from_db()
        assert (good.status, other.status) == (Status.APPROVED, Status.NOT_PASSED)

    def test_not_an_xlsx(self, demo, keys, client_as, session):
        from django.core.files.uploadedfile import SimpleUploadedFile

        client = client_as(demo.committee_staff, keys["committee_staff"])
        response = client.post(
            reverse("reviews:session_import", args=[session.pk]),
            {"file": SimpleUploadedFile("x.xlsx", b"not a zip")},
        )
        assert response.status_code == 400
        assert "不是 .xlsx" in response.content.decode()

    def test_results_template_lists_accepted_applicants(
        self, demo, keys, client_as, make_application, session
    ):
        make_application(applicant=demo.applicant, at_committee=True, accepted=True)
        make_application(applicant=demo.applicant2, at_committee=True)
        response = client_as(demo.committee_staff, keys["committee_staff"]).get(
            reverse("reviews:session_template", args=[session.pk])
        )
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert rows[0][:3] == ["身份证号", "姓名", "评审结果"]
        assert [row[1] for row in rows[1:]] == ["张三"]

    def test_unpublished_session_has_no_public_page(self, demo, session, client):
        assert client.get(reverse("reviews:publicity_detail", args=[session.pk])).status_code == 404

    def test_publish_then_public_page(
        self, demo, keys, client_as, make_application, session, client
    ):
        app = make_application(applicant=demo.applicant, at_committee=True, accepted=True)
        staff_client = client_as(demo.committee_staff, keys["committee_staff"])
        staff_client.post(reverse("reviews:approve", args=[app.pk]), {"version": app.version})
        staff_client.post(reverse("reviews:session_publish", args=[session.pk]))
        app.refresh_from_db()
        assert app.results_publicity_ends_on is not None
        staff_client.logout()
        page = client.get(reverse("reviews:publicity"))
        assert demo.committee.name in page.content.decode()
        detail = client.get(reverse("reviews:publicity_detail", args=[session.pk])).content.decode()
        assert "张三" in detail and demo.applicant.id_number not in detail


@pytest.mark.pdf
class TestPdfs:
    def _text(self, content: bytes) -> str:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        return "".join(page.extract_text() for page in reader.pages)

    def _fonts(self, content: bytes) -> set[str]:
        from pypdf import PdfReader

        fonts = set()
        for page in PdfReader(io.BytesIO(content)).pages:
            for font in page["/Resources"]["/Font"].values():
                fonts.add(str(font.get_object()["/BaseFont"]))
        return fonts

    def test_publicity_table_lists_the_units_applicants(
        self, demo, keys, client_as, make_application, cjk_font
    ):
        make_application(applicant=demo.applicant, kind=Kind.EVALUATION)
        make_application(applicant=demo.applicant2)
        make_application(applicant=demo.staff2, unit=demo.unit2)
        response = client_as(demo.staff, keys["staff"]).get(reverse("reviews:publicity_table"))
        assert response["Content-Type"] == "application/pdf"
        text = self._text(response.content)
        assert "职称申报人员公示表" in text
        assert "张三" in text and "李四" in text and "赵六" not in text
        assert demo.unit.name in text
        assert any("CJK" in name for name in self._fonts(response.content))

    def test_evaluation_form_holds_the_whole_application_opinions_and_seal(
        self, demo, keys, client_as, make_application, cjk_font
    ):
        from django.core.files.base import ContentFile
        from pypdf import PdfReader

        from tests.files import image_bytes

        demo.unit.seal_image.save("seal.png", ContentFile(image_bytes("PNG", (200, 200))))
        app = make_application(applicant=demo.applicant, kind=Kind.EVALUATION, opinions=True)
        add_sections(app, rows=2)
        response = client_as(demo.staff, keys["staff"]).get(
            reverse("reviews:evaluation_form", args=[app.pk])
        )
        assert response["Content-Type"] == "application/pdf"
        text = self._text(response.content)
        for expected in (
            "评审表",
            "张三",
            # every section, with the applicant's rows
            "申报信息",
            "基本情况",
            "广西南宁",
            "学历信息",
            "广西大学0",
            "广西大学1",
            "毕业证书1.jpg",
            "工作经历",
            "南宁市政设计院0",
            "负责桥梁结构设计1",
            "业绩成果",
            "斜拉桥索力优化研究0",
            "桥梁建设",
            "考核情况",
            "工作小结",
            "本人从事结构设计工作十年",
            # the unit opinions
            "基层单位考核推荐意见",
            "考核合格，同意推荐",
            "任职期间年度考核均为合格",
            "已在单位公示5个工作日",
            "审议小组一致同意推荐",
            "陈海",
        ):
            assert expected in text, expected
        assert any("CJK" in name for name in self._fonts(response.content))
        images = [
            image for page in PdfReader(io.BytesIO(response.content)).pages for image in page.images
        ]
        # the applicant's photo (JPEG) and the unit seal (PNG)
        assert {image.name.rsplit(".", 1)[-1] for image in images} == {"jpg", "png"}
        # The CJK font is cut down to the form's characters (keeping the font's glyph ids
        # made the same form 350 KB).
        assert len(response.content) < 200 * 1024

    def test_evaluation_form_queries_do_not_grow(
        self, demo, keys, client_as, make_application, django_assert_max_num_queries, cjk_font
    ):
        app = make_application(applicant=demo.applicant, kind=Kind.EVALUATION, opinions=True)
        add_sections(app)
        client = client_as(demo.staff, keys["staff"])
        url = reverse("reviews:evaluation_form", args=[app.pk])
        with django_assert_max_num_queries(60) as few:
            client.get(url)
        add_sections(app, rows=10, tag="新")
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert "广西大学新10" in self._text(client.get(url).content)


class TestUnitPublicity:
    def test_online_publicity_for_the_unit_only(
        self, demo, keys, client_as, make_application, client
    ):
        make_application(applicant=demo.applicant)
        from django.utils import timezone

        staff_client = client_as(demo.staff, keys["staff"])
        response = staff_client.post(
            reverse("reviews:unit_publicity_start"),
            {"year": timezone.localdate().year, "days": 5},
        )
        assert response.status_code == 302
        url = response["Location"]
        assert "张三" in staff_client.get(url).content.decode()
        staff_client.logout()
        client.force_login(demo.applicant2)  # works at the unit
        assert client.get(url).status_code == 200
        client.force_login(demo.unit_account)  # the unit's own account
        assert "张三" in client.get(url).content.decode()
        client.force_login(demo.staff2)  # works at the other unit
        assert client.get(url).status_code == 404

    def test_publicity_is_offered_as_the_publicity_opinion(
        self, demo, keys, client_as, make_application, contexts
    ):
        from reviews import services

        app = make_application(applicant=demo.applicant)
        publicity = services.unit_publicity_start(
            actor=demo.staff, role_context=contexts["staff"], year=app.year
        )
        response = client_as(demo.staff, keys["staff"]).get(
            reverse("reviews:detail", args=[app.pk])
        )
        initial = response.context["forms"]["opinions"].initial["publicity"]
        assert publicity.ends_on.isoformat() in initial and "无异议" in initial


def test_factory_rows_reach_their_level(demo, make_application):
    app = ApplicationFactory(
        applicant=demo.applicant,
        unit=demo.unit2,
        office=demo.office,
        kind=Kind.RECOGNITION,
        status=Status.OFFICE_REVIEW,
    )
    assert [row.to_status for row in app.actions.all()] == [
        "unit_review",
        "dept_review",
        "office_review",
    ]
    # The unit gave its opinions before it forwarded the application.
    assert UnitOpinion.objects.filter(application=app).exists()


class TestChangedImagesSinceTheReturn:
    returned = TestChangesSinceTheReturn.returned

    def test_a_replaced_photo_and_scan_are_shown_before_and_after(
        self, demo, keys, contexts, client_as, make_application
    ):
        import base64
        import io

        from django.core.files.base import ContentFile
        from PIL import Image

        from applications.models import Attachment
        from tests import files

        app = self.returned(demo, contexts, make_application, sections=("basic_info", "education"))
        # the applicant replaces the photo and a diploma scan; both old files are deleted
        info = app.basic_info
        info.photo.delete(save=False)
        info.photo.save("new-photo.jpg", ContentFile(files.image_bytes(size=(300, 400))))
        first = app.education_rows.order_by("sort").first()
        old = app.attachments.get(section="education", row_id=first.pk)
        old.file.delete(save=False)
        old.delete()
        new = Attachment.objects.create(
            application=app,
            section="education",
            row_id=first.pk,
            label="学历证书",
            file=ContentFile(files.image_bytes(size=(90, 60)), name="clear.jpg"),
            original_name="毕业证书（清晰）.jpg",
            content_kind="jpeg",
            size=1234,
        )
        resubmit(app, demo.applicant)

        response = client_as(demo.staff, keys["staff"]).get(
            reverse("reviews:detail", args=[app.pk])
        )
        html = response.content.decode()
        changes = {c.key: c for c in response.context["since_return"].changed}
        (photo,) = [f for f in changes["basic_info"].fields if f.label == "照片"]
        # before: the thumbnail kept at the return (the file itself is gone), a real small JPEG
        assert photo.before_image.src.startswith("data:image/jpeg;base64,")
        thumb = Image.open(io.BytesIO(base64.b64decode(photo.before_image.src.split(",", 1)[1])))
        assert max(thumb.size) <= 320
        # after: the current photo through its checked view, never a public address
        current = reverse("applications:file", args=[app.pk, "basic_info", "photo"])
        assert photo.after_image.src == current
        (row,) = [r for r in changes["education"].rows_changed if r.images_added]
        assert [i.src for i in row.images_added] == [
            reverse("applications:attachment", args=[app.pk, new.pk])
        ]
        assert row.images_removed and row.images_removed[0].src.startswith("data:image/jpeg")
        section = html[html.index('id="changes-since-return"') :]
        section = section[: section.index("</section>")]
        assert section.count('class="img-thumbnail change-thumb"') == 4
        assert f'<img src="{current}"' in section
        assert "退回时的照片" in section and "现在的照片" in section
        assert "/media/" not in section


def test_the_unit_opinion_form_sits_with_the_acts_it_gates(demo, keys, client_as, make_application):
    app = make_application(applicant=demo.applicant, kind=Kind.EVALUATION)
    html = client_as(demo.staff, keys["staff"]).get(reverse("reviews:detail", args=[app.pk]))
    html = html.content.decode()
    actions = html[html.index('id="actions"') :]
    opinions = reverse("reviews:opinions", args=[app.pk])
    forward = reverse("reviews:forward", args=[app.pk])
    # In the actions column, right before the forward form it gates; not after the sections.
    assert f'action="{opinions}"' in actions
    assert actions.index(f'action="{opinions}"') < actions.index(f'action="{forward}"')
    assert html.count('id="unit-opinions"') == 1
    # Where nobody may fill them in, the opinions are read in the main column.
    office = make_application(applicant=demo.applicant2, kind=Kind.EVALUATION, at_office=True)
    page = client_as(demo.office_staff, keys["office_staff"]).get(
        reverse("reviews:detail", args=[office.pk])
    )
    page = page.content.decode()
    assert 'id="unit-opinions"' in page[: page.index('id="actions"')]
