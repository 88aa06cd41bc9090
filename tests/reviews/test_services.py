import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.roles import Role, RoleContext
from applications.models import ActionLog, Application, Kind, Status
from reviews import services
from reviews.models import Acceptance, ReturnSnapshot, UnitOpinion
from tests.factories import PersonFactory, add_sections
from tests.refusals import refused
from titleportal.models import Delivery, Message
from units.models import Membership, ReviewSession

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

OPINIONS = {
    "appraisal_recommendation": "该同志考核合格，同意推荐。",
    "term_appraisal_result": "任职期满考核合格。",
    "publicity": "已于本单位公示5个工作日，无异议。",
    "panel_recommendation": "审议小组同意推荐。",
    "unit_leader": "陈海",
}


def forward(app, user, context, **kwargs):
    return services.application_forward(
        actor=user, role_context=context, application=app, version=app.version, **kwargs
    )


class TestUnitOpinions:
    def test_saving_opinions_writes_one_record_each_and_ends_withdrawing(
        self, demo, contexts, make_application
    ):
        app = make_application(applicant=demo.applicant, kind=Kind.EVALUATION)
        assert app.unit_acted_at is None
        services.unit_opinion_save(
            actor=demo.staff,
            role_context=contexts["staff"],
            application=app,
            version=app.version,
            **OPINIONS,
        )
        app.refresh_from_db()
        assert app.unit_acted_at is not None
        assert app.version == 1
        steps = [row.step for row in app.actions.filter(action__startswith="opinion.")]
        assert steps == [
            "单位填写基层单位考核推荐意见",
            "单位填写任职期满考核结果",
            "单位填写公示情况",
            "单位填写单位审议小组审议推荐意见",
            "单位填写单位负责人",
        ]
        assert UnitOpinion.objects.get(application=app).unit_leader == "陈海"

    def test_unchanged_opinions_write_nothing(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant, opinions=True)
        before = ActionLog.objects.count()
        services.unit_opinion_save(
            actor=demo.staff,
            role_context=contexts["staff"],
            application=app,
            version=app.version,
            unit_leader="陈海",
        )
        assert ActionLog.objects.count() == before

    def test_junior_titles_need_no_panel_opinion(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant, kind=Kind.RECOGNITION)
        assert app.level.is_junior
        values = {k: v for k, v in OPINIONS.items() if k != "panel_recommendation"}
        services.unit_opinion_save(
            actor=demo.staff,
            role_context=contexts["staff"],
            application=app,
            version=app.version,
            **values,
        )
        app.refresh_from_db()
        forward(app, demo.staff, contexts["staff"])
        app.refresh_from_db()
        assert app.status == Status.OFFICE_REVIEW


