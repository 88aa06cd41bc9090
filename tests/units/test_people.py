"""单位用户: the unit account sees who joined with its key and removes who does not belong."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.refusals import refused
from titleportal.models import Delivery, Message
from units.models import Affiliation, Membership, OrganisationEvent

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_unit_sees_everyone_who_joined_with_its_key_and_nobody_else(unit_client, demo):
    page = _page(unit_client.get(reverse("units:people")))
    for person in (demo.applicant, demo.applicant2, demo.staff):
        assert person.full_name in page
    assert demo.staff2.full_name not in page  # 赵六 is in 钦州海湾
    assert demo.applicant.id_number not in page  # document numbers are masked
    assert "4501**********1231" in page or demo.applicant.id_number[:4] in page
    assert page.count("badge text-bg-info") == 1  # 王五 is also on the staff


def test_search_by_name_or_whole_document_number(unit_client, demo):
    by_name = _page(unit_client.get(reverse("units:people"), {"q": "李"}))
    assert demo.applicant2.full_name in by_name and demo.applicant.full_name not in by_name
    by_number = _page(unit_client.get(reverse("units:people"), {"q": demo.applicant.id_number}))
    assert demo.applicant.full_name in by_number and demo.applicant2.full_name not in by_number


def test_the_list_costs_the_same_queries_whatever_its_length(unit_client, demo):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            _page(unit_client.get(reverse("units:people")))
        return len(captured)

    from tests.factories.people import PersonFactory

    before = queries()
    for person in PersonFactory.create_batch(15):
        Affiliation.objects.create(person=person, unit=demo.unit)
    assert queries() == before


def test_removing_a_person_tells_them_by_message_and_sms_and_may_change_the_key(
    unit_client, demo, django_capture_on_commit_callbacks
):
    affiliation = Affiliation.objects.get(person=demo.applicant2)
    old_key = demo.unit.key
    url = reverse("units:person_remove", args=[affiliation.pk])
    confirm = _page(unit_client.get(url))
    assert demo.applicant2.full_name in confirm and "原因" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = unit_client.post(url, {"reason": "非本单位职工", "new_key": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("units:people")
    assert not Affiliation.objects.filter(person=demo.applicant2).exists()
    demo.unit.refresh_from_db()
    assert demo.unit.key != old_key
    message = Message.objects.get(recipient=demo.applicant2, event="units.person_removed")
    assert demo.unit.name in message.title and "非本单位职工" in message.body
    sms = Delivery.objects.get(message=message, channel=Delivery.Channel.SMS)
    assert sms.address == demo.applicant2.phone and sms.status == Delivery.Status.SENT
    actions = set(
        OrganisationEvent.objects.filter(unit=demo.unit, subject=demo.applicant2).values_list(
            "action", flat=True
        )
    )
    assert OrganisationEvent.Action.PERSON_REMOVED in actions
    page = _page(unit_client.get(reverse("units:people")))
    table = page.split('class="table align-middle unit-people"')[1]
    assert demo.applicant2.full_name not in table and "已移出" in page


def test_removing_a_staff_member_disables_them_and_keeps_the_key(unit_client, demo):
    affiliation = Affiliation.objects.get(person=demo.staff)
    old_key = demo.unit.key
    unit_client.post(
        reverse("units:person_remove", args=[affiliation.pk]), {"reason": "已离职", "new_key": ""}
    )
    assert not Membership.objects.get(person=demo.staff, unit=demo.unit).is_enabled
    demo.unit.refresh_from_db()
    assert demo.unit.key == old_key


def test_a_reason_is_required_and_nothing_changes_without_it(unit_client, demo):
    affiliation = Affiliation.objects.get(person=demo.applicant)
    page = _page(
        unit_client.post(reverse("units:person_remove", args=[affiliation.pk]), {"reason": " "})
    )
    assert 'id="error_1_id_reason"' in page or "is-invalid" in page
    assert Affiliation.objects.filter(pk=affiliation.pk).exists()
    assert not Message.objects.filter(event="units.person_removed").exists()


def test_removing_twice_says_the_person_is_gone(unit_client, demo):
    from units import services

    affiliation = Affiliation.objects.get(person=demo.applicant)
    services.affiliation_remove(
        actor=demo.unit_account, unit=demo.unit, affiliation=affiliation, reason="重复"
    )

    with refused("gone", match="不在本单位"):
        services.affiliation_remove(
            actor=demo.unit_account, unit=demo.unit, affiliation=affiliation, reason="重复"
        )


def test_another_units_person_answers_404(unit_client, demo):
    other = Affiliation.objects.get(person=demo.staff2)  # 钦州海湾
    url = reverse("units:person_remove", args=[other.pk])
    assert unit_client.get(url).status_code == 404
    assert unit_client.post(url, {"reason": "x"}).status_code == 404
    assert Affiliation.objects.filter(pk=other.pk).exists()


def test_a_removed_person_can_join_again_with_the_new_key_only(unit_client, client, demo):
    affiliation = Affiliation.objects.get(person=demo.applicant2)
    old_key = demo.unit.key
    unit_client.post(
        reverse("units:person_remove", args=[affiliation.pk]), {"reason": "误加入", "new_key": "on"}
    )
    client.force_login(demo.applicant2)
    page = client.post(reverse("units:join"), {"key": old_key}).content.decode()
    assert not Affiliation.objects.filter(person=demo.applicant2).exists()
    assert "秘钥" in page
