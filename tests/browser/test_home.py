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