class TestForward:
    def test_unit_needs_its_opinions_first(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant)
        with refused("opinions", match="请先填写单位意见"):
            forward(app, demo.staff, contexts["staff"])
        app.refresh_from_db()
        assert app.status == Status.UNIT_REVIEW

    def test_unit_forwards_to_the_office_it_chooses(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant, opinions=True)
        forward(app, demo.staff, contexts["staff"], office=demo.office_qz)
        app.refresh_from_db()
        assert (app.status, app.office, app.version) == (Status.OFFICE_REVIEW, demo.office_qz, 1)
        row = app.actions.get(action="application.forwarded", role=Role.UNIT_STAFF)
        assert (row.from_status, row.to_status, row.actor) == (
            "unit_review",
            "office_review",
            demo.staff,
        )
        assert row.organisation_name == demo.unit.name
        assert row.step == "单位审核报送"
        assert row.data["office_before"] == demo.office.name
        message = Message.objects.get(recipient=demo.applicant, event="application.forwarded")
        assert demo.office_qz.name in message.body

    def test_route_through_the_competent_department(self, demo, contexts, make_application):
        person = PersonFactory(unit=demo.unit2)
        app = make_application(applicant=person, unit=demo.unit2, opinions=True)
        assert app.department == demo.department
        forward(app, demo.staff2, contexts["staff2"])
        app.refresh_from_db()
        assert app.status == Status.DEPT_REVIEW
        forward(app, demo.dept_staff, contexts["dept_staff"], opinion="同意")
        app.refresh_from_db()
        assert app.status == Status.OFFICE_REVIEW
        assert app.actions.filter(role=Role.DEPARTMENT_STAFF).get().step == "主管部门审核报送"

    def test_office_forwards_an_evaluation_to_the_committee(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant, kind=Kind.EVALUATION, at_office=True)
        forward(app, demo.office_staff, contexts["office_staff"])
        app.refresh_from_db()
        assert app.status == Status.COMMITTEE_REVIEW

    def test_office_cannot_forward_a_recognition(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant, at_office=True)
        with refused("last_level", match="不再上报"):
            forward(app, demo.office_staff, contexts["office_staff"])

    def test_units_deadline_of_the_session_is_enforced(
        self, demo, contexts, make_application, session
    ):
        session.unit_deadline = timezone.localdate() - datetime.timedelta(days=1)
        session.save()
        app = make_application(applicant=demo.applicant, kind=Kind.EVALUATION, opinions=True)
        with refused("deadline", match=session.unit_deadline.isoformat()):
            forward(app, demo.staff, contexts["staff"])

    def test_closed_intake_stops_forwarding_to_the_committee(
        self, demo, contexts, make_application, session
    ):
        app = make_application(applicant=demo.applicant, kind=Kind.EVALUATION, at_office=True)
        services.review_session_close_intake(
            actor=demo.committee_staff, role_context=contexts["committee_staff"], session=session
        )
        with refused("intake_closed", match="结束受理"):
            forward(app, demo.office_staff, contexts["office_staff"])


class TestWhoMayAct:
    def test_staff_of_another_unit(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant, opinions=True)
        with refused("stale"):
            forward(app, demo.staff2, contexts["staff2"])

    def test_disabled_membership(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant, opinions=True)
        Membership.objects.filter(person=demo.staff).update(is_enabled=False)
        with refused("forbidden", match="启用"):
            forward(app, demo.staff, contexts["staff"])

    def test_wrong_level(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant, opinions=True)
        with refused("stale", match="不在您的审核环节"):
            forward(app, demo.office_staff, contexts["office_staff"])

    def test_applicant_role(self, demo, make_application):
        app = make_application(applicant=demo.applicant, opinions=True)
        with refused("stale"):
            forward(app, demo.applicant, RoleContext(Role.APPLICANT))


class TestStaleForms:
    def test_a_form_opened_before_another_act_cannot_overwrite_it(
        self, demo, contexts, make_application
    ):
        app = make_application(applicant=demo.applicant, opinions=True)
        opened_version = app.version
        services.application_return(
            actor=demo.staff,
            role_context=contexts["staff"],
            application=app,
            version=opened_version,
            reason="请补充材料",
        )
        with refused("stale", match="已被其他人处理") as caught:
            services.application_forward(
                actor=demo.staff,
                role_context=contexts["staff"],
                application=app,
                version=opened_version,
            )
        assert caught.value.code == "stale"
        app.refresh_from_db()
        assert app.status == Status.RETURNED
        assert app.actions.filter(action="application.forwarded").count() == 0


