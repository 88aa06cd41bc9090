"""Pages of offices: staff of the competent departments under them."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.roles import Role
from titleportal.errors import DomainError
from units import selectors, services
from units.forms import (
    DepartmentStaffForm,
)

# --- public: lists used while typing --------------------------------------------------------


# --- offices: staff of the competent departments under them --------------------------------


@role_required(Role.OFFICE_STAFF)
def department_staff(request):
    office = request.role.office
    form = DepartmentStaffForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        try:
            services.department_staff_add(
                actor=request.user,
                office=office,
                department=form.cleaned_data["department"],
                person=form.person,
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request,
                _("%(name)s now works for %(department)s.")
                % {"name": form.person.full_name, "department": form.cleaned_data["department"]},
            )
            return redirect("units:department_staff")
    return render(
        request,
        "units/office/department_staff.html",
        {"form": form, "departments": selectors.departments_of_office(office)},
    )


@role_required(Role.OFFICE_STAFF)
@require_POST
def department_staff_toggle(request, pk):
    office = request.role.office
    membership = selectors.get_department_membership_for(office, pk)
    services.department_staff_set_enabled(
        actor=request.user,
        office=office,
        membership=membership,
        enabled=request.POST.get("enabled") == "1",
    )
    messages.success(request, _("The staff member was updated."))
    return redirect("units:department_staff")


@role_required(Role.OFFICE_STAFF)
@require_POST
def department_staff_remove(request, pk):
    office = request.role.office
    membership = selectors.get_department_membership_for(office, pk)
    services.department_staff_remove(actor=request.user, office=office, membership=membership)
    messages.success(request, _("The staff member was removed."))
    return redirect("units:department_staff")
