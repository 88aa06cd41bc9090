"""Demo certificates for `make run`: valid and void ones, a mailing request, verifications.

张三 holds a 助理工程师 certificate that was replaced after loss (void) and its replacement,
and a 工程师 certificate from an evaluation; 李四 holds a valid certificate and waits for a
second one (mailing chosen); 张三 has an earlier certificate waiting for verification at
钦州市职改办. Idempotent: applications are looked up by their natural key and only certified
once, so running it again changes nothing.
"""

import datetime
import io


def _approved(*, applicant, kind, year, qualification, office, unit, committee=None, decided):
    """The approved application of ``applicant``: filled in, submitted and reviewed through
    the services (the unit forwards, the office approves; an evaluation goes on to the
    committee, which accepts and approves it), then dated back to ``decided``.

    Found again by person, kind and series, not by year: seeded again in a later year, the
    demo finds what it made then instead of taking this year's drafts for it."""
    from applications.models import Application, Kind, Status

    application = Application.objects.filter(
        applicant=applicant,
        kind=kind,
        series=qualification.series,
        status__in=[Status.APPROVED, Status.CERTIFIED],
    ).first()
    if application is not None:
        return application
    # An earlier year's draft: application_start only starts this year's (its review session,
    # its deadlines), so the draft is made here and everything after it by the services.
    application = Application.objects.create(
        applicant=applicant,
        kind=kind,
        year=year,
        series=qualification.series,
        level=qualification.level,
        qualification=qualification,
        specialty=qualification.series.specialties.first(),
        unit=unit,
        office=office,
        committee=committee,
        status=Status.DRAFT,
    )
    if kind == Kind.REPLACEMENT:
        _fill_replacement(application, decided)
    else:
        from titleportal.demo.applications import fill_sections

        fill_sections(application)
    since = _latest_rows()
    _review(application, office=office, unit=unit, committee=committee)
    _date_back(application, decided, since)
    return Application.objects.get(pk=application.pk)


def _fill_replacement(application, decided) -> None:
    """补发: the lost certificate's details and the declaration; its void notice (published
    from the day they are saved) is dated back to a publicity that ended before the
    submission."""
    from applications import services
    from applications.models import VoidNotice
    from titleportal.demo.applications import (
        APPLICANT,
        _jpeg,
        _stash,
        upload_required_materials,
    )

    person = application.applicant
    services.save_application_info(
        actor=person,
        role_context=APPLICANT,
        application=application,
        data={
            "original_certificate_number": "20160145",
            "approving_authority": application.office.name,
            "granted_on": datetime.date(2016, 7, 1),
            "contact_phone": person.phone or "13800000001",
        },
        files={"photo": _stash(person, "photo.jpg", _jpeg((230, 235, 250)))},
        specialty=application.specialty,
        declaration_accepted=True,
    )
    starts = (decided - datetime.timedelta(days=70)).date()
    VoidNotice.objects.filter(application=application).update(
        starts_on=starts, ends_on=starts + datetime.timedelta(days=14)
    )
    upload_required_materials(application, "materials")


def _review(application, *, office, unit, committee) -> None:
    """同意并报送, then the demo reviewers' acts up to the approval."""
    from accounts.models import User
    from accounts.roles import Role, RoleContext
    from applications.models import Application, Kind
    from reviews import services
    from titleportal import demo
    from titleportal.demo.applications import submit
    from titleportal.demo.reviews import OPINIONS

    people = {spec.key: User.objects.get(id_number=spec.id_number) for spec in demo.PEOPLE}
    unit_staff = (people["staff"], RoleContext(Role.UNIT_STAFF, unit))
    office_staff = (people["office_staff"], RoleContext(Role.OFFICE_STAFF, office))

    def act(service, who, **kwargs):
        actor, context = who
        current = Application.objects.get(pk=application.pk)
        return service(
            actor=actor,
            role_context=context,
            application=current,
            version=current.version,
            **kwargs,
        )

    submit(application)
    act(services.unit_opinion_save, unit_staff, **OPINIONS)
    act(services.application_forward, unit_staff, office=office)
    if application.kind == Kind.EVALUATION:
        committee_staff = (people["committee_staff"], RoleContext(Role.COMMITTEE_STAFF, committee))
        act(services.application_forward, office_staff, opinion="材料齐全，同意上报。")
        act(services.application_accept, committee_staff)
        act(services.application_approve, committee_staff, opinion="经评审委员会评审，通过。")
    else:
        act(services.application_approve, office_staff, opinion="符合条件，同意。")


