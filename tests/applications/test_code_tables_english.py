"""In the English interface the code tables (ethnic groups, political status, education,
degree, appraisal results) and the catalogue (series, levels) speak English; in Chinese they
keep the standards' names. What is stored is the code either way."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from reference import choices
from reference.models import Level, Series

from .conftest import start

pytestmark = pytest.mark.django_db


def test_code_tables_follow_the_interface_language():
    with translation.override("en"):
        assert choices.Ethnicity("01").label == "Han"
        assert choices.Ethnicity("56").label == "Jino"
        assert choices.PoliticalStatus("13").label == "Ordinary citizen (no party)"
        assert choices.Education("14").label == "Master's graduate"
        assert choices.AppraisalResult("1").label == "Excellent"
    with translation.override("zh-hans"):
        assert choices.Ethnicity("01").label == "汉族"
        assert choices.Education("14").label == "硕士研究生"
        assert choices.AppraisalResult("5").label == "不定等次"


def test_every_code_table_value_has_a_chinese_name():
    tables = [
        choices.Ethnicity,
        choices.PoliticalStatus,
        choices.Education,
        choices.Degree,
        choices.AppraisalResult,
    ]
    with translation.override("zh-hans"):
        untranslated = [
            str(label)
            for table in tables
            for _, label in table.choices
            if not any("\u4e00" <= ch <= "\u9fff" for ch in str(label))
        ]
    assert untranslated == []


def test_the_catalogue_has_english_names(reference_data):
    engineering = Series.objects.get(code="engineering")
    intermediate = Level.objects.get(code="intermediate")
    assert not Series.objects.filter(label_en="").exists()
    assert not Level.objects.filter(name_en="").exists()
    with translation.override("en"):
        assert str(engineering) == "Engineering series"
        assert str(intermediate) == "Intermediate"
    with translation.override("zh-hans"):
        assert str(engineering) == "工程系列"
        assert str(intermediate) == "中级"


def test_the_basic_information_form_offers_english_names_after_the_switch(client, demo):
    application = start(demo.applicant, demo=demo)
    client.force_login(demo.applicant)
    url = reverse("applications:section", args=[application.pk, "basic_info"])
    chinese = client.get(url).content.decode()
    assert ">汉族</option>" in chinese and ">群众</option>" in chinese

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    try:
        english = client.get(url).content.decode()
    finally:  # the request left English active on this thread
        translation.activate(settings.LANGUAGE_CODE)
    assert ">Han</option>" in english and ">汉族</option>" not in english
    assert ">Ordinary citizen (no party)</option>" in english
