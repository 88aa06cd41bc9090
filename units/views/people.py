"""Pages of people: 单位调整 (joining a unit)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import User
from titleportal.errors import DomainError
from units import selectors, services
from units.forms import (
    JoinUnitForm,
)

# --- public: lists used while typing --------------------------------------------------------


# --- people: 单位调整 -----------------------------------------------------------------------


@login_required
def join(request):
    """单位调整: join or change unit with the unit key."""
    if request.user.kind != User.Kind.PERSON:
        raise Http404
    affiliation = getattr(request.user, "affiliation", None)
    form = JoinUnitForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        services.affiliation_join(person=request.user, unit=form.unit)
        messages.success(request, _("Your unit is now %(name)s.") % {"name": form.unit.name})
        return redirect("units:join")
    return render(request, "units/person/join.html", {"form": form, "affiliation": affiliation})


@login_required
def invitation(request, pk):
    """An invitation to be a unit's staff member (from 我的消息): accept or decline it."""
    if request.user.kind != User.Kind.PERSON:
        raise Http404
    invitation = selectors.get_invitation_for_person(request.user, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                services.staff_invitation_accept(actor=request.user, invitation=invitation)
                messages.success(
                    request,
                    _(
                        "You are now a staff member of %(unit)s. Choose it as your role from "
                        "the header to review its applications."
                    )
                    % {"unit": invitation.unit.name},
                )
            elif action == "decline":
                services.staff_invitation_decline(actor=request.user, invitation=invitation)
                messages.success(request, _("You declined the invitation."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("units:invitation", pk=invitation.pk)
    return render(request, "units/person/invitation.html", {"invitation": invitation})
