"""统计分析: the organisation's figures at a glance, with charts, tables and an .xlsx."""

import io

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from reference.models import Series
from reviews import statistics
from reviews.exports import write_dashboard_xlsx

from .common import reviewer_required

__all__ = ["dashboard", "dashboard_xlsx"]


class DashboardFilterForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Application year"), required=False, min_value=2000, max_value=2100
    )
    series = forms.ModelChoiceField(
        label=gettext_lazy("Series"),
        queryset=Series.objects.all(),
        required=False,
        empty_label=gettext_lazy("All series"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs["class"] = "form-control form-control-sm"
        self.fields["series"].widget.attrs["class"] = "form-select form-select-sm"


def _figures(request) -> tuple[DashboardFilterForm, dict]:
    form = DashboardFilterForm(request.GET or None)
    year, series = timezone.localdate().year, None
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"] or year
        series = form.cleaned_data["series"]
    return form, statistics.dashboard(request.role, year=year, series=series)


@reviewer_required
def dashboard(request):
    form, data = _figures(request)
    charts = [
        {
            "key": t.key,
            "title": str(t.title),
            "columns": [str(c) for c in t.columns],
            "rows": t.rows,
        }
        for t in data["tables"]
    ]
    return render(
        request,
        "reviews/reviewer/dashboard.html",
        {"form": form, "data": data, "charts": charts, "query": request.GET.urlencode()},
    )


@reviewer_required
def dashboard_xlsx(request):
    _form, data = _figures(request)
    buffer = io.BytesIO()
    write_dashboard_xlsx(buffer, data)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="statistics-{data["year"]}.xlsx"'
    return response
