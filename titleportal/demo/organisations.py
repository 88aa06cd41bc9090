"""Demo organisations, the accounts of every role and the configured review route."""

from titleportal.demo import (
    COMMITTEE,
    DEMO_PASSWORD,
    DEPARTMENT,
    DEPARTMENT_PROVINCE,
    OFFICE_GX,
    OFFICE_QZ,
    PEOPLE,
    ROUTE_PEOPLE,
    UNIT_1,
    UNIT_2,
    DemoPerson,
)
from titleportal.demo.sessions import seed_committee


def _person(spec: DemoPerson):
    from accounts.models import User

    user = User.objects.filter(id_number=spec.id_number).first()
    if user is None:
        user = User.objects.create_user(
            id_number=spec.id_number,
            full_name=spec.name,
            phone=spec.phone,
            phone_verified=True,
            email=spec.email,
            password=DEMO_PASSWORD,
            security_question=User.SecurityQuestion.BIRTHPLACE,
        )
        user.set_security_answer("南宁")
        user.save(update_fields=["security_answer"])
    return user


def seed_organisations():
    from reference.models import Region
    from units.choices import Industry, UnitType
    from units.models import Department, Office, Unit

    guangxi = Region.objects.get(code="450000")
    office_gx, _ = Office.objects.get_or_create(
        name=OFFICE_GX,
        defaults={
            "code": "GXLD",
            "region": guangxi,
            "address": "广西壮族自治区南宁市青秀区民族大道",
            "contact_name": "区人才服务办公室",
            "contact_phone": "0771-5505013",
        },
    )
    office_qz, _ = Office.objects.get_or_create(
        name=OFFICE_QZ,
        defaults={
            "code": "QZZG",
            "region": Region.objects.get(code="450700"),
            "parent": office_gx,
            "contact_phone": "0777-2826000",
        },
    )
    department, _ = Department.objects.get_or_create(
        name=DEPARTMENT,
        defaults={"region": Region.objects.get(code="450700"), "office": office_qz},
    )
    seed_committee(COMMITTEE, "engineering")
    for spec, region, industry, department_for_unit in (
        (UNIT_1, "450103", Industry.E, None),
        (UNIT_2, "450702", Industry.I, department),
    ):
        Unit.objects.get_or_create(
            uscc=spec["uscc"],
            defaults={
                "name": spec["name"],
                "region": Region.objects.get(code=region),
                "legal_representative": "陈海" if spec is UNIT_1 else "黄湾",
                "industry": industry,
                "unit_type": UnitType.PRIVATE_ENTERPRISE,
                "address": "南宁市青秀区金湖路 8 号"
                if spec is UNIT_1
                else "钦州市钦南区扬帆大道 18 号",
                "contact_name": "王五" if spec is UNIT_1 else "赵六",
                "contact_phone": "0771-5500001" if spec is UNIT_1 else "0777-2800002",
                "department": department_for_unit,
            },
        )


def seed_people():
    from accounts.models import User
    from accounts.roles import Role
    from units.models import Affiliation, Committee, Department, Membership, Office, Unit

    unit_1 = Unit.objects.get(uscc=UNIT_1["uscc"])
    unit_2 = Unit.objects.get(uscc=UNIT_2["uscc"])
    people = {spec.key: _person(spec) for spec in PEOPLE}
    for key, unit in (
        ("applicant", unit_1),
        ("applicant2", unit_1),
        ("staff", unit_1),
        ("staff2", unit_2),
    ):
        Affiliation.objects.get_or_create(person=people[key], defaults={"unit": unit})
    # The unit account of the first unit signs in with its USCC.
    if unit_1.account_id is None:
        unit_1.account = User.objects.create_user(
            username=unit_1.uscc,
            kind=User.Kind.UNIT,
            full_name=unit_1.name,
            password=DEMO_PASSWORD,
        )
        unit_1.save(update_fields=["account"])
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create_superuser(
            "admin", password=DEMO_PASSWORD, full_name="系统管理员"
        )
    # Unit staff become staff as anyone does: the unit invites them (the second unit has no
    # account in the demo, so the administrator does) and they accept the invitation.
    for key, unit in (("staff", unit_1), ("staff2", unit_2)):
        _unit_staff(people[key], unit, inviter=unit.account or admin)
    memberships = [
        (
            "dept_staff",
            Role.DEPARTMENT_STAFF,
            {"department": Department.objects.get(name=DEPARTMENT)},
        ),
        ("office_staff", Role.OFFICE_STAFF, {"office": Office.objects.get(name=OFFICE_GX)}),
        (
            "committee_staff",
            Role.COMMITTEE_STAFF,
            {"committee": Committee.objects.get(name=COMMITTEE)},
        ),
    ]
    for key, role, organisation in memberships:
        Membership.objects.get_or_create(
            person=people[key], role=role, **organisation, defaults={"is_enabled": True}
        )


