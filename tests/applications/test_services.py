import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import ActionLog, Application, Kind, Status, VoidNotice
from applications.sections import ApplicationSections
from reference.models import Level, Region, Series
from reference.workdays import add_working_days
from tests import files
from tests.clock import beijing
from tests.factories import move_to
from tests.refusals import refused
from units.models import Committee, ReviewSession

from .conftest import (
    APPLICANT,
    EDUCATION,
    complete_recognition,
    fill_basic,
    fill_info,
    fill_summary,
    return_to_applicant,
    start,
    stashed,
    submitted,
    upload_all,
)

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


class TestStart:
    def test_recognition_starts_as_a_draft_of_the_applicants_unit(self, demo):
        application = start(demo.applicant, demo=demo)
        assert application.status == Status.DRAFT
        assert application.unit == demo.unit and application.office == demo.office
        assert application.actions.get().action == "application.created"

    def test_one_unfinished_application_per_year_and_series(self, demo):
        first = start(demo.applicant, demo=demo)
        with pytest.raises(services.DuplicateApplication) as refused:
            start(demo.applicant, demo=demo)
        assert refused.value.existing == first
        assert "继续" in str(refused.value.message) or "continue" in str(refused.value.message)
        # Another series the same year, or another person, is fine.
        start(demo.applicant, demo=demo, series_code="economics")
        start(demo.applicant2, demo=demo)

    def test_a_finished_application_does_not_block_a_new_one(self, demo):
        first = start(demo.applicant, demo=demo)
        Application.objects.filter(pk=first.pk).update(status=Status.REJECTED)
        assert start(demo.applicant, demo=demo).pk != first.pk

    def test_other_kinds_state_their_rule_on_the_start_page(self, demo, client):
        client.force_login(demo.applicant)
        page = client.get(reverse("applications:start", args=["recognition"])).content.decode()
        assert "同一年度同一系列只能有一个未办结的" in page

    def test_person_without_unit_cannot_start(self, demo):
        demo.applicant.affiliation.delete()
        demo.applicant.refresh_from_db()
        with refused("no_unit", match="单位"):
            start(demo.applicant, demo=demo)

    def test_evaluation_needs_a_committee_of_the_series_and_level(self, demo, session):
        application = start(demo.applicant, Kind.EVALUATION, demo=demo)
        assert application.committee == demo.committee
        assert application.review_session == session
        assert application.office == demo.committee.office and not application.entrusted
        with refused("committee"):
            start(demo.applicant2, Kind.EVALUATION, demo=demo, level_code="senior")

    def test_evaluation_after_the_first_deadline_names_the_date(self, demo, session):
        session.applicant_first_deadline = timezone.localdate() - datetime.timedelta(days=1)
        session.save()
        with refused("deadline", match=session.applicant_first_deadline.isoformat()):
            start(demo.applicant, Kind.EVALUATION, demo=demo)

    def test_work_history_of_an_approved_application_comes_along_locked(self, demo):
        earlier = start(demo.applicant, demo=demo, year=2020)
        services.save_row(
            actor=demo.applicant,
            role_context=APPLICANT,
            application=Application.objects.filter(pk=earlier.pk).update(status=Status.DRAFT)
            and earlier,
            key="work_history",
            data={
                "started_on": datetime.date(2012, 7, 1),
                "ended_on": datetime.date(2018, 6, 30),
                "employer": "南宁设计院",
                "content": "结构设计",
            },
        )
        services.save_row(
            actor=demo.applicant,
            role_context=APPLICANT,
            application=earlier,
            key="work_history",
            data={
                "started_on": datetime.date(2018, 7, 1),
                "employer": "南宁蓝海",
                "content": "设计",
            },
        )
        Application.objects.filter(pk=earlier.pk).update(status=Status.CERTIFIED)
        application = start(demo.applicant, Kind.EVALUATION, demo=demo)
        rows = list(application.work_history_rows.order_by("sort"))
        assert [(r.employer, r.is_locked) for r in rows] == [
            ("南宁设计院", True),
            ("南宁蓝海", False),
        ]
        with refused("history_fixed"):
            services.delete_row(
                actor=demo.applicant,
                role_context=APPLICANT,
                application=application,
                key="work_history",
                row_id=rows[0].pk,
            )


