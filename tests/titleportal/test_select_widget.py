"""templates/django/forms/widgets/select.html: Django's select, its options written in place.

The portal's copy must give the browser exactly what Django's own templates give, for every
kind of select the forms use: plain, grouped, multiple, with selected, disabled and other
option attributes, and with an option template of its own.
"""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting


class DataOptions(forms.Select):
    """Options with attributes of their own, as units.forms.choosing builds them."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value == "2":
            option["attrs"].update({"disabled": True, "data-region": "450100 & <南宁>"})
        return option


class OwnOptionTemplate(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"


CHOICES = [("", "---------"), ("1", "工程技术"), ("2", "卫生技术"), ("3", '教育 "中小学"')]
GROUPED = [("", "全部"), ("工程", [("1", "助理工程师"), ("2", "工程师")]), ("3", "其他")]


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.Select(choices=CHOICES, attrs={"class": "form-select", "required": True}), "1"),
        (forms.Select(choices=CHOICES), None),
        (forms.Select(choices=GROUPED, attrs={"disabled": False, "id": "x"}), "2"),
        (forms.SelectMultiple(choices=CHOICES), ["1", "3"]),
        (DataOptions(choices=CHOICES), "3"),
        (OwnOptionTemplate(choices=CHOICES), "1"),
        (forms.NullBooleanSelect(), True),
    ],
)
def test_the_markup_is_djangos_own(widget, value):
    portal = widget.render("series", value, renderer=TemplatesSetting())
    django = widget.render("series", value, renderer=DjangoTemplates())
    assert portal == django
    assert portal.startswith("<select")


@pytest.mark.parametrize(
    ("choices", "attrs", "value"),
    [
        (CHOICES, {"class": "form-select", "required": True}, "1"),
        (CHOICES, {}, None),
        (CHOICES, {}, "3"),
        (GROUPED, {"disabled": False, "id": "x"}, "2"),
        ([("a&b", "<南宁> & 柳州"), ("2", "二")], {"data-x": '"q"'}, "a&b"),
    ],
)
def test_the_filter_bars_select_gives_the_same_page(choices, attrs, value):
    from django.test.html import parse_html

    from titleportal.widgets import QuickSelect

    quick = QuickSelect(choices=choices, attrs=attrs).render("series", value)
    django = forms.Select(choices=choices, attrs=attrs).render(
        "series", value, renderer=DjangoTemplates()
    )
    assert parse_html(quick) == parse_html(django)
    assert "<南宁>" not in quick


def test_the_queue_filters_use_the_quick_select_with_their_choices(db, reference_data):
    from reviews.forms import QueueFilterForm
    from titleportal.widgets import QuickSelect

    form = QueueFilterForm({"status": "all", "series": ""})
    assert isinstance(form["status"].field.widget, QuickSelect)
    html = str(form["series"])
    assert "<select" in html and "全部" in html and html.count("<option") > 1
    assert 'value="all" selected' in str(form["status"])