def _unit_staff(person, unit, *, inviter):
    """``person`` is enabled staff of ``unit`` through an accepted invitation (idempotent)."""
    from units import services as unit_services
    from units.models import Membership, StaffInvitation

    if Membership.objects.filter(person=person, unit=unit).exists():
        return
    invitation = StaffInvitation.objects.filter(
        unit=unit, person=person, status=StaffInvitation.Status.PENDING
    ).first() or unit_services.staff_invite(actor=inviter, unit=unit, person=person)
    unit_services.staff_invitation_accept(actor=person, invitation=invitation)


def seed_routes() -> None:
    """广西流动人员职改办's review route (审核流程), configured as data: unit → competent
    department → the department above it → the city office of the unit's region → the
    office → the committee. Levels without an organisation are left out, so 南宁 units
    (no department, no city office in the demo) still go unit → office; 钦州海湾科技's
    applications pass 钦州市工信局, 自治区工信厅 and 钦州市职改办 first. Applications the demo
    submitted before keep the route they were submitted with."""
    from accounts.roles import Role
    from applications.models import (
        OfficeSource,
        OrganisationType,
        ReturnScope,
        ReviewRoute,
        RouteLevel,
    )
    from reference.models import Region
    from units.models import Department, Membership, Office

    office_gx = Office.objects.get(name=OFFICE_GX)
    office_qz = Office.objects.get(name=OFFICE_QZ)
    province, _created = Department.objects.get_or_create(
        name=DEPARTMENT_PROVINCE,
        defaults={"region": Region.objects.get(code="450000"), "office": office_gx},
    )
    Department.objects.filter(name=DEPARTMENT, parent__isnull=True).update(parent=province)
    route, created = ReviewRoute.objects.get_or_create(office=office_gx, kind="")
    if created:
        levels = [
            (OrganisationType.UNIT, "单位", {}),
            (OrganisationType.DEPARTMENT, "主管部门", {"department_depth": 1}),
            (OrganisationType.DEPARTMENT, "上级主管部门", {"department_depth": 2}),
            (
                OrganisationType.OFFICE,
                "市职改办",
                {"office_source": OfficeSource.SUBORDINATE, "return_scope": ReturnScope.PREVIOUS},
            ),
            (OrganisationType.OFFICE, "区职改办", {"may_decide": True}),
            (OrganisationType.COMMITTEE, "评委会", {"may_decide": True}),
        ]
        RouteLevel.objects.bulk_create(
            RouteLevel(route=route, position=position, organisation_type=kind, label=label, **extra)
            for position, (kind, label, extra) in enumerate(levels)
        )
    people = {spec.key: _person(spec) for spec in ROUTE_PEOPLE}
    for key, role, organisation in (
        ("dept_staff2", Role.DEPARTMENT_STAFF, {"department": province}),
        ("city_office_staff", Role.OFFICE_STAFF, {"office": office_qz}),
    ):
        Membership.objects.get_or_create(
            person=people[key], role=role, **organisation, defaults={"is_enabled": True}
        )
