import datetime

import pytest
from django.utils import timezone

from accounts.roles import Role, RoleContext
from applications.models import Application, Kind, Status
from applications.selectors import (
    applications_visible_to,
    committees_for,
    get_application_for,
    section_snapshot,
    sections_for,
)
from reference.models import Level, Region, Series
from tests.factories import move_to
from units.models import Committee, ReviewSession

from .conftest import complete_recognition, return_to_applicant, start, submitted

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def _committee(demo, name, region_code, *, level="intermediate", series="engineering"):
    committee = Committee.objects.create(
        name=name,
        region=Region.objects.get(code=region_code),
        office=demo.office,
        series=Series.objects.get(code=series),
    )
    committee.levels.set([Level.objects.get(code=level)])
    committee.region_scope.set([Region.objects.get(code=region_code)])
    return committee


def _session(committee, **dates):
    today = timezone.localdate()
    values = {
        "opens_on": today - datetime.timedelta(days=10),
        "applicant_first_deadline": today + datetime.timedelta(days=10),
        "applicant_revision_deadline": today + datetime.timedelta(days=20),
        "unit_deadline": today + datetime.timedelta(days=30),
    }
    values.update(dates)
    return ReviewSession.objects.create(committee=committee, year=today.year, **values)


class TestCommitteeFilter:
    def test_by_series_level_region_and_open_session(self, demo):
        year = timezone.localdate().year
        nanning = _committee(demo, "南宁市工程中级评委会", "450100")
        _session(nanning)
        qinzhou = _committee(demo, "钦州市工程中级评委会", "450700")
        _session(qinzhou)
        senior = _committee(demo, "广西工程高级评委会", "450000", level="senior")
        _session(senior)
        closed = _committee(demo, "已截止评委会", "450000")
        _session(closed, unit_deadline=timezone.localdate() - datetime.timedelta(days=1))
        no_session = _committee(demo, "无评审活动评委会", "450000")
        other_series = _committee(demo, "经济系列评委会", "450000", series="economics")
        _session(other_series)
        direct, entrusted = committees_for(
            unit=demo.unit,  # in 南宁市青秀区 (450103)
            series=Series.objects.get(code="engineering"),
            level=Level.objects.get(code="intermediate"),
            year=year,
        )
        assert {c.name for c in direct} == {demo.committee.name, nanning.name}
        assert [c.name for c in entrusted] == [qinzhou.name]
        offered = {c.pk for c in direct + entrusted}
        assert not offered & {senior.pk, closed.pk, no_session.pk, other_series.pk}
        assert all(c.session.committee_id == c.pk for c in direct + entrusted)

    def test_entrusted_choice_needs_a_delegation_letter(self, demo):
        qinzhou = _committee(demo, "钦州市工程中级评委会", "450700")
        _session(qinzhou)
        application = start(demo.applicant, Kind.EVALUATION, demo=demo, committee=qinzhou)
        assert application.entrusted
        info = next(s for s in sections_for(application) if s.key == "application_info")
        assert "委托评审函" in info.missing

    def test_intake_closed_is_not_offered(self, demo):
        ReviewSession.objects.filter(committee=demo.committee).update(
            intake_closed_at=timezone.now()
        )
        direct, entrusted = committees_for(
            unit=demo.unit,
            series=demo.committee.series,
            level=Level.objects.get(code="intermediate"),
            year=timezone.localdate().year,
        )
        assert direct == entrusted == []


class TestScope:
    def test_get_application_for_each_role(self, demo):
        from django.http import Http404

        application = complete_recognition(start(demo.applicant, demo=demo))
        applicant = RoleContext(Role.APPLICANT, user=demo.applicant)
        assert get_application_for(applicant, application.pk) == application
        for context in (
            RoleContext(Role.APPLICANT, user=demo.applicant2),
            RoleContext(Role.APPLICANT),
            RoleContext(Role.UNIT_STAFF, demo.unit),
            RoleContext(Role.UNIT_ACCOUNT, demo.unit),
            RoleContext(Role.ADMIN),
        ):
            with pytest.raises(Http404):
                get_application_for(context, application.pk)
        submitted(application)
        assert get_application_for(RoleContext(Role.UNIT_STAFF, demo.unit), application.pk)

    def test_reviewers_keep_seeing_what_passed_their_level(self, demo):
        application = submitted(complete_recognition(start(demo.applicant, demo=demo)))
        office = RoleContext(Role.OFFICE_STAFF, demo.office)
        assert not applications_visible_to(office).filter(pk=application.pk).exists()
        move_to(application, Status.OFFICE_REVIEW)
        application.refresh_from_db()
        application.actions.create(action="application.forwarded", to_status=Status.OFFICE_REVIEW)
        return_to_applicant(application, demo.office_staff, demo.office)
        # Returned to the applicant, yet the office had it: it stays in the office's scope.
        assert applications_visible_to(office).filter(pk=application.pk).exists()
        other_office = RoleContext(Role.OFFICE_STAFF, demo.office_qz)
        assert not applications_visible_to(other_office).filter(pk=application.pk).exists()


class TestReadOnlyView:
    def test_sections_for_gives_labels_values_and_files(self, demo):
        application = complete_recognition(start(demo.applicant, demo=demo))
        sections = {s.key: s for s in sections_for(application)}
        assert list(sections) == ["application_info", "basic_info", "work_summary", "materials"]
        basic = {f.label: f for f in sections["basic_info"].fields}
        assert basic["民族"].value == "汉族" and basic["照片"].file.is_image
        assert all(s.complete for s in sections.values())
        materials = {m.key: m for m in sections["materials"].materials}
        assert len(materials["id_card"].files) == 1

    def test_snapshot_is_json_and_shows_a_change(self, demo):
        import json

        from applications import services

        from .conftest import APPLICANT

        application = complete_recognition(start(demo.applicant, demo=demo))
        before = section_snapshot(application)
        json.dumps(before)
        services.save_work_summary(
            actor=demo.applicant,
            role_context=APPLICANT,
            application=application,
            content="<p>新的小结</p>",
        )
        after = section_snapshot(Application.objects.get(pk=application.pk))
        changed = [key for key in before if before[key] != after[key]]
        assert changed == ["work_summary"]
