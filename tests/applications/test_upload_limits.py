"""Each upload slot of 资料上传 states its own limits: an image slot of 1 MB never says 30 MB."""

import re

import pytest
from django.urls import reverse

from .conftest import start

pytestmark = pytest.mark.django_db


def slot(html: str, key: str) -> str:
    start_at = html.index(f'id="material-{key}"')
    return html[start_at : html.index("</tr>", start_at)]


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))


def test_each_material_slot_states_its_own_size_limits(client, demo):
    application = start(demo.applicant, demo=demo)
    client.force_login(demo.applicant)
    html = client.get(reverse("applications:section", args=[application.pk, "materials"]))
    html = html.content.decode()
    id_card = text(slot(html, "id_card"))  # JPG only, 1 MB
    assert "JPG ≤ 1.0 MB" in id_card and "30" not in id_card
    assert "JPG 图片，不超过 1.0 MB" in id_card and "PDF" not in id_card
    diploma = text(slot(html, "diploma"))  # JPG or PDF, 1 MB
    assert "JPG ≤ 1.0 MB；PDF ≤ 1.0 MB" in diploma and "30" not in diploma
    # A PDF above the slot's limit is refused in the browser with this text.
    assert 'data-pdf-max="1048576"' in slot(html, "diploma")
    assert "此处 PDF 文件不能超过 1.0 MB" in slot(html, "diploma")
    appraisal = text(slot(html, "probation_appraisal"))  # images stay at 1 MB, PDFs 30 MB
    assert "JPG ≤ 1.0 MB；PDF ≤ 30.0 MB" in appraisal
    assert "PDF 文件，不超过 30.0 MB" in appraisal
    # The page's general note names no size that a slot could contradict.
    note = text(html[html.index("请上传原件扫描件") : html.index("materials-table")])
    assert "MB" not in note
    # Every slot has its progress bar, shown by the page's script while the file goes up.
    assert html.count('class="upload-progress mt-1" hidden') == 4
