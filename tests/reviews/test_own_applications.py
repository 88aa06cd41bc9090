"""Nobody reviews their own application: a reviewer who is also the applicant (王五 is an
applicant and unit staff of 南宁蓝海; an office or committee staff member may apply too) sees
it read-only with the reason, and every act on it is refused, in the services and the views."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from accounts.roles import Role
from applications.models import Application, Kind, Status
from reviews import services
from reviews.models import Acceptance, UnitOpinion
from tests.factories import staff_of
from tests.refusals import refused
from titleportal.models import Message

pytestmark = pytest.mark.django_db

OWN = "这是您本人的申报，不能由您审核"

OPINIONS = {
    "appraisal_recommendation": "本人意见：同意推荐。",
    "term_appraisal_result": "合格",
    "publicity": "无异议",
    "unit_leader": "王五",
}

# Who applies, where the application waits for them, and the act they try on it.
CASES = {
    "unit opinions": ("staff", {}, services.unit_opinion_save, OPINIONS),
    "unit forward": ("staff", {}, services.application_forward, {}),
    "unit return": ("staff", {}, services.application_return, {"reason": "自己退回"}),
    "unit reject": ("staff", {}, services.application_reject, {"reason": "自己否决"}),
    "department forward": (
        "dept_staff",
        {"unit": "unit2", "at_department": True},
        services.application_forward,
        {},
    ),
    "office approve": ("office_staff", {"at_office": True}, services.application_approve, {}),
    "office forward": (
        "office_staff",
        {"at_office": True, "kind": Kind.EVALUATION},
        services.application_forward,
        {},
    ),
    "office return": (
        "office_staff",
        {"at_office": True},
        services.application_return,
        {"reason": "自己退回", "target": Status.UNIT_REVIEW},
    ),
    "committee accept": (
        "committee_staff",
        {"at_committee": True},
        services.application_accept,
        {},
    ),
    "committee approve": (
        "committee_staff",
        {"at_committee": True, "accepted": True},
        services.application_approve,
        {},
    ),
    "committee fail": (
        "committee_staff",
        {"at_committee": True, "accepted": True},
        services.application_fail,
        {},
    ),
    "committee reject": (
        "committee_staff",
        {"at_committee": True, "accepted": True},
        services.application_reject,
        {"reason": "自己否决"},
    ),
}


def own_application(demo, make_application, person_key, options):
    options = dict(options)
    if "unit" in options:
        options["unit"] = getattr(demo, options["unit"])
    return make_application(applicant=getattr(demo, person_key), opinions=True, **options)


def state(app):
    app = Application.objects.get(pk=app.pk)
    opinion = UnitOpinion.objects.filter(application=app).values().first()
    return (
        app.status,
        app.version,
        app.unit_acted_at,
        app.actions.count(),
        opinion,
        Acceptance.objects.filter(application=app).exists(),
    )


class TestServices:
    @pytest.mark.parametrize("case", CASES, ids=list(CASES))
    def test_every_act_on_ones_own_application_is_refused(
        self, case, demo, contexts, make_application
    ):
        person_key, options, service, arguments = CASES[case]
        app = own_application(demo, make_application, person_key, options)
        before = state(app)
        messages = Message.objects.count()
        with refused("own") as error:
            service(
                actor=getattr(demo, person_key),
                role_context=contexts[person_key],
                application=app,
                version=app.version,
                **arguments,
            )
        assert error.value.code == "own"
        assert OWN in str(error.value) and "其他工作人员" in str(error.value)
        assert state(app) == before
        assert Message.objects.count() == messages

    def test_another_staff_member_of_the_unit_handles_it(self, demo, contexts, make_application):
        app = own_application(demo, make_application, "staff", {})
        colleague = staff_of(demo.unit, Role.UNIT_STAFF, full_name="韦十一")
        services.application_forward(
            actor=colleague, role_context=contexts["staff"], application=app, version=app.version
        )
        app.refresh_from_db()
        assert app.status == Status.OFFICE_REVIEW

    def test_a_reviewer_is_not_told_to_review_their_own_application(
        self, demo, contexts, make_application
    ):
        """孙八 (office staff) applied through 南宁蓝海: when the unit forwards it to his office,
        his colleagues get the 待审 message, he does not."""
        colleague = staff_of(demo.office, Role.OFFICE_STAFF, full_name="蒙十二")
        app = own_application(demo, make_application, "office_staff", {})
        services.application_forward(
            actor=demo.staff, role_context=contexts["staff"], application=app, version=app.version
        )
        forwarded = Message.objects.filter(event="review.forwarded")
        assert forwarded.filter(recipient=colleague).exists()
        assert not forwarded.filter(recipient=demo.office_staff).exists()

    def test_results_import_refuses_the_row_of_ones_own_application(
        self, demo, contexts, make_application
    ):
        own = own_application(
            demo, make_application, "committee_staff", {"at_committee": True, "accepted": True}
        )
        other = make_application(applicant=demo.applicant, at_committee=True, accepted=True)
        workbook = Workbook()
        workbook.active.append(["身份证号", "姓名", "评审结果"])
        workbook.active.append([demo.applicant.id_number, "张三", "通过"])
        workbook.active.append([demo.committee_staff.id_number, "周九", "通过"])
        upload = io.BytesIO()
        workbook.save(upload)
        upload.seek(0)
        from reviews.imports import results_import

        before = state(own), state(other)
        report = results_import(
            actor=demo.committee_staff,
            role_context=contexts["committee_staff"],
            session=own.review_session,
            upload=upload,
        )
        assert not report.ok
        errors = dict(report.errors)
        assert list(errors) == [3] and OWN in errors[3]
        # All or nothing: 张三's row is not recorded either.
        assert (state(own), state(other)) == before


def client_for(client_as, demo, keys, person_key):
    return client_as(getattr(demo, person_key), keys[person_key])


ACT_POSTS = {
    "opinions": ("staff", {}, {**OPINIONS}),
    "forward": ("staff", {}, {}),
    "return": ("staff", {}, {"target": "returned", "reason": "自己退回"}),
    "reject": ("staff", {}, {"reason": "自己否决"}),
    "approve": ("office_staff", {"at_office": True}, {"opinion": "同意"}),
    "accept": ("committee_staff", {"at_committee": True}, {}),
    "fail": ("committee_staff", {"at_committee": True, "accepted": True}, {}),
}


class TestViews:
    def test_the_queue_lists_it_read_only_with_the_reason(
        self, demo, keys, client_as, make_application
    ):
        own = own_application(demo, make_application, "staff", {})
        other = make_application(applicant=demo.applicant)
        response = client_for(client_as, demo, keys, "staff").get(reverse("reviews:queue"))
        html = response.content.decode()
        assert response.status_code == 200
        assert reverse("reviews:detail", args=[own.pk]) in html
        assert f'value="{own.pk}:{own.version}"' not in html
        assert f'value="{other.pk}:{other.version}"' in html
        assert OWN in html and html.count("own-case-note") == 1

    def test_the_detail_page_has_no_act_and_says_why(self, demo, keys, client_as, make_application):
        own = own_application(demo, make_application, "staff", {})
        response = client_for(client_as, demo, keys, "staff").get(
            reverse("reviews:detail", args=[own.pk])
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert response.context["acts"] == []
        assert OWN in html
        for act in services_acts():
            assert reverse(f"reviews:{act}", args=[own.pk]) not in html
        # The unit opinions are shown, not offered for editing.
        assert 'name="appraisal_recommendation"' not in html
        assert "考核合格，同意推荐。" in html

    @pytest.mark.parametrize("act", ACT_POSTS)
    def test_posting_an_act_on_ones_own_application_is_refused(
        self, act, demo, keys, client_as, make_application
    ):
        person_key, options, data = ACT_POSTS[act]
        own = own_application(demo, make_application, person_key, options)
        before = state(own)
        client = client_for(client_as, demo, keys, person_key)
        response = client.post(
            reverse(f"reviews:{act}", args=[own.pk]),
            {"version": own.version, "office": demo.office.pk, **data},
        )
        detail = reverse("reviews:detail", args=[own.pk])
        assert response.status_code == 302 and response["Location"] == detail
        assert state(own) == before
        page = client.get(detail).content.decode()
        assert page.count(OWN) == 2  # the refusal message and the note of the page

    def test_a_batch_skips_ones_own_application_with_the_reason(
        self, demo, keys, client_as, make_application
    ):
        own = own_application(demo, make_application, "staff", {})
        other = make_application(applicant=demo.applicant, opinions=True)
        before = state(own)
        response = client_for(client_as, demo, keys, "staff").post(
            reverse("reviews:batch"),
            {
                "action": "forward",
                "rows": [f"{own.pk}:{own.version}", f"{other.pk}:{other.version}"],
            },
            follow=True,
        )
        results = {row["pk"]: row for row in response.context["batch_results"]}
        assert not results[own.pk]["ok"] and OWN in results[own.pk]["message"]
        assert results[other.pk]["ok"]
        assert state(own) == before
        other.refresh_from_db()
        assert other.status == Status.OFFICE_REVIEW

    def test_results_import_page_names_the_refused_row(
        self, demo, keys, client_as, make_application, session
    ):
        own = own_application(
            demo, make_application, "committee_staff", {"at_committee": True, "accepted": True}
        )
        workbook = Workbook()
        workbook.active.append(["身份证号", "姓名", "评审结果"])
        workbook.active.append([demo.committee_staff.id_number, "周九", "通过"])
        upload = io.BytesIO()
        workbook.save(upload)
        upload.name = "results.xlsx"
        upload.seek(0)
        response = client_for(client_as, demo, keys, "committee_staff").post(
            reverse("reviews:session_import", args=[session.pk]), {"file": upload}
        )
        assert response.status_code == 400
        assert OWN in response.content.decode()
        own.refresh_from_db()
        assert own.status == Status.COMMITTEE_REVIEW


def services_acts():
    from reviews.views import SERVICES

    return list(SERVICES)


def test_someone_elses_application_still_offers_every_act(demo, keys, client_as, make_application):
    """The guard is about the person, not the level: 王五 still acts on 张三's application."""
    app = make_application(applicant=demo.applicant, opinions=True)
    response = client_for(client_as, demo, keys, "staff").get(
        reverse("reviews:detail", args=[app.pk])
    )
    assert response.context["acts"] == ["opinions", "forward", "return", "reject"]
    assert OWN not in response.content.decode()