def _economics_committee(demo):
    """A second committee with an open session, of another series than the demo one."""
    committee = Committee.objects.create(
        name="广西经济系列中级评审委员会",
        region=Region.objects.get(code="450000"),
        office=demo.office,
        series=Series.objects.get(code="economics"),
    )
    committee.levels.set([Level.objects.get(code="intermediate")])
    committee.region_scope.set([Region.objects.get(code="450000")])
    today = timezone.localdate()
    ReviewSession.objects.create(
        committee=committee,
        year=today.year,
        opens_on=today - datetime.timedelta(days=10),
        applicant_first_deadline=today + datetime.timedelta(days=10),
        applicant_revision_deadline=today + datetime.timedelta(days=20),
        unit_deadline=today + datetime.timedelta(days=30),
    )
    return committee


def _evaluation(person, demo, committee=None):
    committee = committee or demo.committee
    return start(
        person,
        Kind.EVALUATION,
        demo=demo,
        committee=committee,
        series_code=committee.series.code,
    )


class TestOneEvaluationPerYear:
    """同一年度只准申报一个系列的专业技术资格 (seed 002 §3.1)."""

    def test_a_second_series_is_refused_naming_the_first(self, demo, session):
        economics = _economics_committee(demo)
        first = _evaluation(demo.applicant, demo)
        with pytest.raises(services.DuplicateApplication) as refused:
            _evaluation(demo.applicant, demo, economics)
        assert refused.value.code == "evaluation_this_year"
        assert refused.value.existing == first
        assert "同一年度只准申报一个系列" in str(refused.value.message)
        assert "工程" in str(refused.value.message)
        assert Application.objects.filter(applicant=demo.applicant).count() == 1
        # Another person may, and so may the same person next year.
        _evaluation(demo.applicant2, demo, economics)

    @pytest.mark.parametrize(
        "status", [Status.UNIT_REVIEW, Status.REJECTED, Status.NOT_PASSED, Status.CERTIFIED]
    )
    def test_a_decided_evaluation_still_counts_for_its_year(self, demo, session, status):
        economics = _economics_committee(demo)
        first = _evaluation(demo.applicant, demo)
        Application.objects.filter(pk=first.pk).update(status=status)
        with pytest.raises(services.DuplicateApplication) as refused:
            _evaluation(demo.applicant, demo, economics)
        assert refused.value.code == "evaluation_this_year"
        with pytest.raises(services.DuplicateApplication):
            _evaluation(demo.applicant, demo)

    def test_a_discarded_draft_no_longer_counts(self, demo, session):
        economics = _economics_committee(demo)
        first = _evaluation(demo.applicant, demo)
        services.application_discard(
            actor=demo.applicant, role_context=APPLICANT, application=first
        )
        assert _evaluation(demo.applicant, demo, economics).series.code == "economics"

    def test_the_database_refuses_a_second_evaluation_of_the_year(self, demo, session):
        from django.db import IntegrityError, transaction

        first = _evaluation(demo.applicant, demo)
        economics = Series.objects.get(code="economics")
        with pytest.raises(IntegrityError), transaction.atomic():
            Application.objects.create(
                applicant=demo.applicant,
                kind=Kind.EVALUATION,
                year=first.year,
                series=economics,
                level=first.level,
                qualification=first.qualification,
                unit=first.unit,
                office=first.office,
                status=Status.CERTIFIED,
            )

    def test_the_start_page_states_the_rule(self, demo, client):
        client.force_login(demo.applicant)
        page = client.get(reverse("applications:start", args=["evaluation"])).content.decode()
        assert "每人每年只能有一个职称评审申报" in page


class TestWorkSummary:
    def test_700_visible_characters_counted_after_sanitising(self, demo):
        application = start(demo.applicant, demo=demo)
        # Markup, entities and scripts do not count; 700 visible characters are accepted.
        text = "<p>" + "职" * 690 + "&amp;" + "称" * 9 + "<script>alert(1)</script></p>"
        fill_summary(application, text)
        stored = application.work_summary
        stored.refresh_from_db()
        assert "<script" not in stored.content and "alert" not in stored.content
        fill_summary(application, "<h2><strong>" + "职" * 700 + "</strong></h2>")
        stored.refresh_from_db()
        assert stored.content.startswith("<h2><strong>")
        with refused("too_long", match="700"):
            fill_summary(application, "<p>" + "职" * 701 + "</p>")

    def test_empty_summary_is_refused(self, demo):
        application = start(demo.applicant, demo=demo)
        with refused("required"):
            fill_summary(application, "<p><br></p>")


