"""Demo fees: the committee's review fees and the office's postage, and orders in every state
(待支付, 已支付 with an invoice requested or issued, 已关闭, 部分退款, 已退款), made through the
payments services (the sandbox gateway pays, 孙八 confirms an offline payment). Idempotent:
nothing is added once the demo has orders."""

import datetime
from decimal import Decimal

from django.utils import timezone


def seed_payments():
    from accounts.models import User
    from accounts.roles import Role, RoleContext
    from applications.models import Application, Kind
    from payments import services
    from payments.models import FeeItem, Order, OrderStatus, Purpose
    from titleportal import demo
    from titleportal.errors import DomainError
    from units.models import Committee, Office

    office = Office.objects.get(name=demo.OFFICE_GX)
    committee = Committee.objects.get(name=demo.COMMITTEE)
    agency, _ = FeeItem.objects.get_or_create(
        name="代办晋升专业技术职务费",
        committee=committee,
        defaults={"amount": Decimal("50.00"), "kinds": [Kind.EVALUATION]},
    )
    review, _ = FeeItem.objects.get_or_create(
        name="职称评审费",
        committee=committee,
        defaults={"amount": Decimal("120.00"), "kinds": [Kind.EVALUATION]},
    )
    FeeItem.objects.get_or_create(
        name="证书邮寄费（EMS）",
        office=office,
        defaults={"amount": Decimal("22.00"), "purpose": Purpose.POSTAGE},
    )
    if Order.objects.exists():
        return

    people = {spec.key: User.objects.get(id_number=spec.id_number) for spec in demo.PEOPLE}
    zhang, li, sun = people["applicant"], people["applicant2"], people["office_staff"]
    zhou = people["committee_staff"]
    office_context = RoleContext(Role.OFFICE_STAFF, office)
    committee_context = RoleContext(Role.COMMITTEE_STAFF, committee)
    year = timezone.localdate().year

    def pay(item_order, payer):
        # The sandbox gateway in development; where there is none, 孙八 confirms at the counter.
        try:
            services.sandbox_pay(actor=payer, number=item_order.number)
        except DomainError:
            services.order_confirm_offline(
                actor=sun, role_context=office_context, order_id=item_order.pk,
                receipt_number=f"GXZG-{item_order.pk:06d}",
            )  # fmt: skip

    def order(application, item):
        return Order.objects.create(
            number=services.new_number(),
            payer=application.applicant,
            application=application,
            purpose=item.purpose,
            item=item,
            item_name=item.name,
            committee_id=item.committee_id,
            office_id=application.office_id,
            amount=item.amount,
            expires_at=services._expiry(),
        )

    # 吴三's evaluation was accepted by the committee: its fees wait (the fee notice was sent).
    accepted = Application.objects.filter(acceptance__isnull=False, year=year).first()
    if accepted is not None:
        services.orders_create(application=accepted, purpose=Purpose.REVIEW)

    # 张三's evaluation of last year: the review fee paid through the sandbox, its invoice
    # issued; the agency fee still to pay (立即支付), as seed 002 shows it.
    evaluated = Application.objects.filter(applicant=zhang, kind=Kind.EVALUATION, year=year - 1)
    evaluated = evaluated.first()
    if evaluated is not None:
        paid = order(evaluated, review)
        pay(paid, zhang)
        services.invoice_request(
            actor=zhang, number=paid.number, title="张三", tax_number="", email=zhang.email
        )
        services.invoice_issue(actor=zhou, role_context=committee_context, order_id=paid.pk)
        order(evaluated, agency)

    # 李四's certificate goes by mail: the postage, paid at the office's counter and confirmed
    # by 孙八 with the receipt number; an invoice requested.
    mailed = Application.objects.filter(applicant=li, delivery__method="mail").first()
    if mailed is not None:
        (postage,) = services.orders_create(application=mailed, purpose=Purpose.POSTAGE) or [None]
        if postage is not None:
            services.order_confirm_offline(
                actor=sun, role_context=office_context, order_id=postage.pk,
                receipt_number="GXZG2026-000318",
            )  # fmt: skip
            services.invoice_request(
                actor=li, number=postage.number, title="南宁蓝海工程有限公司",
                tax_number="91450100MA5L3B2C1F", email=li.email,
            )  # fmt: skip

    # 李四's recognition of three years ago: one fee refunded in full, one in part; and an
    # order that was never paid and closed.
    earlier = Application.objects.filter(applicant=li, kind=Kind.RECOGNITION).order_by("year")
    earlier = earlier.first()
    if earlier is not None:
        refunded = order(earlier, agency)
        pay(refunded, li)
        services.order_refund(
            actor=zhou, role_context=committee_context, order_id=refunded.pk,
            reason="不予受理，全额退费",
        )  # fmt: skip
        partly = order(earlier, review)
        pay(partly, li)
        services.order_refund(
            actor=zhou, role_context=committee_context, order_id=partly.pk,
            reason="多收部分退回", amount=Decimal("20.00"),
        )  # fmt: skip
    # 张三's agency fee had an earlier order that was never paid and closed.
    if evaluated is not None:
        now = timezone.now()
        Order.objects.create(
            number=services.new_number(),
            payer=zhang,
            application=evaluated,
            purpose=Purpose.REVIEW,
            item=agency,
            item_name=agency.name,
            committee=committee,
            office=office,
            amount=agency.amount,
            status=OrderStatus.CLOSED,
            created_at=now - datetime.timedelta(days=30),
            expires_at=now - datetime.timedelta(days=23),
            closed_at=now - datetime.timedelta(days=23),
        )
