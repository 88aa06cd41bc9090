"""Demo notices and published files of the portal's pages."""

import datetime

from django.utils import timezone


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
