"""费用事项 kept by the staff of a committee (review fees) and of an office (postage)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import ActionLog
from payments.models import FeeItem, Purpose

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhou(client_as, demo):
    return client_as(demo.committee_staff, f"committee_staff:{demo.committee.pk}")


@pytest.fixture
def sun(client_as, demo):
    return client_as(demo.office_staff, f"office_staff:{demo.office.pk}")


def test_committee_staff_add_a_review_fee_of_their_committee(zhou, demo, session):
    level = demo.committee.levels.first()
    answer = zhou.post(
        reverse("payments:staff_fee_item_new"),
        {
            "name": "代办晋升专业技术职务费",
            "amount": "50.00",
            "kinds": ["evaluation"],
            "levels": [level.pk],
            "sessions": [session.pk],
            "is_active": "on",
            # A committee or purpose in the form is ignored: the item is the committee's.
            "office": demo.office.pk,
            "purpose": "postage",
        },
    )
    assert answer.status_code == 302
    item = FeeItem.objects.get(name="代办晋升专业技术职务费")
    assert item.committee == demo.committee and item.office is None
    assert item.purpose == Purpose.REVIEW and item.amount == Decimal("50.00")
    assert item.kinds == ["evaluation"] and list(item.levels.all()) == [level]
    assert list(item.sessions.all()) == [session]
    entry = ActionLog.objects.get(subject_type="feeitem", subject_id=item.pk)
    assert entry.action == "fee_item.created" and entry.actor == demo.committee_staff
    listing = zhou.get(reverse("payments:staff_fee_items")).content.decode()
    assert "代办晋升专业技术职务费" in listing and "50.00" in listing and "职称评审" in listing


def test_office_staff_keep_the_postage_and_deactivate_it(sun, demo):
    answer = sun.post(
        reverse("payments:staff_fee_item_new"), {"name": "证书邮寄费", "amount": "22.00"}
    )
    assert answer.status_code == 302
    item = FeeItem.objects.get(name="证书邮寄费")
    assert item.office == demo.office and item.purpose == Purpose.POSTAGE
    assert not item.is_active  # an unticked box
    page = sun.get(reverse("payments:staff_fee_item", args=[item.pk])).content.decode()
    assert "评审活动" not in page  # sessions are the committees'
    sun.post(
        reverse("payments:staff_fee_item", args=[item.pk]),
        {"name": "证书邮寄费", "amount": "25.00", "is_active": "on"},
    )
    item.refresh_from_db()
    assert item.amount == Decimal("25.00") and item.is_active
    assert ActionLog.objects.filter(subject_id=item.pk, action="fee_item.changed").exists()


@pytest.mark.parametrize("amount", ["0", "-1", "abc", "1.234", "123456789.00"])
def test_a_wrong_amount_is_explained_and_the_name_kept(sun, amount):
    answer = sun.post(
        reverse("payments:staff_fee_item_new"), {"name": "证书邮寄费", "amount": amount}
    )
    assert answer.status_code == 400
    text = answer.content.decode()
    assert 'value="证书邮寄费"' in text and "invalid-feedback" in text
    assert not FeeItem.objects.exists()


def test_staff_never_see_another_organisations_fee_items(client_as, demo):
    committee_item = FeeItem.objects.create(
        name="评委会评审服务费", amount=Decimal("50.00"), committee=demo.committee
    )
    office_item = FeeItem.objects.create(
        name="邮寄费", purpose=Purpose.POSTAGE, amount=Decimal("22.00"), office=demo.office_qz
    )
    sun = (demo.office_staff, f"office_staff:{demo.office.pk}")
    zhou = (demo.committee_staff, f"committee_staff:{demo.committee.pk}")
    for who, item in ((sun, committee_item), (sun, office_item), (zhou, office_item)):
        client = client_as(*who)
        url = reverse("payments:staff_fee_item", args=[item.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "x", "amount": "1.00"}).status_code == 404
    assert (
        "评委会评审服务费"
        not in client_as(*sun).get(reverse("payments:staff_fee_items")).content.decode()
    )
    assert (
        "评委会评审服务费"
        in client_as(*zhou).get(reverse("payments:staff_fee_items")).content.decode()
    )