class TestReturn:
    def test_return_to_the_applicant_names_sections_and_sends_sms_and_email(
        self, demo, contexts, make_application, django_capture_on_commit_callbacks
    ):
        app = make_application(applicant=demo.applicant)
        with django_capture_on_commit_callbacks(execute=True):
            services.application_return(
                actor=demo.staff,
                role_context=contexts["staff"],
                application=app,
                version=app.version,
                reason="工作小结过于简略",
                sections=["work_summary"],
                files="身份证扫描件",
            )
        app.refresh_from_db()
        assert app.status == Status.RETURNED
        assert app.unit_acted_at is not None
        row = app.actions.get(action="application.returned")
        assert row.data == {"sections": ["work_summary"], "files": "身份证扫描件"}
        assert row.opinion == "工作小结过于简略"
        assert row.step == "单位退回个人"
        message = Message.objects.get(recipient=demo.applicant, event="application.returned")
        assert "退回修改" in message.title
        assert "工作小结过于简略" in message.body
        channels = set(message.deliveries.values_list("channel", flat=True))
        assert channels == {Delivery.Channel.SMS, Delivery.Channel.EMAIL}
        assert mail.outbox and "退回" in mail.outbox[0].subject

    def test_reason_is_required(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant)
        with refused("reason") as caught:
            services.application_return(
                actor=demo.staff,
                role_context=contexts["staff"],
                application=app,
                version=app.version,
                reason="  ",
            )
        assert caught.value.field == "reason"

    def test_committee_returns_to_an_earlier_level_which_sees_it_again(
        self, demo, contexts, make_application
    ):
        app = make_application(applicant=demo.applicant, at_committee=True, accepted=True)
        services.application_return(
            actor=demo.committee_staff,
            role_context=contexts["committee_staff"],
            application=app,
            version=app.version,
            reason="请职改办核实学历",
            target=Status.OFFICE_REVIEW,
        )
        app.refresh_from_db()
        assert app.status == Status.OFFICE_REVIEW
        assert not Acceptance.objects.filter(application=app).exists()
        row = app.actions.get(action="application.returned")
        assert row.step == "评委会退回职改办"
        from reviews.selectors import pending_applications

        assert app in pending_applications(contexts["office_staff"])
        message = Message.objects.get(recipient=demo.applicant, event="application.returned")
        assert not message.deliveries.exists()  # in-site only when another level reviews again

    def test_cannot_return_to_a_level_that_is_not_earlier(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant, at_office=True)
        with refused("target") as caught:
            services.application_return(
                actor=demo.office_staff,
                role_context=contexts["office_staff"],
                application=app,
                version=app.version,
                reason="x",
                target=Status.COMMITTEE_REVIEW,
            )
        assert caught.value.field == "target"


class TestReturnSnapshot:
    def test_return_to_the_applicant_keeps_the_sections_as_they_were(
        self, demo, contexts, make_application
    ):
        app = make_application(applicant=demo.applicant, kind=Kind.EVALUATION)
        add_sections(app, rows=2)
        services.application_return(
            actor=demo.staff,
            role_context=contexts["staff"],
            application=app,
            version=app.version,
            reason="学历信息有误",
            sections=["education"],
        )
        row = app.actions.get(action="application.returned")
        stored = ReturnSnapshot.objects.get(action=row)
        assert stored.application == app
        education = stored.sections["education"]
        assert [r["fields"]["school"]["value"] for r in education["rows"]] == [
            "广西大学0",
            "广西大学1",
        ]
        assert education["rows"][0]["files"][0]["name"] == "毕业证书0.jpg"
        assert "本人从事结构设计工作十年" in stored.sections["work_summary"]["html"]
        assert stored.sections["basic_info"]["fields"]["native_place"]["value"] == "广西南宁"

    def test_return_to_an_earlier_level_keeps_no_snapshot(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant, at_committee=True, accepted=True)
        services.application_return(
            actor=demo.committee_staff,
            role_context=contexts["committee_staff"],
            application=app,
            version=app.version,
            reason="请职改办核实学历",
            target=Status.OFFICE_REVIEW,
        )
        assert not ReturnSnapshot.objects.filter(application=app).exists()

    def test_a_failed_return_leaves_no_snapshot(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant)
        with refused("stale"):
            services.application_return(
                actor=demo.staff2,
                role_context=contexts["staff2"],
                application=app,
                version=app.version,
                reason="x",
            )
        assert not ReturnSnapshot.objects.exists()


