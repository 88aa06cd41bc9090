"""报表下载 of an applicant: their applications with the printable 申报表 and 评审表."""

from django.shortcuts import render

from accounts.decorators import role_required
from accounts.roles import Role
from reviews import selectors
from titleportal.pdf import pdf_response

from .detail import evaluation_form_pdf

__all__ = ["my_evaluation_form", "my_reports"]

applicant_required = role_required(Role.APPLICANT)


@applicant_required
def my_reports(request):
    """The applicant's applications, each with its 申报表 (page and PDF) and, once submitted,
    its 评审表."""
    return render(
        request,
        "reviews/own/reports.html",
        {"applications": selectors.own_applications_for_print(request.user)},
    )


@applicant_required
def my_evaluation_form(request, pk):
    """评审表 of the applicant's own submitted application (others' answer 404)."""
    application = selectors.own_submitted_application(request.user, pk)
    content = evaluation_form_pdf(request, application)
    return pdf_response(content, f"evaluation-form-{application.pk}.pdf", inline=True)
