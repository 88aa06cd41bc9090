import pytest
from django.core.management import call_command

from reference import choices
from reference.models import Level, Qualification, Region, Series, Specialty

NATIONAL_SERIES = [
    "高等学校教师",
    "哲学社会科学研究",
    "自然科学研究",
    "卫生技术",
    "工程技术",
    "农业技术",
    "新闻",
    "出版",
    "图书资料",
    "文物博物",
    "档案",
    "工艺美术",
    "技工院校教师",
    "体育",
    "翻译",
    "播音主持",
    "会计",
    "统计",
    "经济",
    "实验技术",
    "中等职业学校教师",
    "中小学教师",
    "艺术",
    "公证员",
    "律师",
    "船舶技术",
    "民用航空飞行技术",
    "审计",
    "社会工作",
]


@pytest.mark.django_db
class TestRegions:
    def test_whole_country_is_loaded(self):
        assert Region.objects.filter(level=Region.Level.PROVINCE).count() == 34
        assert Region.objects.filter(level=Region.Level.CITY).count() > 330
        assert Region.objects.filter(level=Region.Level.COUNTY).count() > 2800

    def test_hierarchy_and_full_names(self):
        qingxiu = Region.objects.get(code="450103")
        assert qingxiu.full_name == "广西壮族自治区/南宁市/青秀区"
        assert qingxiu.parent.code == "450100" and qingxiu.parent.parent.code == "450000"
        # Municipality districts hang directly under the municipality.
        dongcheng = Region.objects.get(code="110101")
        assert dongcheng.level == Region.Level.COUNTY and dongcheng.parent.code == "110000"
        assert Region.objects.get(code="429004").full_name == "湖北省/仙桃市"

    def test_region_covers_its_descendants_only(self):
        guangxi = Region.objects.get(code="450000")
        qinzhou = Region.objects.get(code="450700")
        assert guangxi.covers(Region.objects.get(code="450702"))
        assert qinzhou.covers(Region.objects.get(code="450702"))
        assert not qinzhou.covers(Region.objects.get(code="450103"))


@pytest.mark.django_db
class TestCatalogue:
    def test_every_national_series_is_listed(self):
        names = set(Series.objects.values_list("name", flat=True))
        assert set(NATIONAL_SERIES) <= names

    def test_five_levels_and_qualifications_per_series(self):
        assert list(Level.objects.values_list("name", flat=True)) == [
            "初级（员级）",
            "初级（助理级）",
            "中级",
            "副高级",
            "正高级",
        ]
        for series in Series.objects.all():
            assert Qualification.objects.filter(series=series).exists(), series
            assert Specialty.objects.filter(series=series).count() >= 8, series
        engineering = Series.objects.get(code="engineering")
        assert (
            Qualification.objects.get(series=engineering, level__code="intermediate").name
            == "工程师"
        )

    def test_loading_again_changes_nothing(self):
        counts = (Region.objects.count(), Qualification.objects.count(), Specialty.objects.count())
        call_command("load_reference", verbosity=0)
        assert counts == (
            Region.objects.count(),
            Qualification.objects.count(),
            Specialty.objects.count(),
        )


class TestFixedLists:
    def test_56_ethnic_groups_with_gb_codes(self):
        assert len(choices.Ethnicity.choices) == 56
        assert choices.Ethnicity("01").label == "汉族"
        assert choices.Ethnicity("56").label == "基诺族"

    def test_political_status_education_and_degree(self):
        assert choices.PoliticalStatus("01").label == "中国共产党党员"
        assert choices.PoliticalStatus("13").label == "群众"
        assert "硕士研究生" in {str(label) for _, label in choices.Education.choices}
        assert "博士" in {str(label) for _, label in choices.Degree.choices}