class TestCompare:
    """reviews.changes.compare: what changed since the return, section by section."""

    BEFORE = {
        "basic_info": {
            "title": "基本情况",
            "fields": {
                "mobile": {"label": "手机号码", "value": "13900000000", "file": None},
                "photo": {
                    "label": "照片",
                    "value": "",
                    "file": {"id": None, "name": "a.jpg", "size": 0},
                },
            },
        },
        "education": {
            "title": "学历信息",
            "rows": [
                {
                    "id": 1,
                    "heading": "",
                    "fields": {"school": {"label": "毕业院校", "value": "广西大学"}},
                    "files": [{"id": 10, "name": "毕业证.jpg", "size": 5}],
                },
                {
                    "id": 2,
                    "heading": "",
                    "fields": {"school": {"label": "毕业院校", "value": "南宁二中"}},
                    "files": [],
                },
            ],
        },
        "work_history": {
            "title": "工作经历",
            "rows": [
                {
                    "id": 3,
                    "heading": "",
                    "fields": {"employer": {"label": "工作单位", "value": "甲"}},
                    "files": [],
                },
                {
                    "id": 4,
                    "heading": "",
                    "fields": {"employer": {"label": "工作单位", "value": "乙"}},
                    "files": [],
                },
            ],
        },
        "work_summary": {"title": "工作小结", "html": "<p>旧的小结</p>"},
        "materials": {
            "title": "材料上传",
            "materials": {
                "id_card": {"name": "身份证", "files": [{"id": 20, "name": "id.jpg", "size": 9}]}
            },
        },
    }

    def after(self):
        import copy

        after = copy.deepcopy(self.BEFORE)
        after["basic_info"]["fields"]["mobile"]["value"] = "13911111111"
        after["basic_info"]["fields"]["photo"]["file"] = {"id": None, "name": "b.jpg", "size": 0}
        after["education"]["rows"][0]["files"] = [{"id": 11, "name": "毕业证（新）.jpg", "size": 6}]
        del after["education"]["rows"][1]
        after["education"]["rows"].append(
            {
                "id": 5,
                "heading": "",
                "fields": {"school": {"label": "毕业院校", "value": "同济大学"}},
                "files": [],
            }
        )
        after["work_history"]["rows"].reverse()
        after["work_summary"]["html"] = "<p>新的小结</p>"
        return after

    def test_fields_rows_files_order_and_text(self):
        from reviews.changes import compare

        changes = {c.key: c for c in compare(self.BEFORE, self.after(), named=["education"])}
        basic = changes["basic_info"]
        assert [(f.label, f.before, f.after) for f in basic.fields] == [
            ("手机号码", "13900000000", "13911111111"),
            ("照片", "a.jpg", "b.jpg"),
        ]
        education = changes["education"]
        assert education.named and education.changed
        assert [r.text for r in education.rows_added] == ["同济大学"]
        assert [r.text for r in education.rows_removed] == ["南宁二中"]
        (replaced,) = education.rows_changed
        assert replaced.files_added == ["毕业证（新）.jpg"] and replaced.files_removed == [
            "毕业证.jpg"
        ]
        assert changes["work_history"].reordered and not changes["work_history"].rows_changed
        summary = changes["work_summary"]
        assert summary.text_changed and (summary.text_before, summary.text_after) == (
            "旧的小结",
            "新的小结",
        )
        assert not changes["materials"].changed

    def test_a_named_section_left_unchanged_is_reported(self):
        from reviews.changes import compare

        changes = {c.key: c for c in compare(self.BEFORE, self.BEFORE, named=["materials"])}
        assert changes["materials"].named and not changes["materials"].changed
        assert not any(c.changed for c in changes.values())

    def test_a_material_replaced(self):
        import copy

        from reviews.changes import compare

        after = copy.deepcopy(self.BEFORE)
        after["materials"]["materials"]["id_card"]["files"] = [
            {"id": 21, "name": "id2.jpg", "size": 9}
        ]
        (change,) = [c for c in compare(self.BEFORE, after) if c.changed]
        assert change.files_added == ["身份证：id2.jpg"] and change.files_removed == [
            "身份证：id.jpg"
        ]