class TestSubmit:
    def test_incomplete_application_lists_the_missing_sections(self, demo):
        application = start(demo.applicant, demo=demo)
        fill_info(application)
        with refused("incomplete", match="基本情况"):
            submitted(application)

    def test_submit_fixes_the_route_and_writes_the_action_log(self, demo):
        application = complete_recognition(start(demo.applicant, demo=demo))
        version = Application.objects.get(pk=application.pk).version
        application = submitted(application)
        assert application.status == Status.UNIT_REVIEW
        assert application.department is None  # unit 1 has no competent department
        assert application.version == version + 1
        entry = ActionLog.objects.get(application=application, action="application.submitted")
        assert (entry.from_status, entry.to_status) == (Status.DRAFT, Status.UNIT_REVIEW)
        assert entry.data["route"]["office"] == demo.office.pk
        assert "basic_info" in entry.data["snapshot"]

    def test_department_is_the_units_department_at_submission(self, demo):
        demo.unit.department = demo.department
        demo.unit.save()
        application = submitted(complete_recognition(start(demo.applicant, demo=demo)))
        assert application.department == demo.department

    def test_promise_must_be_accepted(self, demo):
        application = complete_recognition(start(demo.applicant, demo=demo))
        with refused("promise"):
            services.application_submit(
                actor=demo.applicant,
                role_context=APPLICANT,
                application=application,
                promise_accepted=False,
            )

    def test_submitted_application_is_read_only(self, demo):
        application = submitted(complete_recognition(start(demo.applicant, demo=demo)))
        with refused("locked"):
            fill_summary(application)

    def test_other_people_cannot_act_on_it(self, demo):
        application = complete_recognition(start(demo.applicant, demo=demo))
        with refused("forbidden"):
            services.application_submit(
                actor=demo.applicant2,
                role_context=APPLICANT,
                application=application,
                promise_accepted=True,
            )


def _complete_evaluation(application, demo):
    fill_info(application)
    fill_basic(application)
    for key, data in {
        "education": EDUCATION,
        "work_history": {
            "started_on": datetime.date(2012, 7, 1),
            "employer": "南宁蓝海",
            "content": "设计",
        },
        "appraisals": {"year": 2024, "result": "1"},
    }.items():
        services.save_row(
            actor=application.applicant,
            role_context=APPLICANT,
            application=application,
            key=key,
            data=data,
        )
    template = application.review_session.achievement_templates.first()
    services.save_achievement(
        actor=application.applicant,
        role_context=APPLICANT,
        application=application,
        template=template,
        title="大跨度钢结构设计",
        date=datetime.date(2023, 5, 1),
        details={
            "category": "paper",
            "journal": "建筑结构",
            "journal_number": "ISSN 1002-848X",
            "author_rank": "first",
            "words_thousands": "5.0",
            "exchange": "",
        },
    )
    fill_summary(application)
    material = application.review_session.required_materials.get(is_required=True)
    services.upload_material(
        actor=application.applicant,
        role_context=APPLICANT,
        application=application,
        section="committee_materials",
        material=material,
        stashed=stashed(
            demo.applicant, files.pdf(), policy=__import__("titleportal.uploads").uploads.PDF
        ),
    )
    return application


class TestDeadlines:
    def test_first_submission_after_the_deadline_names_it(self, demo, session, time_machine):
        application = _complete_evaluation(start(demo.applicant, Kind.EVALUATION, demo=demo), demo)
        # The deadline day itself still counts.
        time_machine.move_to(beijing(session.applicant_first_deadline, 23, 30))
        assert submitted(application).status == Status.UNIT_REVIEW
        second = _complete_evaluation(start(demo.applicant2, Kind.EVALUATION, demo=demo), demo)
        time_machine.move_to(beijing(session.applicant_first_deadline + datetime.timedelta(days=1)))
        with refused("deadline", match=session.applicant_first_deadline.isoformat()):
            services.application_submit(
                actor=demo.applicant2,
                role_context=APPLICANT,
                application=second,
                promise_accepted=True,
            )
        second.refresh_from_db()
        assert second.status == Status.DRAFT

    def test_resubmission_after_the_revision_deadline_names_it(self, demo, session, time_machine):
        application = submitted(
            _complete_evaluation(start(demo.applicant, Kind.EVALUATION, demo=demo), demo)
        )
        application = return_to_applicant(application, demo.staff, demo.unit)
        # After the first deadline but before the revision deadline a resubmission is fine...
        between = session.applicant_first_deadline + datetime.timedelta(days=1)
        assert between <= session.applicant_revision_deadline
        too_late = session.applicant_revision_deadline + datetime.timedelta(days=1)
        time_machine.move_to(beijing(too_late))
        with refused("deadline", match=session.applicant_revision_deadline.isoformat()):
            services.application_submit(
                actor=demo.applicant,
                role_context=APPLICANT,
                application=application,
                promise_accepted=True,
            )
        time_machine.move_to(beijing(between))
        resubmitted = services.application_submit(
            actor=demo.applicant,
            role_context=APPLICANT,
            application=application,
            promise_accepted=True,
        )
        assert resubmitted.status == Status.UNIT_REVIEW
        assert (
            application.actions.filter(action="application.submitted").last().data["resubmission"]
        )

    def test_closed_intake_refuses(self, demo, session):
        application = _complete_evaluation(start(demo.applicant, Kind.EVALUATION, demo=demo), demo)
        ReviewSession.objects.filter(pk=session.pk).update(intake_closed_at=timezone.now())
        with refused("deadline"):
            submitted(application)


