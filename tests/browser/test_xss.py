"""Stored XSS payloads in a real browser: no alert opens, nothing is blocked by the CSP (a
blocked script would mean escaping failed and only the policy saved the page), the text shows.

The payloads are written straight into the database, past the forms and their sanitising,
and include the rich-text editor's own page: Quill loads the stored work summary there.
"""

import pytest

from applications.models import WorkSummary
from tests.applications.conftest import fill_summary, start
from tests.security.xss import PAYLOADS
from titleportal.models import Notice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Without the NUL character: a browser reads it as U+FFFD, and PostgreSQL cannot store it.
STORED = [payload.replace("\x00", "") for payload in PAYLOADS]


def test_stored_payloads_run_nothing_in_the_editor_detail_print_and_home_pages(
    page, live_server, demo, login_as, console_errors
):
    application = start(demo.applicant, demo=demo)
    fill_summary(application)
    # Past the form and the model's save: the output alone has to keep these inert.
    WorkSummary.objects.filter(application=application).update(
        content="<p>本人从事工程技术工作十年。</p>" + "".join(STORED)
    )
    Notice.objects.create(category=Notice.Category.NOTICE, title="平台公告", is_pinned=True)
    Notice.objects.filter(title="平台公告").update(title=STORED[6], body="".join(STORED))
    demo.unit.__class__.objects.filter(pk=demo.unit.pk).update(name=STORED[0][:100])
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login_as(demo.applicant, role="applicant:")

    page.goto(f"{live_server.url}/applications/{application.pk}/sections/work_summary/")
    page.wait_for_load_state("networkidle")
    editor = page.locator("#summary-editor")
    assert editor.is_visible()
    assert "本人从事工程技术工作十年。" in editor.inner_text()
    # The editor's own HTML: Quill keeps formats only.
    assert "onerror" not in editor.inner_html() and "<script" not in editor.inner_html()

    pages = [
        f"/applications/{application.pk}/detail/",
        f"/applications/{application.pk}/print/",
        "/",
    ]
    notice = Notice.objects.get(title=STORED[6])
    pages.append(f"/notices/{notice.category}/{notice.pk}/")
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert page.locator("script:not([src]):not([nonce])").count() == 0, path
        assert page.locator("iframe, object, embed, [onerror], [onload]").count() == 0, path
    # The notice title is shown as the text typed.
    assert STORED[6] in page.locator("main").inner_text()
    assert dialogs == []
    assert console_errors == []
