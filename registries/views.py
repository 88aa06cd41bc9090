"""The applicant's registry pages: fetch (同步) and use the chosen records; the panel shown in
the section."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.roles import Role
from applications.sections import section_keys
from applications.selectors import get_application_for
from titleportal.errors import DomainError

from . import selectors, services
from .kinds import KINDS


def panel(request, application, section_key: str) -> str:
    """The registry's panel above the rows of its section (applications.row_sources)."""
    kind = selectors.kind_of_section(section_key)
    if kind is None or not application.is_editable:
        return ""
    records = selectors.records_for(request.user, kind, application)
    return render_to_string(
        "registries/applicant/_panel.html",
        {
            "application": application,
            "kind": kind,
            "records": records,
            "choosable": any(not r.used for r in records),
            "last_query": selectors.last_query(request.user, kind),
        },
        request=request,
    )


def _application(request, pk, registry):
    kind = KINDS.get(registry)
    application = get_application_for(request.role, pk)
    if kind is None or kind.section not in section_keys(application):
        raise Http404
    return application, kind


def _back(application, kind):
    return redirect("applications:section", pk=application.pk, section=kind.section)


@role_required(Role.APPLICANT)
@require_POST
def sync(request, pk, registry):
    application, kind = _application(request, pk, registry)
    try:
        records = services.fetch_records(
            actor=request.user,
            role_context=request.role,
            application=application,
            registry=registry,
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        if records:
            messages.success(
                request,
                _("%(count)s records were fetched. Tick the ones to use.")
                % {"count": len(records)},
            )
        else:
            messages.info(request, str(kind.empty))
    return _back(application, kind)


@role_required(Role.APPLICANT)
@require_POST
def use(request, pk, registry):
    application, kind = _application(request, pk, registry)
    ids = []
    for value in request.POST.getlist("records"):
        try:
            ids.append(int(value))
        except ValueError:
            continue
    try:
        added = services.use_records(
            actor=request.user,
            role_context=request.role,
            application=application,
            registry=registry,
            record_ids=ids,
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        if added:
            messages.success(
                request,
                _("%(count)s verified rows were added.") % {"count": len(added)},
            )
            if kind.section == "work_history":
                messages.info(
                    request, _("Fill in the work content of each row taken from social insurance.")
                )
        else:
            messages.info(request, _("The chosen records are already in this section."))
    return _back(application, kind)
