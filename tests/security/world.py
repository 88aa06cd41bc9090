"""The world the authorization matrix runs in: the demo data of `make run` plus a few objects
so that every URL taking an id can be asked for a real object.

Each object belongs to someone among the roles (a person or an organisation), so for most
roles the object is someone else's. ``objects`` maps a table line (the URL name, or
``name@variant`` for a second object of the same URL) to the URL name and its kwargs.
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.test import Client
from django.utils import timezone

from accounts.middleware import SESSION_KEY
from accounts.roles import Role, RoleContext

APPLICANT = RoleContext(Role.APPLICANT)


@dataclass(frozen=True)
class MatrixRole:
    """One column of the matrix: who signs in and which role they act in."""

    key: str
    label: str
    person: str | None  # attribute of the demo namespace, None for anonymous
    acting_as: str | None = None  # "unit_staff:<pk>" and the like, None for the default role


ROLE_KEYS = ["anon", "zhang", "li", "unit", "wang", "zhao", "qian", "sun", "zhou", "admin"]


@dataclass
class World:
    demo: SimpleNamespace
    roles: list[MatrixRole]
    objects: dict[str, tuple[str, dict]] = field(default_factory=dict)

    def client(self, role: MatrixRole) -> Client:
        """A client signed in as the role (once; the matrix restores its cookies per request)."""
        client = Client(raise_request_exception=False)
        if role.person is not None:
            client.force_login(getattr(self.demo, role.person))
            if role.acting_as:
                session = client.session
                session[SESSION_KEY] = role.acting_as
                session.save()
        return client


def _roles(demo) -> list[MatrixRole]:
    return [
        MatrixRole("anon", "anonymous", None),
        MatrixRole("zhang", "applicant 张三", "applicant", "applicant:"),
        MatrixRole("li", "applicant 李四", "applicant2", "applicant:"),
        MatrixRole("unit", "unit account 南宁蓝海", "unit_account"),
        MatrixRole("wang", "unit staff 王五 (南宁蓝海)", "staff", f"unit_staff:{demo.unit.pk}"),
        MatrixRole("zhao", "unit staff 赵六 (钦州海湾)", "staff2", f"unit_staff:{demo.unit2.pk}"),
        MatrixRole(
            "qian",
            "department staff 钱七",
            "dept_staff",
            f"department_staff:{demo.department.pk}",
        ),
        MatrixRole("sun", "office staff 孙八", "office_staff", f"office_staff:{demo.office.pk}"),
        MatrixRole(
            "zhou",
            "committee staff 周九",
            "committee_staff",
            f"committee_staff:{demo.committee.pk}",
        ),
        MatrixRole("admin", "Django admin", "admin", "admin:"),
    ]


def _jpeg() -> bytes:
    from titleportal.demo.applications import _jpeg

    return _jpeg()


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (200, 200), (200, 30, 30, 128)).save(buffer, "PNG")
    return buffer.getvalue()


def _stash(person, name="scan.jpg"):
    from titleportal.demo.applications import _stash

    return _stash(person, name, _jpeg())


def build_world() -> World:
    """Seeds the demo (idempotent) and adds the objects the URLs need. Needs the database."""
    from captcha.models import CaptchaStore
    from django.core.files.base import ContentFile

    from accounts.models import User
    from applications import services as app_services
    from applications.models import Application, Kind, Status
    from applications.sections import ApplicationSections
    from certificates.models import Certificate, Delivery, HistoricalCertificate
    from reference.models import Qualification
    from reviews import services as review_services
    from titleportal import demo as demo_data
    from titleportal.models import Message, Notice
    from units.models import (
        AchievementTemplate,
        Committee,
        Department,
        Membership,
        Office,
        RequiredMaterial,
        ReviewSession,
        Unit,
    )

    demo_data.seed_demo()
    people = {spec.key: User.objects.get(id_number=spec.id_number) for spec in demo_data.PEOPLE}
    unit_1 = Unit.objects.get(uscc=demo_data.UNIT_1["uscc"])
    demo = SimpleNamespace(
        **people,
        unit=unit_1,
        unit2=Unit.objects.get(uscc=demo_data.UNIT_2["uscc"]),
        unit_account=unit_1.account,
        admin=User.objects.get(username="admin"),
        office=Office.objects.get(name=demo_data.OFFICE_GX),
        office_qz=Office.objects.get(name=demo_data.OFFICE_QZ),
        department=Department.objects.get(name=demo_data.DEPARTMENT),
        committee=Committee.objects.get(name=demo_data.COMMITTEE),
    )
    zhang, li = demo.applicant, demo.applicant2
    year = timezone.localdate().year

    def application(person, kind, status=None, year=year):
        query = Application.objects.filter(applicant=person, kind=kind, year=year)
        if status:
            query = query.filter(status=status)
        return query.get()

    def of(name, kind=None):
        query = Application.objects.filter(applicant__full_name=name, year=year)
        return (query.filter(kind=kind) if kind else query).get()

    # 张三's recognition draft with an uploaded material and a photo; his evaluation that the
    # unit returned (editable, with rows).
    draft = application(zhang, Kind.RECOGNITION, Status.DRAFT)
    returned = application(zhang, Kind.EVALUATION, Status.RETURNED)
    sections = ApplicationSections(draft)
    row_key = "education"
    row = returned.education_rows.first()
    material = sections.materials("materials")[0]
    attachment = app_services.upload_material(
        actor=zhang,
        role_context=APPLICANT,
        application=draft,
        section="materials",
        material=material,
        stashed=_stash(zhang),
    )
    stashed = _stash(zhang, "pending.jpg")
    submitted_li = application(li, Kind.EVALUATION, Status.UNIT_REVIEW)
    at_unit = of("陈一")  # waits for 王五 (南宁蓝海)
    at_office = of("林二")  # waits for 孙八
    at_committee = of("吴三")  # waits for 周九
    at_department = of("冯五")  # 钦州海湾's applicant, waits for 钱七

    # 单位公示 of 南宁蓝海, posted by 王五.
    publicity = review_services.unit_publicity_start(
        actor=demo.staff, role_context=RoleContext(Role.UNIT_STAFF, demo.unit), year=year
    )
    # Last year's session of the committee, its results published (评审公示).
    session = ReviewSession.objects.get(committee=demo.committee, year=year)
    published, _ = ReviewSession.objects.get_or_create(
        committee=demo.committee,
        year=year - 1,
        defaults={
            "opens_on": datetime.date(year - 1, 3, 1),
            "applicant_first_deadline": datetime.date(year - 1, 4, 1),
            "applicant_revision_deadline": datetime.date(year - 1, 4, 10),
            "unit_deadline": datetime.date(year - 1, 4, 20),
            "intake_closed_at": timezone.now() - datetime.timedelta(days=200),
            "results_published_at": timezone.now() - datetime.timedelta(days=100),
            "results_publicity_ends_on": timezone.localdate() - datetime.timedelta(days=90),
        },
    )

    certificate = Certificate.objects.filter(holder=zhang, status=Certificate.Status.VALID).first()
    delivery = Delivery.objects.get(application__applicant=li)
    # 李四 sends in an earlier certificate for verification at 孙八's office; the demo one of
    # 张三 waits at 钦州市职改办.
    historical_qz = HistoricalCertificate.objects.get(person=zhang)
    historical = HistoricalCertificate(
        person=li,
        number="2014450100777",
        qualification=Qualification.objects.filter(
            series__code="engineering", level__code="assistant"
        ).first(),
        specialty_name="结构工程",
        issuing_body=demo_data.OFFICE_GX,
        granting_office=demo.office,
        office=demo.office,
        approved_on=datetime.date(2014, 9, 1),
    )
    historical.certificate_scan.save("li-scan.jpg", ContentFile(_jpeg()), save=False)
    historical.save()

    # 南宁蓝海's licence scan and seal (unit files without an id in the URL: the own unit's).
    unit_1.licence_file.save("licence.jpg", ContentFile(_jpeg()), save=False)
    unit_1.seal_image.save("seal.png", ContentFile(_png()), save=False)
    unit_1.save(update_fields=["licence_file", "seal_image"])

    own = _own_cases(demo, session)

    staff_membership = Membership.objects.get(person=demo.staff, role=Role.UNIT_STAFF)
    staff2_membership = Membership.objects.get(person=demo.staff2, role=Role.UNIT_STAFF)
    dept_membership = Membership.objects.get(person=demo.dept_staff, role=Role.DEPARTMENT_STAFF)
    # 南宁蓝海 invites 李四 to its staff; 钦州海湾 (through the administrator) invites 张三.
    from units.services import staff_invite

    invitation = staff_invite(actor=demo.unit_account, unit=unit_1, person=li)
    invitation_qz = staff_invite(actor=demo.admin, unit=demo.unit2, person=zhang)
    notice = Notice.objects.filter(category=Notice.Category.NOTICE).first()
    message = Message.objects.filter(recipient=zhang).first()
    captcha_key = CaptchaStore.generate_key()
    required = RequiredMaterial.objects.filter(review_session=session).first()
    template = AchievementTemplate.objects.filter(review_session=session).first()

    draft_pk = {"pk": draft.pk}
    objects: dict[str, tuple[str, dict]] = {}

    def add(name, **kwargs):
        key = name
        url_name = name.split("@")[0]
        objects[key] = (url_name, kwargs)

    # titleportal
    add("notices", category=notice.category)
    add("notice_detail", category=notice.category, pk=notice.pk)
    # The demo's 评审条件 with its PDF, and a form of 下载专区 (public while published).
    from titleportal.models import Download, NoticeAttachment

    notice_file = NoticeAttachment.objects.filter(notice__category=Notice.Category.CRITERIA).first()
    add(
        "notice_attachment",
        category=notice_file.notice.category,
        pk=notice_file.notice_id,
        attachment=notice_file.pk,
    )
    add("download_file", pk=Download.objects.filter(is_published=True).first().pk)
    # A download 孙八's office manages in the portal (下载专区管理).
    from reviews.models import OfficeDownload

    office_file = Download.objects.create(
        title="职称评审表（职改办）",
        category=Download.Category.FORM,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="office-form.pdf"),
        original_name="职称评审表.pdf",
        content_kind="pdf",
        size=15,
    )
    OfficeDownload.objects.create(download=office_file, office=demo.office, uploaded_by=None)
    for name in ("office_download_edit", "office_download_delete"):
        add(f"reviews:{name}", pk=office_file.pk)
    add("guide", role="unit")
    add("message_open", pk=message.pk)
    add("stashed_upload", token=stashed.token)
    for name in ("captcha-image", "captcha-image-2x", "captcha-audio"):
        add(name, key=captcha_key)
    add("account_confirm_email", key="not-a-real-key")
    # Sign-in through the identity platform: none is configured here, so every answer is 404.
    for name in ("oidc_login", "oidc_callback", "openid_connect_login", "openid_connect_callback"):
        add(name, provider_id="gov")
    # units
    add("units:committee", pk=demo.committee.pk)
    # 张三's suggestion to 孙八's office
    from reviews.models import Feedback

    feedback = Feedback.objects.create(
        sender=zhang, office=demo.office, title="建议", body="增加夜间模式"
    )
    add("reviews:feedback_detail", pk=feedback.pk)
    add("reviews:office_feedback_detail", pk=feedback.pk)
    # 南宁蓝海's message to the applicant of the application at its level
    from reviews.services import organisation_message_send

    outgoing = organisation_message_send(
        actor=demo.staff,
        role_context=RoleContext(Role.UNIT_STAFF, demo.unit),
        application_ids=[at_unit.pk],
        kind="general",
        title="补交材料",
        body="请于周五前补交。",
    )
    add("reviews:outbox_detail", pk=outgoing.pk)
    add("reviews:report", report="summary")
    # 张三's talent record of this year, filed for 南宁蓝海 (王五 reviews it)
    from reference.models import Level, Series
    from talent.models import TalentRecord

    talent_record = TalentRecord.objects.create(
        person=zhang,
        unit=demo.unit,
        year=year,
        series=Series.objects.order_by("pk").first(),
        level=Level.objects.order_by("rank").first(),
        title_name="助理工程师",
        obtained_on=datetime.date(year - 3, 6, 1),
        specialty="土木工程",
        education="21",
    )
    add("talent:unit_detail", pk=talent_record.pk)
    # 王五's finished export of 南宁蓝海's queue, written by the task worker
    from django.core.files.base import ContentFile

    from reviews.models import ExportLog

    export = ExportLog(
        actor=demo.staff,
        actor_name=demo.staff.full_name,
        role=Role.UNIT_STAFF,
        role_key=RoleContext(Role.UNIT_STAFF, demo.unit).key,
        organisation_name=demo.unit.name,
        row_count=1,
    )
    export.file.save("applications.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    add("reviews:export_job", pk=export.pk)
    add("reviews:export_download", pk=export.pk)
    add("units:staff_toggle", pk=staff_membership.pk)
    add("units:staff_remove", pk=staff_membership.pk)
    add("units:staff_toggle@qz", pk=staff2_membership.pk)
    add("units:department_staff_toggle", pk=dept_membership.pk)
    add("units:department_staff_remove", pk=dept_membership.pk)
    add("units:invitation", pk=invitation.pk)
    # 张三 joined 南宁蓝海 with its key (单位用户 of the unit account).
    from units.models import Affiliation

    add("units:person_remove", pk=Affiliation.objects.get(person=zhang).pk)
    # 王五's remembered device (个人设置 → 已记住的设备).
    from accounts.models import KnownDevice

    device = KnownDevice.objects.create(
        user=demo.staff,
        token_hash="0" * 64,
        browser="Mozilla/ (Windows NT ) Chrome/",
        label="Chrome · Windows",
        networks=["127.0.0.0/24"],
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )
    add("accounts:device_forget", pk=device.pk)
    add("units:staff_invitation_withdraw", pk=invitation.pk)
    add("units:staff_invitation_withdraw@qz", pk=invitation_qz.pk)
    # applications: 张三's draft unless the URL needs another state
    add("applications:list", kind=Kind.RECOGNITION)
    add("applications:start", kind=Kind.RECOGNITION)
    for name in ("open", "submit", "discard", "route"):
        add(f"applications:{name}", **draft_pk)
    add("applications:section", **draft_pk, section="basic_info")
    returned_pk = {"pk": returned.pk}
    add("applications:row_new", **returned_pk, section=row_key)
    for name in ("row_edit", "row_delete", "row_move"):
        add(f"applications:{name}", **returned_pk, section=row_key, row=row.pk)
    add("applications:row_order", **returned_pk, section=row_key)
    # registries: 学历同步 and choosing records, in 张三's returned evaluation
    add("registries:sync", **returned_pk, registry="education")
    add("registries:use", **returned_pk, registry="education")
    add("applications:material_upload", **draft_pk, section="materials", material=material.key)
    add("applications:attachment", **draft_pk, attachment=attachment.pk)
    add("applications:attachment_delete", **draft_pk, attachment=attachment.pk)
    add("applications:file", **draft_pk, section="basic_info", field="photo")
    # 个人资料: the signed-in person's own profile (张三's demo profile has rows).
    add("applications:profile_section", section="basic_info")
    add("applications:profile_section@rows", section="education")
    add("applications:profile_row_new", section="education")
    profile_row = app_services.profile_of(zhang).education_rows.first()
    for name in ("profile_row_edit", "profile_row_delete"):
        add(f"applications:{name}", section="education", row=profile_row.pk)
    add("applications:save_to_profile", **returned_pk, section="education")
    # 李四's evaluation waiting for the unit: the applicant's and every reviewer's read views.
    for name in ("withdraw", "detail", "progress", "print", "pdf"):
        add(f"applications:{name}", pk=submitted_li.pk)
    add("reviews:my_evaluation_form", pk=submitted_li.pk)
    add("applications:detail@qz", pk=at_department.pk)
    add("applications:detail@committee", pk=at_committee.pk)
    # reviews
    for name in ("detail", "opinions", "forward", "return", "reject", "evaluation_form"):
        add(f"reviews:{name}", pk=at_unit.pk)
    add("reviews:detail@qz", pk=at_department.pk)
    add("reviews:detail@committee", pk=at_committee.pk)
    add("reviews:approve", pk=at_office.pk)
    add("reviews:fail", pk=at_committee.pk)
    add("reviews:accept", pk=at_committee.pk)
    add("reviews:unit_publicity", pk=publicity.pk)
    for name in (
        "session_detail",
        "session_edit",
        "session_close",
        "session_template",
        "session_import",
        "session_publish",
        "session_requirements",
        "material_new",
        "achievement_template_new",
    ):
        add(f"reviews:{name}", pk=session.pk)
    add("reviews:material_edit", pk=required.pk)
    add("reviews:material_delete", pk=required.pk)
    add("reviews:achievement_template_edit", pk=template.pk)
    add("reviews:achievement_template_delete", pk=template.pk)
    add("reviews:publicity_detail", pk=published.pk)
    # @me: a reviewer's own case (王五's application at his unit, 孙八's at his office and his
    # certificates, 周九's at his committee): shown read-only, every act refused.
    add("reviews:detail@me", pk=own.unit.pk)
    for name in ("opinions", "forward", "return", "reject"):
        add(f"reviews:{name}@me", pk=own.unit.pk)
    add("reviews:detail@me_office", pk=own.office.pk)
    add("reviews:approve@me", pk=own.office.pk)
    add("reviews:return@me_office", pk=own.office.pk)
    add("reviews:detail@me_committee", pk=own.committee.pk)
    add("reviews:accept@me", pk=own.committee.pk)
    add("certificates:collected@me", pk=own.delivery.pk)
    add("certificates:verification_detail@me", pk=own.historical.pk)
    # certificates
    add("certificates:download", pk=certificate.pk)
    add("certificates:lookups", pk=certificate.pk)
    add("certificates:office_pdf", pk=certificate.pk)
    add("certificates:delivery", application_pk=delivery.application_id)
    add("certificates:ship", pk=delivery.pk)
    add("certificates:collected", pk=delivery.pk)
    add("certificates:historical_edit", pk=historical.pk)
    add("certificates:historical_file", pk=historical.pk, which="scan")
    add("certificates:verification_detail", pk=historical.pk)
    add("certificates:verification_file", pk=historical.pk, which="scan")
    add("certificates:verification_detail@qz", pk=historical_qz.pk)
    add("certificates:verify_code", code=certificate.verification_code)
    # The integration API answers every session 401: it takes OAuth2 tokens only (tests/api).
    add("api_v1:certificate_by_code", verification_code=certificate.verification_code)
    add("api_v1:application_status", application_id=certificate.application_id)

    # payments: 张三's order awaiting payment (his paid one for the invoice), at 孙八's office
    from payments.models import Order

    zhang_order = Order.objects.filter(payer=zhang, status="pending").first()
    zhang_paid = Order.objects.filter(payer=zhang, status="paid").first()
    for name in ("pay", "return", "sandbox_pay", "invoice"):
        add(f"payments:{name}", number=zhang_order.number)
    add("payments:invoice_download", number=zhang_paid.number)
    add("payments:notify", gateway="sandbox")
    for name in ("staff_order", "staff_confirm", "staff_refund", "staff_reopen", "staff_invoice"):
        add(f"payments:{name}", pk=zhang_order.pk)
    # 费用事项: the committee's review fee, and the postage of 孙八's office
    from payments.models import FeeItem

    add("payments:staff_fee_item", pk=FeeItem.objects.filter(committee__isnull=False).first().pk)
    add("payments:staff_fee_item@office", pk=FeeItem.objects.get(office=demo.office).pk)

    world = World(demo=demo, roles=_roles(demo), objects=objects)
    world.uploads = SimpleNamespace(
        attachment=attachment, stashed=stashed, historical=historical, unit=demo.unit
    )
    world.own = own
    return world


def _own_cases(demo, session) -> SimpleNamespace:
    """Reviewers who applied themselves, each case waiting at their own level.

    王五's recognition waits at his unit (南宁蓝海), 孙八's at his office and 周九's evaluation
    at his committee. 孙八's reconfirmation was approved and certified by a colleague of his
    office and waits to be collected; his transfer confirmation waits for its certificate; an
    earlier certificate of his waits for verification at his office.
    """
    from django.core.files.base import ContentFile

    from accounts.roles import Role, RoleContext
    from applications.models import Application, Kind
    from certificates import services as certificate_services
    from certificates.models import Delivery, HistoricalCertificate
    from reference.models import Qualification
    from reviews import services as review_services
    from reviews.models import UnitOpinion
    from tests.factories import ApplicationFactory
    from titleportal.demo.reviews import OPINIONS, DemoApplicant, _person
    from units.models import Membership

    unit_staff = (demo.staff, RoleContext(Role.UNIT_STAFF, demo.unit))
    office = RoleContext(Role.OFFICE_STAFF, demo.office)
    colleague = _person(DemoApplicant("蒙十二", "45010219800101012", "13800000112", 1), demo.unit)
    Membership.objects.get_or_create(
        person=colleague, role=Role.OFFICE_STAFF, office=demo.office, defaults={"is_enabled": True}
    )

    def submitted(person, kind, *, session=None, **route):
        route.setdefault("level_code", "assistant")
        return ApplicationFactory(
            applicant=person,
            kind=kind,
            unit=demo.unit,
            office=demo.office,
            review_session=session,
            **route,
        )

    def moved(app, *steps):
        for service, (actor, context), arguments in steps:
            app = Application.objects.get(pk=app.pk)
            service(
                actor=actor, role_context=context, application=app, version=app.version, **arguments
            )
        return Application.objects.get(pk=app.pk)

    opinions = (review_services.unit_opinion_save, unit_staff, OPINIONS)
    to_office = (review_services.application_forward, unit_staff, {"office": demo.office})
    approved = (review_services.application_approve, (colleague, office), {})

    own_unit = submitted(demo.staff, Kind.RECOGNITION)
    # 王五 may not write opinions on his own application: they are stored directly, so that a
    # forward he tries is refused for being his own, not for missing opinions.
    UnitOpinion.objects.get_or_create(
        application=own_unit,
        defaults={k: v for k, v in OPINIONS.items() if k != "panel_recommendation"},
    )
    own_office = moved(submitted(demo.office_staff, Kind.RECOGNITION), opinions, to_office)
    own_committee = moved(
        submitted(
            demo.committee_staff,
            Kind.EVALUATION,
            level_code="intermediate",
            committee=demo.committee,
            session=session,
        ),
        opinions,
        to_office,
        (review_services.application_forward, (colleague, office), {}),
    )
    own_certified = moved(
        submitted(demo.office_staff, Kind.RECONFIRMATION), opinions, to_office, approved
    )
    delivery = certificate_services.delivery_choose(
        actor=demo.office_staff,
        role_context=RoleContext(Role.APPLICANT, user=demo.office_staff),
        application_id=own_certified.pk,
        method=Delivery.Method.PICKUP,
    )
    certificate_services.certificate_issue(
        actor=colleague, role_context=office, application_id=own_certified.pk
    )
    own_approved = moved(submitted(demo.office_staff, Kind.TRANSFER), opinions, to_office, approved)
    historical = HistoricalCertificate(
        person=demo.office_staff,
        number="2012450100555",
        qualification=Qualification.objects.filter(
            series__code="engineering", level__code="assistant"
        ).first(),
        specialty_name="给排水工程",
        issuing_body=demo.office.name,
        granting_office=demo.office,
        office=demo.office,
        approved_on=datetime.date(2012, 9, 1),
    )
    historical.certificate_scan.save("sun-scan.jpg", ContentFile(_jpeg()), save=False)
    historical.save()
    return SimpleNamespace(
        unit=own_unit,
        office=own_office,
        committee=own_committee,
        approved=own_approved,
        delivery=delivery,
        historical=historical,
        colleague=colleague,
    )
