"""Demo data for `make run`: organisations, one account per role, notices.

Every step is idempotent (get-or-create on natural keys) and never resets a password that
already exists. Later steps (applications, certificates) are appended to ``STEPS``.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.module_loading import import_string

DEMO_PASSWORD = "Portal#2026demo"  # noqa: S105 - published demo password, see README


@dataclass(frozen=True)
class DemoPerson:
    key: str
    role_label: str
    name: str
    id_number: str
    phone: str
    email: str


PEOPLE = [
    DemoPerson(
        "applicant", "申报人", "张三", "450102199001011231", "13800000001", "applicant@example.com"
    ),
    DemoPerson(
        "applicant2",
        "申报人",
        "李四",
        "450202198511203453",
        "13800000002",
        "applicant2@example.com",
    ),
    DemoPerson(
        "staff",
        "单位工作人员（南宁蓝海工程有限公司）",
        "王五",
        "450103198803152345",
        "13800000003",
        "staff@example.com",
    ),
    DemoPerson(
        "staff2",
        "单位工作人员（钦州海湾科技有限公司）",
        "赵六",
        "450102199207175565",
        "13800000004",
        "staff2@example.com",
    ),
    DemoPerson(
        "dept_staff",
        "主管部门工作人员",
        "钱七",
        "450203198702244414",
        "13800000005",
        "dept@example.com",
    ),
    DemoPerson(
        "office_staff",
        "职改办工作人员（广西流动人员职称改革办公室）",
        "孙八",
        "450105199106112281",
        "13800000006",
        "office@example.com",
    ),
    DemoPerson(
        "committee_staff",
        "评委会工作人员",
        "周九",
        "450702199505058917",
        "13800000007",
        "committee@example.com",
    ),
]

# The staff of the longer review route (seed_routes): the department above 钱七's, and the
# city office that 钦州 applications pass before 孙八's office.
ROUTE_PEOPLE = [
    DemoPerson(
        "dept_staff2",
        "上级主管部门工作人员（广西壮族自治区工业和信息化厅）",
        "吴十",
        "450103198008081234",
        "13800000008",
        "dept2@example.com",
    ),
    DemoPerson(
        "city_office_staff",
        "市职改办工作人员（钦州市职称改革工作领导小组办公室）",
        "郑十一",
        "450702198312122340",
        "13800000009",
        "cityoffice@example.com",
    ),
]

# The applicants of the teacher and health series (titleportal.demo.series), in the first unit.
SERIES_PEOPLE = [
    DemoPerson(
        "teacher",
        "申报人（中小学教师系列）",
        "陈静",
        "450103198804123028",
        "13800000010",
        "teacher@example.com",
    ),
    DemoPerson(
        "doctor",
        "申报人（卫生系列）",
        "刘洋",
        "450102198309271545",
        "13800000011",
        "doctor@example.com",
    ),
]

UNIT_1 = {"uscc": "91450100MA5L3B2C1F", "name": "南宁蓝海工程有限公司"}
UNIT_2 = {"uscc": "91450700MA5N7K8D2J", "name": "钦州海湾科技有限公司"}
OFFICE_GX = "广西流动人员职称改革办公室"
OFFICE_QZ = "钦州市职称改革工作领导小组办公室"
DEPARTMENT = "钦州市工业和信息化局"
DEPARTMENT_PROVINCE = "广西壮族自治区工业和信息化厅"
COMMITTEE = "工程系列广西区人才服务办公室中级评审会"


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


SESSION_DETAILS = {
    "scope": "广西区内各类企事业单位从事工程技术工作的专业技术人员",
    "review_method": "专家评审",
    "consultation_phone": "0771-5505013",
}


def _open_window(today: datetime.date) -> dict:
    return {
        "opens_on": today - datetime.timedelta(days=30),
        "applicant_first_deadline": today + datetime.timedelta(days=30),
        "applicant_revision_deadline": today + datetime.timedelta(days=40),
        "unit_deadline": today + datetime.timedelta(days=50),
    }


def _closed_window(today: datetime.date) -> dict:
    """Last year's round: deadlines long past, intake closed, results publicised and over."""
    from reference.workdays import add_working_days

    published = today - datetime.timedelta(days=200)
    now = timezone.now()
    return {
        "opens_on": today - datetime.timedelta(days=400),
        "applicant_first_deadline": today - datetime.timedelta(days=340),
        "applicant_revision_deadline": today - datetime.timedelta(days=330),
        "unit_deadline": today - datetime.timedelta(days=320),
        "intake_closed_at": now - datetime.timedelta(days=300),
        "results_published_at": now - datetime.timedelta(days=200),
        "results_publicity_ends_on": add_working_days(published, 5),
    }


