"""The portal's form renderer (FORM_RENDERER)."""

from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html, written in Python."""
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(str(value))}"')
        for name, value in attrs.items()
        if value is not False
    )


def _select(widget: dict) -> SafeString:
    """django/forms/widgets/select.html and its options, character for character."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(localize(option['label']))}"
                "</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


class PortalFormRenderer(TemplatesSetting):
    """Templates from the project's settings (so templates/ can hold widget templates), with
    one shortcut: a select whose options use Django's option template is written in Python,
    the same markup (tests/titleportal/test_select_widget.py) without a template per option.
    Through the templates, the queue's five filter selects cost about a tenth of the page's
    CPU; every other select of the portal gains the same."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT else None
        if widget is not None and all(
            option["template_name"] == OPTION
            for _name, options, _index in widget["optgroups"]
            for option in options
        ):
            return _select(widget)
        return super().render(template_name, context, request=request)
