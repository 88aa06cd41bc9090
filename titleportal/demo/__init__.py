"""Demo data for `make run`: the names every step shares (people, organisations) and the
steps in order (``STEPS``), each in the module of its topic: organisations and accounts,
sessions, notices, applications, reviews, certificates, payments, series.

Every step is idempotent (get-or-create on natural keys) and never resets a password that
already exists.
"""

from dataclasses import dataclass

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


STEPS = [
    "titleportal.demo.organisations.seed_organisations",
    "titleportal.demo.organisations.seed_people",
    "titleportal.demo.notices.seed_notices",
    "titleportal.demo.notices.seed_published_files",
    "titleportal.demo.applications.seed_applications",
    "titleportal.demo.series.seed_series_applications",
    "titleportal.demo.reviews.seed_reviews",
    "titleportal.demo.reviews.seed_office_downloads",
    "titleportal.demo.certificates.seed_certificates",
    "titleportal.demo.sessions.seed_past_session",
    "titleportal.demo.organisations.seed_routes",
    "titleportal.demo.payments.seed_payments",
    "titleportal.demo.applications.seed_profile",
]


def seed_demo():
    """All demo data or none: one transaction, in which the acts run as a batch."""
    from applications.transitions import batch

    with batch():
        for step in STEPS:
            import_string(step)()


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


# The seed steps by topic; imported here too, where tests and other demo modules find them.
from titleportal.demo.notices import CRITERIA_NOTICE, seed_notices, seed_published_files  # noqa: E402
from titleportal.demo.organisations import (  # noqa: E402
    _person,
    seed_organisations,
    seed_people,
    seed_routes,
)
from titleportal.demo.sessions import (  # noqa: E402
    seed_committee,
    seed_open_session,
    seed_past_session,
)

__all__ = [
    "COMMITTEE",
    "CRITERIA_NOTICE",
    "DEMO_PASSWORD",
    "DEPARTMENT",
    "DEPARTMENT_PROVINCE",
    "OFFICE_GX",
    "OFFICE_QZ",
    "PEOPLE",
    "ROUTE_PEOPLE",
    "SERIES_PEOPLE",
    "STEPS",
    "UNIT_1",
    "UNIT_2",
    "DemoPerson",
    "_person",
    "demo_accounts_table",
    "seed_committee",
    "seed_demo",
    "seed_notices",
    "seed_open_session",
    "seed_organisations",
    "seed_past_session",
    "seed_people",
    "seed_published_files",
    "seed_routes",
]
