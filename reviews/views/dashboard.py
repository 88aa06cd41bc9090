"""统计分析: the organisation's figures at a glance, with charts, tables and an .xlsx."""

import io

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reference.models import Series
from reviews import statistics
from reviews.exports import write_dashboard_xlsx
from titleportal.paging import window

from .common import _query_without_page, reviewer_required

OVERDUE_PAGE_SIZE = 30

__all__ = ["dashboard", "dashboard_overdue", "dashboard_xlsx"]


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
    session = forms.TypedChoiceField(
        label=gettext_lazy("Review session (burn-down)"), required=False, coerce=int
    )

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs["class"] = "form-control form-control-sm"
        self.fields["series"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["session"].widget.attrs["class"] = "form-select form-select-sm"
        # The sessions are read once by the view: the choices, and the one chosen.
        self.sessions = {session.pk: session for session in sessions}
        self.fields["session"].choices = [("", _("The latest session"))] + [
            (session.pk, str(session)) for session in sessions
        ]

    def clean_session(self):
        return self.sessions.get(self.cleaned_data.get("session"))


def _year(request) -> int:
    """The year asked for (the session list depends on it), this year when none or bad."""
    field = DashboardFilterForm.base_fields["year"]
    try:
        return field.clean(request.GET.get("year")) or timezone.localdate().year
    except forms.ValidationError:
        return timezone.localdate().year


def _figures(request) -> tuple[DashboardFilterForm, dict]:
    year = _year(request)
    # The sessions of the year in the role's scope, read once: the choices and the default.
    sessions = statistics.cached_sessions_in_scope(request.role, year)
    form = DashboardFilterForm(request.GET or None, sessions=sessions)
    series, session = None, None
    if form.is_bound and form.is_valid():
        series = form.cleaned_data["series"]
        session = form.cleaned_data["session"]
    if session is None and sessions:
        session = sessions[0]
    return form, statistics.cached_dashboard(
        request.role, year=year, series=series, session=session
    )


@reviewer_required
def dashboard(request):
    form, data = _figures(request)
    charts = [
        {
            "key": t.key,
            "title": str(t.title),
            "columns": [str(c) for c in t.columns],
            "rows": t.rows,
            "drawn": list(t.drawn),
            "type": t.chart,
        }
        for t in data["tables"]
    ]
    return render(
        request,
        "reviews/reviewer/dashboard.html",
        {
            "form": form,
            "data": data,
            "charts": charts,
            "query": request.GET.urlencode(),
            "cache_minutes": (
                max(1, round(settings.STATISTICS_CACHE_SECONDS / 60))
                if settings.STATISTICS_CACHE_SECONDS
                else 0
            ),
        },
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


@reviewer_required
def dashboard_overdue(request):
    """The applications behind the dashboard's overdue figures, the longest overdue first."""
    labels = statistics.overdue_labels()
    kind = request.GET.get("kind")
    if kind not in labels:
        kind = next(iter(labels))
    today = timezone.localdate()
    page = window(
        statistics.overdue_applications(request.role, kind, today),
        request.GET,
        per_page=OVERDUE_PAGE_SIZE,
    )
    return render(
        request,
        "reviews/reviewer/dashboard_overdue.html",
        {
            "kind": kind,
            "kinds": list(labels.items()),
            "page": page,
            "today": today,
            "deadline_field": statistics.OVERDUE[kind][1].split("__")[1],
            "query": _query_without_page(request),
        },
    )
