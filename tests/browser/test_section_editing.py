"""Editing a section in a real browser: upload slots with their own limits and a progress bar,
a question before leaving unsaved changes, and the work summary's toolbar in Chinese."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests import files
from tests.applications.conftest import start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MB = 1024 * 1024


def upload(name, data, mime="image/jpeg"):
    return {"name": name, "mimeType": mime, "buffer": data}


def big_pdf(size):
    """A readable PDF padded to ``size`` bytes (a comment after the end is still a PDF)."""
    data = files.pdf_bytes()
    return data + b"\n%" + b"0" * (size - len(data))


@pytest.mark.parametrize("width", [1440, 1280, 375])
def test_each_upload_slot_shows_its_own_limit_and_a_progress_bar(
    page, live_server, demo, login_as, screenshot, console_errors, width
):
    application = start(demo.applicant, demo=demo)
    login_as(demo.applicant)
    page.set_viewport_size({"width": width, "height": 900})
    materials = reverse("applications:section", args=[application.pk, "materials"])
    page.goto(live_server.url + materials)
    page.wait_for_load_state("networkidle")

    # The ID card takes JPG images up to 1 MB and says so; no slot's text borrows another's.
    id_card = page.locator("#material-id_card .upload-limit")
    expect(id_card).to_have_text("JPG 图片，不超过 1.0 MB（其他格式或过大的照片将自动转换）")
    diploma = page.locator("#material-diploma .upload-limit")
    expect(diploma).to_contain_text("PDF 文件，不超过 1.0 MB")
    expect(diploma).not_to_contain_text("30")
    appraisal = page.locator("#material-probation_appraisal .upload-limit")
    expect(appraisal).to_contain_text("PDF 文件，不超过 30.0 MB")
    expect(page.locator(".card-body > p.small").first).not_to_contain_text("30 MB")
    if width >= 768:  # the size column (on phones the same text is under the name)
        expect(page.locator("#material-id_card .material-size")).to_have_text("JPG ≤ 1.0 MB")
        expect(page.locator("#material-probation_appraisal .material-size")).to_have_text(
            "JPG ≤ 1.0 MB；PDF ≤ 30.0 MB"
        )
    if width != 1440:
        screenshot(page, f"section-materials-limits-{width}")
        return

    # A 2 MB PDF in the 1 MB slot is refused at once, next to the field, and nothing is sent.
    sent = []
    page.on("request", lambda request: request.method == "POST" and sent.append(request.url))
    slot = page.locator("#material-diploma form.material-upload")
    slot.locator("input[type=file]").set_input_files(
        upload("毕业证.pdf", big_pdf(2 * MB), "application/pdf")
    )
    expect(slot.locator(".upload-refused")).to_have_text(
        "此处 PDF 文件不能超过 1.0 MB，所选文件过大，请选择较小的文件。"
    )
    slot.get_by_role("button", name="上传").click()
    expect(slot.locator("input[type=file]")).to_be_focused()
    assert sent == []
    screenshot(page, "section-materials-refused")

    # A 5 MB PDF in the 30 MB slot goes up with a progress bar; the page then shows the result.
    page.evaluate(
        """() => {
          const box = document.querySelector("#material-probation_appraisal .upload-progress");
          new MutationObserver(() => {
            if (!box.hidden) { sessionStorage.setItem("progress-shown", "1"); }
          }).observe(box, { attributes: true });
        }"""
    )
    slot = page.locator("#material-probation_appraisal form.material-upload")
    slot.locator("input[type=file]").set_input_files(
        upload("考核表.pdf", big_pdf(5 * MB), "application/pdf")
    )
    slot.get_by_role("button", name="上传").click()
    expect(page.locator(".alert-success")).to_contain_text("已上传")
    expect(page.locator("#material-probation_appraisal")).to_contain_text("考核表.pdf")
    assert page.evaluate("sessionStorage.getItem('progress-shown')") == "1"
    assert page.url.endswith(materials + "#material-probation_appraisal")
    assert application.attachments.filter(section="materials").count() == 1
    screenshot(page, "section-materials-uploaded")
    assert console_errors == []


def test_leaving_a_section_with_unsaved_changes_asks_first(
    page, live_server, demo, login_as, screenshot
):
    application = start(demo.applicant, demo=demo)
    login_as(demo.applicant)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(
        live_server.url + reverse("applications:section", args=[application.pk, "basic_info"])
    )
    page.wait_for_load_state("networkidle")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)

    # Unchanged: the menu just goes.
    page.locator("#section-menu").get_by_role("link", name="工作小结").click()
    expect(page.get_by_role("heading", name="工作小结").first).to_be_visible()
    assert dialogs == []
    page.go_back()
    page.wait_for_load_state("networkidle")

    # Changed: the browser asks; staying keeps what was typed.
    page.get_by_label("籍贯").click()
    page.get_by_label("籍贯").press_sequentially("广西南宁")
    page.locator("#section-menu").get_by_role("link", name="工作小结").click()
    page.wait_for_timeout(500)  # the dialog is answered (stay) as it opens
    assert dialogs == ["beforeunload"]
    expect(page.get_by_label("籍贯")).to_have_value("广西南宁")

    # Saving is not leaving: no question.
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert dialogs == ["beforeunload"]


def test_the_work_summary_toolbar_speaks_chinese(page, live_server, demo, login_as, screenshot):
    application = start(demo.applicant, demo=demo)
    login_as(demo.applicant)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(
        live_server.url + reverse("applications:section", args=[application.pk, "work_summary"])
    )
    toolbar = page.locator("#summary-toolbar.ql-toolbar")
    expect(toolbar).to_be_visible()
    labels = toolbar.locator("button").evaluate_all("buttons => buttons.map(b => b.ariaLabel)")
    assert labels == [
        "加粗",
        "斜体",
        "下划线",
        "删除线",
        "编号列表",
        "项目符号列表",
        "下标",
        "上标",
        "清除格式",
    ]
    label = toolbar.locator(".ql-picker-label")
    shown = "el => getComputedStyle(el, '::before').content"
    assert label.evaluate(shown) == '"正文"'
    label.click()
    items = toolbar.locator(".ql-picker-item").evaluate_all(f"items => items.map({shown})")
    assert items == ['"二级标题"', '"三级标题"', '"正文"']
    toolbar.locator(".ql-picker-item").first.click()
    page.locator("#summary-editor .ql-editor").click()
    page.keyboard.type("业绩概述")
    expect(page.locator("#summary-editor .ql-editor h2")).to_have_text("业绩概述")
    assert label.evaluate(shown) == '"二级标题"'
    screenshot(page, "section-summary-toolbar")
