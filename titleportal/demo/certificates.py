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
    """The approved application of ``applicant`` (created with its approval logged).

    Found again by person, kind and series, not by year: seeded again in a later year, the
    demo finds what it made then instead of taking this year's drafts for it."""
    from accounts.roles import Role, RoleContext
    from applications import actionlog, workflow
    from applications.models import Application, Kind, Status
    from titleportal.demo.applications import fill_sections

    application = Application.objects.filter(
        applicant=applicant,
        kind=kind,
        series=qualification.series,
        status__in=[Status.APPROVED, Status.CERTIFIED],
    ).first()
    if application is not None:
        return application
    evaluation = kind == Kind.EVALUATION
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
        created_at=decided - datetime.timedelta(days=45),
        submitted_at=decided - datetime.timedelta(days=40),
        last_submitted_at=decided - datetime.timedelta(days=40),
        decided_at=decided,
        results_publicity_ends_on=(decided + datetime.timedelta(days=10)).date()
        if evaluation
        else None,
    )
    fill_sections(application)
    Application.objects.filter(pk=application.pk).update(status=Status.APPROVED)
    application.refresh_from_db()
    # Its route, walked to the end (decided: waiting nowhere).
    workflow.fix_route(application)
    workflow.mark_reached(application, workflow.steps_of(application), decided)
    actionlog.record(
        subject=application,
        action="application.approved",
        role_context=RoleContext(
            Role.COMMITTEE_STAFF if evaluation else Role.OFFICE_STAFF,
            committee if evaluation else office,
        ),
        from_status=Status.COMMITTEE_REVIEW if evaluation else Status.OFFICE_REVIEW,
        to_status=Status.APPROVED,
    )
    return application


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