def seed_open_session(committee) -> None:
    """This year's review session is open, whatever day the demo is seeded.

    Demo dates move with today: seeded again after this year's first-submission deadline,
    and before anyone closed its intake or published results, the window is moved to today.
    """
    from units.models import ReviewSession

    today = timezone.localdate()
    current, created = ReviewSession.objects.get_or_create(
        committee=committee,
        year=today.year,
        defaults={
            **SESSION_DETAILS,
            **_open_window(today),
            "interview": ReviewSession.Interview.PARTIAL,
        },
    )
    untouched = current.intake_closed_at is None and current.results_published_at is None
    if (
        not created
        and untouched
        and not (current.opens_on <= today <= current.applicant_first_deadline)
    ):
        ReviewSession.objects.filter(pk=current.pk).update(**_open_window(today))


def seed_past_session() -> None:
    """Last year's session of the demo committee is closed: created so, or closed now if it
    was the open session of a demo seeded last year."""
    from units.models import Committee, ReviewSession

    committee = Committee.objects.get(name=COMMITTEE)
    today = timezone.localdate()
    closed = _closed_window(today)
    previous, created = ReviewSession.objects.get_or_create(
        committee=committee, year=today.year - 1, defaults={**SESSION_DETAILS, **closed}
    )
    if created or previous.intake_closed_at is not None:
        return
    if previous.unit_deadline < today:  # its own dates are past: keep them
        closed = {
            key: closed[key]
            for key in ("intake_closed_at", "results_published_at", "results_publicity_ends_on")
        }
    ReviewSession.objects.filter(pk=previous.pk).update(**closed)


def seed_committee(name: str, series_code: str):
    """An intermediate-level committee of the Guangxi office for ``series_code``, covering
    Guangxi, with this year's session open."""
    from reference.models import Level, Region, Series
    from units.models import Committee, Office

    guangxi = Region.objects.get(code="450000")
    committee, created = Committee.objects.get_or_create(
        name=name,
        defaults={
            "region": guangxi,
            "office": Office.objects.get(name=OFFICE_GX),
            "series": Series.objects.get(code=series_code),
            "contact_name": "评审会秘书处",
            "contact_phone": "0771-5505013",
        },
    )
    if created:
        committee.levels.set([Level.objects.get(code="intermediate")])
        committee.region_scope.set([guangxi])
    seed_open_session(committee)
    return committee


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


def seed_notices():
    from titleportal.models import Notice

    now = timezone.now()
    items = [
        (
            Notice.Category.NOTICE,
            "关于开展2026年度工程系列中级职称评审工作的通知",
            True,
            "<p>各有关单位：2026年度工程系列中级职称评审工作即将开始，请申报人在申报截止时间前通过本平台完成网上申报。</p>",
        ),
        (
            Notice.Category.NOTICE,
            "职称证书遗失补办公示办理说明",
            False,
            "<p>证书遗失补办须先在本平台公示5个工作日，公示期满后方可上传材料并报送。</p>",
        ),
        (
            Notice.Category.NOTICE,
            "平台系统维护公告",
            False,
            "<p>本平台将于周六凌晨进行例行维护，期间暂停服务。</p>",
        ),
        (
            Notice.Category.POLICY,
            "关于深化职称制度改革的意见",
            False,
            "<p>中共中央办公厅、国务院办公厅印发《关于深化职称制度改革的意见》。</p>",
        ),
        (
            Notice.Category.POLICY,
            "职称评审管理暂行规定（人力资源社会保障部令第40号）",
            False,
            "<p>为规范职称评审程序，加强职称评审管理，保证职称评审质量，制定本规定。</p>",
        ),
        (
            Notice.Category.POLICY,
            "关于深化工程技术人才职称制度改革的指导意见",
            False,
            "<p>工程技术人才职称设置初级、中级、高级职称，初级职称分设员级和助理级，高级职称分设副高级和正高级。</p>",
        ),
    ]
    for index, (category, title, pinned, body) in enumerate(items):
        Notice.objects.get_or_create(
            title=title,
            defaults={
                "category": category,
                "body": body,
                "is_pinned": pinned,
                "published_at": now - datetime.timedelta(days=index * 3),
            },
        )


CRITERIA_NOTICE = "工程系列中级职称评审条件（2026年修订）"


