import pytest
from django.http import Http404

from applications.models import Kind, Status
from reviews import selectors

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


class TestScopes:
    def test_each_level_sees_what_reached_it(self, demo, contexts, make_application):
        at_unit = make_application(applicant=demo.applicant)
        at_office = make_application(
            applicant=demo.applicant2, kind=Kind.EVALUATION, at_office=True
        )
        at_committee = make_application(applicant=demo.applicant, at_committee=True)
        unit2_at_unit = make_application(applicant=demo.staff2, unit=demo.unit2)
        unit2_at_dept = make_application(unit=demo.unit2, kind=Kind.EVALUATION, at_department=True)
        draft = make_application(applicant=demo.applicant2, status=Status.DRAFT, kind=Kind.TRANSFER)

        assert ids(selectors.reviewable_applications(contexts["staff"])) == {
            at_unit.pk,
            at_office.pk,
            at_committee.pk,
        }
        assert draft.pk not in ids(selectors.reviewable_applications(contexts["staff"]))
        assert ids(selectors.reviewable_applications(contexts["staff2"])) == {
            unit2_at_unit.pk,
            unit2_at_dept.pk,
        }
        assert ids(selectors.reviewable_applications(contexts["dept_staff"])) == {unit2_at_dept.pk}
        assert ids(selectors.reviewable_applications(contexts["office_staff"])) == {
            at_office.pk,
            at_committee.pk,
        }
        assert ids(selectors.reviewable_applications(contexts["committee_staff"])) == {
            at_committee.pk
        }
        assert ids(selectors.pending_applications(contexts["office_staff"])) == {at_office.pk}

    def test_office_keeps_seeing_what_it_returned_to_the_unit(
        self, demo, contexts, make_application
    ):
        from reviews import services

        app = make_application(applicant=demo.applicant, at_office=True)
        services.application_return(
            actor=demo.office_staff,
            role_context=contexts["office_staff"],
            application=app,
            version=app.version,
            reason="请单位核实",
            target=Status.UNIT_REVIEW,
        )
        assert app.pk in ids(selectors.reviewable_applications(contexts["office_staff"]))
        assert app.pk not in ids(selectors.pending_applications(contexts["office_staff"]))
        assert app.pk in ids(selectors.pending_applications(contexts["staff"]))

    def test_single_object_outside_the_scope_is_404(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant)
        assert selectors.get_application_for(contexts["staff"], app.pk) == app
        for key in ("staff2", "dept_staff", "office_staff", "committee_staff"):
            with pytest.raises(Http404):
                selectors.get_application_for(contexts[key], app.pk)
        with pytest.raises(Http404):
            selectors.get_application_for(None, app.pk)


class TestQueueFilters:
    def test_filters_and_sorting(self, demo, contexts, make_application):
        a = make_application(applicant=demo.applicant, kind=Kind.EVALUATION)
        b = make_application(applicant=demo.applicant2)
        c = make_application(applicant=demo.applicant, returned=True, kind=Kind.TRANSFER)
        staff = contexts["staff"]

        def found(**filters):
            return [app.pk for app in selectors.filter_applications(staff, filters)]

        assert set(found()) == {a.pk, b.pk}  # waiting for me
        assert set(found(status="all")) == {a.pk, b.pk, c.pk}
        assert found(status=Status.RETURNED) == [c.pk]
        assert found(kind=Kind.EVALUATION) == [a.pk]
        assert found(q="李四") == [b.pk]
        assert found(q=demo.applicant2.id_number.lower()) == [b.pk]
        assert found(level=a.level) == [a.pk]
        assert found(series=a.series, status="all", sort="submitted") == [a.pk, b.pk, c.pk]
        assert found(unit="蓝海", status="all", sort="-submitted") == [c.pk, b.pk, a.pk]
        assert found(unit="海湾") == []
        assert found(year=a.year - 1) == []

    def test_counts_per_kind(self, demo, contexts, make_application):
        make_application(applicant=demo.applicant, kind=Kind.EVALUATION)
        make_application(applicant=demo.applicant2, kind=Kind.EVALUATION)
        make_application(applicant=demo.applicant2)
        assert selectors.pending_counts_by_kind(contexts["staff"]) == {
            Kind.EVALUATION: 2,
            Kind.RECOGNITION: 1,
        }
        assert selectors.pending_count(contexts["staff"]) == 3


class TestRecords:
    def test_records_of_the_organisation(self, demo, contexts, make_application):
        app = make_application(applicant=demo.applicant, at_office=True)
        other = make_application(applicant=demo.staff2, unit=demo.unit2)
        rows = list(selectors.operation_records(contexts["staff"], {}))
        assert {row.application_id for row in rows} == {app.pk}
        assert [row.step for row in rows] == ["单位审核报送", "个人报送"]
        own = list(selectors.operation_records(contexts["staff"], {"own": True}))
        assert [row.step for row in own] == ["单位审核报送"]
        assert not list(selectors.operation_records(contexts["staff"], {"q": "赵六"}))
        assert {
            row.application_id for row in selectors.operation_records(contexts["staff2"], {})
        } == {other.pk}


class TestQueueSearch:
    def test_a_phone_or_any_document_number_finds_its_person_and_a_name_its_start(
        self, demo, contexts, make_application
    ):
        from titleportal.validators import IdType

        demo.applicant.id_type, demo.applicant.id_number = IdType.HK_MACAO_PERMIT, "H12345678"
        demo.applicant.save(update_fields=["id_type", "id_number"])
        mine = make_application(applicant=demo.applicant)
        other = make_application(applicant=demo.applicant2)

        def found(term):
            return ids(
                selectors.filter_applications(contexts["staff"], {"status": "all", "q": term})
            )

        phone = demo.applicant.phone  # stored as +86…; typed as the 11 digits
        assert found(phone.removeprefix("+86")) == {mine.pk}
        assert found(phone) == {mine.pk}
        assert found("h1234 5678") == {mine.pk}
        assert found(demo.applicant.full_name[:1]) >= {mine.pk}
        assert other.pk not in found(demo.applicant.full_name)
        assert found("H12345679") == set()
