"""个人资料 (seed 004 §2.3): the person keeps a profile; new applications start from it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import services
from applications.models import (
    Application,
    Kind,
    Profile,
    ProfileEducation,
    ProfileWorkHistory,
    Status,
)
from tests import files
from tests.refusals import refused

from .conftest import APPLICANT, EDUCATION, fill_basic, start, stashed

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

BASIC = {
    "nationality": "中国",
    "ethnicity": "01",
    "political_status": "13",
    "native_place": "广西南宁",
    "birthplace": "南宁",
    "mobile": "+8613800000001",
    "work_started_on": datetime.date(2012, 7, 1),
    "achievements_summary": "主持多个市政工程设计项目。",
}


def _work(employer, started, ended=None):
    return {"started_on": started, "ended_on": ended, "employer": employer, "content": "设计"}


def fill_profile(person):
    services.save_profile_basic_info(actor=person, data=BASIC, files={"photo": stashed(person)})
    services.save_profile_row(actor=person, key="education", data=EDUCATION)
    services.save_profile_row(actor=person, key="appraisals", data={"year": 2024, "result": "1"})
    services.save_profile_row(
        actor=person,
        key="work_history",
        data=_work("南宁蓝海", datetime.date(2018, 7, 1)),
    )
    return Profile.objects.get(person=person)


def approved_with_history(demo, person, year=2020):
    """An approved earlier application with a finished post and the current one."""
    earlier = start(person, demo=demo, year=year)
    for data in (
        _work("南宁设计院", datetime.date(2012, 7, 1), datetime.date(2018, 6, 30)),
        _work("南宁蓝海", datetime.date(2018, 7, 1)),
    ):
        services.save_row(
            actor=person,
            role_context=APPLICANT,
            application=earlier,
            key="work_history",
            data=data,
        )
    Application.objects.filter(pk=earlier.pk).update(status=Status.APPROVED)
    return earlier


class TestPrefill:
    def test_a_new_application_starts_from_the_profile_photo_included(self, demo):
        profile = fill_profile(demo.applicant)
        application = start(demo.applicant, Kind.EVALUATION, demo=demo)
        info = application.basic_info
        assert (info.native_place, info.mobile, info.work_started_on) == (
            "广西南宁",
            "+8613800000001",
            datetime.date(2012, 7, 1),
        )
        # Its own copy of the photo: discarding the draft must not delete the profile's.
        assert info.photo.name != profile.photo.name
        assert info.photo.read() == profile.photo.read()
        assert [r.school for r in application.education_rows.all()] == ["广西大学"]
        assert [r.year for r in application.appraisal_rows.all()] == [2024]
        assert [r.employer for r in application.work_history_rows.all()] == ["南宁蓝海"]

    def test_what_the_profile_lacks_comes_from_the_last_application(self, demo):
        earlier = start(demo.applicant, demo=demo, year=2020)
        fill_basic(earlier)
        services.save_row(
            actor=demo.applicant,
            role_context=APPLICANT,
            application=earlier,
            key="education",
            data=EDUCATION,
        )
        Application.objects.filter(pk=earlier.pk).update(status=Status.NOT_PASSED)
        services.save_profile_row(
            actor=demo.applicant, key="appraisals", data={"year": 2024, "result": "1"}
        )
        application = start(demo.applicant, Kind.EVALUATION, demo=demo)
        assert application.basic_info.native_place == "广西南宁"  # profile had none
        assert [r.school for r in application.education_rows.all()] == ["广西大学"]
        assert [r.year for r in application.appraisal_rows.all()] == [2024]

    def test_a_kind_without_a_section_gets_no_rows_of_it(self, demo):
        fill_profile(demo.applicant)
        application = start(demo.applicant, Kind.RECOGNITION, demo=demo)
        assert application.basic_info.native_place == "广西南宁"
        assert not application.education_rows.exists()


class TestSaveBack:
    def test_a_section_changed_in_the_application_replaces_the_profiles(self, demo):
        fill_profile(demo.applicant)
        application = start(demo.applicant, Kind.EVALUATION, demo=demo)
        row = application.education_rows.get()
        services.save_row(
            actor=demo.applicant,
            role_context=APPLICANT,
            application=application,
            key="education",
            row_id=row.pk,
            data={**EDUCATION, "major": "结构工程"},
        )
        services.save_section_to_profile(
            actor=demo.applicant, role_context=APPLICANT, application=application, key="education"
        )
        profile = Profile.objects.get(person=demo.applicant)
        assert [r.major for r in profile.education_rows.all()] == ["结构工程"]

    def test_basic_information_goes_back_with_its_photo(self, demo):
        application = start(demo.applicant, Kind.EVALUATION, demo=demo)
        fill_basic(application)
        services.save_section_to_profile(
            actor=demo.applicant, role_context=APPLICANT, application=application, key="basic_info"
        )
        profile = Profile.objects.get(person=demo.applicant)
        assert profile.native_place == "广西南宁"
        assert profile.photo and profile.photo.name != application.basic_info.photo.name

    def test_only_the_own_application_and_only_kept_sections(self, demo):
        application = start(demo.applicant, Kind.EVALUATION, demo=demo)
        with refused("forbidden"):
            services.save_section_to_profile(
                actor=demo.applicant2,
                role_context=APPLICANT,
                application=application,
                key="education",
            )
        with refused("not_in_profile", match="个人资料"):
            services.save_section_to_profile(
                actor=demo.applicant,
                role_context=APPLICANT,
                application=application,
                key="achievements",
            )


class TestReadOnlyHistory:
    def test_finished_posts_of_an_approved_application_are_read_only_everywhere(self, demo):
        earlier = approved_with_history(demo, demo.applicant)
        profile = services.profile_of(demo.applicant)
        rows = list(profile.work_history_rows.order_by("sort"))
        assert [(r.employer, r.is_locked, r.approved_in_id) for r in rows] == [
            ("南宁设计院", True, earlier.pk),
            ("南宁蓝海", False, None),
        ]
        with refused("history_fixed", match="不可更改"):
            services.save_profile_row(
                actor=demo.applicant,
                key="work_history",
                row_id=rows[0].pk,
                data={"employer": "别的单位"},
            )
        with refused("history_fixed"):
            services.delete_profile_row(actor=demo.applicant, key="work_history", row_id=rows[0].pk)
        # The current post stays editable.
        services.save_profile_row(
            actor=demo.applicant,
            key="work_history",
            row_id=rows[1].pk,
            data={"position": "主任"},
        )
        application = start(demo.applicant, Kind.EVALUATION, demo=demo)
        copied = list(application.work_history_rows.order_by("sort"))
        assert [(r.employer, r.is_locked, r.approved_in_id, r.position) for r in copied] == [
            ("南宁设计院", True, earlier.pk, ""),
            ("南宁蓝海", False, None, "主任"),
        ]
        with refused("history_fixed"):
            services.delete_row(
                actor=demo.applicant,
                role_context=APPLICANT,
                application=application,
                key="work_history",
                row_id=copied[0].pk,
            )

    def test_saving_back_keeps_the_read_only_rows_once(self, demo):
        approved_with_history(demo, demo.applicant)
        application = start(demo.applicant, Kind.EVALUATION, demo=demo)
        services.save_section_to_profile(
            actor=demo.applicant,
            role_context=APPLICANT,
            application=application,
            key="work_history",
        )
        rows = ProfileWorkHistory.objects.filter(profile__person=demo.applicant)
        assert sorted((r.employer, r.is_locked) for r in rows) == [
            ("南宁蓝海", False),
            ("南宁设计院", True),
        ]


class TestOthers:
    def test_another_persons_rows_cannot_be_changed_or_deleted(self, demo):
        fill_profile(demo.applicant)
        row = Profile.objects.get(person=demo.applicant).education_rows.get()
        with refused("missing", match="不存在"):
            services.save_profile_row(
                actor=demo.applicant2, key="education", row_id=row.pk, data={"major": "x"}
            )
        services.delete_profile_row(actor=demo.applicant2, key="education", row_id=row.pk)
        assert Profile.objects.get(person=demo.applicant).education_rows.exists()

    def test_pages_of_another_persons_rows_and_application_are_404(self, demo, client):
        fill_profile(demo.applicant)
        row = Profile.objects.get(person=demo.applicant).education_rows.get()
        application = start(demo.applicant, Kind.EVALUATION, demo=demo)
        client.force_login(demo.applicant2)
        edit = reverse("applications:profile_row_edit", args=["education", row.pk])
        assert client.get(edit).status_code == 404
        assert client.post(edit, {"school": "x"}).status_code == 404
        back = reverse("applications:save_to_profile", args=[application.pk, "education"])
        assert client.post(back).status_code == 404
        # The photo URL names no one: the other person has no photo, so nothing is served.
        assert client.get(reverse("applications:profile_photo")).status_code == 404
        assert not ProfileEducation.objects.filter(profile__person=demo.applicant2).exists()
        assert Profile.objects.get(person=demo.applicant).education_rows.get() == row


class TestPages:
    def test_the_profile_shows_the_own_photo_and_sections(self, demo, client):
        fill_profile(demo.applicant)
        client.force_login(demo.applicant)
        html = client.get(reverse("applications:profile")).content.decode()
        assert reverse("applications:profile_photo") in html
        assert "学历信息" in html and "工作经历" in html
        photo = client.get(reverse("applications:profile_photo"))
        assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
        assert photo["Cache-Control"] == "private, no-store"

    def test_bad_input_gets_the_applications_message_and_keeps_what_was_typed(self, demo, client):
        client.force_login(demo.applicant)
        url = reverse("applications:profile_section", args=["basic_info"])
        answer = client.post(
            url,
            {"action": "draft", "postcode": "5300", "native_place": "广西钦州"},
        )
        html = answer.content.decode()
        assert answer.status_code == 200
        assert 'value="广西钦州"' in html and 'value="5300"' in html
        assert "请输入一个有效的值" in html or "有效" in html
        assert not Profile.objects.filter(person=demo.applicant, native_place="广西钦州").exists()

    def test_the_photo_takes_the_applications_upload_limits(self, demo, client):
        client.force_login(demo.applicant)
        url = reverse("applications:profile_section", args=["basic_info"])
        answer = client.post(url, {"action": "draft", "photo": files.pdf("photo.pdf")})
        assert answer.status_code == 200
        assert not Profile.objects.get(person=demo.applicant).photo
        assert "JPG" in answer.content.decode()

    def test_a_row_with_its_end_before_its_start_is_refused_next_to_the_field(self, demo, client):
        client.force_login(demo.applicant)
        url = reverse("applications:profile_row_new", args=["society_posts"])
        answer = client.post(
            url,
            {
                "name": "广西土木建筑学会",
                "post": "会员",
                "started_on": "2020-01-01",
                "ended_on": "2019-01-01",
            },
        )
        assert "结束时间不能早于开始时间" in answer.content.decode()
        client.post(url, {"name": "广西土木建筑学会", "post": "会员", "started_on": "2020-01-01"})
        assert Profile.objects.get(person=demo.applicant).society_post_rows.count() == 1

    def test_a_locked_row_is_refused_with_a_chinese_message(self, demo, client):
        earlier = approved_with_history(demo, demo.applicant)
        row = services.profile_of(demo.applicant).work_history_rows.get(is_locked=True)
        client.force_login(demo.applicant)
        answer = client.post(
            reverse("applications:profile_row_delete", args=["work_history", row.pk]), follow=True
        )
        html = answer.content.decode()
        assert "该条工作经历来自已通过的申报，不可更改。" in html
        assert "不可更改" in html  # the badge of the row
        assert f"来自已通过的申报 #{earlier.pk}" in html
        assert ProfileWorkHistory.objects.filter(pk=row.pk).exists()
        # The application filled from the profile marks the row the same way.
        application = start(demo.applicant, Kind.EVALUATION, demo=demo)
        section = reverse("applications:section", args=[application.pk, "work_history"])
        assert f"来自已通过的申报 #{earlier.pk}" in client.get(section).content.decode()

    def test_save_to_profile_button_in_the_application(self, demo, client):
        application = start(demo.applicant, Kind.EVALUATION, demo=demo)
        fill_basic(application)
        client.force_login(demo.applicant)
        section = reverse("applications:section", args=[application.pk, "basic_info"])
        html = client.get(section).content.decode()
        back = reverse("applications:save_to_profile", args=[application.pk, "basic_info"])
        assert back in html
        answer = client.post(back, follow=True)
        assert "已保存到个人资料" in answer.content.decode()
        assert Profile.objects.get(person=demo.applicant).native_place == "广西南宁"


def test_the_profile_pages_do_not_grow_with_the_rows(demo, client):
    client.force_login(demo.applicant)
    urls = [reverse("applications:profile")] + [
        reverse("applications:profile_section", args=[key]) for key in services.PROFILE_SECTIONS
    ]
    services.profile_of(demo.applicant)

    def counts():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            found.append(len(queries))
        return found

    small = counts()
    fill_profile(demo.applicant)
    for year in range(2000, 2020):
        services.save_profile_row(
            actor=demo.applicant, key="appraisals", data={"year": year, "result": "1"}
        )
        services.save_profile_row(actor=demo.applicant, key="education", data=EDUCATION)
        services.save_profile_row(
            actor=demo.applicant,
            key="held_qualifications",
            data={
                "title_name": "工程师",
                "title_level_id": _level().pk,
                "title_specialty": "结构",
                "issuer": "广西职改办",
                "obtained_on": datetime.date(2018, 12, 1),
                "document_number": f"桂职{year}",
                "current_work": "设计",
                "appointed_post": "工程师",
                "appointed_on": datetime.date(2019, 1, 1),
            },
        )
    assert counts() == small


def _level():
    from reference.models import Level

    return Level.objects.get(code="intermediate")


def test_the_account_page_links_to_the_profile_only_in_the_applicant_role(client, demo):
    """Staff working in a reviewer role are not sent to a page that refuses that role."""
    from accounts.middleware import SESSION_KEY

    link = reverse("applications:profile")
    client.force_login(demo.staff)
    session = client.session
    session[SESSION_KEY] = f"unit_staff:{demo.unit.pk}"
    session.save()
    assert f'href="{link}"' not in client.get(reverse("accounts:profile")).content.decode()
    assert client.get(link).status_code == 403

    client.force_login(demo.applicant)
    assert f'href="{link}"' in client.get(reverse("accounts:profile")).content.decode()