def seed_published_files():
    """评审条件 with its attachment, a notice with a form attached, and 下载专区 items (files
    made here, see titleportal.demo.files)."""
    from titleportal.models import Download, Notice, NoticeAttachment

    from .files import form_xlsx, publish, text_pdf

    criteria, _ = Notice.objects.get_or_create(
        title=CRITERIA_NOTICE,
        defaults={
            "category": Notice.Category.CRITERIA,
            "body": "<p>本条件适用于申报工程系列中级职称（工程师）的专业技术人员。申报人须具备大学本科学历并从事本专业技术工作满5年，或硕士学位满2年，任助理工程师满4年；业绩成果须满足附件所列条目中的两项。详见附件。</p>",
            "published_at": timezone.now() - datetime.timedelta(days=10),
        },
    )
    if not criteria.attachments.exists():
        attachment = NoticeAttachment(notice=criteria)
        publish(
            attachment,
            text_pdf(
                "工程系列中级职称评审条件",
                [
                    "第一条  申报人应遵守国家法律法规，具有良好的职业道德。",
                    "第二条  学历和资历：大学本科毕业，从事本专业技术工作满5年；",
                    "        或取得硕士学位，从事本专业技术工作满2年；",
                    "        或取得助理工程师资格后从事本专业技术工作满4年。",
                    "第三条  业绩成果：满足下列条目中的两项……",
                    "第四条  继续教育：任现职以来每年完成继续教育不少于90学时。",
                ],
            ),
            "工程系列中级职称评审条件.pdf",
        )
        attachment.save()
    first = Notice.objects.filter(title="关于开展2026年度工程系列中级职称评审工作的通知").first()
    if first is not None and not first.attachments.exists():
        attachment = NoticeAttachment(notice=first)
        publish(
            attachment,
            form_xlsx(
                "申报人员花名册",
                ["序号", "姓名", "身份证号", "工作单位", "申报系列", "申报专业", "拟评资格"],
            ),
            "申报人员花名册.xlsx",
        )
        attachment.save()
    downloads = [
        (
            "专业技术资格评审表（填写模板）",
            Download.Category.TEMPLATE,
            "评审表各栏的填写示例；正式评审表在申报详情页下载，内容与系统一致。",
            lambda: text_pdf(
                "专业技术资格评审表（填写模板）",
                ["姓名：          性别：          出生年月：", "工作单位：", "现任专业技术资格："],
            ),
            "专业技术资格评审表填写模板.pdf",
        ),
        (
            "申报人诚信承诺书",
            Download.Category.FORM,
            "申报人签字后扫描，在“申报材料”中上传。",
            lambda: text_pdf(
                "申报人诚信承诺书",
                [
                    "本人承诺所提交的专业技术资格申报材料真实有效。",
                    "",
                    "承诺人（签字）：            年  月  日",
                ],
            ),
            "申报人诚信承诺书.pdf",
        ),
        (
            "基层单位考核推荐意见表",
            Download.Category.FORM,
            "单位填写并加盖公章。",
            lambda: form_xlsx(
                "基层单位考核推荐意见表", ["姓名", "考核年度", "考核结果", "推荐意见", "单位负责人"]
            ),
            "基层单位考核推荐意见表.xlsx",
        ),
        (
            "单位公示情况登记表",
            Download.Category.FORM,
            "单位公示申报人员名单后填写公示起止时间和结果。",
            lambda: form_xlsx("单位公示情况登记表", ["姓名", "公示开始", "公示结束", "公示结果"]),
            "单位公示情况登记表.xlsx",
        ),
        (
            "一线医务人员职称申报推荐函（模板）",
            Download.Category.TEMPLATE,
            "卫生系列抗疫一线医务人员申报时填写，单位签字盖章后在“卫生技术信息”中上传。",
            lambda: text_pdf(
                "一线医务人员职称申报推荐函",
                [
                    "兹推荐我单位        同志（身份证号：                  ）申报        职称。",
                    "该同志于    年  月至    年  月在        参加疫情防控一线工作，",
                    "人员类别：                ，申请适用的倾斜政策：                。",
                    "",
                    "单位（盖章）：            负责人（签字）：            年  月  日",
                ],
            ),
            "一线医务人员职称申报推荐函模板.pdf",
        ),
    ]
    for sort, (title, category, description, make, name) in enumerate(downloads):
        if Download.objects.filter(title=title).exists():
            continue
        item = Download(title=title, category=category, description=description, sort=sort)
        publish(item, make(), name)
        item.save()


# Steps in order, by dotted path (each app's demo module is imported only when it runs).
STEPS = [
    "titleportal.demo.seed_organisations",
    "titleportal.demo.seed_people",
    "titleportal.demo.seed_notices",
    "titleportal.demo.seed_published_files",
    "titleportal.demo.applications.seed_applications",
    "titleportal.demo.series.seed_series_applications",
    "titleportal.demo.reviews.seed_reviews",
    "titleportal.demo.reviews.seed_office_downloads",
    "titleportal.demo.certificates.seed_certificates",
    "titleportal.demo.seed_past_session",
    "titleportal.demo.seed_routes",
    "titleportal.demo.payments.seed_payments",
    "titleportal.demo.applications.seed_profile",
]


def seed_demo():
    """All demo data or none: one transaction, in which the acts run as a batch."""
    from applications.transitions import batch

    with batch():
        for step in STEPS:
            import_string(step)()


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


def demo_accounts_table() -> str:
    lines = ["角色 | 姓名 | 身份证号 | 手机号 | 邮箱"]
    lines += [
        f"{p.role_label} | {p.name} | {p.id_number} | {p.phone} | {p.email}"
        for p in [*PEOPLE, *SERIES_PEOPLE, *ROUTE_PEOPLE]
    ]
    lines.append(f"单位账号（{UNIT_1['name']}） | 统一社会信用代码 {UNIT_1['uscc']}")
    lines.append("系统管理员 | admin（/admin/）")
    lines.append(f"所有账号的密码：{DEMO_PASSWORD}")
    return "\n".join(lines)