def _latest_rows() -> dict:
    """The last primary keys of the rows the acts write, to find what they wrote after."""
    from applications.models import ActionLog
    from titleportal.models import Message

    return {
        model: model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for model in (ActionLog, Message)
    }


def _date_back(application, decided, since: dict) -> None:
    """The acts ran today; their times are moved back to a review that took 40 days and
    ended ``decided`` (the demo has no clock to travel with): the application's dates, the
    action-log rows (spread over those days, in their order), the levels' arrival times,
    the uploads, and the messages the acts sent (read long ago)."""
    from applications.models import ActionLog, Application, ApplicationStep, Attachment, Kind
    from titleportal.models import Message

    submitted = decided - datetime.timedelta(days=40)
    rows = list(ActionLog.objects.filter(application=application, pk__gt=since[ActionLog]))
    rows.sort(key=lambda row: row.pk)
    span = decided - submitted
    times = {}
    for index, row in enumerate(rows):
        times[row.pk] = submitted + span * index / max(len(rows) - 1, 1)
        ActionLog.objects.filter(pk=row.pk).update(created_at=times[row.pk])
    unit_acted = next(
        (times[row.pk] for row in rows if row.role and row.action != "application.submitted"),
        submitted,
    )
    Application.objects.filter(pk=application.pk).update(
        created_at=submitted - datetime.timedelta(days=5),
        promise_accepted_at=submitted,
        submitted_at=submitted,
        last_submitted_at=submitted,
        unit_acted_at=unit_acted,
        decided_at=decided,
        results_publicity_ends_on=(decided + datetime.timedelta(days=10)).date()
        if application.kind == Kind.EVALUATION
        else None,
    )
    arrivals = [submitted] + [
        times[row.pk] for row in rows if row.action == "application.forwarded"
    ]
    steps = ApplicationStep.objects.filter(application=application, reached_at__isnull=False)
    for step, at in zip(steps.order_by("position"), arrivals, strict=False):
        ApplicationStep.objects.filter(pk=step.pk).update(reached_at=at)
    Attachment.objects.filter(application=application).update(
        uploaded_at=submitted - datetime.timedelta(days=1)
    )
    Message.objects.filter(pk__gt=since[Message]).update(created_at=decided, read_at=decided)


def _certified(application, *, staff, context):
    from applications.models import Status
    from certificates.services import certificate_issue

    if application.status == Status.APPROVED:
        return certificate_issue(actor=staff, role_context=context, application_id=application.pk)
    return getattr(application, "certificate", None)


