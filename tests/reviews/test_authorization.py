"""Every URL of the reviews app, for every role: 200/302 for the right role and object,
404 for objects outside the role's scope, 403 (or sign-in) for the wrong role."""

import pytest
from django.urls import get_resolver, reverse

from applications.models import Kind
from reviews import services
from units.models import AchievementTemplate, RequiredMaterial

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "applicant",
    "unit_account",
    "staff",
    "staff2",
    "dept_staff",
    "office_staff",
    "committee_staff",
]
REVIEWERS = {"staff", "staff2", "dept_staff", "office_staff", "committee_staff"}
ACTS = ["opinions", "forward", "return", "reject", "approve", "fail", "accept"]


@pytest.fixture
def world(demo, make_application, session, contexts):
    at_unit = make_application(applicant=demo.applicant, kind=Kind.EVALUATION, opinions=True)
    at_office = make_application(applicant=demo.applicant2, at_office=True)
    publicity = services.unit_publicity_start(
        actor=demo.staff, role_context=contexts["staff"], year=at_unit.year
    )
    published = make_application(at_committee=True, accepted=True)
    services.application_approve(
        actor=demo.committee_staff,
        role_context=contexts["committee_staff"],
        application=published,
        version=published.version,
    )
    services.results_publish(
        actor=demo.committee_staff, role_context=contexts["committee_staff"], session=session
    )
    material = RequiredMaterial.objects.create(review_session=session, name="单位推荐函")
    template = AchievementTemplate.objects.create(review_session=session, policy_text="论文")
    return {
        "at_unit": at_unit,
        "at_office": at_office,
        "publicity": publicity,
        "session": session,
        "material": material,
        "template": template,
    }


def expected_for(name: str, role: str, obj: str = "") -> set[int]:
    """The status codes a role may get from a URL."""
    login = {302}
    if name in {"publicity", "publicity_detail"}:
        return {200}
    if role == "anonymous":
        return login
    if name == "unit_publicity":
        return {200} if role in {"applicant", "staff", "unit_account"} else {404}
    if name in {"queue", "export", "records", "downloads"}:
        return {200} if role in REVIEWERS else {403}
    if name == "batch":
        return {302} if role in REVIEWERS else {403}
    if name in {"publicity_table"}:
        return {200} if role in {"staff", "staff2"} else {403}
    if name == "unit_publicity_start":
        return {302} if role in {"staff", "staff2"} else {403}
    if (
        name.startswith("session")
        or name == "sessions"
        or obj in {"session", "material", "template"}
    ):
        if role != "committee_staff":
            return {403}
        return {200, 302, 400}
    # application URLs
    if role not in REVIEWERS:
        return {403}
    visible = {"at_unit": {"staff"}, "at_office": {"staff", "office_staff"}}[obj]
    if role not in visible:
        return {404}
    if name in {"detail", "evaluation_form"}:
        return {200}
    return {302, 400}


def url_cases():
    cases = []
    for name in ["queue", "export", "records", "downloads", "sessions", "session_new", "publicity"]:
        cases.append((name, "", "get"))
    cases += [("batch", "", "post"), ("unit_publicity_start", "", "post")]
    cases += [("publicity_table", "", "get")]
    cases += [("unit_publicity", "publicity", "get")]
    for name in ["session_detail", "session_edit", "session_template", "publicity_detail"]:
        cases.append((name, "session", "get"))
    for name in ["session_close", "session_import", "session_publish"]:
        cases.append((name, "session", "post"))
    cases += [("session_requirements", "session", "get")]
    cases += [("material_new", "session", "get"), ("achievement_template_new", "session", "get")]
    cases += [("material_edit", "material", "get"), ("material_delete", "material", "post")]
    cases += [("achievement_template_edit", "template", "get")]
    cases += [("achievement_template_delete", "template", "post")]
    for obj in ("at_unit", "at_office"):
        cases += [("detail", obj, "get"), ("evaluation_form", obj, "get")]
        cases += [(act, obj, "post") for act in ACTS]
    return cases


def test_every_url_of_the_app_is_in_the_table():
    """Each URL is in this table or, for the pages added since (feedback, dashboard, outbox),
    in the project-wide matrix of tests/security, which checks every role and object."""
    from tests.security.matrix import TABLE

    patterns = get_resolver().url_patterns
    reviews = next(p for p in patterns if getattr(p, "namespace", None) == "reviews")
    app_names = {p.name for p in reviews.url_patterns}
    in_matrix = {
        line.split()[0].split("@")[0].removeprefix("reviews:")
        for line in TABLE.splitlines()
        if line.startswith("reviews:")
    }
    here = {name for name, _obj, _method in url_cases()}
    assert app_names - here <= in_matrix
    assert here <= app_names


@pytest.mark.parametrize("role", ROLES)
def test_answers_by_role(role, demo, keys, world, client):
    users = {
        "applicant": demo.applicant,
        "unit_account": demo.unit_account,
        "staff": demo.staff,
        "staff2": demo.staff2,
        "dept_staff": demo.dept_staff,
        "office_staff": demo.office_staff,
        "committee_staff": demo.committee_staff,
    }
    if role != "anonymous":
        client.force_login(users[role])
        if role in keys:
            session = client.session
            session["acting_as"] = keys[role]
            session.save()
    wrong = []
    for name, obj, method in url_cases():
        args = [world[obj].pk] if obj else []
        url = reverse(f"reviews:{name}", args=args)
        response = getattr(client, method)(url)
        allowed = expected_for(name, role, obj)
        if response.status_code not in allowed:
            wrong.append((name, obj, response.status_code, allowed))
    assert wrong == []
