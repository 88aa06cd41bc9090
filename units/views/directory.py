"""The public committee directory (评委会): no sign-in needed."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from units import selectors
from units.forms import CommitteeFilterForm

__all__ = ["committee_detail", "committee_list"]


@require_GET
def committee_list(request):
    """Every active committee with its current review session and 工作状态."""
    form = CommitteeFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {"series": form.cleaned_data["series"], "level": form.cleaned_data["level"]}
    return render(
        request,
        "units/public/committees.html",
        {"form": form, "rows": selectors.committee_directory(**filters)},
    )


@require_GET
def committee_detail(request, pk):
    """One committee and its current session's notice (评审通知)."""
    return render(request, "units/public/committee.html", selectors.get_public_committee(pk))