def _scan_bytes() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (900, 640), (250, 246, 236))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 880, 620), outline=(160, 30, 30), width=8)
    draw.ellipse((620, 380, 820, 580), outline=(200, 30, 30), width=6)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def seed_certificates():
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import Role, RoleContext
    from applications.models import Kind
    from applications.transitions import batch
    from certificates.models import Certificate, CertificateLookup, Delivery, HistoricalCertificate
    from certificates.services import delivery_choose
    from reference.models import Qualification, Region
    from titleportal import demo
    from units.models import Committee, Office, Unit

    people = {spec.key: User.objects.get(id_number=spec.id_number) for spec in demo.PEOPLE}
    zhang, li, sun = people["applicant"], people["applicant2"], people["office_staff"]
    office = Office.objects.get(name=demo.OFFICE_GX)
    office_qz = Office.objects.get(name=demo.OFFICE_QZ)
    committee = Committee.objects.get(name=demo.COMMITTEE)
    unit = Unit.objects.get(uscc=demo.UNIT_1["uscc"])
    context = RoleContext(Role.OFFICE_STAFF, office)

    def qualification(level):
        return (
            Qualification.objects.filter(series__code="engineering", level__code=level)
            .order_by("sort", "pk")
            .first()
        )

    now = timezone.now()
    this_year = timezone.localdate().year
    assistant = qualification("assistant")
    intermediate = qualification("intermediate")

    with batch():
        lost = _certified(
            _approved(
                applicant=zhang,
                kind=Kind.RECOGNITION,
                year=this_year - 5,
                qualification=assistant,
                office=office,
                unit=unit,
                decided=now - datetime.timedelta(days=5 * 365),
            ),
            staff=sun,
            context=context,
        )
        replacement = _certified(
            _approved(
                applicant=zhang,
                kind=Kind.REPLACEMENT,
                year=this_year - 1,
                qualification=assistant,
                office=office,
                unit=unit,
                decided=now - datetime.timedelta(days=200),
            ),
            staff=sun,
            context=context,
        )
        if lost.is_valid and replacement.replaces_id is None:
            # The applications work answers original_certificate_number() from the replacement's
            # form; until it does, the demo links the pair as certificate_issue() would have.
            lost.status = Certificate.Status.VOID
            lost.voided_on = timezone.localdate(replacement.issued_at)
            lost.void_reason = Certificate.VoidReason.REPLACED
            lost.save(update_fields=["status", "voided_on", "void_reason"])
            replacement.replaces = lost
            replacement.replaces_number = lost.number
            replacement.approved_on = lost.approved_on
            replacement.save(update_fields=["replaces", "replaces_number", "approved_on"])
        evaluated = _certified(
            _approved(
                applicant=zhang,
                kind=Kind.EVALUATION,
                year=this_year - 1,
                qualification=intermediate,
                office=office,
                unit=unit,
                committee=committee,
                decided=now - datetime.timedelta(days=90),
            ),
            staff=sun,
            context=context,
        )
        if not evaluated.lookups.exists():
            for days in (40, 12, 3):
                CertificateLookup.objects.create(
                    certificate=evaluated,
                    looked_up_at=now - datetime.timedelta(days=days, hours=days),
                    via=CertificateLookup.Via.QR if days % 2 else CertificateLookup.Via.FORM,
                )
            Certificate.objects.filter(pk=evaluated.pk).update(lookup_count=3)

        _certified(
            _approved(
                applicant=li,
                kind=Kind.RECOGNITION,
                year=this_year - 3,
                qualification=assistant,
                office=office,
                unit=unit,
                decided=now - datetime.timedelta(days=3 * 365),
            ),
            staff=sun,
            context=context,
        )
        waiting = _approved(
            applicant=li,
            kind=Kind.RECONFIRMATION,
            year=this_year - 1,
            qualification=intermediate,
            office=office,
            unit=unit,
            decided=now - datetime.timedelta(days=6),
        )
    if not Delivery.objects.filter(application=waiting).exists():
        delivery_choose(
            actor=li,
            role_context=RoleContext(Role.APPLICANT, user=li),
            application_id=waiting.pk,
            method=Delivery.Method.MAIL,
            recipient=li.full_name,
            region=Region.objects.get(code="450103"),
            address="金湖路 8 号南宁蓝海工程有限公司",
            phone=li.phone,
            postcode="530022",
        )
    if not HistoricalCertificate.objects.filter(person=zhang).exists():
        record = HistoricalCertificate(
            person=zhang,
            number="2012450700123",
            qualification=qualification("junior"),
            specialty_name="电子信息工程",
            issuing_body="钦州市职称改革工作领导小组办公室",
            granting_office=office_qz,
            office=office_qz,
            approved_on=datetime.date(2012, 9, 1),
        )
        record.certificate_scan.save("demo-scan.jpg", ContentFile(_scan_bytes()), save=False)
        record.save()