class TestRejectApproveFail:
    def test_reject_is_final_and_needs_a_reason(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant)
        with refused("reason"):
            services.application_reject(
                actor=demo.staff,
                role_context=contexts["staff"],
                application=app,
                version=app.version,
                reason="",
            )
        services.application_reject(
            actor=demo.staff,
            role_context=contexts["staff"],
            application=app,
            version=app.version,
            reason="不符合申报条件",
        )
        app.refresh_from_db()
        assert app.status == Status.REJECTED
        assert app.decided_at is not None
        assert not app.is_editable
        assert Message.objects.filter(recipient=demo.applicant, event="application.rejected")

    def test_office_approves_a_recognition(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant, at_office=True)
        services.application_approve(
            actor=demo.office_staff,
            role_context=contexts["office_staff"],
            application=app,
            version=app.version,
        )
        app.refresh_from_db()
        assert app.status == Status.APPROVED
        assert app.actions.last().step == "职改办审核通过"

    def test_office_cannot_approve_an_evaluation(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant, kind=Kind.EVALUATION, at_office=True)
        with refused("not_deciding", match="评委会"):
            services.application_approve(
                actor=demo.office_staff,
                role_context=contexts["office_staff"],
                application=app,
                version=app.version,
            )

    def test_committee_result_needs_acceptance(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant, at_committee=True)
        with refused("not_accepted", match="受理"):
            services.application_approve(
                actor=demo.committee_staff,
                role_context=contexts["committee_staff"],
                application=app,
                version=app.version,
            )

    def test_committee_accepts_then_fails(
        self, demo, contexts, make_application, django_capture_on_commit_callbacks
    ):
        app = make_application(applicant=demo.applicant, at_committee=True)
        with django_capture_on_commit_callbacks(execute=True):
            acceptance = services.application_accept(
                actor=demo.committee_staff,
                role_context=contexts["committee_staff"],
                application=app,
                version=app.version,
            )
        assert acceptance.committee == demo.committee
        accepted = Message.objects.get(recipient=demo.applicant, event="application.accepted")
        assert accepted.deliveries.count() == 2
        app.refresh_from_db()
        assert app.status == Status.COMMITTEE_REVIEW
        with refused("stale"):
            services.application_accept(
                actor=demo.committee_staff,
                role_context=contexts["committee_staff"],
                application=app,
                version=app.version,
            )
        services.application_fail(
            actor=demo.committee_staff,
            role_context=contexts["committee_staff"],
            application=app,
            version=app.version,
        )
        app.refresh_from_db()
        assert app.status == Status.NOT_PASSED
        assert Message.objects.filter(recipient=demo.applicant, event="application.failed")


