"""Demo data of the review workflow for `make run`: applications waiting at every level.

Applicants fill in their applications and submit them through the applicants' services; the
demo reviewers then move them with the review services, so the demo shows real action logs,
opinions and messages. Idempotent: an application that exists already is left as it is.
"""

from dataclasses import dataclass

from django.utils import timezone
from stdnum.cn import ric


@dataclass(frozen=True)
class DemoApplicant:
    name: str
    id_body: str  # the first 17 digits; the check digit is computed
    phone: str
    unit: int  # 1 or 2


APPLICANTS = [
    DemoApplicant("陈一", "45010219860312001", "13800000101", 1),
    DemoApplicant("林二", "45010219890521002", "13800000102", 1),
    DemoApplicant("吴三", "45010219870914003", "13800000103", 1),
    DemoApplicant("郑四", "45010219911102004", "13800000104", 1),
    DemoApplicant("冯五", "45070219930619005", "13800000105", 2),
    DemoApplicant("褚六", "45010219900207006", "13800000106", 1),
]

OPINIONS = {
    "appraisal_recommendation": "该同志思想政治素质好，业务能力强，考核合格，同意推荐。",
    "term_appraisal_result": "任现职以来年度考核均为合格，任职期满考核合格。",
    "publicity": "已在本单位公示5个工作日，无异议。",
    "panel_recommendation": "经单位审议小组审议，同意推荐。",
    "unit_leader": "陈海",
}


def _person(spec: DemoApplicant, unit):
    from accounts.models import User
    from titleportal.demo import DEMO_PASSWORD
    from units.models import Affiliation

    id_number = spec.id_body + ric.calc_check_digit(spec.id_body)
    user = User.objects.filter(id_number=id_number).first()
    if user is None:
        user = User.objects.create_user(
            id_number=id_number,
            full_name=spec.name,
            phone=spec.phone,
            phone_verified=True,
            email=f"review-demo-{spec.phone[-3:]}@example.com",
            password=DEMO_PASSWORD,
        )
    Affiliation.objects.get_or_create(person=user, defaults={"unit": unit})
    return user


def _submitted(applicant, *, kind, office, level_code, work_summary=""):
    """The applicant's application of this kind and year, filled in by the applicant (with
    ``work_summary``, if given) and submitted (同意并报送); (app, created)."""
    from applications.models import Application
    from reference.models import Qualification
    from titleportal.demo.applications import complete_draft, submit

    year = timezone.localdate().year
    qualification = Qualification.objects.filter(
        series__code="engineering", level__code=level_code
    ).first()
    existing = Application.objects.filter(
        applicant=applicant, kind=kind, year=year, series=qualification.series
    ).first()
    if existing is not None:
        return existing, False
    draft = complete_draft(applicant, kind=kind, office=office, level_code=level_code)
    if work_summary:
        _save_work_summary(draft, work_summary)
    return submit(draft), True


def _save_work_summary(application, content: str) -> None:
    from accounts.roles import Role, RoleContext
    from applications.models import Application
    from applications.services import save_work_summary

    application = Application.objects.get(pk=application.pk)
    save_work_summary(
        actor=application.applicant,
        role_context=RoleContext(Role.APPLICANT),
        application=application,
        content=content,
    )


def seed_reviews():
    from accounts.models import User
    from accounts.roles import Role, RoleContext
    from applications.models import Application, Kind
    from reviews import services
    from titleportal import demo
    from titleportal.demo.applications import submit
    from units.models import Committee, Office, ReviewSession, Unit

    unit_1 = Unit.objects.get(uscc=demo.UNIT_1["uscc"])
    unit_2 = Unit.objects.get(uscc=demo.UNIT_2["uscc"])
    office = Office.objects.get(name=demo.OFFICE_GX)
    committee = Committee.objects.get(name=demo.COMMITTEE)
    session = ReviewSession.objects.filter(
        committee=committee, year=timezone.localdate().year
    ).first()

    def staff(key):
        spec = next(p for p in demo.PEOPLE if p.key == key)
        return User.objects.get(id_number=spec.id_number)

    unit_staff = (staff("staff"), RoleContext(Role.UNIT_STAFF, unit_1))
    unit2_staff = (staff("staff2"), RoleContext(Role.UNIT_STAFF, unit_2))
    office_staff = (staff("office_staff"), RoleContext(Role.OFFICE_STAFF, office))
    committee_staff = (staff("committee_staff"), RoleContext(Role.COMMITTEE_STAFF, committee))

    def act(service, who, application, **kwargs):
        actor, context = who
        application = Application.objects.get(pk=application.pk)
        return service(
            actor=actor,
            role_context=context,
            application=application,
            version=application.version,
            **kwargs,
        )

    def opinions(who, application):
        values = dict(OPINIONS)
        if application.level.is_junior:
            values.pop("panel_recommendation")
        act(services.unit_opinion_save, who, application, **values)

    people = {spec.name: _person(spec, unit_1 if spec.unit == 1 else unit_2) for spec in APPLICANTS}
    evaluation = {"kind": Kind.EVALUATION, "level_code": "intermediate"}
    recognition = {"kind": Kind.RECOGNITION, "level_code": "assistant"}

    # 陈一: waits for the unit (王五).
    _submitted(people["陈一"], office=office, **evaluation)

    # 林二: the unit forwarded it; waits for the office (孙八).
    app, created = _submitted(people["林二"], office=office, **recognition)
    if created:
        opinions(unit_staff, app)
        act(services.application_forward, unit_staff, app, office=office)

    # 吴三: an evaluation forwarded by the unit and the office; waits for the committee (周九).
    if session is not None:
        app, created = _submitted(people["吴三"], office=office, **evaluation)
        if created:
            opinions(unit_staff, app)
            act(services.application_forward, unit_staff, app, office=office)
            act(services.application_forward, office_staff, app, opinion="材料齐全，同意上报。")
            act(services.application_accept, committee_staff, app)

    # 郑四: a recognition approved by the office.
    app, created = _submitted(people["郑四"], office=office, **recognition)
    if created:
        opinions(unit_staff, app)
        act(services.application_forward, unit_staff, app, office=office)
        act(services.application_approve, office_staff, app, opinion="符合认定条件。")

    # 冯五 (钦州海湾科技): the unit forwarded it; waits for the competent department (钱七).
    app, created = _submitted(
        people["冯五"], office=Office.objects.get(name=demo.OFFICE_QZ), **recognition
    )
    if created:
        opinions(unit2_staff, app)
        act(services.application_forward, unit2_staff, app)

    # 褚六: returned by the unit for a fuller work summary, revised and resubmitted; 王五 sees
    # what changed since the return.
    app, created = _submitted(
        people["褚六"], office=office, work_summary="<p>从事结构设计工作。</p>", **recognition
    )
    if created:
        act(
            services.application_return,
            unit_staff,
            app,
            reason="工作小结过于简略，请补充近年主要业绩。",
            sections=["work_summary"],
        )
        _save_work_summary(
            app, "<p>从事结构设计工作八年，主持完成南宁市三座人行天桥的结构设计。</p>"
        )
        submit(app)


def seed_office_downloads():
    """广西流动人员职改办 manages one form of 下载专区 itself (下载专区管理 in the portal)."""
    from reviews.models import OfficeDownload
    from titleportal import demo
    from titleportal.models import Download
    from units.models import Office

    item = Download.objects.filter(title="单位公示情况登记表").first()
    if item is not None:
        OfficeDownload.objects.get_or_create(
            download=item, defaults={"office": Office.objects.get(name=demo.OFFICE_GX)}
        )
