"""The navigation bar of each role.

Items name URLs; an item whose URL is not (yet) part of the portal is left out, so the bar
never links to a page that does not exist.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.roles import ACTS_FOR, Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str = ""
    kwargs: dict = field(default_factory=dict)
    children: tuple["NavItem", ...] = ()
    badge: str = ""  # name of a count in the shell context (e.g. queue size)


APPLY_MENU = (
    NavItem(_("Title evaluation"), "applications:list", {"kind": "evaluation"}),
    NavItem(_("Title recognition"), "applications:list", {"kind": "recognition"}),
    NavItem(_("Reconfirmation"), "applications:list", {"kind": "reconfirmation"}),
    NavItem(_("Lost-certificate replacement"), "applications:list", {"kind": "replacement"}),
    NavItem(_("Out-of-province confirmation"), "applications:list", {"kind": "transfer"}),
)


def guide(role: str) -> NavItem:
    """操作指南 of a role (titleportal.views.GUIDES)."""
    return NavItem(_("Operation guide"), "guide", {"role": role})


# Records, figures and downloads share one menu, so that an office's bar fits 1280 px; the
# role's operation guide is the menu's last item.
def reports_menu(guide_role: str, extra: tuple[NavItem, ...] = ()) -> tuple[NavItem, ...]:
    return (
        NavItem(_("Operation records"), "reviews:records"),
        NavItem(_("Statistics"), "reviews:dashboard"),
        *extra,
        NavItem(_("Downloads"), "reviews:downloads"),
        guide(guide_role),
    )


def reviewer_menu(guide_role: str, extra_reports: tuple[NavItem, ...] = ()) -> tuple[NavItem, ...]:
    return (
        NavItem(_("Home"), "home"),
        NavItem(_("To-do"), "reviews:queue", badge="queue_count"),
        NavItem(_("Records and reports"), children=reports_menu(guide_role, extra_reports)),
        NavItem(_("Messages to applicants"), "reviews:outbox"),
        NavItem(_("My messages"), "messages", badge="unread_messages"),
    )


REVIEWER_MENU = reviewer_menu("unit")
# 专技人才统计: the unit's staff review the records, the office reads the figures.
UNIT_STAFF_MENU = reviewer_menu(
    "unit", (NavItem(_("Talent information review"), "talent:unit_list"),)
)
OFFICE_REPORTS = (
    NavItem(_("Professional talent statistics"), "talent:office_statistics"),
    NavItem(_("Manage the download area"), "reviews:office_downloads"),
)
NOTICES_MENU = (
    NavItem(_("Notices"), "notices", {"category": "notice"}),
    NavItem(_("Policy documents"), "notices", {"category": "policy"}),
    NavItem(_("Review criteria"), "notices", {"category": "criteria"}),
)

# Public services linked from the home page and the footer for everyone.
PUBLIC_SERVICES = (
    NavItem(_("Review committees"), "units:committees"),
    NavItem(_("Certificate query"), "certificates:verify"),
    NavItem(_("Result publicity"), "reviews:publicity"),
    NavItem(_("Void notices"), "applications:void_notices"),
    NavItem(_("Download area"), "downloads"),
    NavItem(_("Operation guides"), "guides"),
)

NAVIGATION: dict[str | None, tuple[NavItem, ...]] = {
    None: (
        NavItem(_("Home"), "home"),
        NavItem(_("Notices and policies"), children=NOTICES_MENU),
        *PUBLIC_SERVICES,
    ),
    Role.APPLICANT: (
        NavItem(_("Home"), "home"),
        NavItem(_("Personal data"), "applications:profile"),
        NavItem(_("Certificates"), "certificates:mine"),
        NavItem(_("Apply for a title"), children=APPLY_MENU),
        NavItem(_("Fees"), "payments:orders"),
        NavItem(_("Talent statistics"), "talent:mine"),
        NavItem(_("Report downloads"), "reviews:my_reports"),
        NavItem(_("My messages"), "messages", badge="unread_messages"),
        NavItem(_("Suggestions and complaints"), "reviews:feedback_mine"),
    ),
    Role.UNIT_ACCOUNT: (
        NavItem(_("Home"), "home"),
        NavItem(_("Account"), "units:account"),
        NavItem(_("Unit information"), "units:info"),
        NavItem(_("Contacts"), "units:contacts"),
        NavItem(_("Staff"), "units:staff"),
        NavItem(_("Unit people"), "units:people"),
        NavItem(_("Unit key"), "units:key"),
        NavItem(_("Suggestions and complaints"), "reviews:feedback_mine"),
    ),
    Role.UNIT_STAFF: UNIT_STAFF_MENU,
    Role.DEPARTMENT_STAFF: reviewer_menu("department"),
    Role.OFFICE_STAFF: (
        *REVIEWER_MENU[:2],
        NavItem(
            _("Certificate work"),
            children=(
                NavItem(_("Certificates"), "certificates:office_list"),
                NavItem(_("Certificate verification"), "certificates:verification_queue"),
            ),
        ),
        NavItem(_("Fee orders"), "payments:staff_orders"),
        *reviewer_menu("office", OFFICE_REPORTS)[2:],
        NavItem(_("Department staff"), "units:department_staff"),
        NavItem(_("Suggestions and complaints"), "reviews:office_feedback"),
    ),
    Role.COMMITTEE_STAFF: (
        *REVIEWER_MENU[:2],
        NavItem(_("Review sessions"), "reviews:sessions"),
        NavItem(_("Fee orders"), "payments:staff_orders"),
        *reviewer_menu("committee")[2:],
    ),
    Role.ADMIN: (
        NavItem(_("Home"), "home"),
        NavItem(_("Administration"), "admin:index"),
    ),
}


# The operation guide of each role (the user menu links it; reviewers also under 记录报表):
# the applicant's, or that of the organisation the role acts for (accounts.roles.ACTS_FOR).
GUIDE_OF_ROLE = {Role.APPLICANT: "applicant", **ACTS_FOR}


def guide_url(role: str | None) -> str:
    guide_role = GUIDE_OF_ROLE.get(role) if role else None  # type: ignore[call-overload]
    return reverse("guide", kwargs={"role": guide_role}) if guide_role else reverse("guides")


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    children: tuple["Link", ...] = ()
    badge: str = ""


def _resolve(item: NavItem) -> Link | None:
    if item.children:
        children = tuple(link for link in map(_resolve, item.children) if link)
        return Link(str(item.label), "", children, item.badge) if children else None
    try:
        return Link(str(item.label), reverse(item.url_name, kwargs=item.kwargs), (), item.badge)
    except NoReverseMatch:
        return None


def resolve_all(items) -> list[Link]:
    """The links of ``items``: resolved once per language, URL configuration and script
    prefix in a process (every page frame shows them; reversing each URL on every request
    cost a third of a small page)."""
    key = (id(items), get_language(), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    found = _RESOLVED.get(key)
    if found is None or found[0] is not items:
        found = (items, [link for link in map(_resolve, items) if link])
        if len(_RESOLVED) > 256:
            _RESOLVED.clear()
        _RESOLVED[key] = found
    return list(found[1])


# (id of the items, language, URL configuration, script prefix) → (the items, their links)
_RESOLVED: dict[tuple, tuple] = {}


def navigation_for(role: str | None) -> list[Link]:
    return resolve_all(NAVIGATION.get(role, NAVIGATION[None]))


def badge_names(links: list[Link]) -> set[str]:
    names = set()
    for link in links:
        if link.badge:
            names.add(link.badge)
        names |= badge_names(list(link.children))
    return names