class TestWithdraw:
    def test_withdraw_before_the_unit_acted(self, demo):
        application = submitted(complete_recognition(start(demo.applicant, demo=demo)))
        application = services.application_withdraw(
            actor=demo.applicant, role_context=APPLICANT, application=application
        )
        assert application.status == Status.DRAFT
        assert application.actions.filter(action="application.withdrawn").exists()

    def test_the_unit_is_told_of_the_withdrawal(self, demo):
        from applications.actionlog import describe
        from titleportal.models import Message

        application = submitted(complete_recognition(start(demo.applicant, demo=demo)))
        services.application_withdraw(
            actor=demo.applicant, role_context=APPLICANT, application=application
        )
        message = Message.objects.get(recipient=demo.staff, event="review.withdrawn")
        assert "张三" in message.title and "撤回" in message.title
        assert not Message.objects.filter(recipient=demo.applicant, event="review.withdrawn")
        entry = application.actions.get(action="application.withdrawn")
        assert describe(entry) == "个人撤回"

    def test_no_withdraw_once_the_unit_acted(self, demo):
        application = submitted(complete_recognition(start(demo.applicant, demo=demo)))
        Application.objects.filter(pk=application.pk).update(unit_acted_at=timezone.now())
        with refused("unit_acted", match="由于单位已出具审核意见，不可撤回"):
            services.application_withdraw(
                actor=demo.applicant, role_context=APPLICANT, application=application
            )
            assert Application.objects.get(pk=application.pk).status == Status.UNIT_REVIEW

    def test_no_withdraw_after_forwarding(self, demo):
        application = submitted(complete_recognition(start(demo.applicant, demo=demo)))
        move_to(application, Status.OFFICE_REVIEW)
        with refused("unit_acted", match="不可撤回"):
            services.application_withdraw(
                actor=demo.applicant, role_context=APPLICANT, application=application
            )


class TestDiscardAndRoute:
    def test_discard_deletes_a_draft(self, demo):
        application = complete_recognition(start(demo.applicant, demo=demo))
        services.application_discard(
            actor=demo.applicant, role_context=APPLICANT, application=application
        )
        assert not Application.objects.filter(pk=application.pk).exists()

    def test_submitted_application_cannot_be_discarded(self, demo):
        application = submitted(complete_recognition(start(demo.applicant, demo=demo)))
        with refused("submitted"):
            services.application_discard(
                actor=demo.applicant, role_context=APPLICANT, application=application
            )

    def test_change_office_and_level_of_a_draft(self, demo):
        from reference.models import Level, Qualification

        application = start(demo.applicant, demo=demo)
        level = Level.objects.get(code="assistant")
        qualification = Qualification.objects.get(series=application.series, level=level)
        services.application_change_route(
            actor=demo.applicant,
            role_context=APPLICANT,
            application=application,
            level=level,
            qualification=qualification,
            office=demo.office_qz,
        )
        application.refresh_from_db()
        assert (application.level, application.office) == (level, demo.office_qz)
        submitted(complete_recognition(application))
        with refused("submitted"):
            services.application_change_route(
                actor=demo.applicant,
                role_context=APPLICANT,
                application=application,
                level=level,
                qualification=qualification,
                office=demo.office,
            )


