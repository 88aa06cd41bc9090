import pytest

from units import selectors
from units.models import Unit, pinyin_initials

pytestmark = pytest.mark.django_db


def test_pinyin_initials():
    assert pinyin_initials("南宁蓝海工程有限公司") == "nnlhgcyxgs"


def test_search_limits_and_orders(demo):
    base = demo.unit
    for index in range(25):
        Unit.objects.create(
            uscc=f"9145010{index:02d}MA5L3B2C",
            name=f"南宁测试单位{index:02d}",
            region=base.region,
            legal_representative="某",
            industry="E",
            unit_type="private_enterprise",
            address="地址",
        )
    results = selectors.search_units("nncs")
    assert len(results) == selectors.SEARCH_LIMIT
    assert results[0]["name"] == "南宁测试单位00"
    assert selectors.search_units("不存在的单位") == []


def test_unit_for_key_ignores_case_and_inactive_units(demo):
    assert selectors.unit_for_key(demo.unit.key.lower()) == demo.unit
    Unit.objects.filter(pk=demo.unit.pk).update(is_active=False)
    assert selectors.unit_for_key(demo.unit.key) is None


def test_unit_staff_is_scoped_to_the_unit(demo):
    assert [m.person for m in selectors.unit_staff(demo.unit)] == [demo.staff]
    assert [m.person for m in selectors.unit_staff(demo.unit2)] == [demo.staff2]


def test_departments_under_an_office_include_those_of_offices_below(demo):
    assert list(selectors.departments_under(demo.office)) == [demo.department]
    assert list(selectors.departments_under(demo.office_qz)) == [demo.department]