class TestSessionsAndPublicity:
    def test_session_dates_must_be_in_order(self, demo, contexts):
        today = timezone.localdate()
        with refused("date_order") as caught:
            services.review_session_save(
                actor=demo.committee_staff,
                role_context=contexts["committee_staff"],
                year=today.year + 1,
                scope="",
                opens_on=today,
                applicant_first_deadline=today + datetime.timedelta(days=10),
                applicant_revision_deadline=today + datetime.timedelta(days=5),
                unit_deadline=today + datetime.timedelta(days=20),
                review_method="专家评审",
                organises_exam=False,
                interview=ReviewSession.Interview.NONE,
                group_vote=False,
                consultation_phone="",
                policy_url="",
                schedule_url="",
                results_publicity_days=5,
            )
        assert caught.value.field == "applicant_revision_deadline"

    def test_only_the_committee_staff_manage_sessions(self, demo, contexts, session):
        with refused("forbidden"):
            services.review_session_close_intake(
                actor=demo.office_staff, role_context=contexts["office_staff"], session=session
            )

    def test_publish_results_for_working_days(self, demo, contexts, make_application, session):
        app = make_application(applicant=demo.applicant, at_committee=True, accepted=True)
        services.application_approve(
            actor=demo.committee_staff,
            role_context=contexts["committee_staff"],
            application=app,
            version=app.version,
        )
        start = datetime.date(2026, 9, 30)  # before the National Day holidays
        services.results_publish(
            actor=demo.committee_staff,
            role_context=contexts["committee_staff"],
            session=session,
            starts_on=start,
        )
        app.refresh_from_db()
        session.refresh_from_db()
        # 5 working days after 30 September 2026: 1–7 October are holidays, 10 October is an
        # adjusted working day (Saturday).
        from reference.workdays import add_working_days

        assert app.results_publicity_ends_on == add_working_days(start, 5)
        assert app.results_publicity_ends_on > datetime.date(2026, 10, 7)
        assert session.results_publicity_ends_on == app.results_publicity_ends_on
        with refused("published", match="已发布"):
            services.results_publish(
                actor=demo.committee_staff,
                role_context=contexts["committee_staff"],
                session=session,
            )

    def test_publishing_tells_each_applicant_and_puts_it_on_the_timeline(
        self, demo, contexts, make_application, session
    ):
        from applications.actionlog import describe

        passed = []
        for applicant in (demo.applicant, demo.applicant2):
            app = make_application(applicant=applicant, at_committee=True, accepted=True)
            passed.append(
                services.application_approve(
                    actor=demo.committee_staff,
                    role_context=contexts["committee_staff"],
                    application=app,
                    version=app.version,
                )
            )
        session = services.results_publish(
            actor=demo.committee_staff,
            role_context=contexts["committee_staff"],
            session=session,
            starts_on=datetime.date(2026, 9, 30),
        )
        ends_on = session.results_publicity_ends_on.isoformat()
        for app in passed:
            entry = app.actions.get(action="application.results_publicised")
            assert describe(entry) == "评审结果公示"
            assert entry.data == {"ends_on": ends_on}
            assert entry.organisation_name == demo.committee.name
            message = Message.objects.get(
                recipient=app.applicant, event="application.results_publicised"
            )
            assert "公示" in message.title and ends_on in message.body
            assert Application.objects.get(pk=app.pk).version == app.version + 1

    def test_publishing_is_refused_while_results_are_pending(
        self, demo, contexts, make_application, session
    ):
        done = make_application(applicant=demo.applicant, at_committee=True, accepted=True)
        services.application_approve(
            actor=demo.committee_staff,
            role_context=contexts["committee_staff"],
            application=done,
            version=done.version,
        )
        make_application(applicant=demo.applicant2, at_committee=True, accepted=True)
        with refused("results_pending", match="1"):
            services.results_publish(
                actor=demo.committee_staff,
                role_context=contexts["committee_staff"],
                session=session,
            )
        assert not ActionLog.objects.filter(action="application.results_publicised").exists()
        assert not Message.objects.filter(event="application.results_publicised").exists()

    def test_publishing_needs_a_passed_applicant(self, demo, contexts, session):
        with refused("none_passed"):
            services.results_publish(
                actor=demo.committee_staff,
                role_context=contexts["committee_staff"],
                session=session,
            )

    def test_closing_the_intake_is_recorded_and_told_to_who_still_holds_applications(
        self, demo, contexts, make_application, session
    ):
        from applications.actionlog import describe

        make_application(applicant=demo.applicant, kind=Kind.EVALUATION, at_office=True)
        services.review_session_close_intake(
            actor=demo.committee_staff, role_context=contexts["committee_staff"], session=session
        )
        entry = ActionLog.objects.get(
            subject_type="reviewsession", subject_id=session.pk, action="session.intake_closed"
        )
        assert describe(entry) == "评委会结束受理"
        assert entry.organisation_id == demo.committee.pk
        message = Message.objects.get(recipient=demo.office_staff, event="session.intake_closed")
        assert "结束受理" in message.title
        # Closing it again changes nothing and records nothing more.
        services.review_session_close_intake(
            actor=demo.committee_staff, role_context=contexts["committee_staff"], session=session
        )
        assert ActionLog.objects.filter(action="session.intake_closed").count() == 1

    def test_unit_publicity_lists_the_units_applicants(self, demo, contexts, make_application):
        make_application(applicant=demo.applicant)
        make_application(applicant=demo.applicant2, kind=Kind.EVALUATION, at_office=True)
        make_application(applicant=demo.staff2, unit=demo.unit2)
        publicity = services.unit_publicity_start(
            actor=demo.staff, role_context=contexts["staff"], year=timezone.localdate().year
        )
        assert sorted(entry["name"] for entry in publicity.entries) == ["张三", "李四"]
        assert publicity.ends_on > publicity.starts_on


