import pytest

from titleportal.demo import seed_notices

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("name", "width"), [("phone", 375), ("desktop", 1440)])
def test_home_page_at_phone_and_desktop_width(
    page, live_server, reference_data, screenshot, console_errors, name, width
):
    seed_notices()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.title().startswith("首页")
    assert page.get_by_role("heading", name="通知公告").is_visible()
    assert page.get_by_role("heading", name="政策文件").is_visible()
    toggler = page.locator(".navbar-toggler")
    nav_link = page.locator("#portal-nav").get_by_role("link", name="评委会", exact=True)
    if width < 992:
        # The menu folds behind the toggler on a phone and opens on a tap.
        assert toggler.is_visible()
        assert not nav_link.is_visible()
        toggler.click()
        nav_link.wait_for(state="visible")
    else:
        assert not toggler.is_visible()
        assert nav_link.is_visible()
    # Nothing overflows sideways at this width.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"home-{name}")
    assert console_errors == []


def test_keyboard_focus_is_visible(page, live_server, reference_data):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


@pytest.mark.dates
@pytest.mark.parametrize(("name", "width"), [("phone", 375), ("desktop", 1440)])
def test_applicant_home_lists_what_to_do_next(
    page, live_server, demo, login_as, screenshot, console_errors, name, width
):
    """A returned application shows the reason, the materials to replace and its deadline; a
    replacement whose void notice is in publicity, and an evaluation whose results are in
    publicity, say when the publicity ends."""
    import datetime

    from django.utils import timezone

    from applications.models import ActionLog, Kind, Status, VoidNotice
    from tests.factories import ApplicationFactory, ApprovedApplicationFactory

    today = timezone.localdate()
    returned = ApplicationFactory(
        applicant=demo.applicant, unit=demo.unit, office=demo.office, returned=True
    )
    ActionLog.objects.filter(application=returned, action="application.returned").update(
        opinion="学历证书扫描件不清晰", data={"files": "学历证书扫描件"}
    )
    replacement = ApplicationFactory(
        applicant=demo.applicant,
        unit=demo.unit,
        office=demo.office,
        kind=Kind.REPLACEMENT,
        status=Status.DRAFT,
        submitted_at=None,
        last_submitted_at=None,
    )
    ends_on = today + datetime.timedelta(days=4)
    VoidNotice.objects.create(
        application=replacement,
        holder_name="张三",
        qualification_name="助理工程师",
        approving_authority="广西职称改革办公室",
        office_name=demo.office.name,
        starts_on=today - datetime.timedelta(days=2),
        ends_on=ends_on,
    )
    results_end = today + datetime.timedelta(days=5)
    in_publicity = ApprovedApplicationFactory(
        applicant=demo.applicant,
        office=demo.office,
        kind=Kind.EVALUATION,
        committee=demo.committee,
        results_publicity_ends_on=results_end,
    )
    login_as(demo.applicant, "applicant:")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    panel = page.locator("#next-steps")
    assert panel.get_by_role("heading", name="下一步要做的事").is_visible()
    returned_card = panel.locator("article", has=page.locator(f"#home-app-{returned.pk}"))
    assert "您（已退回修改）" in returned_card.inner_text()
    assert returned_card.locator(".return-note").get_by_text("学历证书扫描件不清晰").is_visible()
    assert "需更换的材料" in returned_card.locator(".return-note-files").inner_text()
    assert returned_card.get_by_role("link", name="修改申报").is_visible()
    replacement_card = panel.locator("article", has=page.locator(f"#home-app-{replacement.pk}"))
    todo = replacement_card.locator(".home-todo")
    assert f"公示于 {ends_on.isoformat()} 结束" in todo.inner_text()
    publicity_card = panel.locator("article", has=page.locator(f"#home-app-{in_publicity.pk}"))
    assert f"评审结果公示中，公示于 {results_end.isoformat()} 结束。" in (
        publicity_card.locator(".home-todo").inner_text()
    )
    assert "证书共计被在线查验或浏览 0 次" in panel.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"home-applicant-{name}")
    assert console_errors == []


@pytest.mark.dates
def test_unit_staff_home_shows_the_queue_and_what_is_overdue(
    page, live_server, demo, login_as, screenshot, console_errors
):
    import datetime

    from django.utils import timezone

    from applications.models import Kind
    from tests.factories import ApplicationFactory
    from units.models import ReviewSession

    today = timezone.localdate()
    past = ReviewSession.objects.create(
        committee=demo.committee,
        year=today.year - 1,
        opens_on=today - datetime.timedelta(days=90),
        applicant_first_deadline=today - datetime.timedelta(days=40),
        applicant_revision_deadline=today - datetime.timedelta(days=35),
        unit_deadline=today - datetime.timedelta(days=3),
    )
    ApplicationFactory(
        applicant=demo.applicant2,
        unit=demo.unit,
        office=demo.office,
        kind=Kind.EVALUATION,
        committee=demo.committee,
        review_session=past,
        year=past.year,
        at_unit=True,
    )
    ApplicationFactory(unit=demo.unit, office=demo.office, at_unit=True)
    login_as(demo.staff, f"unit_staff:{demo.unit.pk}")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_server.url + "/")
    assert page.locator("#queue-total").inner_text().strip() == "2"
    overdue = page.locator("#queue-overdue")
    assert "已过报送截止日期" in overdue.inner_text()
    assert overdue.get_by_role("link", name="李四 · 职称评审").is_visible()
    screenshot(page, "home-unit-staff")
    assert console_errors == []
