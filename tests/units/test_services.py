import pytest

from accounts.models import User
from accounts.roles import Role
from reference.models import Region
from tests import files
from tests.refusals import refused
from titleportal.uploads import SCAN_OR_PDF, check_upload
from units import services
from units.models import (
    Affiliation,
    Membership,
    OrganisationEvent,
    StaffInvitation,
    StaffLookup,
    Unit,
)

pytestmark = pytest.mark.django_db


class FakeStash:
    """A checked licence, as the upload field hands it over."""

    def __init__(self):
        self.checked = check_upload(files.pdf(), SCAN_OR_PDF)
        self.claimed_into = None

    def claim(self, field_file, prefix):
        from django.core.files.base import ContentFile

        field_file.save(f"{prefix}/licence.pdf", ContentFile(self.checked.content), save=False)
        self.claimed_into = field_file


def register(**overrides):
    data = {
        "uscc": "91450103J2K0XTF8H8",
        "name": "南宁青秀建设工程有限公司",
        "legal_representative": "黄建",
        "industry": "E",
        "region": Region.objects.get(code="450103"),
        "address": "民族大道 100 号",
        "unit_type": "public_institution",
        "department": None,
        "contact_name": "韦小宁",
        "contact_phone": "0771-5501234",
        "password": "Danwei#2026pass",
        "licence": FakeStash(),
    }
    return services.register_unit(**{**data, **overrides})


class TestRegisterUnit:
    def test_creates_the_unit_and_its_login(self, reference_data):
        unit = register()
        assert unit.account.check_password("Danwei#2026pass")
        assert unit.account.full_name == unit.name
        assert "事业单位法人证书" in unit.licence_type
        assert unit.licence_file.name.startswith("licences/")
        assert len(unit.key) == 12

    def test_the_same_code_twice_is_a_domain_error(self, reference_data):
        register()
        with refused("taken") as error:
            register(name="别的单位")
        assert error.value.field == "uscc"
        assert Unit.objects.count() == 1


class TestUnitChanges:
    def test_rename_records_and_renames_the_login(self, demo):
        services.unit_update_info(
            actor=demo.unit_account,
            unit=demo.unit,
            name="南宁蓝海集团",
            legal_representative="陈海",
            industry="E",
            region=demo.unit.region,
            address="金湖路 8 号",
            unit_type="state_enterprise",
        )
        demo.unit.refresh_from_db()
        demo.unit_account.refresh_from_db()
        assert demo.unit.renames.get().old_name == "南宁蓝海工程有限公司"
        assert demo.unit_account.full_name == "南宁蓝海集团"
        actions = set(OrganisationEvent.objects.values_list("action", flat=True))
        assert {"renamed", "info_changed"} <= actions

    def test_same_name_keeps_no_rename_record(self, demo):
        services.unit_update_contacts(
            actor=demo.unit_account, unit=demo.unit, contact_name="王五", contact_phone="123"
        )
        services.unit_update_info(
            actor=demo.unit_account,
            unit=demo.unit,
            name=demo.unit.name,
            legal_representative="陈海",
            industry="E",
            region=demo.unit.region,
            address="x",
            unit_type="state_enterprise",
        )
        assert not demo.unit.renames.exists()

    def test_new_key_replaces_the_old(self, demo):
        old = demo.unit.key
        new = services.unit_key_regenerate(actor=demo.unit_account, unit=demo.unit)
        assert new != old
        assert Unit.objects.get(pk=demo.unit.pk).key == new


