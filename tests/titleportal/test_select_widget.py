"""The portal's selects and inputs: the inputs of Django's input templates written in Python by
titleportal.renderers. The selects: written in Python by titleportal.renderers when their options use
Django's option template, else by templates/django/forms/widgets/select.html (its options
written in place).

Either way the portal must give the browser exactly what Django's own templates give, for
every kind of select the forms use: plain, grouped, multiple, with selected, disabled, escaped
and other option attributes, and with an option template of its own.
"""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer


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
ESCAPED = [("a&b", "<南宁> & 柳州"), ("2", "二")]
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
        (forms.Select(choices=ESCAPED, attrs={"data-x": '"q"', "title": None}), "a&b"),
    ],
)
def test_the_markup_is_djangos_own(widget, value):
    portal = widget.render("series", value, renderer=get_default_renderer())
    django = widget.render("series", value, renderer=DjangoTemplates())
    assert portal == django
    assert portal.startswith("<select")


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.TextInput(attrs={"class": "form-control", "maxlength": 40}), '张三 "<b>" & 李四'),
        (forms.TextInput(), None),
        (forms.TextInput(), ""),
        (forms.NumberInput(attrs={"min": 2000, "required": True, "disabled": False}), 2026),
        (forms.EmailInput(), "a@example.com"),
        (forms.PasswordInput(render_value=False), "secret"),
        (forms.HiddenInput(), 7),
        (forms.DateInput(), datetime.date(2026, 3, 2)),
        (forms.CheckboxInput(), True),
        (forms.CheckboxInput(), False),
        (forms.FileInput(attrs={"accept": "application/pdf,.pdf"}), None),
        (forms.URLInput(attrs={"data-x": '"q"', "title": None}), "https://x.cn/?a=1&b=2"),
    ],
)
def test_an_input_is_djangos_own_markup(widget, value):
    portal = widget.render("field", value, renderer=get_default_renderer())
    django = widget.render("field", value, renderer=DjangoTemplates())
    assert portal == django
    assert portal.startswith("<input")


def test_an_input_template_of_the_project_is_still_used(settings, tmp_path):
    """Were the project to override one of Django's input templates, that one would be used."""
    (tmp_path / "django" / "forms" / "widgets").mkdir(parents=True)
    (tmp_path / "django" / "forms" / "widgets" / "text.html").write_text("<b>own</b>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    from titleportal.renderers import PortalFormRenderer

    assert forms.TextInput().render("x", "1", renderer=PortalFormRenderer()) == "<b>own</b>"


def test_the_queue_filters_are_djangos_own_markup(db, reference_data):
    from reviews.forms import QueueFilterForm

    data = {"status": "all", "series": "", "sort": "name"}
    portal = QueueFilterForm(data)
    django = QueueFilterForm(data, renderer=DjangoTemplates())
    for name in ("status", "kind", "series", "level", "sort"):
        assert str(portal[name]) == str(django[name])
    assert 'value="all" selected' in str(portal["status"])
    assert "全部" in str(portal["series"])
