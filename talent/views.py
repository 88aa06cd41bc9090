"""专技人才统计: the person's page, the unit's review and the office's figures."""

import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.decorators import role_required
from accounts.roles import Role
from applications.policies import own_case_refusal
from titleportal.errors import DomainError
from titleportal.spreadsheets import text_cell
from units.models import Affiliation

from . import selectors, services
from .forms import TalentRecordForm, TalentReviewForm
from .models import TalentRecord

PAGE_SIZE = 30


def _form_error(form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


@role_required(Role.APPLICANT)
def mine(request):
    """专技人才信息: the person's record of this year (new or to change) and earlier years."""
    year = timezone.localdate().year
    record = selectors.own_record(request.user, year)
    affiliation = Affiliation.objects.select_related("unit").filter(person=request.user).first()
    form = TalentRecordForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            services.talent_record_save(person=request.user, year=year, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Your talent information was sent to your unit."))
            return redirect("talent:mine")
    context = {
        "form": form,
        "record": record,
        "year": year,
        "affiliation": affiliation,
        "earlier": selectors.own_records(request.user).exclude(year=year),
    }
    return render(request, "talent/mine.html", context)


@role_required(Role.UNIT_STAFF)
def unit_list(request):
    status = request.GET.get("status", TalentRecord.Status.PENDING)
    page = Paginator(selectors.unit_records(request.role, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "status": status, "statuses": TalentRecord.Status.choices}
    return render(request, "talent/unit_list.html", context)


@role_required(Role.UNIT_STAFF)
def unit_detail(request, pk):
    record = selectors.get_unit_record_for(request.role, pk)
    refusal = own_case_refusal(request.user, record.person_id)
    form = TalentReviewForm(request.POST or None)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            services.talent_record_review(
                actor=request.user,
                role_context=request.role,
                record=record,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The review was saved and the person told."))
            return redirect("talent:unit_list")
    context = {"record": record, "form": form, "refusal": refusal}
    return render(request, "talent/unit_detail.html", context)


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


@role_required(Role.OFFICE_STAFF)
def office_statistics(request):
    year = _year(request)
    figures = selectors.office_figures(request.role, year=year)
    context = {"figures": figures, "years": selectors.office_years(request.role), "year": year}
    return render(request, "talent/office_statistics.html", context)


@role_required(Role.OFFICE_STAFF)
def office_statistics_xlsx(request):
    import xlsxwriter

    year = _year(request)
    figures = selectors.office_figures(request.role, year=year)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet(_("Professional talent")[:31])
    sheet.set_column(0, 1, 20)
    columns = [_("Region"), _("Series"), *(level.name for level in figures.levels), _("Total")]
    sheet.write_row(0, 0, [text_cell(str(c)) for c in columns], bold)
    index = 0
    for index, row in enumerate(figures.rows, start=1):
        cells = [row["region"], row["series"], *row["counts"], row["total"]]
        sheet.write_row(index, 0, [text_cell(value) for value in cells])
    sheet.write_row(index + 1, 0, [_("Total"), "", *figures.level_totals, figures.total], bold)
    workbook.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"talent-{year}.xlsx" if year else "talent.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
