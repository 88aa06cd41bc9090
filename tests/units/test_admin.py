"""Every model of accounts and units is in the admin with search, filters and Chinese labels."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from units import models as unit_models

pytestmark = pytest.mark.django_db

MODELS = [
    User,
    unit_models.Region,
    unit_models.Office,
    unit_models.Department,
    unit_models.Committee,
    unit_models.Unit,
    unit_models.UnitRename,
    unit_models.Membership,
    unit_models.Affiliation,
    unit_models.OrganisationEvent,
    unit_models.StaffInvitation,
    unit_models.StaffLookup,
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_registered_with_search_and_filters(model):
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields
    assert model_admin.list_filter


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_searches_and_filters(client, demo, model):
    client.force_login(demo.admin)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url, {"q": "南宁"})
    assert response.status_code == 200
    filter_name = admin.site._registry[model].list_filter[0]
    if isinstance(filter_name, str):
        assert client.get(url, {filter_name + "__isnull": "False"}).status_code in (200, 302)


def test_labels_are_chinese(client, demo):
    client.force_login(demo.admin)
    page = client.get(reverse("admin:index")).content.decode()
    for label in ("单位", "工作人员", "更名记录", "机构操作记录", "职改办", "评委会", "主管部门"):
        assert label in page, label
    page = client.get(reverse("admin:units_membership_changelist")).content.decode()
    assert "所属机构" in page


def test_admin_signs_in_through_the_portal_sign_in(client, demo):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
