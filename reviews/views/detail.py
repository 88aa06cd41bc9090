"""The reviewers' pages: an application's review page and its acts."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from applications import workflow
from applications.policies import own_case_refusal
from applications.sections import ApplicationSections
from payments.selectors import unpaid_review_fees
from reviews import selectors, services
from reviews.forms import (
    ForwardForm,
    OpinionForm,
    ReasonForm,
    ReturnForm,
    UnitOpinionForm,
)
from reviews.models import UnitOpinion
from reviews.sections import section_choices, section_labels
from titleportal.errors import DomainError
from titleportal.models import FullIdView
from titleportal.pdf import pdf_response, render_pdf
from titleportal.services import full_id_views_record

# --- detail and acts --------------------------------------------------------------------------
from .common import reviewer_required


def _opinion_initial(application) -> dict:
    opinion = UnitOpinion.objects.filter(application=application).first()
    initial = {name: getattr(opinion, name) for name in UnitOpinion.FIELDS} if opinion else {}
    if not initial.get("publicity"):
        # Offer the unit's own online publicity that listed this application.
        publicity = selectors.publicity_listing(application)
        if publicity is not None:
            initial["publicity"] = _(
                "Publicised online in the unit from %(start)s to %(end)s; no objection."
            ) % {"start": publicity.starts_on.isoformat(), "end": publicity.ends_on.isoformat()}
    return initial


def _make_form(act: str, application, data=None):
    # Each form of the page gets its own element ids (several carry a version field).
    options = {"initial": {"version": application.version}, "auto_id": f"id_{act}_%s"}
    unit_level = workflow.acting_level(application) == workflow.LEVELS["unit"]
    if act == "opinions":
        options["initial"].update(_opinion_initial(application))
        return UnitOpinionForm(data, application=application, **options)
    if act == "forward":
        return ForwardForm(data, application=application, unit_level=unit_level, **options)
    if act == "return":
        targets = services.return_targets(application)
        return ReturnForm(data, application=application, targets=targets, **options)
    if act == "reject":
        return ReasonForm(data, **options)
    return OpinionForm(data, **options)


def available_acts(role_context, application, actor=None) -> list[str]:
    """The acts the role may take on the application now, in the order the page shows them
    (none on the actor's own application): ``workflow.acts`` decides."""
    return workflow.acts(application, role_context, actor).names


def _render_detail(request, application, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    acts = available_acts(request.role, application, request.user)
    forms = {act: bound.get(act) or _make_form(act, application) for act in acts}
    actions = selectors.timeline(application)
    choices = dict(section_choices(application))
    for entry in actions:
        entry.section_labels = section_labels(
            application, entry.data.get("sections", []), choices=choices
        )
    opinion = UnitOpinion.objects.filter(application=application).first()
    sections = ApplicationSections(application).views()
    since_return = selectors.changes_since_return(application, actions, sections)
    if since_return is not None:
        by_key = {change.key: change for change in since_return.sections}
        for section in sections:
            change = by_key.get(section.key)
            if change is not None:
                section.named_in_return = change.named
                section.changed_since_return = change.changed
                if change.named:
                    section.return_reason = since_return.entry.opinion
    step = workflow.current(application)
    waits_for_fee = bool(acts) and step is not None and step.waits_for_fee
    return render(
        request,
        "reviews/reviewer/detail.html",
        {
            "application": application,
            "fee_unpaid": "、".join(unpaid_review_fees(application)) if waits_for_fee else "",
            "sections": sections,
            "since_return": since_return,
            "acts": acts,
            "forms": forms,
            "actions": actions,
            "opinion": opinion,
            "missing_opinions": services.missing_unit_opinions(application)
            if "opinions" in acts
            else [],
            "route": workflow.progress(application),
            "at_unit": workflow.acting_level(application) == workflow.LEVELS["unit"],
            "at_committee": workflow.acting_level(application) == workflow.LEVELS["committee"],
            "acceptance": getattr(application, "acceptance", None),
            "own_refusal": own_case_refusal(request.user, application.applicant_id),
        },
        status=status,
    )


@reviewer_required
def detail(request, pk):
    application = selectors.get_application_for(request.role, pk)
    return _render_detail(request, application)


SERVICES = {
    "opinions": services.unit_opinion_save,
    "forward": services.application_forward,
    "return": services.application_return,
    "reject": services.application_reject,
    "approve": services.application_approve,
    "fail": services.application_fail,
    "accept": services.application_accept,
}
DONE_MESSAGES = {
    "opinions": gettext_noop("The unit opinions were saved."),
    "forward": gettext_noop("The application was forwarded."),
    "return": gettext_noop("The application was returned."),
    "reject": gettext_noop("The application was marked as not approved."),
    "approve": gettext_noop("The application was approved."),
    "fail": gettext_noop("The result “not passed” was recorded."),
    "accept": gettext_noop("The application was accepted."),
}


def _arguments(act: str, cleaned: dict) -> dict:
    if act == "opinions":
        return {name: cleaned[name] for name in UnitOpinion.FIELDS if name in cleaned}
    if act == "forward":
        return {"office": cleaned.get("office"), "opinion": cleaned.get("opinion", "")}
    if act == "return":
        return {
            "target": cleaned["target"],
            "reason": cleaned["reason"],
            "sections": cleaned["sections"],
            "files": cleaned["files"],
        }
    if act == "reject":
        return {"reason": cleaned["reason"]}
    return {"opinion": cleaned.get("opinion", "")}


def _next_url(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default


def _act_view(act: str):
    @reviewer_required
    @require_POST
    def view(request, pk):
        application = selectors.get_application_for(request.role, pk)
        detail_url = reverse("reviews:detail", args=[application.pk])
        if act not in available_acts(request.role, application, request.user):
            messages.error(
                request,
                own_case_refusal(request.user, application.applicant_id)
                or _("This application is not waiting for your review; it is now: %(status)s.")
                % {"status": application.get_status_display()},
            )
            return redirect(detail_url)
        form = _make_form(act, application, data=request.POST)
        if not form.is_valid():
            return _render_detail(request, application, bound={act: form}, status=400)
        try:
            SERVICES[act](
                actor=request.user,
                role_context=request.role,
                application=application,
                version=form.cleaned_data["version"],
                **_arguments(act, form.cleaned_data),
            )
        except DomainError as error:
            if error.code == "stale":
                messages.error(request, str(error))
                return redirect(detail_url)
            form.add_error(error.field if error.field in form.fields else None, str(error))
            return _render_detail(request, application, bound={act: form}, status=400)
        messages.success(request, _(DONE_MESSAGES[act]))
        return redirect(_next_url(request, detail_url))

    view.__name__ = f"act_{act}"
    return view


ACT_VIEWS = {act: _act_view(act) for act in SERVICES}


def evaluation_form_pdf(request, application) -> bytes:
    """评审表 of an application: the whole application as the system holds it, the unit's
    opinions and seal (for the reviewers, and for the applicant under 报表下载)."""
    return render_pdf(
        "reviews/pdf/evaluation_form.html",
        {
            "application": application,
            "sections": ApplicationSections(application).views(),
            "opinion": UnitOpinion.objects.filter(application=application).first(),
            "junior": application.level.is_junior,
            "printed_at": timezone.localtime(),
        },
        request=request,
        files={"photo": application.certificate_photo(), "seal": application.unit.seal_image},
        language=settings.LANGUAGE_CODE,
    )


@reviewer_required
def evaluation_form(request, pk):
    """评审表 for the reviewers."""
    application = selectors.get_application_for(request.role, pk)
    content = evaluation_form_pdf(request, application)
    # The printed form carries the applicant's full ID number.
    full_id_views_record(
        request=request, subjects=[application.applicant], place=FullIdView.Place.EVALUATION_FORM
    )
    return pdf_response(content, f"evaluation-form-{application.pk}.pdf", inline=True)