class TestReplacementPublicity:
    def _replacement(self, demo):
        application = start(demo.applicant, Kind.REPLACEMENT, demo=demo)
        data = {
            "original_certificate_number": "20160145",
            "approving_authority": "广西流动人员职称改革办公室",
            "granted_on": datetime.date(2016, 7, 1),
            "contact_phone": "13800000001",
        }
        return application, data

    def test_declaration_is_required_before_the_notice(self, demo):
        application, data = self._replacement(demo)
        with refused("declaration"):
            services.save_application_info(
                actor=demo.applicant,
                role_context=APPLICANT,
                application=application,
                data=data,
                files={"photo": stashed(demo.applicant)},
                specialty=application.specialty,
            )
        assert not VoidNotice.objects.exists()

    def test_first_save_publishes_for_five_working_days_and_blocks_until_then(
        self, demo, time_machine
    ):
        application, data = self._replacement(demo)
        today = timezone.localdate()
        services.save_application_info(
            actor=demo.applicant,
            role_context=APPLICANT,
            application=application,
            data=data,
            files={"photo": stashed(demo.applicant)},
            specialty=application.specialty,
            declaration_accepted=True,
        )
        notice = VoidNotice.objects.get(application=application)
        ends_on = add_working_days(today, 5)
        assert notice.starts_on == today and notice.ends_on == ends_on
        assert notice.certificate_number == "20160145" and notice.holder_name == "张三"
        application.refresh_from_db()
        assert application.original_certificate_number() == "20160145"
        assert application.certificate_photo()
        with refused("publicity", match=ends_on.isoformat()):
            upload_all(application)
        # The facts published cannot change any more.
        with refused("published"):
            services.save_application_info(
                actor=demo.applicant,
                role_context=APPLICANT,
                application=application,
                data=data,
                specialty=application.specialty,
                declaration_accepted=True,
            )
        # On the last day of the publicity the block still holds; the day after, it is gone.
        time_machine.move_to(beijing(ends_on, 23))
        with refused("publicity", match=ends_on.isoformat()):
            upload_all(application)
        time_machine.move_to(beijing(ends_on + datetime.timedelta(days=1), 9))
        application.refresh_from_db()
        upload_all(application)
        assert submitted(application).status == Status.UNIT_REVIEW

    def test_the_publicity_of_a_monday_ends_the_next_monday(self, demo, time_machine):
        time_machine.move_to(beijing(datetime.date(2026, 11, 23)))  # an ordinary week
        application, data = self._replacement(demo)
        services.save_application_info(
            actor=demo.applicant,
            role_context=APPLICANT,
            application=application,
            data=data,
            files={"photo": stashed(demo.applicant)},
            specialty=application.specialty,
            declaration_accepted=True,
        )
        notice = VoidNotice.objects.get(application=application)
        assert (notice.starts_on, notice.ends_on) == (
            datetime.date(2026, 11, 23),
            datetime.date(2026, 11, 30),
        )

    def test_submission_during_publicity_says_until_when(self, demo):
        application, data = self._replacement(demo)
        services.save_application_info(
            actor=demo.applicant,
            role_context=APPLICANT,
            application=application,
            data=data,
            files={"photo": stashed(demo.applicant)},
            specialty=application.specialty,
            declaration_accepted=True,
        )
        application.refresh_from_db()
        with refused("incomplete") as refusal:
            submitted(application)
        # Materials are missing too, and the block says until when.
        assert ApplicationSections(application).incomplete()
        assert refusal.value


class TestRowsAndMaterials:
    def test_rows_keep_their_order_by_drag_and_by_keyboard(self, demo):
        application = start(demo.applicant, demo=demo)
        rows = [
            services.save_row(
                actor=demo.applicant,
                role_context=APPLICANT,
                application=application,
                key="work_history",
                data={
                    "started_on": datetime.date(2010 + i, 1, 1),
                    "employer": f"单位{i}",
                    "content": "x",
                },
            )
            for i in range(3)
        ]
        services.reorder_rows(
            actor=demo.applicant,
            role_context=APPLICANT,
            application=application,
            key="work_history",
            row_ids=[rows[2].pk, rows[0].pk, rows[1].pk],
        )
        order = lambda: list(application.work_history_rows.values_list("employer", flat=True))  # noqa: E731
        assert order() == ["单位2", "单位0", "单位1"]
        services.move_row(
            actor=demo.applicant,
            role_context=APPLICANT,
            application=application,
            key="work_history",
            row_id=rows[1].pk,
            step=-1,
        )
        assert order() == ["单位2", "单位1", "单位0"]

    def test_material_count_is_limited(self, demo):
        application = start(demo.applicant, demo=demo)
        sections = ApplicationSections(application)
        diploma = next(m for m in sections.materials("materials") if m.key == "diploma")
        services.upload_material(
            actor=demo.applicant,
            role_context=APPLICANT,
            application=application,
            section="materials",
            material=diploma,
            stashed=stashed(demo.applicant),
        )
        with refused("too_many", match="1"):
            services.upload_material(
                actor=demo.applicant,
                role_context=APPLICANT,
                application=application,
                section="materials",
                material=diploma,
                stashed=stashed(demo.applicant),
            )

    def test_evaluation_complete_with_rows_materials_and_summary(self, demo, session):
        application = _complete_evaluation(start(demo.applicant, Kind.EVALUATION, demo=demo), demo)
        assert ApplicationSections(application).incomplete() == []
        assert submitted(application).status == Status.UNIT_REVIEW
