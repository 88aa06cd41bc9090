"""Committee staff manage the required materials (评委会需求材料) and achievement templates
(业绩成果模板) of their own review sessions."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from applications.models import Achievement, Attachment, Kind
from reviews import services
from tests.refusals import refused
from units.models import AchievementTemplate, Committee, RequiredMaterial, ReviewSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_session(demo, session):
    """A session of another committee (same office and series)."""
    other = Committee.objects.create(
        name="广西工程技术人才高级评审委员会",
        region=demo.committee.region,
        office=demo.office,
        series=demo.committee.series,
    )
    return ReviewSession.objects.create(
        committee=other,
        year=session.year,
        opens_on=session.opens_on,
        applicant_first_deadline=session.applicant_first_deadline,
        applicant_revision_deadline=session.applicant_revision_deadline,
        unit_deadline=session.unit_deadline,
    )


MATERIAL = {
    "name": "单位推荐函",
    "description": "加盖单位公章",
    "file_type": "pdf",
    "max_size_mb": "5",
    "max_count": 2,
    "is_required": "on",
    "sort": 1,
}
TEMPLATE = {
    "policy_text": "任现职以来，主持完成市级以上工程项目1项以上。",
    "achievement_kind": "project",
    "counts_toward_policy": "on",
    "sort": 1,
}


class TestServices:
    def test_only_the_sessions_committee_may_add(self, demo, contexts, session, other_session):
        material = services.required_material_save(
            actor=demo.committee_staff,
            role_context=contexts["committee_staff"],
            session=session,
            name="单位推荐函",
        )
        assert material.review_session == session
        with refused("forbidden"):
            services.required_material_save(
                actor=demo.committee_staff,
                role_context=contexts["committee_staff"],
                session=other_session,
                name="x",
            )
        with refused("forbidden"):
            services.achievement_template_save(
                actor=demo.office_staff,
                role_context=contexts["office_staff"],
                session=session,
                policy_text="x",
            )

    def test_an_item_in_use_is_not_deleted(self, demo, contexts, session, make_application):
        material = RequiredMaterial.objects.create(review_session=session, name="推荐函")
        template = AchievementTemplate.objects.create(review_session=session, policy_text="论文")
        app = make_application(kind=Kind.EVALUATION)
        Attachment.objects.create(
            application=app,
            section="committee_materials",
            material=material,
            label="推荐函",
            file=ContentFile(b"%PDF-1.4", name="letter.pdf"),
            original_name="推荐函.pdf",
            content_kind="pdf",
            size=8,
        )
        Achievement.objects.create(
            application=app,
            template=template,
            achievement_kind="paper",
            title="论文",
            date=datetime.date(2020, 1, 1),
        )
        staff = {"actor": demo.committee_staff, "role_context": contexts["committee_staff"]}
        with translation.override("zh-hans"):
            with refused("in_use", match="已有申报人上传"):
                services.required_material_delete(**staff, material=material)
            with refused("in_use", match="已有申报人按此政策条目填写"):
                services.achievement_template_delete(**staff, template=template)
        assert RequiredMaterial.objects.filter(pk=material.pk).exists()
        assert AchievementTemplate.objects.filter(pk=template.pk).exists()


class TestPages:
    def test_list_add_edit_delete_materials(self, demo, keys, client_as, session):
        client = client_as(demo.committee_staff, keys["committee_staff"])
        detail = client.get(reverse("reviews:session_detail", args=[session.pk])).content.decode()
        requirements = reverse("reviews:session_requirements", args=[session.pk])
        assert f'href="{requirements}"' in detail

        response = client.post(reverse("reviews:material_new", args=[session.pk]), MATERIAL)
        assert response.status_code == 302 and response.url == requirements
        material = RequiredMaterial.objects.get(review_session=session)
        assert (material.name, material.file_type, material.max_count) == ("单位推荐函", "pdf", 2)
        html = client.get(requirements).content.decode()
        assert "单位推荐函" in html and "加盖单位公章" in html

        edit = reverse("reviews:material_edit", args=[material.pk])
        assert client.get(edit).status_code == 200
        client.post(edit, {**MATERIAL, "name": "单位推荐意见", "is_required": ""})
        material.refresh_from_db()
        assert material.name == "单位推荐意见" and not material.is_required

        client.post(reverse("reviews:material_delete", args=[material.pk]))
        assert not RequiredMaterial.objects.filter(pk=material.pk).exists()

    def test_list_add_edit_delete_templates(self, demo, keys, client_as, session):
        client = client_as(demo.committee_staff, keys["committee_staff"])
        client.post(reverse("reviews:achievement_template_new", args=[session.pk]), TEMPLATE)
        template = AchievementTemplate.objects.get(review_session=session)
        assert template.achievement_kind == "project"
        html = client.get(reverse("reviews:session_requirements", args=[session.pk])).content
        assert "主持完成市级以上工程项目" in html.decode()
        client.post(
            reverse("reviews:achievement_template_edit", args=[template.pk]),
            {**TEMPLATE, "achievement_kind": "patent"},
        )
        template.refresh_from_db()
        assert template.achievement_kind == "patent"
        client.post(reverse("reviews:achievement_template_delete", args=[template.pk]))
        assert not AchievementTemplate.objects.exists()

    def test_bad_input_is_shown_next_to_the_field_and_kept(self, demo, keys, client_as, session):
        client = client_as(demo.committee_staff, keys["committee_staff"])
        response = client.post(
            reverse("reviews:material_new", args=[session.pk]),
            {**MATERIAL, "max_size_mb": "50", "max_count": 0},
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "请填写0.1至30之间的大小" in html and "请填写1至20之间的数量" in html
        assert 'value="单位推荐函"' in html
        assert not RequiredMaterial.objects.exists()

    def test_deleting_an_item_in_use_says_why(
        self, demo, keys, client_as, session, make_application
    ):
        template = AchievementTemplate.objects.create(review_session=session, policy_text="论文")
        Achievement.objects.create(
            application=make_application(kind=Kind.EVALUATION),
            template=template,
            achievement_kind="paper",
            title="论文",
        )
        client = client_as(demo.committee_staff, keys["committee_staff"])
        response = client.post(
            reverse("reviews:achievement_template_delete", args=[template.pk]), follow=True
        )
        assert "不能删除" in response.content.decode()
        assert AchievementTemplate.objects.filter(pk=template.pk).exists()

    def test_another_committees_items_answer_404(self, demo, keys, client_as, other_session):
        material = RequiredMaterial.objects.create(review_session=other_session, name="推荐函")
        template = AchievementTemplate.objects.create(
            review_session=other_session, policy_text="论文"
        )
        client = client_as(demo.committee_staff, keys["committee_staff"])
        for name, pk, method in [
            ("session_requirements", other_session.pk, "get"),
            ("material_new", other_session.pk, "post"),
            ("material_edit", material.pk, "get"),
            ("material_edit", material.pk, "post"),
            ("material_delete", material.pk, "post"),
            ("achievement_template_new", other_session.pk, "post"),
            ("achievement_template_edit", template.pk, "post"),
            ("achievement_template_delete", template.pk, "post"),
        ]:
            response = getattr(client, method)(reverse(f"reviews:{name}", args=[pk]), MATERIAL)
            assert response.status_code == 404, name
        material.refresh_from_db()
        assert material.name == "推荐函" and AchievementTemplate.objects.count() == 1

    def test_requirements_page_queries_do_not_grow(
        self, demo, keys, client_as, session, django_assert_max_num_queries
    ):
        client = client_as(demo.committee_staff, keys["committee_staff"])
        url = reverse("reviews:session_requirements", args=[session.pk])
        with django_assert_max_num_queries(30) as few:
            client.get(url)
        for index in range(15):
            RequiredMaterial.objects.create(review_session=session, name=f"材料{index}")
            AchievementTemplate.objects.create(review_session=session, policy_text=f"条目{index}")
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(url)
        assert len(response.context["materials"]) == 15
