"""Nobody reviews their own case, checked with complete forms in the matrix's world.

The matrix posts empty forms; here each reviewer who applied themselves (王五 at his unit, 孙八
at his office, 周九 at his committee; world.py's ``@me`` lines) posts the act a reviewer would
send for their own case, complete and valid. Every one is refused with the reason: a redirect,
no row written (as the matrix counts writes), and the next page says why.
"""

import pytest
from django.db import connection
from django.urls import reverse

from . import harness
from .world import build_world

OWN = "这是您本人的申报，不能由您审核"


def _cases(world):
    own, demo = world.own, world.demo

    def versioned(app, **data):
        return {"version": app.version, **data}

    opinions = {
        "appraisal_recommendation": "同意推荐",
        "term_appraisal_result": "合格",
        "publicity": "无异议",
        "unit_leader": "王五",
    }
    unit, office, committee = own.unit, own.office, own.committee
    return [
        ("wang", reverse("reviews:opinions", args=[unit.pk]), versioned(unit, **opinions)),
        (
            "wang",
            reverse("reviews:forward", args=[unit.pk]),
            versioned(unit, office=demo.office.pk),
        ),
        (
            "wang",
            reverse("reviews:return", args=[unit.pk]),
            versioned(unit, target="returned", reason="自己退回"),
        ),
        ("wang", reverse("reviews:reject", args=[unit.pk]), versioned(unit, reason="自己否决")),
        (
            "wang",
            reverse("reviews:batch"),
            {"action": "forward", "rows": f"{unit.pk}:{unit.version}"},
        ),
        ("sun", reverse("reviews:approve", args=[office.pk]), versioned(office, opinion="同意")),
        (
            "sun",
            reverse("reviews:return", args=[office.pk]),
            versioned(office, target="unit_review", reason="自己退回"),
        ),
        ("zhou", reverse("reviews:accept", args=[committee.pk]), versioned(committee)),
        ("sun", reverse("certificates:certify"), {"only": own.approved.pk}),
        ("sun", reverse("certificates:certify"), {"application": [own.approved.pk]}),
        ("sun", reverse("certificates:collected", args=[own.delivery.pk]), {}),
        (
            "sun",
            reverse("certificates:verification_detail", args=[own.historical.pk]),
            {"decision": "verify"},
        ),
    ]


@pytest.mark.django_db
def test_reviewers_acts_on_their_own_cases_are_refused(reference_data):
    world = build_world()
    roles = {role.key: role for role in world.roles}
    problems = []
    for role_key, path, data in _cases(world):
        client = world.client(roles[role_key])
        recorder = harness.WriteRecorder()
        with connection.execute_wrapper(recorder):
            response = client.post(path, data)
        where = f"{role_key} POST {path} {data}"
        if response.status_code != 302:
            problems.append(f"{where}: answered {response.status_code}, not a redirect")
            continue
        if recorder.tables:
            problems.append(f"{where}: wrote {sorted(recorder.tables)}")
        page = client.get(response["Location"]).content.decode()
        if OWN not in page:
            problems.append(f"{where}: the next page does not say why")
    assert not problems, "\n".join(problems)