def test_application_count_unchanged_by_failed_acts(demo, contexts, make_application):
    app = make_application(applicant=demo.applicant)
    before = (Application.objects.get(pk=app.pk).version, ActionLog.objects.count())
    with refused("opinions"):
        forward(app, demo.staff, contexts["staff"])
    assert (Application.objects.get(pk=app.pk).version, ActionLog.objects.count()) == before


class TestNotifications:
    def test_forwarding_tells_the_next_level_with_a_link_to_its_page(
        self, demo, contexts, make_application
    ):
        from django.urls import reverse

        app = make_application(applicant=demo.applicant, kind=Kind.EVALUATION, opinions=True)
        forward(app, demo.staff, contexts["staff"])
        message = Message.objects.get(recipient=demo.office_staff, event="review.forwarded")
        assert message.link == reverse("reviews:detail", args=[app.pk])
        assert "张三" in message.title and demo.unit.name in message.body
        applicant = Message.objects.get(recipient=demo.applicant, event="application.forwarded")
        assert applicant.link == reverse("applications:detail", args=[app.pk])
        # nobody of the unit, the other office or the committee is told
        assert not Message.objects.filter(event="review.forwarded").exclude(
            recipient=demo.office_staff
        )

    def test_a_return_to_an_earlier_level_tells_that_level(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant, at_committee=True, accepted=True)
        services.application_return(
            actor=demo.committee_staff,
            role_context=contexts["committee_staff"],
            application=app,
            version=app.version,
            reason="请核实学历",
            target=Status.OFFICE_REVIEW,
        )
        message = Message.objects.get(event="review.returned")
        assert message.recipient == demo.office_staff and "请核实学历" in message.body

    def test_disabled_staff_get_nothing(self, demo, contexts, make_application):
        Membership.objects.filter(person=demo.office_staff).update(is_enabled=False)
        app = make_application(applicant=demo.applicant, opinions=True)
        forward(app, demo.staff, contexts["staff"])
        assert not Message.objects.filter(event="review.forwarded").exists()

    def test_submission_tells_the_unit_staff(self, demo):
        from django.urls import reverse

        from tests.applications.conftest import complete_recognition, start, submitted

        app = submitted(complete_recognition(start(demo.applicant, demo=demo)))
        message = Message.objects.get(event="review.submitted")
        assert message.recipient == demo.staff
        assert message.link == reverse("reviews:detail", args=[app.pk])
        assert "张三" in message.title

    def test_every_message_opens_a_page_its_recipient_may_see(
        self, demo, contexts, keys, make_application, client
    ):
        """Through a whole route: each message's link answers 200 to its recipient."""
        first = make_application(applicant=demo.applicant, kind=Kind.EVALUATION, opinions=True)
        forward(first, demo.staff, contexts["staff"])
        first.refresh_from_db()
        forward(first, demo.office_staff, contexts["office_staff"])
        first.refresh_from_db()
        services.application_accept(
            actor=demo.committee_staff,
            role_context=contexts["committee_staff"],
            application=first,
            version=first.version,
        )
        first.refresh_from_db()
        services.application_return(
            actor=demo.committee_staff,
            role_context=contexts["committee_staff"],
            application=first,
            version=first.version,
            reason="请职改办核实",
            target=Status.OFFICE_REVIEW,
        )
        second = make_application(applicant=demo.applicant2)
        services.application_return(
            actor=demo.staff,
            role_context=contexts["staff"],
            application=second,
            version=second.version,
            reason="材料不全",
        )
        roles = {
            demo.staff.pk: keys["staff"],
            demo.office_staff.pk: keys["office_staff"],
            demo.committee_staff.pk: keys["committee_staff"],
        }
        messages = list(Message.objects.select_related("recipient"))
        assert {m.event for m in messages} >= {
            "application.forwarded",
            "application.accepted",
            "application.returned",
            "review.forwarded",
            "review.returned",
        }
        for message in messages:
            assert message.link, message.event
            client.force_login(message.recipient)
            session = client.session
            session["acting_as"] = roles.get(message.recipient.pk, "applicant:")
            session.save()
            assert client.get(message.link).status_code == 200, (message.event, message.link)