class TestStaff:
    def test_an_invited_person_is_staff_only_after_accepting(self, demo):
        from accounts.selectors import available_role_contexts

        invitation = services.staff_invite(
            actor=demo.unit_account, unit=demo.unit, person=demo.applicant
        )
        roles = {c.role for c in available_role_contexts(demo.applicant)}
        assert Role.UNIT_STAFF not in roles
        assert not Membership.objects.filter(person=demo.applicant, unit=demo.unit).exists()
        membership = services.staff_invitation_accept(actor=demo.applicant, invitation=invitation)
        assert membership.is_enabled
        roles = {c.role for c in available_role_contexts(demo.applicant)}
        assert Role.UNIT_STAFF in roles
        invitation.refresh_from_db()
        assert invitation.status == StaffInvitation.Status.ACCEPTED and invitation.answered_at

    def test_inviting_twice_and_answering_twice_are_refused(self, demo):
        invitation = services.staff_invite(
            actor=demo.unit_account, unit=demo.unit, person=demo.applicant
        )
        with refused("invited", match="已邀请") as error:
            services.staff_invite(actor=demo.unit_account, unit=demo.unit, person=demo.applicant)
        assert error.value.field == "id_number"
        services.staff_invitation_accept(actor=demo.applicant, invitation=invitation)
        with refused("answered"):
            services.staff_invitation_accept(actor=demo.applicant, invitation=invitation)
        with refused("duplicate") as error:
            services.staff_invite(actor=demo.unit_account, unit=demo.unit, person=demo.applicant)
        assert error.value.field == "id_number"

    def test_only_the_invited_person_accepts(self, demo):
        invitation = services.staff_invite(
            actor=demo.unit_account, unit=demo.unit, person=demo.applicant
        )
        with pytest.raises(StaffInvitation.DoesNotExist):
            services.staff_invitation_accept(actor=demo.applicant2, invitation=invitation)
        with pytest.raises(StaffInvitation.DoesNotExist):
            services.staff_invitation_withdraw(
                actor=demo.unit_account, unit=demo.unit2, invitation=invitation
            )

    def test_unit_accounts_and_inactive_people_cannot_be_invited(self, demo):
        with refused("unknown_person"):
            services.staff_invite(actor=demo.unit_account, unit=demo.unit, person=demo.unit_account)
        demo.applicant.is_active = False
        demo.applicant.save()
        with refused("unknown_person"):
            services.staff_invite(actor=demo.unit_account, unit=demo.unit, person=demo.applicant)

    def test_lookup_logs_and_counts_per_unit(self, demo, settings):
        settings.STAFF_LOOKUP_DAILY_LIMIT = 2
        found = services.staff_lookup(
            actor=demo.unit_account, unit=demo.unit, id_number=demo.applicant.id_number
        )
        assert found == demo.applicant
        assert (
            services.staff_lookup(
                actor=demo.unit_account, unit=demo.unit, id_number="11010519491231002X"
            )
            is None
        )
        with refused("limited") as refusal:
            services.staff_lookup(
                actor=demo.unit_account, unit=demo.unit, id_number=demo.applicant.id_number
            )
        assert refusal.value.field == "id_number"
        # Another unit has its own count.
        assert services.staff_lookup(
            actor=demo.admin, unit=demo.unit2, id_number=demo.applicant.id_number
        )
        assert StaffLookup.objects.filter(unit=demo.unit).count() == 2

    def test_demo_staff_are_enabled_through_accepted_invitations(self, demo):
        for person, unit in ((demo.staff, demo.unit), (demo.staff2, demo.unit2)):
            assert Membership.objects.get(person=person, unit=unit).is_enabled
            invitation = StaffInvitation.objects.get(person=person, unit=unit)
            assert invitation.status == StaffInvitation.Status.ACCEPTED
        # Seeding again changes nothing.
        from titleportal import demo as demo_data

        demo_data.seed_people()
        assert StaffInvitation.objects.filter(person__in=[demo.staff, demo.staff2]).count() == 2

    def test_membership_of_another_unit_cannot_be_changed(self, demo):
        other = Membership.objects.get(person=demo.staff2)
        with pytest.raises(Membership.DoesNotExist):
            services.staff_set_enabled(
                actor=demo.unit_account, unit=demo.unit, membership=other, enabled=False
            )
        with pytest.raises(Membership.DoesNotExist):
            services.staff_remove(actor=demo.unit_account, unit=demo.unit, membership=other)


class TestAffiliation:
    def test_join_and_change(self, demo):
        person = User.objects.create_user(id_number="11010519491231002X", full_name="陈明")
        services.affiliation_join(person=person, unit=demo.unit)
        services.affiliation_join(person=person, unit=demo.unit2)
        assert Affiliation.objects.get(person=person).unit == demo.unit2
        assert OrganisationEvent.objects.filter(subject=person, action="person_joined").count() == 2

    def test_joining_the_same_unit_again_changes_nothing(self, demo):
        services.affiliation_join(person=demo.applicant, unit=demo.unit)
        assert not OrganisationEvent.objects.filter(subject=demo.applicant).exists()

    def test_unit_account_cannot_join(self, demo):
        with refused("not_a_person"):
            services.affiliation_join(person=demo.unit_account, unit=demo.unit2)
